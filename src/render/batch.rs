//! `check` output for a batch: each deal rendered on a worker thread (the
//! document around the deals is [`super::DocumentStream`]'s).

use codespan_reporting::term::termcolor::Buffer;

use super::Labels;
use crate::batch::Renderer;
use crate::diagnostic::{render::write_text, Diagnostic};
use crate::ir;
use crate::recommendation::DealResult;
use crate::span::Sources;

/// The formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
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
    /// One CSV row per action, after a header row.
    Csv,
    /// One self-contained page for a pipeline review.
    Html,
}

/// Renders each deal in the chosen format, on worker threads.
pub(crate) struct BatchRenderer<'a> {
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
            Format::Json => super::json_item(&super::deal_json(sources, result)).into_bytes(),
            Format::Ndjson => super::ndjson_item(&super::deal_json(sources, result)),
            Format::Yaml => super::yaml_item(&super::deal_json(sources, result)).into_bytes(),
            Format::Markdown => super::markdown_deal(sources, result, &self.labels).into_bytes(),
            Format::Csv => super::csv::csv_deal(result),
            Format::Html if result.is_error() => Vec::new(),
            Format::Html => {
                super::review::review_deal(result, self.playbook, &self.labels).into_bytes()
            }
        };
        (stdout, stderr.into_inner())
    }
}
