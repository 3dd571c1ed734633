//! `playbook validate [PLAYBOOK...]`: parse and check, print every problem.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::render::{write_text, JsonDiagnostic};
use crate::diagnostic::{github, sarif, Diagnostic, Severity};
use crate::words::{Message, Validation};
use crate::{Compiled, Lang};

/// Arguments of `validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Playbook files (default: `--playbook`, else the built-in playbook).
    #[arg(value_name = "PLAYBOOK")]
    pub playbooks: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,

    /// Fail (exit status 1) on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `validate --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ValidateFormat {
    /// Diagnostics with the source line underlined.
    Text,
    /// One JSON document with every diagnostic.
    Json,
    /// GitHub Actions annotations: one workflow command per diagnostic.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

#[derive(Serialize)]
struct JsonFile {
    file: String,
    playbook: Option<String>,
    rules: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonValidation {
    files: Vec<JsonFile>,
    diagnostics: Vec<JsonDiagnostic>,
}

/// Runs `validate`.
pub fn run(cli: &Cli, args: &ValidateArgs, output: &mut Output) -> std::io::Result<Status> {
    let compiled: Vec<Compiled> = if !args.playbooks.is_empty() {
        args.playbooks
            .iter()
            .map(|p| crate::compile_path(p))
            .collect()
    } else if let Some(path) = &cli.playbook {
        vec![crate::compile_path(path)]
    } else {
        vec![crate::compile_builtin(cli.lang.into())]
    };
    let mut report = JsonValidation {
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut failed = false;
    for result in &compiled {
        let count = |severity| {
            result
                .diagnostics
                .iter()
                .filter(|d: &&Diagnostic| d.severity == severity)
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let denied = args.deny_warnings && warnings > 0;
        failed |= errors > 0 || denied;
        let name = result
            .sources
            .get(result.root)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let rules = result.playbook.as_ref().map_or(0, |p| p.rules.len());
        match args.format {
            ValidateFormat::Text => {
                write_text(&mut output.stdout, &result.sources, &result.diagnostics)?;
                if !cli.quiet {
                    let summary = if errors > 0 {
                        Validation::Failed { errors, warnings }
                    } else if denied {
                        Validation::Denied { warnings }
                    } else {
                        Validation::Ok { rules, warnings }
                    };
                    let summary = Message::ValidateSummary(summary).render(Lang::En);
                    writeln!(output.stdout, "{name}: {summary}")?;
                }
            }
            ValidateFormat::Json => {
                report.files.push(JsonFile {
                    file: name,
                    playbook: result.playbook.as_ref().map(|p| p.name.clone()),
                    rules,
                    errors,
                    warnings,
                });
                report.diagnostics.extend(
                    result
                        .diagnostics
                        .iter()
                        .map(|d| JsonDiagnostic::new(&result.sources, d)),
                );
            }
            ValidateFormat::Github => {
                for diagnostic in &result.diagnostics {
                    writeln!(
                        output.stdout,
                        "{}",
                        github::annotation(&result.sources, diagnostic)
                    )?;
                }
            }
            ValidateFormat::Sarif => {}
        }
    }
    match args.format {
        ValidateFormat::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(output.stdout, "{json}")?;
        }
        ValidateFormat::Sarif => {
            let log =
                sarif::log(compiled.iter().flat_map(|result| {
                    result.diagnostics.iter().map(move |d| (&result.sources, d))
                }));
            let json = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
            writeln!(output.stdout, "{json}")?;
        }
        ValidateFormat::Text | ValidateFormat::Github => {}
    }
    output.stdout.flush()?;
    Ok(if failed { Status::Findings } else { Status::Ok })
}
