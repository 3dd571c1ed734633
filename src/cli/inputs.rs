//! Which deal files a run reads, and which playbook it uses.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::output::{Output, Status};
use super::Cli;
use crate::deal::{self, DealContext, DealFormat, LoadedDeal};
use crate::diagnostic::{render::write_text, Code, Diagnostic};
use crate::span::{Source, Sources, Span};
use crate::{ir, Compiled};

/// The playbook of the run: `--playbook`/`PLAYBOOK`, or the built-in one.
/// Prints the diagnostics of an invalid playbook and returns `Err`.
pub fn playbook(cli: &Cli, output: &mut Output) -> std::io::Result<Result<ir::Playbook, Status>> {
    Ok(playbook_and_sources(cli, output)?.map(|(playbook, _)| playbook))
}

/// The playbook of the run and its source text (for showing its parts).
pub fn playbook_and_sources(
    cli: &Cli,
    output: &mut Output,
) -> std::io::Result<Result<(ir::Playbook, Sources), Status>> {
    let compiled: Compiled = match &cli.playbook {
        Some(path) => crate::compile_path(path),
        None => crate::compile_builtin(cli.lang.into()),
    };
    let Compiled {
        playbook,
        diagnostics,
        sources,
        ..
    } = compiled;
    match playbook {
        Some(playbook) => Ok(Ok((playbook, sources))),
        None => {
            let errors: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            write_text(&mut output.stderr, &sources, &errors)?;
            output.error(&format!(
                "the playbook has {} error{}; fix it (see `playbook validate`) before checking deals",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ))?;
            Ok(Err(Status::Usage))
        }
    }
}

/// One input named on the command line, expanded.
pub enum Input {
    /// A deal file and its format.
    File(PathBuf, DealFormat),
    /// Standard input.
    Stdin,
    /// Something that cannot be read as deals.
    Bad(Diagnostic),
}

/// Expands the command line's deal arguments: folders are searched
/// recursively for deal files, in sorted order.
pub fn expand(paths: &[PathBuf], sources: &mut Sources) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, sources, &mut inputs);
            found.sort();
            inputs.extend(found.into_iter().filter_map(|p| {
                let format = DealFormat::from_path(&p)?;
                Some(Input::File(p, format))
            }));
        } else {
            match DealFormat::from_path(path) {
                Some(format) => inputs.push(Input::File(path.clone(), format)),
                None if !path.exists() => inputs.push(Input::Bad(located(
                    sources,
                    path,
                    format!("cannot read `{}`: no such file or folder", path.display()),
                    None,
                ))),
                None => inputs.push(Input::Bad(located(
                    sources,
                    path,
                    format!("`{}` is not a deal file", path.display()),
                    Some("deal files end in .yaml, .yml, .json, .ndjson or .jsonl"),
                ))),
            }
        }
    }
    inputs
}

fn located(sources: &mut Sources, path: &Path, message: String, help: Option<&str>) -> Diagnostic {
    let file = sources.add(Source::new(
        path.display().to_string(),
        Some(path.to_path_buf()),
        "",
    ));
    let diagnostic = Diagnostic::new(Code::DealUnreadable, message).at(file, Span::new(0, 0), "");
    match help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, sources: &mut Sources, inputs: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let message = format!(
                "cannot read folder `{}`: {}",
                dir.display(),
                deal::io_message(&error)
            );
            inputs.push(Input::Bad(located(sources, dir, message, None)));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, found, sources, inputs);
        } else if DealFormat::from_path(&path).is_some() {
            found.push(path);
        }
    }
}

/// Reads the deals of one input.
pub fn load(
    input: &Input,
    stdin_format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    match input {
        Input::File(path, format) => deal::load_path(path, *format, context, sources),
        Input::Bad(diagnostic) => vec![Err(diagnostic.clone())],
        Input::Stdin => {
            let mut bytes = Vec::new();
            let read = std::io::stdin()
                .take(deal::MAX_DEAL_FILE_BYTES + 1)
                .read_to_end(&mut bytes);
            let text = match read {
                Ok(_) if bytes.len() as u64 > deal::MAX_DEAL_FILE_BYTES => Err(format!(
                    "standard input is larger than the limit of {} bytes",
                    deal::MAX_DEAL_FILE_BYTES
                )),
                Ok(_) => String::from_utf8(bytes)
                    .map_err(|_| "standard input is not UTF-8 text".to_string()),
                Err(error) => Err(format!("cannot read standard input: {error}")),
            };
            match text {
                Ok(text) => {
                    let file = sources.add(Source::new("<stdin>", None, text));
                    match sources.get(file) {
                        Some(source) => deal::load_text(source, file, stdin_format, context),
                        None => Vec::new(),
                    }
                }
                Err(message) => {
                    let file = sources.add(Source::new("<stdin>", None, ""));
                    vec![Err(Diagnostic::new(Code::DealUnreadable, message).at(
                        file,
                        Span::new(0, 0),
                        "",
                    ))]
                }
            }
        }
    }
}
