//! `playbook validate [PLAYBOOK...]`: parse and check, print every problem.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::github;
use crate::diagnostic::render::write_text;
use crate::validation::{self, FileValidation};
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

/// Runs `validate`.
pub(crate) fn run(cli: &Cli, args: &ValidateArgs, output: &mut Output) -> std::io::Result<Status> {
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
    let mut failed = false;
    for result in &compiled {
        let validation = FileValidation::of(result);
        failed |= validation.failed(args.deny_warnings);
        match args.format {
            ValidateFormat::Text => {
                write_text(&mut output.stdout, &result.sources, &result.diagnostics)?;
                if !cli.quiet {
                    writeln!(
                        output.stdout,
                        "{}",
                        validation.summary(args.deny_warnings, crate::Lang::En)
                    )?;
                }
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
            ValidateFormat::Json | ValidateFormat::Sarif => {}
        }
    }
    let document = match args.format {
        ValidateFormat::Json => Some(validation::json(&compiled)),
        ValidateFormat::Sarif => Some(validation::sarif(&compiled)),
        ValidateFormat::Text | ValidateFormat::Github => None,
    };
    if let Some(document) = document {
        let json = document.map_err(std::io::Error::other)?;
        writeln!(output.stdout, "{json}")?;
    }
    output.stdout.flush()?;
    Ok(if failed { Status::Findings } else { Status::Ok })
}
