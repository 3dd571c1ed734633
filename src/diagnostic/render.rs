//! Diagnostics as text (source line underlined) or JSON values.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

use super::{Diagnostic, Label, Severity};
use crate::span::{FileId, Sources};

impl<'a> Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.get(id)
            .map(|s| s.name.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.get(id)
            .map(|s| &*s.text)
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let source = self.get(id).ok_or(files::Error::FileMissing)?;
        Ok(source.line_col(byte_index).0 - 1)
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, files::Error> {
        let source = self.get(id).ok_or(files::Error::FileMissing)?;
        source
            .line_range(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: source.line_count(),
            })
    }
}

fn to_codespan(sources: &Sources, diagnostic: &Diagnostic) -> cs::Diagnostic<FileId> {
    let base = match diagnostic.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    };
    // A file that could not be read has no text to show: the message names it.
    let labels = diagnostic
        .labels
        .iter()
        .filter(|label| sources.get(label.file).is_some_and(|s| !s.text.is_empty()))
        .enumerate()
        .map(|(i, label)| {
            let style = if i == 0 {
                cs::LabelStyle::Primary
            } else {
                cs::LabelStyle::Secondary
            };
            cs::Label::new(style, label.file, label.span.range()).with_message(&label.message)
        })
        .collect();
    let notes = diagnostic
        .help
        .iter()
        .map(|h| format!("help: {h}"))
        .collect();
    base.with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes diagnostics as text: a header line, then `--> file:line:col`, the
/// source line with the span underlined, and the help.
pub(crate) fn write_text(
    out: &mut dyn WriteColor,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let config = term::Config::default();
    for diagnostic in diagnostics {
        term::emit_to_write_style(out, &config, sources, &to_codespan(sources, diagnostic))
            .map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// Diagnostics as text in a string, without colour: the source line with
/// the span underlined, and the help.
///
/// ```
/// use playbook::{compile_text, diagnostics_to_text};
///
/// let compiled = compile_text(
///     "p.playbook",
///     "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is opne\n  recommend \"x\"\n",
/// );
/// let text = diagnostics_to_text(&compiled.sources, &compiled.diagnostics);
/// assert!(text.starts_with("error[E201]: `opne` is not a stage of this playbook"));
/// assert!(text.contains("p.playbook:5:17"));
/// assert!(text.contains("help: did you mean `open`?"));
/// ```
pub fn to_text(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut buffer = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    // Writing to a Vec cannot fail; an error here would only lose text.
    let _ = write_text(&mut buffer, sources, diagnostics);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

/// The JSON shape of a diagnostic (documented in docs/cli.md).
///
/// ```
/// use playbook::{compile_text, JsonDiagnostic};
///
/// let compiled = compile_text(
///     "p.playbook",
///     "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is opne\n  recommend \"x\"\n",
/// );
/// let json = JsonDiagnostic::new(&compiled.sources, &compiled.diagnostics[0]);
/// assert_eq!((json.code, json.line, json.column), ("E201", Some(5), Some(17)));
/// let value = serde_json::to_value(&json).unwrap();
/// assert_eq!(value["severity"], "error");
/// ```
#[derive(Serialize, Debug, Clone)]
pub struct JsonDiagnostic {
    /// The stable code, e.g. `E201`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file, as named on the command line.
    pub file: Option<String>,
    /// 1-based line of the primary location.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the primary location.
    pub column: Option<usize>,
    /// 1-based line where the primary span ends.
    pub end_line: Option<usize>,
    /// 1-based column where the primary span ends.
    pub end_column: Option<usize>,
    /// How to fix it.
    pub help: Option<String>,
}

/// Where a label points, in the terms people and tools use: the file as
/// named on the command line, 1-based lines, and 1-based columns counted in
/// characters, the end one past the last character.
///
/// ```
/// use playbook::{compile_text, Place};
///
/// let compiled = compile_text(
///     "p.playbook",
///     "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is opne\n  recommend \"x\"\n",
/// );
/// let place = Place::of(&compiled.sources, &compiled.diagnostics[0].labels[0]).unwrap();
/// assert_eq!(place.file, "p.playbook");
/// assert_eq!((place.line, place.column, place.end_column), (5, 17, 21));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// The column just after the last character.
    pub end_column: usize,
}

impl Place {
    /// The place of a label, if its file is known.
    pub fn of(sources: &Sources, label: &Label) -> Option<Place> {
        let source = sources.get(label.file)?;
        let (line, column) = source.line_col(label.span.start as usize);
        let (end_line, end_column) = source.line_col(label.span.end as usize);
        Some(Place {
            file: source.name.clone(),
            line,
            column,
            end_line,
            end_column,
        })
    }
}

impl JsonDiagnostic {
    /// The JSON form of a diagnostic, with its location resolved to lines.
    pub fn new(sources: &Sources, diagnostic: &Diagnostic) -> JsonDiagnostic {
        let place = diagnostic
            .labels
            .first()
            .and_then(|label| Place::of(sources, label));
        JsonDiagnostic {
            code: diagnostic.code.as_str(),
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            file: place.as_ref().map(|p| p.file.clone()),
            line: place.as_ref().map(|p| p.line),
            column: place.as_ref().map(|p| p.column),
            end_line: place.as_ref().map(|p| p.end_line),
            end_column: place.as_ref().map(|p| p.end_column),
            help: diagnostic.help.clone(),
        }
    }
}
