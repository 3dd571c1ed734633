//! `playbook fmt`: a playbook in canonical layout, comments kept.
//!
//! The printer works on the AST and the comments the parser collected
//! ([`ast::File::comments`]); it never sees pest. Layout, comment placement
//! and alignment are in `layout`, expressions and strings in `expr`.
//! [`format_text`] checks its own output: the formatted text must read back
//! as the same declarations with the same comments, or nothing is returned.

mod diff;
mod expr;
mod in_place;
mod layout;

pub(crate) use diff::unified_diff;
pub(crate) use expr::expr;
pub(crate) use in_place::write_in_place;
pub(crate) use layout::format_file;

use crate::ast::{self, EqIgnoringSpans};
use crate::diagnostic::Diagnostic;
use crate::span::FileId;
use crate::syntax;

/// Why a file was not formatted.
///
/// ```
/// use playbook::{format_text, FileId, FormatError};
///
/// let broken = "playbook \"P\"\nstages\n  open \"Open\n";
/// match format_text(broken, FileId(0)) {
///     Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty()),
///     other => panic!("expected a syntax error, got {other:?}"),
/// }
/// ```
#[derive(Debug)]
pub enum FormatError {
    /// The file has syntax errors; formatting would drop what could not be
    /// read, so it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not read back as the same playbook. A bug
    /// in the formatter; the file is left as it is.
    Unstable,
}

/// Formats playbook text. `file` is the id its diagnostics point into.
/// Comments are kept; the result formats to itself.
///
/// ```
/// use playbook::{format_text, FileId};
///
/// let messy = "playbook   \"P\"\n# the path\nstages\n   open   \"Open\"\n";
/// let tidy = format_text(messy, FileId(0)).unwrap();
/// assert_eq!(tidy, "playbook \"P\"\n\n# the path\nstages\n  open  \"Open\"\n");
/// assert_eq!(format_text(&tidy, FileId(0)).unwrap(), tidy);
/// ```
pub fn format_text(text: &str, file: FileId) -> Result<String, FormatError> {
    let (parsed, diagnostics) = syntax::parse(text, file);
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() || !parsed.broken.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    let formatted = format_file(&parsed, text);
    let (again, diagnostics) = syntax::parse(&formatted, file);
    if diagnostics.iter().any(Diagnostic::is_error)
        || !again.declarations.eq_ignoring_spans(&parsed.declarations)
        || comment_texts(&again) != comment_texts(&parsed)
    {
        return Err(FormatError::Unstable);
    }
    Ok(formatted)
}

/// Every comment's text, sorted: what formatting must keep.
///
/// ```
/// use playbook::{comment_texts, format_text, parse, FileId};
///
/// let text = "# b\nplaybook \"P\"\n# a\nstages\n  open \"Open\"\n";
/// let (tree, _) = parse(text, FileId(0));
/// let (formatted, _) = parse(&format_text(text, FileId(0)).unwrap(), FileId(0));
/// assert_eq!(comment_texts(&tree), comment_texts(&formatted));
/// assert_eq!(comment_texts(&tree).len(), 2);
/// ```
pub fn comment_texts(file: &ast::File) -> Vec<String> {
    let mut texts: Vec<String> = file
        .comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect();
    texts.sort_unstable();
    texts
}
