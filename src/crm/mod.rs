//! CRM exports (CRM.md): CSV files read through a mapping into deals of
//! the deal model, so `check`, `explain` and `import` see ordinary deals.
//!
//! - [`mapping`]: mapping files, `extends`, the shipped presets;
//! - [`text`]: decoding and cutting a file into records, with lines;
//! - [`cells`]: a cell as a number, a date, a boolean or missing;
//! - [`rows`]: a row as a deal or as an item of a related list.
//!
//! The deals file is a stream: the batch reader cuts it into blocks of
//! records (no parsing), workers turn rows into deals. Related files are
//! read whole before the run and held indexed by key (their size in
//! memory), so each deal row picks its items up as it is read.

pub(crate) mod cells;
pub(crate) mod mapping;
pub(crate) mod rows;
pub(crate) mod text;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value};

pub(crate) use mapping::{preset, Mapping, MappingError};
use rows::{DealRow, Layout, RowPlace, RowProblem};
use text::{Decoded, Next, RawRecord, SplitError, Splitter};

use crate::deal::{self, DealContext, DealFormat, LoadedDeal};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Sources;
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

    fn new(code: Code, message: CrmWords, help: Option<CrmWords>) -> FileProblem {
        FileProblem {
            code,
            message: message.render(Lang::En),
            help: help.map(|h| h.render(Lang::En)),
        }
    }
}

/// What a file of the export is, by its header.
#[derive(Debug, Clone)]
enum Role {
    Deals,
    Related(usize),
}

/// A file opened and matched to its section.
pub(crate) struct Opened {
    name: Arc<str>,
    path: Option<PathBuf>,
    splitter: Splitter<Decoded<Box<dyn Read + Send>>>,
    delimiter: u8,
    header: Arc<Vec<String>>,
    layout: Arc<Layout>,
    role: Role,
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl Opened {
    /// Whether this is the deals file (else a related one).
    pub(crate) fn is_deals(&self) -> bool {
        matches!(self.role, Role::Deals)
    }
}

fn split_problem(
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

/// Opens a deals file of `export` as a stream of blocks.
/// `-` is standard input.
pub(crate) fn open_deals(path: &Path, export: &Arc<Export>) -> Result<DealsStream, FileProblem> {
    let opened = if path.as_os_str() == "-" {
        open("<stdin>", None, Box::new(std::io::stdin()), &export.mapping)?
    } else {
        let name = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|error| FileProblem::unreadable(&name, &error))?;
        open(&name, Some(path), Box::new(file), &export.mapping)?
    };
    if !opened.is_deals() {
        return Err(FileProblem::new(
            Code::DealUnreadable,
            CrmWords::NotDeals { file: &opened.name },
            Some(CrmWords::SectionsNeed),
        ));
    }
    Ok(DealsStream::new(export.clone(), opened))
}

/// A related row as an item of its list, or why it cannot be.
type RelatedItem = Result<Map<String, Value>, RowProblem>;

/// The rows of related files whose key is one deal's id.
#[derive(Debug, Default)]
struct Entry {
    items: Vec<(usize, RelatedItem)>,
    rows: Vec<RowProblem>,
    used: AtomicBool,
}

/// A run's mapping, related records and what the run learnt of the
/// export (closed deals, footers), shared by the workers.
#[derive(Debug)]
pub(crate) struct Export {
    /// The mapping.
    pub(crate) mapping: Mapping,
    stages: Vec<String>,
    related: HashMap<String, Entry>,
    closed: AtomicU64,
    notes: Mutex<Vec<String>>,
}

impl Export {
    /// An export read through `mapping`, for a playbook with these stages.
    pub(crate) fn new(mapping: Mapping, context: &DealContext) -> Export {
        Export {
            mapping,
            stages: context.stages.clone(),
            related: HashMap::new(),
            closed: AtomicU64::new(0),
            notes: Mutex::new(Vec::new()),
        }
    }

    /// Reads a related file whole, indexed by key. Returns the problems
    /// that cost the whole file.
    pub(crate) fn add_related(&mut self, mut opened: Opened) -> Result<(), FileProblem> {
        let Role::Related(section_index) = opened.role else {
            return Ok(());
        };
        let Some(section) = self.mapping.related.get(section_index) else {
            return Ok(());
        };
        loop {
            match opened.splitter.next_record() {
                Ok(Next::Record(record)) => {
                    let fields = text::fields(&record.text, opened.delimiter);
                    let place = RowPlace {
                        name: &opened.name,
                        path: opened.path.as_deref(),
                        line: record.line,
                        text: &record.text,
                    };
                    let read = rows::item(
                        &self.mapping,
                        section,
                        &opened.layout,
                        &opened.header,
                        &fields,
                        &place,
                    );
                    let (key, item) = match read {
                        Ok((key, item)) => (key, Ok(item)),
                        Err(problem) => (
                            fields
                                .get(opened.layout.key)
                                .map_or("", |k| k.trim())
                                .to_string(),
                            Err(problem),
                        ),
                    };
                    let key_column = opened
                        .header
                        .get(opened.layout.key)
                        .map_or("", String::as_str);
                    let orphan = RowProblem::from_place(
                        &place,
                        &fields,
                        opened.layout.key,
                        CrmWords::OrphanRow {
                            file: &opened.name,
                            line: record.line,
                            key: &key,
                        },
                        CrmWords::OrphanHelp { column: key_column },
                    );
                    let entry = self.related.entry(key).or_default();
                    entry.items.push((section_index, item));
                    entry.rows.push(orphan);
                }
                Ok(Next::Footer { line, rows }) => {
                    self.note(CrmWords::Footer {
                        file: &opened.name,
                        line,
                        rows,
                    });
                    return Ok(());
                }
                Ok(Next::End) => return Ok(()),
                Err(error) => return Err(split_problem(&error, &opened.name, opened.encoding)),
            }
        }
    }

    fn note(&self, words: CrmWords) {
        self.notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(words.render(Lang::En));
    }

    /// Notes to show after the run: footers read, closed deals counted.
    pub(crate) fn notes(&self) -> Vec<String> {
        let mut notes = self
            .notes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let closed = self.closed.load(Ordering::Relaxed);
        if closed > 0 {
            notes.push(CrmWords::Closed { count: closed }.render(Lang::En));
        }
        notes
    }

    /// Deals mapped to `closed` so far.
    pub(crate) fn closed(&self) -> u64 {
        self.closed.load(Ordering::Relaxed)
    }

    /// Related rows whose key matched no deal of the run (W009), in the
    /// order of their files.
    pub(crate) fn orphans(&self, sources: &mut Sources) -> Vec<Diagnostic> {
        let mut rows: Vec<&RowProblem> = self
            .related
            .values()
            .filter(|e| !e.used.load(Ordering::Relaxed))
            .flat_map(|e| e.rows.iter())
            .collect();
        rows.sort_by(|a, b| a.order().cmp(&b.order()));
        rows.into_iter().map(|r| r.diagnostic(sources)).collect()
    }

    /// One deals row as deal JSON with its related items, `None` when it
    /// is closed.
    fn convert(
        &self,
        header: &[String],
        layout: &Layout,
        delimiter: u8,
        place: &RowPlace,
    ) -> Result<Option<Map<String, Value>>, RowProblem> {
        let fields = text::fields(place.text, delimiter);
        let (id, mut deal) =
            match rows::deal(&self.mapping, layout, header, &fields, place, &self.stages)? {
                DealRow::Closed => {
                    self.closed.fetch_add(1, Ordering::Relaxed);
                    if let Some(entry) = fields
                        .get(layout.key)
                        .and_then(|k| self.related.get(k.trim()))
                    {
                        entry.used.store(true, Ordering::Relaxed);
                    }
                    return Ok(None);
                }
                DealRow::Deal(id, deal) => (id, deal),
            };
        if let Some(entry) = self.related.get(&id) {
            entry.used.store(true, Ordering::Relaxed);
            for (section_index, item) in &entry.items {
                let item = item.clone()?;
                let Some(section) = self.mapping.related.get(*section_index) else {
                    continue;
                };
                if let Value::Array(list) = deal
                    .entry(section.name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()))
                {
                    list.push(Value::Object(item));
                }
            }
        }
        Ok(Some(deal))
    }
}

/// A block of deals rows, cut by the batch reader, read by a worker.
#[derive(Debug)]
pub(crate) struct RowBlock {
    export: Arc<Export>,
    name: Arc<str>,
    path: Option<PathBuf>,
    header: Arc<Vec<String>>,
    layout: Arc<Layout>,
    delimiter: u8,
    records: Vec<RawRecord>,
}

/// One deal of a block: read, closed, or the problem that costs it; with
/// its deal JSON for `import`.
pub(crate) enum Converted {
    /// A deal, and its JSON (empty unless `convert` was asked: `import`).
    Deal(Box<LoadedDeal>, Map<String, Value>),
    /// A closed deal.
    Closed,
    /// A row that cannot be a deal.
    Failed(Diagnostic),
}

impl RowBlock {
    /// Bytes of the export in this block.
    pub(crate) fn bytes(&self) -> u64 {
        self.records.iter().map(|r| r.text.len() as u64).sum()
    }

    /// The rows as deals (closed ones left out and counted).
    pub(crate) fn deals(
        self,
        context: &DealContext,
        sources: &mut Sources,
    ) -> Vec<Result<LoadedDeal, Diagnostic>> {
        self.read(context, sources, false)
            .into_iter()
            .filter_map(|c| match c {
                Converted::Deal(loaded, _) => Some(Ok(*loaded)),
                Converted::Closed => None,
                Converted::Failed(d) => Some(Err(d)),
            })
            .collect()
    }

    /// Every row: a deal read by the deal loader (so it is exactly what a
    /// deal file with that JSON would give), closed, or failed.
    pub(crate) fn convert(self, context: &DealContext, sources: &mut Sources) -> Vec<Converted> {
        self.read(context, sources, true)
    }

    /// Every row; the deal JSON kept only when `keep_json` (`import`).
    fn read(self, context: &DealContext, sources: &mut Sources, keep_json: bool) -> Vec<Converted> {
        let mut out = Vec::with_capacity(self.records.len());
        for record in &self.records {
            let place = RowPlace {
                name: &self.name,
                path: self.path.as_deref(),
                line: record.line,
                text: &record.text,
            };
            match self
                .export
                .convert(&self.header, &self.layout, self.delimiter, &place)
            {
                Err(problem) => out.push(Converted::Failed(problem.diagnostic(sources))),
                Ok(None) => out.push(Converted::Closed),
                Ok(Some(deal)) => {
                    let json = Value::Object(deal);
                    let text = json.to_string();
                    let file = sources.add(crate::span::Source::fragment(
                        self.name.to_string(),
                        self.path.clone(),
                        text,
                        record.line as usize,
                    ));
                    let Some(source) = sources.get(file) else {
                        continue;
                    };
                    let deal = match json {
                        Value::Object(deal) if keep_json => deal,
                        _ => Map::new(),
                    };
                    for loaded in deal::load_text(source, file, DealFormat::Json, context) {
                        out.push(match loaded {
                            Ok(loaded) => Converted::Deal(Box::new(loaded), deal.clone()),
                            Err(diagnostic) => Converted::Failed(diagnostic),
                        });
                    }
                }
            }
        }
        out
    }
}

/// The deals file cut into blocks.
pub(crate) struct DealsStream {
    export: Arc<Export>,
    opened: Opened,
    done: bool,
    pending: Option<FileProblem>,
}

/// About 64 KiB of records a block, as for deal streams.
const BLOCK_BYTES: usize = 64 * 1024;

impl DealsStream {
    /// Blocks of the deals file `opened`.
    pub(crate) fn new(export: Arc<Export>, opened: Opened) -> DealsStream {
        DealsStream {
            export,
            opened,
            done: false,
            pending: None,
        }
    }

    /// The file's name.
    pub(crate) fn name(&self) -> Arc<str> {
        self.opened.name.clone()
    }

    /// The file's path.
    pub(crate) fn path(&self) -> Option<PathBuf> {
        self.opened.path.clone()
    }

    /// The next block, a problem that ends the file, or `None` at its end.
    pub(crate) fn next_block(&mut self) -> Option<Result<RowBlock, FileProblem>> {
        if let Some(problem) = self.pending.take() {
            return Some(Err(problem));
        }
        if self.done {
            return None;
        }
        let mut records = Vec::new();
        let mut bytes = 0;
        let mut failed = None;
        while bytes < BLOCK_BYTES {
            match self.opened.splitter.next_record() {
                Ok(Next::Record(record)) => {
                    bytes += record.text.len();
                    records.push(record);
                }
                Ok(Next::Footer { line, rows }) => {
                    self.export.note(CrmWords::Footer {
                        file: &self.opened.name,
                        line,
                        rows,
                    });
                    self.done = true;
                    break;
                }
                Ok(Next::End) => {
                    self.done = true;
                    break;
                }
                Err(error) => {
                    self.done = true;
                    failed = Some(split_problem(
                        &error,
                        &self.opened.name,
                        self.opened.encoding,
                    ));
                    break;
                }
            }
        }
        if records.is_empty() {
            return failed.map(Err);
        }
        if let Some(problem) = failed {
            // The rows before the problem are still read; the problem
            // follows as its own block.
            self.pending = Some(problem);
        }
        Some(Ok(RowBlock {
            export: self.export.clone(),
            name: self.opened.name.clone(),
            path: self.opened.path.clone(),
            header: self.opened.header.clone(),
            layout: self.opened.layout.clone(),
            delimiter: self.opened.delimiter,
            records,
        }))
    }
}

/// Every deal of a deals CSV (`bytes`) read through a mapping's text, as
/// `check --map` reads them (for the fuzz target and tests). A mapping
/// that cannot be used, or a file that fits no section, is one error.
pub(crate) fn read_export(
    mapping: &str,
    bytes: &[u8],
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    let failed = |sources: &mut Sources, message: String| {
        let file = sources.add(crate::span::Source::new("export.csv", None, ""));
        vec![Err(Diagnostic::new(Code::DealUnreadable, message).at(
            file,
            crate::span::Span::new(0, 0),
            "",
        ))]
    };
    let mapping = match mapping::load_text("export.map.yaml", mapping, context) {
        Ok(mapping) => mapping,
        Err(problem) => return failed(sources, problem.message),
    };
    let export = Arc::new(Export::new(mapping, context));
    let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let opened = match open("export.csv", None, reader, &export.mapping) {
        Ok(opened) if opened.is_deals() => opened,
        Ok(_) => return Vec::new(),
        Err(problem) => return failed(sources, problem.message),
    };
    let mut stream = DealsStream::new(export, opened);
    let mut deals = Vec::new();
    while let Some(block) = stream.next_block() {
        match block {
            Ok(block) => deals.extend(block.deals(context, sources)),
            Err(problem) => deals.extend(failed(sources, problem.message)),
        }
    }
    deals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> DealContext {
        DealContext {
            stages: ["prospecting", "contact", "closing"]
                .map(String::from)
                .to_vec(),
            custom: Vec::new(),
        }
    }

    /// Inputs that must give errors or deals, never a panic or a hang.
    #[test]
    fn malformed_exports_are_errors() {
        let mapping = "extends: salesforce\ndeals:\n  stages:\n    Prospecting: prospecting\n";
        let cases: &[&[u8]] = &[
            b"",
            b"\n\n\n",
            b"Id,StageName\n\"D-1,Prospecting\n",
            b"Id,StageName\nD-1,Prospecting,extra,cells\nD-2\n",
            b"Id,StageName\n\xff\xfe\x00garbage\n",
            b"\xff\xfeI\x00d\x00,\x00S\x00",
            b"Id,StageName\r\nD-1,\"Pro\"\"spect\"\r\n",
            b"Id,StageName\nD-1,Prospecting\n\nTotal\n\n\nmore\n",
            b"Id,StageName,Amount\nD-1,Prospecting,\"1,2,3,,\"\nD-2,Prospecting,--\n",
        ];
        for case in cases {
            let mut sources = Sources::new();
            let _ = read_export(mapping, case, &context(), &mut sources);
        }
        for bad_mapping in [
            "extends: [",
            "extends: nope",
            "deals: 3",
            "related: {tasks: {key: X}}",
            "extends: salesforce\ndates: [X]",
        ] {
            let mut sources = Sources::new();
            let read = read_export(
                bad_mapping,
                b"Id,StageName\nD-1,Prospecting\n",
                &context(),
                &mut sources,
            );
            assert!(
                matches!(read.as_slice(), [Err(_)]),
                "{bad_mapping}: {read:?}"
            );
        }
    }

    #[test]
    fn one_bad_row_costs_only_itself() {
        let mut sources = Sources::new();
        let read = read_export(
            "extends: salesforce\ndeals:\n  stages:\n    Prospecting: prospecting\n",
            b"Id,StageName,Amount\nD-1,Prospecting,12x\nD-2,Prospecting,5\nD-3,Nowhere,5\n",
            &context(),
            &mut sources,
        );
        let ok: Vec<bool> = read.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [false, true, false]);
    }
}
