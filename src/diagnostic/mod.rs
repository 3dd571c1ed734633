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

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not stop anything unless `--deny-warnings`.
    Warning,
    /// The input cannot be used.
    Error,
}

/// A span in a file with a short note about it.
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
