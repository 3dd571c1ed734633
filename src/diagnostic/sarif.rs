//! Diagnostics as a SARIF 2.1.0 log, the format code-scanning tools read
//! (GitHub code scanning among them): one run of the `playbook` tool whose
//! rules are the registry of codes, and one result per diagnostic.
//!
//! Columns count Unicode code points (`columnKind`), 1-based, the end column
//! one past the last character, as SARIF regions require.

use serde::Serialize;

use super::render::Place;
use super::{Code, Diagnostic, Label, Severity};
use crate::span::Sources;

/// The SARIF log. Field names follow the specification.
#[derive(Serialize, Debug)]
pub(crate) struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize, Debug)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize, Debug)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize, Debug)]
struct Text {
    text: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Debug)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The log for every diagnostic of a run, each with the sources it points
/// into.
pub(crate) fn log<'a>(diagnostics: impl IntoIterator<Item = (&'a Sources, &'a Diagnostic)>) -> Log {
    let rules = Code::ALL
        .iter()
        .map(|code| Rule {
            id: code.as_str(),
            short_description: Text {
                text: code.summary().to_string(),
            },
            default_configuration: Configuration {
                level: level(code.severity()),
            },
        })
        .collect();
    let results = diagnostics
        .into_iter()
        .map(|(sources, diagnostic)| result(sources, diagnostic))
        .collect();
    Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "playbook",
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            results,
            column_kind: "unicodeCodePoints",
        }],
    }
}

fn result(sources: &Sources, diagnostic: &Diagnostic) -> SarifResult {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut labels = diagnostic.labels.iter();
    let locations = labels
        .next()
        .and_then(|label| location(sources, label, None))
        .into_iter()
        .collect();
    let related_locations = labels
        .enumerate()
        .filter_map(|(i, label)| location(sources, label, Some(i)))
        .collect();
    SarifResult {
        rule_id: diagnostic.code.as_str(),
        rule_index: Code::ALL
            .iter()
            .position(|c| *c == diagnostic.code)
            .unwrap_or_default(),
        level: level(diagnostic.severity),
        message: Text { text },
        locations,
        related_locations,
    }
}

/// A label as a SARIF location; related locations carry an id and their
/// label's note.
fn location(sources: &Sources, label: &Label, id: Option<usize>) -> Option<Location> {
    let place = Place::of(sources, label)?;
    let message = match id {
        Some(_) if !label.message.is_empty() => Some(Text {
            text: label.message.clone(),
        }),
        _ => None,
    };
    Some(Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&place.file),
            },
            region: Region {
                start_line: place.line,
                start_column: place.column,
                end_line: place.end_line,
                end_column: place.end_column,
            },
        },
        message,
    })
}

/// A file name as a URI reference: relative paths stay relative (to the
/// directory the command ran in), absolute ones become `file://` URIs, and
/// anything but unreserved characters and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes().get(2) == Some(&b'/');
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if drive {
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::from(prefix);
    for byte in rest.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && byte == b':');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris() {
        assert_eq!(uri("playbooks/sales.playbook"), "playbooks/sales.playbook");
        assert_eq!(
            uri("my playbooks/销售.playbook"),
            "my%20playbooks/%E9%94%80%E5%94%AE.playbook"
        );
        assert_eq!(uri("/tmp/a.playbook"), "file:///tmp/a.playbook");
        assert_eq!(uri("C:\\work\\a.playbook"), "file:///C:/work/a.playbook");
        assert_eq!(uri("<built-in>/a.playbook"), "%3Cbuilt-in%3E/a.playbook");
    }
}
