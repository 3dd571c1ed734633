//! What a run reads: files, folders searched for deal files, standard input.

use std::path::{Path, PathBuf};

use crate::deal::{self, DealFormat};
use crate::diagnostic::Code;

/// One input, expanded from the command line.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    /// A deal file, its format and its size in bytes.
    File(PathBuf, DealFormat, u64),
    /// Standard input in this format.
    Stdin(DealFormat),
    /// A CRM export's deals file, read through its mapping.
    Csv(CsvDeals),
    /// Something that cannot be read as deals.
    Bad {
        /// The name given.
        name: String,
        /// Which problem.
        code: Code,
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: Option<String>,
    },
}

impl Input {
    /// Its size in bytes, when known in advance.
    pub(crate) fn size(&self) -> u64 {
        match self {
            Input::File(_, _, size) => *size,
            Input::Csv(csv) => csv.size,
            _ => 0,
        }
    }
}

/// The deals file of a CRM export, its mapping and what the run shares
/// about the export (related rows, closed deals).
#[derive(Debug, Clone)]
pub(crate) struct CsvDeals {
    pub(crate) path: PathBuf,
    pub(crate) export: std::sync::Arc<crate::crm::Export>,
    pub(crate) size: u64,
}

/// Expands deal arguments: `-` is standard input in `stdin_format`; folders
/// are searched recursively for deal files, in sorted order.
pub(crate) fn expand(paths: &[PathBuf], stdin_format: DealFormat) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_format));
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, &mut inputs);
            found.sort();
            inputs.extend(found.into_iter().filter_map(|p| {
                let format = DealFormat::from_path(&p)?;
                let size = std::fs::metadata(&p).map_or(0, |m| m.len());
                Some(Input::File(p, format, size))
            }));
        } else {
            let name = path.display().to_string();
            match (DealFormat::from_path(path), std::fs::metadata(path)) {
                (_, Err(error)) => inputs.push(Input::Bad {
                    message: format!(
                        "cannot read deal file `{name}`: {}",
                        crate::files::io_message(&error)
                    ),
                    name,
                    code: Code::DealUnreadable,
                    help: None,
                }),
                (Some(format), Ok(metadata)) => {
                    inputs.push(Input::File(path.clone(), format, metadata.len()))
                }
                (None, Ok(_)) => inputs.push(Input::Bad {
                    message: format!("`{name}` is not a deal file"),
                    name,
                    code: Code::DealUnreadable,
                    help: Some(if crate::crm::is_csv(path) {
                        crate::words::crm::CrmWords::NeedsMap.render(crate::words::Lang::En)
                    } else {
                        "deal files end in .yaml, .yml, .json, .ndjson or .jsonl".to_string()
                    }),
                }),
            }
        }
    }
    inputs
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, inputs: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let name = dir.display().to_string();
            inputs.push(Input::Bad {
                message: format!(
                    "cannot read folder `{name}`: {}",
                    crate::files::io_message(&error)
                ),
                name,
                code: Code::DealUnreadable,
                help: None,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, found, inputs);
        } else if DealFormat::from_path(&path).is_some() {
            found.push(path);
        }
    }
}

/// Reads every deal of one input in turn, on this thread: for commands that
/// look at a few deals closely (`explain`), not for batches.
pub(crate) fn read_all(
    input: &Input,
    context: &crate::deal::DealContext,
    sources: &mut crate::span::Sources,
) -> Vec<Result<crate::deal::LoadedDeal, crate::diagnostic::Diagnostic>> {
    use crate::diagnostic::Diagnostic;
    use crate::span::{Source, Span};
    let failed = |sources: &mut crate::span::Sources,
                  name: &str,
                  code: Code,
                  message: String,
                  help: Option<String>| {
        let file = sources.add(Source::new(name, None, ""));
        let mut diagnostic = Diagnostic::new(code, message).at(file, Span::new(0, 0), "");
        diagnostic.help = help;
        vec![Err(diagnostic)]
    };
    match input {
        Input::File(path, format, _) => deal::load_path(path, *format, context, sources),
        Input::Csv(csv) => {
            let name = csv.path.display().to_string();
            let mut stream = match crate::crm::open_deals(&csv.path, &csv.export) {
                Ok(stream) => stream,
                Err(problem) => {
                    return failed(sources, &name, problem.code, problem.message, problem.help)
                }
            };
            let mut deals = Vec::new();
            while let Some(block) = stream.next_block() {
                match block {
                    Ok(block) => deals.extend(block.deals(context, sources)),
                    Err(problem) => deals.extend(failed(
                        sources,
                        &name,
                        problem.code,
                        problem.message,
                        problem.help,
                    )),
                }
            }
            deals
        }
        Input::Bad {
            name,
            code,
            message,
            help,
        } => failed(sources, name, *code, message.clone(), help.clone()),
        Input::Stdin(format) => {
            let limit = deal::MAX_DEAL_FILE_BYTES;
            let bytes = match crate::files::read_stdin_bounded(limit) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => {
                    return failed(
                        sources,
                        "<stdin>",
                        Code::DealUnreadable,
                        format!("standard input is larger than {limit} bytes"),
                        None,
                    )
                }
                Err(error) => {
                    return failed(
                        sources,
                        "<stdin>",
                        Code::DealUnreadable,
                        format!("cannot read standard input: {error}"),
                        None,
                    )
                }
            };
            match String::from_utf8(bytes) {
                Ok(text) => {
                    let file = sources.add(Source::new("<stdin>", None, text));
                    match sources.get(file) {
                        Some(source) => deal::load_text(source, file, *format, context),
                        None => Vec::new(),
                    }
                }
                Err(_) => failed(
                    sources,
                    "<stdin>",
                    Code::DealUnreadable,
                    "standard input is not UTF-8 text".to_string(),
                    None,
                ),
            }
        }
    }
}
