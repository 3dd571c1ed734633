//! `playbook explain DEAL [--rule ID]`: why each rule fired or not.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::playbook_choice;
use super::Cli;
use crate::batch;
use crate::deal::DealFormat;
use crate::diagnostic::render::write_text;
use crate::explain::explain;
use crate::render;
use crate::span::Sources;

/// Arguments of `explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A deal file (each of its deals is explained), or `-` for standard input (YAML or JSON).
    #[arg(value_name = "DEAL")]
    pub deal: PathBuf,

    /// Explain only this rule.
    #[arg(long, value_name = "ID")]
    pub rule: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,

    /// Read a CSV export through this mapping: a preset (`salesforce`, `hubspot`) or a mapping file.
    #[arg(long, value_name = "NAME|PATH")]
    pub map: Option<String>,

    /// Related CSV files of the export (tasks, contact roles), joined to its deals by `--map`.
    #[arg(long, value_name = "CSV", requires = "map")]
    pub related: Vec<PathBuf>,
}

/// `explain --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    /// For trainers: each rule, each part of its condition, and a hint.
    Text,
    /// One JSON document with the same content.
    Json,
}

/// Runs `explain`.
pub(crate) fn run(cli: &Cli, args: &ExplainArgs, output: &mut Output) -> std::io::Result<Status> {
    let (playbook, playbook_sources) = match playbook_choice::playbook_and_sources(cli, output)? {
        Ok(found) => found,
        Err(status) => return Ok(status),
    };
    if let Some(rule) = &args.rule {
        if let Err(not_found) = playbook.find_rule(rule) {
            output.error(&format!("`--rule {rule}`: {not_found}"))?;
            return Ok(Status::Usage);
        }
    }
    let today = super::today(cli);
    let context = playbook.deal_context();
    let mut sources = Sources::new();
    let (inputs, export) = match &args.map {
        None => (
            batch::expand(std::slice::from_ref(&args.deal), DealFormat::Yaml),
            None,
        ),
        Some(map) => {
            let mut paths = vec![args.deal.clone()];
            paths.extend(args.related.iter().cloned());
            match super::crm_inputs::inputs(map, &paths, false, DealFormat::Yaml, &context, output)?
            {
                Ok(mapped) if mapped.status == Status::Ok => (mapped.inputs, Some(mapped.export)),
                Ok(_) => return Ok(Status::Usage),
                Err(status) => return Ok(status),
            }
        }
    };
    // Each deal is written as soon as it is explained, so a large file
    // never holds more than one explanation in memory.
    let format = match args.format {
        ExplainFormat::Text => render::Format::Text,
        ExplainFormat::Json => render::Format::Json,
    };
    let mut document = render::DocumentStream::new(format);
    let mut any_error = false;
    let labels = render::Labels::new(crate::Lang::En);
    write!(
        output.stdout,
        "{}",
        document.head(&playbook, today, &labels)
    )?;
    for input in &inputs {
        for loaded in batch::read_all(input, &context, &mut sources) {
            let loaded = match loaded {
                Ok(loaded) => loaded,
                Err(diagnostic) => {
                    any_error = true;
                    write_text(&mut output.stderr, &sources, &[diagnostic])?;
                    continue;
                }
            };
            let explanation = explain(
                &playbook,
                &playbook_sources,
                &loaded.deal,
                today,
                args.rule.as_deref(),
            );
            write!(output.stdout, "{}", document.separator())?;
            match args.format {
                ExplainFormat::Text => render::explain_text(&mut output.stdout, &explanation)?,
                ExplainFormat::Json => {
                    write!(
                        output.stdout,
                        "{}",
                        render::json_item(&render::explain_json(&explanation, crate::Lang::En))
                    )?;
                }
            }
        }
    }
    write!(output.stdout, "{}", document.tail(None::<&()>))?;
    output.stdout.flush()?;
    if let Some(export) = &export {
        super::crm_inputs::report(export, output, cli.quiet)?;
    }
    Ok(if any_error { Status::Usage } else { Status::Ok })
}
