//! Diagnostics as GitHub Actions workflow commands, one line each, which
//! the runner turns into annotations on the files of a pull request:
//!
//! ```text
//! ::warning file=playbooks/sales.playbook,line=12,col=3,endLine=12,endColumn=9,title=W006::stage `won` has no rule of its own%0Ahelp: ...
//! ```
//!
//! Escaping follows GitHub's runner: `%`, CR and LF in the message;
//! those and `:` and `,` in property values.

use super::render::Place;
use super::{Diagnostic, Severity};
use crate::span::Sources;

/// The workflow command for one diagnostic, without the line break.
pub(crate) fn annotation(sources: &Sources, diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    let place = diagnostic
        .labels
        .first()
        .and_then(|label| Place::of(sources, label));
    if let Some(place) = place {
        properties.push(format!("file={}", property(&place.file)));
        properties.push(format!("line={}", place.line));
        // Columns are only allowed when the annotation is on one line.
        if place.end_line == place.line {
            // GitHub's end column is the last character, not the one after.
            let end = place.end_column.saturating_sub(1).max(place.column);
            properties.push(format!("col={}", place.column));
            properties.push(format!("endLine={}", place.end_line));
            properties.push(format!("endColumn={end}"));
        } else {
            properties.push(format!("endLine={}", place.end_line));
        }
    }
    properties.push(format!("title={}", property(diagnostic.code.as_str())));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{command} {}::{}", properties.join(","), data(&message))
}

/// A message, escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value, escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escaping() {
        assert_eq!(data("50%\r\nnext: a, b"), "50%25%0D%0Anext: a, b");
        assert_eq!(property("C:\\a,b%.playbook"), "C%3A\\a%2Cb%25.playbook");
    }
}
