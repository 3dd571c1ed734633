//! One writer for a stream of documents in one output — the deals of
//! `check`, the explanations of `explain`: what comes before the first,
//! between two, and after the last, in each format. Items are written as
//! they come, so output streams and never holds more than one item.
//!
//! JSON is one object, `{"playbook", "today", "deals": [...]}` (and a
//! `summary` when the command has one); YAML the same mapping; NDJSON one
//! line per item and nothing around them; Markdown a heading first; text
//! a blank line between items.

use serde::Serialize;

use super::{Format, Labels};
use crate::date::Date;
use crate::ir;

/// The framing of one output's items, and how many have been written.
#[derive(Debug)]
pub(crate) struct DocumentStream {
    format: Format,
    written: u64,
}

impl DocumentStream {
    /// A stream of items in `format`, none written yet.
    pub(crate) fn new(format: Format) -> DocumentStream {
        DocumentStream { format, written: 0 }
    }

    /// How many items have been written.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// What comes before the first item.
    pub(crate) fn head(&self, playbook: &ir::Playbook, today: Date, labels: &Labels) -> String {
        let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
        match self.format {
            Format::Json => format!(
                "{{\n  \"playbook\": {},\n  \"today\": \"{today}\",\n  \"deals\": [",
                quoted(&playbook.name)
            ),
            Format::Yaml => {
                #[derive(serde::Serialize)]
                struct Head<'a> {
                    playbook: &'a str,
                    today: String,
                }
                let head = Head {
                    playbook: &playbook.name,
                    today: today.to_string(),
                };
                format!("{}deals:\n", crate::yaml::to_yaml(&head))
            }
            Format::Markdown => super::markdown_header(playbook, labels),
            Format::Csv => super::csv::HEADER.to_string(),
            Format::Text | Format::Ndjson | Format::Html => String::new(),
        }
    }

    /// What comes before the next item (counting it as written).
    pub(crate) fn separator(&mut self) -> &'static str {
        let first = self.written == 0;
        self.written += 1;
        match (self.format, first) {
            (Format::Json, true) => "\n",
            (Format::Json, false) => ",\n",
            (Format::Text, false) => "\n",
            _ => "",
        }
    }

    /// What comes after the last item, with the run's `summary` when the
    /// command has one.
    pub(crate) fn tail(&self, summary: Option<&impl Serialize>) -> String {
        let any = self.written > 0;
        match (self.format, summary) {
            (Format::Json, Some(summary)) => {
                let summary = serde_json::to_string_pretty(summary)
                    .unwrap_or_default()
                    .replace('\n', "\n  ");
                format!("\n  ],\n  \"summary\": {summary}\n}}\n")
            }
            // Without a summary an empty list is written `[]` (the
            // `explain` document has always been so).
            (Format::Json, None) => format!("{}\n}}\n", if any { "\n  ]" } else { "]" }),
            (Format::Yaml, summary) => {
                #[derive(serde::Serialize)]
                struct Tail<S> {
                    summary: S,
                }
                let summary = summary.map_or_else(String::new, |summary| {
                    crate::yaml::to_yaml(&Tail { summary })
                });
                if any {
                    summary
                } else {
                    format!("  []\n{summary}")
                }
            }
            _ => String::new(),
        }
    }
}

/// One item of a JSON stream: pretty JSON, nested two levels down in the
/// document (no line break after it: the separator or the tail brings it).
pub(crate) fn json_item(item: &impl Serialize) -> String {
    let json = serde_json::to_string_pretty(item).unwrap_or_default();
    let mut out = String::with_capacity(json.len() + 64);
    for (i, line) in json.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// One item of an NDJSON stream: a line.
pub(crate) fn ndjson_item(item: &impl Serialize) -> Vec<u8> {
    let mut line = serde_json::to_vec(item).unwrap_or_default();
    line.push(b'\n');
    line
}

/// One item of a YAML stream: an entry of the `deals` sequence.
pub(crate) fn yaml_item(item: &impl Serialize) -> String {
    crate::yaml::to_yaml(&[item])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames `items` in JSON, with `summary` or not.
    fn json(items: &[u32], summary: Option<&u32>) -> String {
        let mut document = DocumentStream::new(Format::Json);
        let mut out = String::from("{\"deals\": [");
        for item in items {
            out.push_str(document.separator());
            out.push_str(&json_item(item));
        }
        out.push_str(&document.tail(summary));
        out
    }

    #[test]
    fn json_items_are_separated_by_commas_and_nested() {
        assert_eq!(
            json(&[1, 2], None),
            "{\"deals\": [\n    1,\n    2\n  ]\n}\n"
        );
    }

    #[test]
    fn an_empty_json_list_closes_as_each_command_writes_it() {
        assert_eq!(json(&[], None), "{\"deals\": []\n}\n");
        assert_eq!(
            json(&[], Some(&7)),
            "{\"deals\": [\n  ],\n  \"summary\": 7\n}\n"
        );
    }

    #[test]
    fn text_items_are_separated_by_a_blank_line_and_ndjson_by_nothing() {
        let mut text = DocumentStream::new(Format::Text);
        assert_eq!([text.separator(), text.separator()], ["", "\n"]);
        let mut ndjson = DocumentStream::new(Format::Ndjson);
        assert_eq!([ndjson.separator(), ndjson.separator()], ["", ""]);
        assert_eq!(ndjson_item(&[1]), b"[1]\n");
        assert_eq!(ndjson.written(), 2);
    }
}
