//! `--map`: the CSV files of the command line matched to the mapping's
//! sections, related files read and indexed, deals files given to the
//! batch as streams; after the run, the orphan rows and the notes.

use std::path::PathBuf;
use std::sync::Arc;

use super::output::{Output, Status};
use crate::batch::{self, Input};
use crate::crm::{self, Export, MappingError};
use crate::deal::{DealContext, DealFormat};
use crate::diagnostic::render::write_text;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{Source, Sources, Span};

/// The inputs of a run with `--map`, and the export they share.
pub(super) struct Mapped {
    /// Every input, in command-line order.
    pub(super) inputs: Vec<Input>,
    /// The export: mapping, related rows, what the run learns.
    pub(super) export: Arc<Export>,
    /// Usage when a file could not be used.
    pub(super) status: Status,
}

/// Writes a mapping's problem on stderr.
pub(super) fn mapping_problem(output: &mut Output, problem: &MappingError) -> std::io::Result<()> {
    let mut sources = Sources::new();
    let file = sources.add(Source::new(
        problem.name.clone(),
        None,
        problem.text.as_str(),
    ));
    let mut diagnostic = Diagnostic::new(Code::DealUnreadable, problem.message.clone()).at(
        file,
        Span::new(problem.span.start, problem.span.end),
        "",
    );
    diagnostic.help = problem.help.clone();
    write_text(&mut output.stderr, &sources, &[diagnostic])
}

fn file_problem(
    output: &mut Output,
    name: &str,
    problem: &crm::FileProblem,
) -> std::io::Result<()> {
    let mut sources = Sources::new();
    let file = sources.add(Source::new(name, None, ""));
    let mut diagnostic =
        Diagnostic::new(problem.code, problem.message.clone()).at(file, Span::new(0, 0), "");
    diagnostic.help = problem.help.clone();
    write_text(&mut output.stderr, &sources, &[diagnostic])
}

/// Reads the mapping and sorts the command line's files: CSV files by
/// their header, the others as deal files. `Err` when the mapping cannot
/// be used.
pub(super) fn inputs(
    map: &str,
    paths: &[PathBuf],
    stdin_csv: bool,
    stdin_format: DealFormat,
    context: &DealContext,
    output: &mut Output,
) -> std::io::Result<Result<Mapped, Status>> {
    let mapping = match crm::mapping::load(map, context) {
        Ok(mapping) => mapping,
        Err(problem) => {
            mapping_problem(output, &problem)?;
            return Ok(Err(Status::Usage));
        }
    };
    let mut export = Export::new(mapping, context);
    let mut status = Status::Ok;
    enum Slot {
        Deals(PathBuf, u64),
        Other(PathBuf),
    }
    let mut slots = Vec::new();
    for path in paths {
        if stdin_csv && path.as_os_str() == "-" {
            // Standard input is read once: it is the deals file.
            slots.push(Slot::Deals(path.clone(), 0));
            continue;
        }
        if !crm::is_csv(path) || path.is_dir() {
            slots.push(Slot::Other(path.clone()));
            continue;
        }
        let name = path.display().to_string();
        let opened = std::fs::File::open(path)
            .map_err(|error| crm::FileProblem::unreadable(&name, &error))
            .and_then(|file| crm::open(&name, Some(path), Box::new(file), &export.mapping));
        match opened {
            Err(problem) => {
                file_problem(output, &name, &problem)?;
                status = Status::Usage;
            }
            Ok(opened) if opened.is_deals() => {
                let size = std::fs::metadata(path).map_or(0, |m| m.len());
                slots.push(Slot::Deals(path.clone(), size));
            }
            Ok(opened) => {
                if let Err(problem) = export.add_related(opened) {
                    file_problem(output, &name, &problem)?;
                    status = Status::Usage;
                }
            }
        }
    }
    let export = Arc::new(export);
    let mut inputs = Vec::new();
    for slot in slots {
        match slot {
            Slot::Deals(path, size) => inputs.push(Input::Csv(batch::CsvDeals {
                path,
                export: export.clone(),
                size,
            })),
            Slot::Other(path) => inputs.extend(batch::expand(&[path], stdin_format)),
        }
    }
    Ok(Ok(Mapped {
        inputs,
        export,
        status,
    }))
}

/// After the run: each related row that joined no deal (a warning), then
/// the notes (footers, closed deals), unless `quiet`.
pub(super) fn report(export: &Export, output: &mut Output, quiet: bool) -> std::io::Result<()> {
    let mut sources = Sources::new();
    let orphans = export.orphans(&mut sources);
    write_text(&mut output.stderr, &sources, &orphans)?;
    if !quiet {
        for note in export.notes() {
            use std::io::Write;
            writeln!(output.stderr, "note: {note}")?;
        }
    }
    Ok(())
}
