//! Byte spans into a source file, and the files themselves.
//!
//! Every AST node carries a [`Span`]. Two spans are equal when their
//! offsets are; comparing trees that differ only in layout (a file and its
//! formatted form) is [`crate::ast::EqIgnoringSpans`], asked for by name.
//! Lines and columns are computed only when a diagnostic is rendered.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A range of bytes `start..end` in one source file: where a syntax-tree
/// node or a diagnostic's [`Label`](crate::Label) points.
///
/// ```
/// use playbook::Span;
///
/// let text = "when stage is opne";
/// let word = Span::new(14, 18);
/// assert_eq!(&text[word.range()], "opne");
/// assert_eq!(Span::new(0, 4).to(word), Span::new(0, 18));
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing source text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Identifies a loaded source file in a [`Sources`] set.
///
/// ```
/// use playbook::{FileId, Source, Sources};
///
/// let mut sources = Sources::new();
/// let id = sources.add(Source::new("deal.yaml", None, "id: D-1\n"));
/// assert_eq!(id, FileId(0));
/// assert_eq!(sources.get(id).unwrap().name, "deal.yaml");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub usize);

/// A source file: its display name and its text. Diagnostics give byte
/// spans; the source turns them into lines and columns.
///
/// ```
/// use playbook::Source;
///
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: closing");
/// assert_eq!(source.line_count(), 2);
/// // Byte 15 is the `c` of `closing`: line 2, column 8.
/// assert_eq!(source.line_col(15), (2, 8));
/// assert_eq!(source.offset(2, 8), 15);
/// ```
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in diagnostics (a path as the user gave it).
    pub name: String,
    /// Where it was read from, for resolving `import` paths; `None` for
    /// built-in and stdin sources.
    pub path: Option<PathBuf>,
    /// The text.
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    /// Lines before this text in its file: non-zero for a fragment of a
    /// larger file (a block of a stream), so line numbers stay the file's.
    lines_before: usize,
}

impl Source {
    /// A source named `name` with the given text.
    pub fn new(
        name: impl Into<String>,
        path: Option<PathBuf>,
        text: impl Into<Arc<str>>,
    ) -> Source {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            name: name.into(),
            path,
            text,
            line_starts,
            lines_before: 0,
        }
    }

    /// A fragment of a larger file whose first line is line `first_line`
    /// (1-based) of that file; positions are reported in the file's lines.
    pub fn fragment(
        name: impl Into<String>,
        path: Option<PathBuf>,
        text: impl Into<Arc<str>>,
        first_line: usize,
    ) -> Source {
        let mut source = Source::new(name, path, text);
        source.lines_before = first_line.saturating_sub(1);
        source
    }

    /// The byte range of a 0-based line, without its newline.
    pub fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let line = line.checked_sub(self.lines_before)?;
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        Some(start..end.max(start))
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len() + self.lines_before
    }

    /// The byte offset of a 1-based line and column (in characters), clamped
    /// to the text. Used to turn a YAML/JSON parser's position into a span.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let local = line.saturating_sub(1).saturating_sub(self.lines_before);
        let Some(start) = self.line_starts.get(local).copied() else {
            return self.text.len();
        };
        let rest = self.text.get(start..).unwrap_or("");
        rest.char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(
                || start + rest.find('\n').unwrap_or(rest.len()),
                |(i, _)| start + i,
            )
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line + 1 + self.lines_before, col + 1)
    }
}

/// All the source files of a run, so diagnostics can point into any of them.
///
/// ```
/// use playbook::{Source, Sources};
///
/// let mut sources = Sources::new();
/// sources.add(Source::new("a.yaml", None, "id: A\n"));
/// sources.add(Source::new("b.yaml", None, "id: B\n"));
/// let names: Vec<&str> = sources.iter().map(|(_, s)| s.name.as_str()).collect();
/// assert_eq!(names, ["a.yaml", "b.yaml"]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, source: Source) -> FileId {
        self.files.push(source);
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&Source> {
        self.files.get(id.0)
    }

    /// Every file, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Source)> {
        self.files.iter().enumerate().map(|(i, s)| (FileId(i), s))
    }
}
