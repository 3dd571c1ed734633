//! `playbook import --map NAME|PATH EXPORT...`: a CRM export as deals
//! (NDJSON or YAML), to inspect or keep; `--print-map NAME` prints a
//! preset's mapping file.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::playbook_choice;
use super::Cli;
use crate::batch::Input;
use crate::crm::{self, Converted};
use crate::diagnostic::render::write_text;
use crate::span::Sources;

/// Arguments of `import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The export's CSV files: the deals file and related files (tasks, contact roles).
    #[arg(value_name = "CSV", required_unless_present = "print_map")]
    pub files: Vec<PathBuf>,

    /// The mapping: a preset (`salesforce`, `hubspot`) or a mapping file.
    #[arg(long, value_name = "NAME|PATH", required_unless_present = "print_map")]
    pub map: Option<String>,

    /// Print a preset's mapping file (a start for your own) and exit.
    #[arg(long, value_name = "NAME", conflicts_with = "map")]
    pub print_map: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Ndjson)]
    pub format: ImportFormat,
}

/// `import --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ImportFormat {
    /// One deal object per line.
    Ndjson,
    /// A YAML stream, one deal per document.
    Yaml,
}

/// Runs `import`.
pub(crate) fn run(cli: &Cli, args: &ImportArgs, output: &mut Output) -> std::io::Result<Status> {
    if let Some(name) = &args.print_map {
        return match crm::preset(name) {
            Some(text) => {
                output.stdout.write_all(text.as_bytes())?;
                Ok(Status::Ok)
            }
            None => {
                output.error(&format!(
                    "`--print-map {name}`: {}",
                    crate::words::crm::CrmWords::Presets.render(crate::Lang::En)
                ))?;
                Ok(Status::Usage)
            }
        };
    }
    let Some(map) = &args.map else {
        return Ok(Status::Usage);
    };
    let playbook = match playbook_choice::playbook(cli, output)? {
        Ok(playbook) => playbook,
        Err(status) => return Ok(status),
    };
    let context = playbook.deal_context();
    let mapped = match super::crm_inputs::inputs(
        map,
        &args.files,
        true,
        crate::deal::DealFormat::Yaml,
        &context,
        output,
    )? {
        Ok(mapped) => mapped,
        Err(status) => return Ok(status),
    };
    let mut status = mapped.status;
    let mut stdout = std::io::BufWriter::new(&mut output.stdout);
    let mut errors = Vec::new();
    for input in &mapped.inputs {
        let Input::Csv(csv) = input else {
            errors.push(format!("`{}` is not a CSV export", describe(input)));
            continue;
        };
        let mut stream = match crm::open_deals(&csv.path, &csv.export) {
            Ok(stream) => stream,
            Err(problem) => {
                errors.push(problem.message);
                continue;
            }
        };
        while let Some(block) = stream.next_block() {
            let block = match block {
                Ok(block) => block,
                Err(problem) => {
                    errors.push(problem.message);
                    break;
                }
            };
            let mut sources = Sources::new();
            for converted in block.convert(&context, &mut sources) {
                match converted {
                    Converted::Deal(_, deal) => {
                        let deal = serde_json::Value::Object(deal);
                        match args.format {
                            ImportFormat::Ndjson => writeln!(stdout, "{deal}")?,
                            ImportFormat::Yaml => {
                                write!(stdout, "---\n{}", crate::yaml::to_yaml(&deal))?
                            }
                        }
                    }
                    Converted::Closed => {}
                    Converted::Failed(diagnostic) => {
                        stdout.flush()?;
                        status = Status::Usage;
                        write_text(&mut output.stderr, &sources, &[diagnostic])?;
                    }
                }
            }
        }
    }
    stdout.flush()?;
    drop(stdout);
    for error in errors {
        status = Status::Usage;
        output.error(&error)?;
    }
    super::crm_inputs::report(&mapped.export, output, cli.quiet)?;
    Ok(status)
}

fn describe(input: &Input) -> String {
    match input {
        Input::File(path, _, _) => path.display().to_string(),
        Input::Csv(csv) => csv.path.display().to_string(),
        Input::Stdin(_) => "-".to_string(),
        Input::Bad { name, .. } => name.clone(),
    }
}
