//! `playbook validate [PLAYBOOK...]`: parse and check, print every problem.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::render::{write_text, JsonDiagnostic};
use crate::diagnostic::{Diagnostic, Severity};
use crate::Compiled;

/// Arguments of `validate`.
#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Playbook files (default: `--playbook`, else the built-in playbook).
    #[arg(value_name = "PLAYBOOK")]
    pub playbooks: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
}

/// `validate --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ValidateFormat {
    /// Diagnostics with the source line underlined.
    Text,
    /// One JSON document with every diagnostic.
    Json,
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
    let mut any_error = false;
    for result in &compiled {
        let count = |severity| {
            result
                .diagnostics
                .iter()
                .filter(|d: &&Diagnostic| d.severity == severity)
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        any_error |= errors > 0;
        let name = result
            .sources
            .get(result.root)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        match args.format {
            ValidateFormat::Text => {
                write_text(&mut output.stdout, &result.sources, &result.diagnostics)?;
                if !cli.quiet {
                    let rules = result.playbook.as_ref().map_or(0, |p| p.rules.len());
                    if errors == 0 {
                        writeln!(
                            output.stdout,
                            "{name}: ok, {rules} rule{}, {warnings} warning{}",
                            if rules == 1 { "" } else { "s" },
                            if warnings == 1 { "" } else { "s" }
                        )?;
                    } else {
                        writeln!(
                            output.stdout,
                            "{name}: {errors} error{}, {warnings} warning{}",
                            if errors == 1 { "" } else { "s" },
                            if warnings == 1 { "" } else { "s" }
                        )?;
                    }
                }
            }
            ValidateFormat::Json => {
                report.files.push(JsonFile {
                    file: name,
                    playbook: result.playbook.as_ref().map(|p| p.name.clone()),
                    rules: result.playbook.as_ref().map_or(0, |p| p.rules.len()),
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
        }
    }
    if args.format == ValidateFormat::Json {
        let json = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
        writeln!(output.stdout, "{json}")?;
    }
    output.stdout.flush()?;
    Ok(if any_error {
        Status::Findings
    } else {
        Status::Ok
    })
}
