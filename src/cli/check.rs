//! `playbook check DEAL...`: evaluate deals, print their next actions.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::inputs;
use super::output::{Output, Status};
use super::Cli;
use crate::ast::Priority;
use crate::deal::DealFormat;
use crate::diagnostic::{render::write_text, suggest, Code, Diagnostic};
use crate::recommendation::{DealResult, Origin};
use crate::render::{self, Labels, Run};
use crate::span::{Sources, Span};

/// Arguments of `check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Deal files, folders (searched for deal files), or `-` for standard input.
    #[arg(required = true, value_name = "DEAL")]
    pub deals: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Exit with status 1 when any action has this priority or a more urgent one.
    #[arg(long, value_enum, value_name = "PRIORITY")]
    pub fail_on: Option<PriorityArg>,

    /// Only deals in this stage (repeatable).
    #[arg(long, value_name = "STAGE")]
    pub stage: Vec<String>,

    /// Only actions of this priority or a more urgent one.
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,

    /// Only actions with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// The format of standard input (`-`).
    #[arg(long, value_enum, default_value_t = InputFormat::Yaml)]
    pub input_format: InputFormat,
}

/// `check --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// For people: each deal, its stage and numbered actions.
    Text,
    /// One JSON document: deals, actions and a summary.
    Json,
    /// One JSON line per deal, written as each is ready.
    Ndjson,
    /// A Markdown section per deal with a table of actions.
    Markdown,
    /// The JSON document as YAML.
    Yaml,
}

/// A priority on the command line.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum PriorityArg {
    /// critical
    Critical,
    /// high
    High,
    /// medium
    Medium,
    /// low
    Low,
}

impl From<PriorityArg> for Priority {
    fn from(p: PriorityArg) -> Priority {
        match p {
            PriorityArg::Critical => Priority::Critical,
            PriorityArg::High => Priority::High,
            PriorityArg::Medium => Priority::Medium,
            PriorityArg::Low => Priority::Low,
        }
    }
}

/// `--input-format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    /// YAML (JSON is valid YAML too).
    Yaml,
    /// A JSON object or array.
    Json,
    /// One JSON object per line.
    Ndjson,
}

impl From<InputFormat> for DealFormat {
    fn from(f: InputFormat) -> DealFormat {
        match f {
            InputFormat::Yaml => DealFormat::Yaml,
            InputFormat::Json => DealFormat::Json,
            InputFormat::Ndjson => DealFormat::Ndjson,
        }
    }
}

/// Runs `check`.
pub fn run(cli: &Cli, args: &CheckArgs, output: &mut Output) -> std::io::Result<Status> {
    let playbook = match inputs::playbook(cli, output)? {
        Ok(playbook) => playbook,
        Err(status) => return Ok(status),
    };
    for stage in &args.stage {
        if playbook.stage_rank(stage).is_none() {
            let names: Vec<&str> = playbook.stages.iter().map(|s| s.name.as_str()).collect();
            let hint = match suggest(stage, names.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the stages are: {}", names.join(", ")),
            };
            output.error(&format!(
                "`--stage {stage}`: not a stage of this playbook; {hint}"
            ))?;
            return Ok(Status::Usage);
        }
    }
    let today = super::today(cli);
    let labels = Labels::new(cli.lang.into());
    let context = playbook.deal_context();
    let mut sources = Sources::new();
    let inputs = inputs::expand(&args.deals, &mut sources);
    let mut results: Vec<DealResult> = Vec::new();
    let mut seen_ids: HashMap<String, (String, usize)> = HashMap::new();
    let mut any_error = false;
    let stdin_format = args.input_format.into();
    for input in &inputs {
        let loaded = inputs::load(input, stdin_format, &context, &mut sources);
        for deal in loaded {
            let result = match deal {
                Err(diagnostic) => DealResult::failed(diagnostic),
                Ok(loaded) => {
                    let file_name = sources
                        .get(loaded.file)
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    if let Some((first_file, first_line)) = seen_ids.get(&loaded.deal.id) {
                        let offset = sources
                            .get(loaded.file)
                            .map_or(0, |s| s.offset(loaded.line, 1));
                        DealResult::failed(
                            Diagnostic::new(
                                Code::DuplicateDeal,
                                format!("deal id `{}` is used twice in this run", loaded.deal.id),
                            )
                            .at(loaded.file, Span::new(offset, offset), "this deal")
                            .help(format!(
                                "the first deal with this id is at {first_file}:{first_line}"
                            )),
                        )
                    } else {
                        seen_ids.insert(loaded.deal.id.clone(), (file_name, loaded.line));
                        if !args.stage.is_empty() && !args.stage.contains(&loaded.deal.stage) {
                            continue;
                        }
                        let mut result = crate::evaluate(&playbook, &loaded.deal, today);
                        if matches!(
                            args.format,
                            CheckFormat::Json | CheckFormat::Ndjson | CheckFormat::Yaml
                        ) {
                            crate::explain::add_evidence(
                                &playbook,
                                &loaded.deal,
                                today,
                                &mut result,
                            );
                        }
                        result.origin = Some(Origin {
                            file: loaded.file,
                            line: loaded.line,
                        });
                        filter(&mut result, args);
                        result
                    }
                }
            };
            any_error |= result.is_error();
            // Deal errors always reach stderr; warnings too when stdout is
            // for machines (text output shows them with the deal).
            let mut shown = result.errors.clone();
            if args.format != CheckFormat::Text {
                shown.extend(result.warnings.iter().cloned());
            }
            if !shown.is_empty() {
                write_text(&mut output.stderr, &sources, &shown)?;
            }
            if args.format == CheckFormat::Ndjson {
                let line = serde_json::to_string(&render::deal_json(&sources, &result))
                    .map_err(std::io::Error::other)?;
                writeln!(output.stdout, "{line}")?;
            }
            results.push(result);
        }
    }

    let run = Run {
        playbook: &playbook,
        today,
        sources: &sources,
        results: &results,
    };
    match args.format {
        CheckFormat::Text => {
            for (i, result) in results.iter().enumerate().filter(|(_, r)| !r.is_error()) {
                if i > 0 {
                    writeln!(output.stdout)?;
                }
                render::text_deal(&mut output.stdout, &run, result, &labels)?;
            }
            if results.len() > 1 && !cli.quiet {
                writeln!(output.stdout)?;
                render::text_summary(&mut output.stdout, &render::Summary::of(&results), &labels)?;
            }
        }
        CheckFormat::Json => {
            let json = serde_json::to_string_pretty(&render::report_json(&run))
                .map_err(std::io::Error::other)?;
            writeln!(output.stdout, "{json}")?;
        }
        CheckFormat::Yaml => {
            let yaml =
                serde_yaml::to_string(&render::report_json(&run)).map_err(std::io::Error::other)?;
            write!(output.stdout, "{yaml}")?;
        }
        CheckFormat::Markdown => write!(output.stdout, "{}", render::markdown(&run, &labels))?,
        CheckFormat::Ndjson => {}
    }
    output.stdout.flush()?;

    if any_error {
        return Ok(Status::Usage);
    }
    if let Some(threshold) = args.fail_on {
        let threshold: Priority = threshold.into();
        if results
            .iter()
            .flat_map(|r| &r.actions)
            .any(|a| a.priority <= threshold)
        {
            return Ok(Status::Findings);
        }
    }
    Ok(Status::Ok)
}

fn filter(result: &mut DealResult, args: &CheckArgs) {
    if let Some(priority) = args.priority {
        let threshold: Priority = priority.into();
        result.actions.retain(|a| a.priority <= threshold);
    }
    if !args.tag.is_empty() {
        result
            .actions
            .retain(|a| a.tags.iter().any(|t| args.tag.contains(t)));
    }
}
