//! Reader → workers → ordered delivery.
//!
//! One reader thread cuts inputs into blocks (no parsing); `jobs` workers
//! parse, evaluate and render blocks; the calling thread puts finished
//! blocks back in input order and hands each deal to `deliver`. With
//! `jobs == 1` the same steps run in turn on the calling thread.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::inputs::Input;
use super::split::{Piece, Splitter, BLOCK_BYTES};
use super::stats::DealStats;
use crate::ast::Priority;
use crate::date::Date;
use crate::deal::{self, DealContext, DealFormat, LoadedDeal};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::recommendation::{DealResult, Origin, Routing};
use crate::span::{Source, Sources, Span};

/// How to run a batch.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Worker threads (1: everything in turn on the calling thread).
    pub jobs: usize,
    /// Only deals in these stages (empty: all).
    pub stages: Vec<String>,
    /// Only actions of this priority or more urgent.
    pub max_priority: Option<Priority>,
    /// Only actions with one of these tags (empty: all).
    pub tags: Vec<String>,
    /// Attach to each action the deal values that decided it.
    pub evidence: bool,
    /// Only deals of these owners (empty: all).
    pub owners: Vec<String>,
}

/// Turns one deal's result into output bytes. Called on worker threads.
pub(crate) trait Renderer: Sync {
    /// Bytes for standard output and for standard error.
    fn render(&self, result: &DealResult, sources: &Sources) -> (Vec<u8>, Vec<u8>);
}

/// One deal, ready to write, in input order.
#[derive(Debug)]
pub(crate) struct Delivery {
    /// Its rendering for standard output.
    pub stdout: Vec<u8>,
    /// Its diagnostics for standard error.
    pub stderr: Vec<u8>,
    /// What it adds to the summary.
    pub stats: DealStats,
    /// Deals delivered so far, this one included.
    pub deals_done: u64,
    /// Input bytes fully processed so far.
    pub bytes_done: u64,
    /// Whether this is the last deal of a block: the deals before the next
    /// one may still be in the works, so streamed output is flushed here.
    pub end_of_block: bool,
    /// The deal's owner, when it has one (for `--group-by owner`).
    pub owner: Option<String>,
    /// The deal's stage, when it was read (for the review page).
    pub stage: Option<String>,
}

/// Where a block's deals come from.
struct Place {
    name: Arc<str>,
    path: Option<PathBuf>,
    format: DealFormat,
}

struct Block {
    seq: u64,
    name: Arc<str>,
    path: Option<PathBuf>,
    format: DealFormat,
    work: Work,
    bytes: u64,
}

enum Work {
    Piece(Piece),
    Rows(crate::crm::RowBlock),
    Files(Vec<(PathBuf, DealFormat)>),
    Failed {
        code: Code,
        message: String,
        help: Option<String>,
    },
}

struct DealOut {
    id: Option<String>,
    owner: Option<String>,
    stage: Option<String>,
    origin: String,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    stats: DealStats,
    shown: bool,
}

struct Done {
    seq: u64,
    deals: Vec<DealOut>,
    bytes: u64,
}

/// Reads every input and delivers every deal in order. Stops early if
/// `deliver` fails (for instance on a closed pipe).
pub(crate) fn run(
    playbook: &ir::Playbook,
    today: Date,
    inputs: Vec<Input>,
    options: &Options,
    renderer: &dyn Renderer,
    deliver: &mut dyn FnMut(Delivery) -> io::Result<()>,
) -> io::Result<()> {
    let context = playbook.deal_context();
    let worker = Worker {
        playbook,
        today,
        options,
        renderer,
        context: &context,
    };
    // Input that fits in one block (a rep's deal or two) is read in turn:
    // starting threads would cost more than the work.
    let small = inputs
        .iter()
        .all(|i| matches!(i, Input::File(..) | Input::Bad { .. }))
        && inputs.iter().map(Input::size).sum::<u64>() <= BLOCK_BYTES as u64;
    let mut writer = Writer::new(renderer, deliver);
    let reader = Reader::new(inputs);
    if options.jobs <= 1 || small {
        for block in reader {
            writer.accept(worker.process(block))?;
        }
        return Ok(());
    }
    let jobs = options.jobs;
    std::thread::scope(|scope| {
        let (block_tx, block_rx) = crossbeam_channel::bounded::<Block>(2 * jobs);
        let (done_tx, done_rx) = crossbeam_channel::bounded::<Done>(2 * jobs);
        // Tokens bound the blocks between the reader and the written output:
        // when one worker is slow, the others cannot run ahead and pile up
        // finished blocks waiting for their turn.
        let in_flight = 4 * jobs;
        let (token_tx, token_rx) = crossbeam_channel::bounded::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = token_tx.send(());
        }
        scope.spawn(move || {
            for block in reader {
                if token_rx.recv().is_err() || block_tx.send(block).is_err() {
                    break; // The run stopped.
                }
            }
        });
        for _ in 0..jobs {
            let (block_rx, done_tx) = (block_rx.clone(), done_tx.clone());
            let worker = &worker;
            scope.spawn(move || {
                for block in block_rx {
                    if done_tx.send(worker.process(block)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(block_rx);
        for done in done_rx {
            for _ in 0..writer.accept(done)? {
                let _ = token_tx.send(());
            }
        }
        Ok(())
    })
}

// ------------------------------------------------------------------ reader --

/// A file or stdin being cut into blocks.
type Stream = (
    Arc<str>,
    Option<PathBuf>,
    DealFormat,
    Splitter<Box<dyn Read + Send>>,
);

struct Reader {
    inputs: std::vec::IntoIter<Input>,
    stream: Option<Stream>,
    csv: Option<crate::crm::DealsStream>,
    pending: Option<Input>,
    seq: u64,
}

impl Reader {
    fn new(inputs: Vec<Input>) -> Reader {
        Reader {
            inputs: inputs.into_iter(),
            stream: None,
            csv: None,
            pending: None,
            seq: 0,
        }
    }

    fn block(
        &mut self,
        name: Arc<str>,
        path: Option<PathBuf>,
        format: DealFormat,
        work: Work,
        bytes: u64,
    ) -> Block {
        self.seq += 1;
        Block {
            seq: self.seq - 1,
            name,
            path,
            format,
            work,
            bytes,
        }
    }
}

impl Iterator for Reader {
    type Item = Block;

    fn next(&mut self) -> Option<Block> {
        loop {
            if let Some(csv) = &mut self.csv {
                let (name, path) = (csv.name(), csv.path());
                let (work, bytes) = match csv.next_block() {
                    Some(Ok(rows)) => {
                        let bytes = rows.bytes();
                        (Work::Rows(rows), bytes)
                    }
                    Some(Err(problem)) => (
                        Work::Failed {
                            code: problem.code,
                            message: problem.message,
                            help: problem.help,
                        },
                        0,
                    ),
                    None => {
                        self.csv = None;
                        continue;
                    }
                };
                return Some(self.block(name, path, DealFormat::Json, work, bytes));
            }
            if let Some((name, path, format, splitter)) = &mut self.stream {
                let (name, path, format) = (name.clone(), path.clone(), *format);
                match splitter.next_piece() {
                    Ok(Some(piece)) => {
                        let bytes = match &piece {
                            Piece::Text { text, .. } => text.len(),
                            Piece::Values(values) => {
                                values.iter().map(|(v, _, _)| v.len() + 1).sum()
                            }
                            Piece::TooLarge { .. } => 0,
                        };
                        return Some(self.block(
                            name,
                            path,
                            format,
                            Work::Piece(piece),
                            bytes as u64,
                        ));
                    }
                    Ok(None) => self.stream = None,
                    Err(error) => {
                        self.stream = None;
                        let work = Work::Failed {
                            code: Code::DealUnreadable,
                            message: format!("cannot read `{name}`: {error}"),
                            help: None,
                        };
                        return Some(self.block(name, path, format, work, 0));
                    }
                }
                continue;
            }
            let input = self.pending.take().or_else(|| self.inputs.next())?;
            match input {
                Input::Bad {
                    name,
                    code,
                    message,
                    help,
                } => {
                    let work = Work::Failed {
                        code,
                        message,
                        help,
                    };
                    return Some(self.block(name.into(), None, DealFormat::Yaml, work, 0));
                }
                Input::Csv(csv) => match crate::crm::open_deals(&csv.path, &csv.export) {
                    Ok(stream) => self.csv = Some(stream),
                    Err(problem) => {
                        let path = csv.path;
                        let name: Arc<str> = path.display().to_string().into();
                        let work = Work::Failed {
                            code: problem.code,
                            message: problem.message,
                            help: problem.help,
                        };
                        return Some(self.block(name, Some(path), DealFormat::Json, work, 0));
                    }
                },
                Input::Stdin(format) => {
                    let reader: Box<dyn Read + Send> = Box::new(io::stdin());
                    self.stream = Some((
                        "<stdin>".into(),
                        None,
                        format,
                        Splitter::new(reader, format),
                    ));
                }
                Input::File(path, format, size) if size <= BLOCK_BYTES as u64 => {
                    // Small files travel in groups; workers read them.
                    let mut files = vec![(path, format)];
                    let mut bytes = size;
                    while files.len() < 64 && bytes < BLOCK_BYTES as u64 {
                        match self.inputs.next() {
                            Some(Input::File(path, format, size)) if size <= BLOCK_BYTES as u64 => {
                                files.push((path, format));
                                bytes += size;
                            }
                            other => {
                                self.pending = other;
                                break;
                            }
                        }
                    }
                    return Some(self.block("".into(), None, format, Work::Files(files), bytes));
                }
                Input::File(path, format, _) => {
                    let name: Arc<str> = path.display().to_string().into();
                    match std::fs::File::open(&path) {
                        Ok(file) => {
                            let reader: Box<dyn Read + Send> = Box::new(file);
                            self.stream =
                                Some((name, Some(path), format, Splitter::new(reader, format)));
                        }
                        Err(error) => {
                            let work = Work::Failed {
                                code: Code::DealUnreadable,
                                message: format!(
                                    "cannot read deal file `{name}`: {}",
                                    crate::files::io_message(&error)
                                ),
                                help: None,
                            };
                            return Some(self.block(name, Some(path), format, work, 0));
                        }
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------ worker --

struct Worker<'a> {
    playbook: &'a ir::Playbook,
    today: Date,
    options: &'a Options,
    renderer: &'a dyn Renderer,
    context: &'a DealContext,
}

impl Worker<'_> {
    fn process(&self, block: Block) -> Done {
        let Block {
            seq,
            name,
            path,
            format,
            work,
            bytes,
        } = block;
        let place = Place { name, path, format };
        let block = &place;
        let mut sources = Sources::new();
        let loaded = match work {
            Work::Files(files) => files
                .iter()
                .flat_map(|(path, format)| {
                    deal::load_path(path, *format, self.context, &mut sources)
                })
                .collect(),
            Work::Failed {
                code,
                message,
                help,
            } => {
                let file = sources.add(Source::new(block.name.to_string(), block.path.clone(), ""));
                let mut diagnostic = Diagnostic::new(code, message).at(file, Span::new(0, 0), "");
                diagnostic.help = help;
                vec![Err(diagnostic)]
            }
            Work::Rows(rows) => rows.deals(self.context, &mut sources),
            Work::Piece(piece) => read_piece(
                piece,
                &block.name,
                block.path.as_deref(),
                block.format,
                self.context,
                &mut sources,
            ),
        };
        let deals = loaded
            .into_iter()
            .map(|deal| self.finish(deal, &sources))
            .collect();
        Done { seq, deals, bytes }
    }

    fn finish(&self, loaded: Result<LoadedDeal, Diagnostic>, sources: &Sources) -> DealOut {
        let (id, origin, result) = match loaded {
            Err(diagnostic) => {
                let origin = origin_of(&diagnostic, sources);
                (None, origin, DealResult::failed(diagnostic))
            }
            Ok(loaded) => {
                let name = sources.get(loaded.file).map_or("", |s| s.name.as_str());
                let origin = format!("{name}:{}", loaded.line);
                let id = Some(loaded.deal.id.clone());
                let other_owner = !self.options.owners.is_empty()
                    && !loaded
                        .deal
                        .owner
                        .as_ref()
                        .is_some_and(|owner| self.options.owners.contains(owner));
                if other_owner
                    || (!self.options.stages.is_empty()
                        && !self.options.stages.contains(&loaded.deal.stage))
                {
                    return DealOut {
                        id,
                        owner: None,
                        stage: None,
                        origin,
                        stdout: Vec::new(),
                        stderr: Vec::new(),
                        stats: DealStats::default(),
                        shown: false,
                    };
                }
                let mut result = crate::eval::evaluate(self.playbook, &loaded.deal, self.today);
                if self.options.evidence {
                    crate::explain::add_evidence(
                        self.playbook,
                        &loaded.deal,
                        self.today,
                        &mut result,
                    );
                }
                result.origin = Some(Origin {
                    file: loaded.file,
                    line: loaded.line,
                });
                result.routing = Routing {
                    owner: loaded.deal.owner.clone(),
                    amount: loaded.deal.amount,
                    close_date: loaded.deal.close_date,
                };
                self.filter(&mut result);
                (id, origin, result)
            }
        };
        let (stdout, stderr) = self.renderer.render(&result, sources);
        DealOut {
            id,
            owner: result.routing.owner.clone(),
            stage: result.stage.clone(),
            origin,
            stdout,
            stderr,
            stats: DealStats::of(&result, self.playbook),
            shown: true,
        }
    }

    fn filter(&self, result: &mut DealResult) {
        let fired = result.actions.len();
        if let Some(threshold) = self.options.max_priority {
            result.actions.retain(|a| a.priority <= threshold);
        }
        if !self.options.tags.is_empty() {
            let tags = &self.options.tags;
            result
                .actions
                .retain(|a| a.tags.iter().any(|t| tags.contains(t)));
        }
        result.filtered_out = fired - result.actions.len();
    }
}

/// Reads a stream of deals (`name` in messages) the way `check` reads
/// standard input: cut into pieces as they arrive, each piece parsed alone,
/// so one bad deal costs only itself. Every deal is kept in the result, so
/// this is for streams that fit in memory; `check` itself evaluates and
/// drops them block by block.
///
/// ```
/// use playbook::{builtin, read_deal_stream, DealFormat, Lang, Sources};
///
/// let playbook = builtin(Lang::En);
/// let ndjson = "{\"id\": \"D-1\", \"stage\": \"prospecting\"}\nnot json\n";
/// let mut sources = Sources::new();
/// let deals = read_deal_stream(ndjson.as_bytes(), "<stdin>", DealFormat::Ndjson, &playbook.deal_context(), &mut sources);
/// assert!(deals[0].is_ok());
/// assert!(deals[1].is_err());
/// ```
pub fn read_deal_stream(
    reader: impl std::io::Read,
    name: &str,
    format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    let mut splitter = super::split::Splitter::new(reader, format);
    let mut deals = Vec::new();
    loop {
        match splitter.next_piece() {
            Ok(Some(piece)) => {
                deals.extend(read_piece(piece, name, None, format, context, sources));
            }
            Ok(None) => break,
            Err(error) => {
                let file = sources.add(Source::new(name, None, ""));
                deals.push(Err(Diagnostic::new(
                    Code::DealUnreadable,
                    format!("cannot read `{name}`: {}", crate::files::io_message(&error)),
                )
                .at(file, Span::new(0, 0), "")));
                break;
            }
        }
    }
    deals
}

/// Reads the deals of one piece of a stream, as a worker does: a block of
/// text is one fragment of the file (its line numbers are the file's), a
/// JSON value is padded so that columns on its first line are the file's,
/// and a deal over the size limit is one error.
pub(crate) fn read_piece(
    piece: Piece,
    name: &str,
    path: Option<&Path>,
    format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    match piece {
        Piece::TooLarge { first_line } => {
            let file = sources.add(Source::new(name, path.map(Path::to_path_buf), ""));
            vec![Err(Diagnostic::new(
                Code::DealUnreadable,
                format!(
                    "the deal at line {first_line} of `{name}` is larger than {} bytes; it was skipped",
                    super::split::MAX_DEAL_BYTES
                ),
            )
            .at(file, Span::new(0, 0), ""))]
        }
        Piece::Text { text, first_line } => {
            read_fragment(text, first_line, name, path, format, context, sources)
        }
        Piece::Values(values) => values
            .into_iter()
            .flat_map(|(value, line, column)| {
                let mut padded = vec![b' '; column.saturating_sub(1)];
                padded.extend_from_slice(&value);
                read_fragment(padded, line, name, path, format, context, sources)
            })
            .collect(),
    }
}

fn read_fragment(
    text: Vec<u8>,
    first_line: usize,
    name: &str,
    path: Option<&Path>,
    format: DealFormat,
    context: &DealContext,
    sources: &mut Sources,
) -> Vec<Result<LoadedDeal, Diagnostic>> {
    match String::from_utf8(text) {
        Ok(text) => {
            let file = sources.add(Source::fragment(
                name,
                path.map(Path::to_path_buf),
                text,
                first_line,
            ));
            match sources.get(file) {
                Some(source) => deal::load_text(source, file, format, context),
                None => Vec::new(),
            }
        }
        Err(error) => {
            let bytes = error.into_bytes();
            // Several lines: only the bad ones are lost. (A single bad line
            // falls through to the error below; splitting it again would
            // never end.)
            let lines = bytes.split_inclusive(|b| *b == b'\n').count();
            if format == DealFormat::Ndjson && lines > 1 {
                let mut out = Vec::new();
                for (line, chunk) in (first_line..).zip(bytes.split_inclusive(|b| *b == b'\n')) {
                    out.extend(read_fragment(
                        chunk.to_vec(),
                        line,
                        name,
                        path,
                        format,
                        context,
                        sources,
                    ));
                }
                return out;
            }
            let file = sources.add(Source::fragment(
                name,
                path.map(Path::to_path_buf),
                "",
                first_line,
            ));
            vec![Err(Diagnostic::new(
                Code::DealUnreadable,
                format!("`{name}` is not UTF-8 text from line {first_line}; save it as UTF-8"),
            )
            .at(file, Span::new(0, 0), ""))]
        }
    }
}

fn origin_of(diagnostic: &Diagnostic, sources: &Sources) -> String {
    diagnostic
        .labels
        .first()
        .and_then(|label| {
            let source = sources.get(label.file)?;
            let (line, _) = source.line_col(label.span.start as usize);
            Some(format!("{}:{line}", source.name))
        })
        .unwrap_or_default()
}

// ------------------------------------------------------------------ writer --

struct Writer<'a> {
    renderer: &'a dyn Renderer,
    deliver: &'a mut dyn FnMut(Delivery) -> io::Result<()>,
    waiting: BTreeMap<u64, Done>,
    next: u64,
    /// Hashes of the ids seen: 8 bytes a deal, so a million deals stay
    /// small. Two different ids with the same 64-bit hash would be taken for
    /// a duplicate: about one chance in 10^7 at a million deals.
    seen: HashSet<u64>,
    first_seen: std::collections::HashMap<u64, String>,
    deals_done: u64,
    bytes_done: u64,
}

impl<'a> Writer<'a> {
    fn new(
        renderer: &'a dyn Renderer,
        deliver: &'a mut dyn FnMut(Delivery) -> io::Result<()>,
    ) -> Self {
        Writer {
            renderer,
            deliver,
            waiting: BTreeMap::new(),
            next: 0,
            seen: HashSet::new(),
            first_seen: std::collections::HashMap::new(),
            deals_done: 0,
            bytes_done: 0,
        }
    }

    /// Takes a finished block; writes every block now next in order.
    /// Returns how many blocks were written.
    fn accept(&mut self, done: Done) -> io::Result<usize> {
        self.waiting.insert(done.seq, done);
        let mut written = 0;
        while let Some(done) = self.waiting.remove(&self.next) {
            self.next += 1;
            self.bytes_done += done.bytes;
            let count = done.deals.len();
            for (i, deal) in done.deals.into_iter().enumerate() {
                self.write(deal, i + 1 == count)?;
            }
            written += 1;
        }
        Ok(written)
    }

    fn write(&mut self, mut deal: DealOut, end_of_block: bool) -> io::Result<()> {
        if let Some(id) = &deal.id {
            let mut hasher = DefaultHasher::new();
            id.hash(&mut hasher);
            let hash = hasher.finish();
            if !self.seen.insert(hash) {
                let first = self.first_seen.get(&hash).cloned().unwrap_or_default();
                let diagnostic = Diagnostic::new(
                    Code::DuplicateDeal,
                    format!(
                        "deal id `{id}` at {} is used twice in this run",
                        deal.origin
                    ),
                )
                .help(if first.is_empty() {
                    "ids must be unique within a run".to_string()
                } else {
                    format!("the first deal with this id is at {first}; ids must be unique within a run")
                });
                let result = DealResult::failed(diagnostic);
                let (stdout, stderr) = self.renderer.render(&result, &Sources::new());
                deal = DealOut {
                    stdout,
                    stderr,
                    stats: DealStats {
                        error: true,
                        ..DealStats::default()
                    },
                    shown: true,
                    ..deal
                };
            } else if self.first_seen.len() < 10_000 {
                // Remember where the first few are, for the message.
                self.first_seen.insert(hash, deal.origin.clone());
            }
        }
        if !deal.shown {
            return Ok(());
        }
        self.deals_done += 1;
        (self.deliver)(Delivery {
            stdout: deal.stdout,
            stderr: deal.stderr,
            stats: deal.stats,
            deals_done: self.deals_done,
            bytes_done: self.bytes_done,
            end_of_block,
            owner: deal.owner,
            stage: deal.stage,
        })
    }
}
