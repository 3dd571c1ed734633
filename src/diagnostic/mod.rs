//! Diagnostics: what went wrong, where, and how to fix it.
//!
//! A [`Diagnostic`] is plain data: a stable [`Code`], a message, labelled
//! spans and an optional help line. Wording follows docs/diagnostics.md:
//! lowercase, the user's own words in backticks, no Rust type names, the fix
//! in `help`. Rendering lives in [`render`] (text with the source line
//! underlined, or JSON), [`github`] (workflow annotations) and [`sarif`].

mod codes;
pub(crate) mod github;
pub(crate) mod render;
pub(crate) mod sarif;
mod suggest;

pub use codes::Code;
pub use suggest::suggest;

use crate::span::{FileId, Span};

/// How bad a diagnostic is: an error means the input cannot be used.
///
/// ```
/// use playbook::{Code, Severity};
///
/// assert_eq!(Code::UnknownStage.severity(), Severity::Error);
/// assert!(Severity::Error > Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not stop anything unless `--deny-warnings`.
    Warning,
    /// The input cannot be used.
    Error,
}

/// A span in a file with a short note about it.
///
/// ```
/// use playbook::compile_text;
///
/// let compiled = compile_text(
///     "p.playbook",
///     "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is opne\n  recommend \"x\"\n",
/// );
/// let label = &compiled.diagnostics[0].labels[0];
/// let text = &compiled.sources.get(label.file).unwrap().text;
/// assert_eq!(&text[label.span.range()], "opne");
/// assert_eq!(label.message, "not in `stages`");
/// ```
#[derive(Clone, Debug)]
pub struct Label {
    /// The file the span is in.
    pub file: FileId,
    /// The bytes it points at.
    pub span: Span,
    /// A short note shown under the underline (may be empty).
    pub message: String,
}

/// One problem found in a playbook, a deal file or a tests file.
///
/// ```
/// use playbook::{compile_text, Code};
///
/// let compiled = compile_text(
///     "p.playbook",
///     "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is opne\n  recommend \"x\"\n",
/// );
/// let diagnostic = &compiled.diagnostics[0];
/// assert!(diagnostic.is_error());
/// assert_eq!(diagnostic.code, Code::UnknownStage);
/// assert_eq!(diagnostic.help.as_deref(), Some("did you mean `open`?"));
/// ```
///
/// A tool built on the library makes its own the same way:
///
/// ```
/// use playbook::{Code, Diagnostic, FileId, Span};
///
/// let diagnostic = Diagnostic::new(Code::UnknownStage, "`opne` is not a stage of this playbook")
///     .at(FileId(0), Span::new(14, 18), "not in `stages`")
///     .did_you_mean("opne", ["open", "won"]);
/// assert_eq!(diagnostic.help.as_deref(), Some("did you mean `open`?"));
/// ```
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code, documented in docs/diagnostics.md.
    pub code: Code,
    /// One line saying what is wrong.
    pub message: String,
    /// Where: the first label is the primary location.
    pub labels: Vec<Label>,
    /// How to fix it, when we can say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with the code's severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds the primary (first) or a secondary location.
    pub fn at(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" as help when there is a close candidate.
    pub fn did_you_mean<'a>(
        self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Diagnostic {
        match suggest(wrong, candidates) {
            Some(close) => self.help(crate::words::did_you_mean(close)),
            None => self,
        }
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
