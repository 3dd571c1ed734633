//! The deals file as a stream: the batch reader cuts it into blocks of
//! records (no parsing), a worker turns a block's rows into deals read by
//! the deal loader.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::export::Export;
use super::header::{open, split_problem, FileProblem, Opened};
use super::rows::{Layout, RowPlace};
use super::text::{Next, RawRecord};
use crate::deal::{self, DealContext, DealFormat, LoadedDeal};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Sources;
use crate::words::crm::CrmWords;

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
