//! Which file is which: a CSV opened, decoded, its header read and
//! matched to the mapping's deals section or to one related section, and
//! the columns the mapping names found in it (or the typo reported).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::mapping::{self, Mapping};
use super::rows::Layout;
use super::text::{self, Decoded, Next, SplitError, Splitter};
use crate::diagnostic::Code;
use crate::words::crm::CrmWords;
use crate::words::Lang;

/// Whether a path is a CSV export by its extension.
pub(crate) fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"))
}

/// A problem with a whole file: what and how to fix it.
#[derive(Debug, Clone)]
pub(crate) struct FileProblem {
    /// Its code.
    pub(crate) code: Code,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) help: Option<String>,
}

impl FileProblem {
    /// A file that cannot be opened.
    pub(crate) fn unreadable(name: &str, error: &std::io::Error) -> FileProblem {
        FileProblem::new(
            Code::DealUnreadable,
            CrmWords::Unreadable {
                file: name,
                reason: &crate::files::io_message(error),
            },
            None,
        )
    }

    pub(super) fn new(code: Code, message: CrmWords, help: Option<CrmWords>) -> FileProblem {
        FileProblem {
            code,
            message: message.render(Lang::En),
            help: help.map(|h| h.render(Lang::En)),
        }
    }
}

/// What a file of the export is, by its header.
#[derive(Debug, Clone)]
pub(super) enum Role {
    Deals,
    Related(usize),
}

/// A file opened and matched to its section.
pub(crate) struct Opened {
    pub(super) name: Arc<str>,
    pub(super) path: Option<PathBuf>,
    pub(super) splitter: Splitter<Decoded<Box<dyn Read + Send>>>,
    pub(super) delimiter: u8,
    pub(super) header: Arc<Vec<String>>,
    pub(super) layout: Arc<Layout>,
    pub(super) role: Role,
    pub(super) encoding: Option<&'static encoding_rs::Encoding>,
}

impl Opened {
    /// Whether this is the deals file (else a related one).
    pub(crate) fn is_deals(&self) -> bool {
        matches!(self.role, Role::Deals)
    }
}

pub(super) fn split_problem(
    error: &SplitError,
    name: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> FileProblem {
    match error {
        SplitError::NotText(line) => match encoding.filter(|e| *e != encoding_rs::UTF_8) {
            None => FileProblem::new(
                Code::DealUnreadable,
                CrmWords::NotUtf8 {
                    file: name,
                    line: *line,
                },
                Some(CrmWords::DeclareEncoding),
            ),
            Some(encoding) => FileProblem::new(
                Code::DealUnreadable,
                CrmWords::BadEncoding {
                    file: name,
                    encoding: &encoding.name().to_ascii_lowercase(),
                    line: *line,
                },
                Some(CrmWords::DeclareEncoding),
            ),
        },
        SplitError::TooLong(line) => FileProblem::new(
            Code::DealUnreadable,
            CrmWords::Unreadable {
                file: name,
                reason: &format!(
                    "the record at line {line} is longer than {} bytes (a quote never closed?)",
                    text::MAX_RECORD_BYTES
                ),
            },
            None,
        ),
        SplitError::Io(error) => FileProblem::new(
            Code::DealUnreadable,
            CrmWords::Unreadable {
                file: name,
                reason: &crate::files::io_message(error),
            },
            None,
        ),
    }
}

/// Opens a file (or standard input, `path` `None`), reads its header and
/// finds its section.
pub(crate) fn open(
    name: &str,
    path: Option<&Path>,
    reader: Box<dyn Read + Send>,
    mapping: &Mapping,
) -> Result<Opened, FileProblem> {
    let encoding = mapping.encoding;
    let delimiter = mapping.delimiter_for(path);
    let mut splitter = Splitter::new(
        Decoded::new(reader, encoding.unwrap_or(encoding_rs::UTF_8)),
        delimiter,
    );
    let header = match splitter.next_record() {
        Ok(Next::Record(record)) => text::fields(&record.text, delimiter),
        Ok(_) => Vec::new(),
        Err(error) => return Err(split_problem(&error, name, encoding)),
    };
    let header: Vec<String> = header.into_iter().map(|h| h.trim().to_string()).collect();
    let position = |column: &str| header.iter().position(|h| h == column);
    let has_field = |section: &mapping::Section, field: &str| {
        section
            .columns
            .iter()
            .filter(|c| c.field == field)
            .find_map(|c| position(&c.header))
    };
    let deals = &mapping.deals;
    let role = match (has_field(deals, "id"), has_field(deals, "stage")) {
        (Some(_), Some(_)) => Role::Deals,
        _ => {
            let fits: Vec<usize> = mapping
                .related
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.keys.iter().any(|k| position(k).is_some())
                        && s.columns.iter().any(|c| position(&c.header).is_some())
                })
                .map(|(i, _)| i)
                .collect();
            match fits.as_slice() {
                [one] => Role::Related(*one),
                [first, second, ..] => {
                    let section =
                        |i: &usize| mapping.related.get(*i).map_or("", |s| s.name.as_str());
                    return Err(FileProblem::new(
                        Code::DealUnreadable,
                        CrmWords::TwoSections {
                            file: name,
                            first: section(first),
                            second: section(second),
                        },
                        Some(CrmWords::TellSectionsApart),
                    ));
                }
                [] => {
                    let tried = std::iter::once("deals")
                        .chain(mapping.related.iter().map(|s| s.name.as_str()))
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(FileProblem::new(
                        Code::DealUnreadable,
                        CrmWords::NoSection {
                            file: name,
                            tried: &tried,
                        },
                        Some(CrmWords::SectionsNeed),
                    ));
                }
            }
        }
    };
    let section = match role {
        Role::Deals => deals,
        Role::Related(i) => mapping.related.get(i).unwrap_or(deals),
    };
    // Columns the mapping names that the header lacks: an error when the
    // user's own mapping named it, or when the header has a close name
    // (a typo must not silently drop a field).
    let mut layout = Layout::default();
    let unmapped: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| {
            !section.columns.iter().any(|c| c.header == *h) && !section.keys.iter().any(|k| k == h)
        })
        .collect();
    for (column_index, column) in section.columns.iter().enumerate() {
        match position(&column.header) {
            Some(index) => layout.columns.push((index, column_index)),
            None => {
                let other_present = section
                    .columns
                    .iter()
                    .any(|c| c.field == column.field && position(&c.header).is_some());
                if other_present {
                    continue;
                }
                let close = crate::diagnostic::suggest(&column.header, unmapped.iter().copied());
                if column.own || close.is_some() {
                    let mut problem = FileProblem::new(
                        Code::DealUnreadable,
                        CrmWords::MissingColumn {
                            column: &column.header,
                            field: &column.field,
                            file: name,
                        },
                        None,
                    );
                    problem.help = close.map(crate::words::did_you_mean);
                    return Err(problem);
                }
            }
        }
    }
    match role {
        Role::Deals => {
            layout.key = has_field(deals, "id").unwrap_or(0);
            layout.stage = has_field(deals, "stage");
        }
        Role::Related(_) => {
            layout.key = section.keys.iter().find_map(|k| position(k)).unwrap_or(0);
        }
    }
    Ok(Opened {
        name: name.into(),
        path: path.map(Path::to_path_buf),
        splitter,
        delimiter,
        header: Arc::new(header),
        layout: Arc::new(layout),
        role,
        encoding,
    })
}
