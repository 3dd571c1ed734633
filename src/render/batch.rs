//! `check` output for a batch: each deal rendered on a worker thread, and
//! the text that frames the deals of a JSON, YAML or Markdown document
//! (written before the first deal and after the last, so output streams).

use codespan_reporting::term::termcolor::Buffer;

use super::Labels;
use crate::batch::{Renderer, Summary};
use crate::date::Date;
use crate::diagnostic::{render::write_text, Diagnostic};
use crate::ir;
use crate::recommendation::DealResult;
use crate::span::Sources;

/// The formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people: each deal, its stage and numbered actions.
    Text,
    /// One JSON document: deals, actions and a summary.
    Json,
    /// One JSON line per deal.
    Ndjson,
    /// A Markdown section per deal.
    Markdown,
    /// The JSON document as YAML.
    Yaml,
}

/// Renders each deal in the chosen format, on worker threads.
pub struct BatchRenderer<'a> {
    /// The output format.
    pub format: Format,
    /// The playbook the deals are checked against.
    pub playbook: &'a ir::Playbook,
    /// Words in the rep's language.
    pub labels: Labels,
    /// Colour in standard output.
    pub color_stdout: bool,
    /// Colour in standard error.
    pub color_stderr: bool,
}

fn buffer(color: bool) -> Buffer {
    if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    }
}

impl Renderer for BatchRenderer<'_> {
    fn render(&self, result: &DealResult, sources: &Sources) -> (Vec<u8>, Vec<u8>) {
        // Deal errors always reach stderr; warnings too when stdout is for
        // machines (the text format shows them with the deal).
        let mut shown: Vec<Diagnostic> = result.errors.clone();
        if self.format != Format::Text {
            shown.extend(result.warnings.iter().cloned());
        }
        let mut stderr = buffer(self.color_stderr);
        if !shown.is_empty() {
            let _ = write_text(&mut stderr, sources, &shown);
        }
        let stdout = match self.format {
            Format::Text if result.is_error() => Vec::new(),
            Format::Text => {
                let mut out = buffer(self.color_stdout);
                let _ = super::text_deal(&mut out, self.playbook, sources, result, &self.labels);
                out.into_inner()
            }
            Format::Json => {
                let json = serde_json::to_string_pretty(&super::deal_json(sources, result))
                    .unwrap_or_default();
                let mut out = String::with_capacity(json.len() + 64);
                for (i, line) in json.lines().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str("    ");
                    out.push_str(line);
                }
                out.into_bytes()
            }
            Format::Ndjson => {
                let mut line =
                    serde_json::to_vec(&super::deal_json(sources, result)).unwrap_or_default();
                line.push(b'\n');
                line
            }
            Format::Yaml => crate::yaml::to_yaml(&[super::deal_json(sources, result)]).into_bytes(),
            Format::Markdown => super::markdown_deal(sources, result, &self.labels).into_bytes(),
        };
        (stdout, stderr.into_inner())
    }
}

/// What comes before the first deal.
pub fn header(format: Format, playbook: &ir::Playbook, today: Date, labels: &Labels) -> String {
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
    match format {
        Format::Json => format!(
            "{{\n  \"playbook\": {},\n  \"today\": \"{today}\",\n  \"deals\": [\n",
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
        Format::Text | Format::Ndjson => String::new(),
    }
}

/// What comes after the last deal.
pub fn footer(format: Format, summary: &Summary, shown: u64, quiet: bool) -> String {
    match format {
        Format::Json => {
            let summary = serde_json::to_string_pretty(summary)
                .unwrap_or_default()
                .replace('\n', "\n  ");
            let close = if shown > 0 { "\n  ]" } else { "  ]" };
            format!("{close},\n  \"summary\": {summary}\n}}\n")
        }
        Format::Yaml => {
            #[derive(serde::Serialize)]
            struct Tail<'a> {
                summary: &'a Summary,
            }
            let summary = crate::yaml::to_yaml(&Tail { summary });
            if shown > 0 {
                summary
            } else {
                format!("  []\n{summary}")
            }
        }
        Format::Markdown if !quiet => String::new(),
        _ => String::new(),
    }
}
