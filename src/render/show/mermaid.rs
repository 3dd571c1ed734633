//! `show --format mermaid`: the stages as a left-to-right flowchart, each
//! node with its label and its number of rules.

use std::fmt::Write;

use super::ShowLabels;
use crate::sales_path::SalesPath;

/// Text inside a quoted Mermaid label: Mermaid's entity codes for the
/// characters it would read as syntax.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The path as a Mermaid `flowchart LR`.
pub(crate) fn mermaid(path: &SalesPath, labels: &ShowLabels) -> String {
    let mut out = String::from("flowchart LR\n");
    for stage in &path.stages {
        let _ = writeln!(
            out,
            "  s{}[\"{}. {}<br/>{}\"]",
            stage.number,
            stage.number,
            label(stage.title()),
            labels.rules(stage.rules.len())
        );
    }
    for pair in path.stages.windows(2) {
        if let [from, to] = pair {
            let _ = writeln!(out, "  s{} --> s{}", from.number, to.number);
        }
    }
    if !path.every_stage.is_empty() {
        let _ = writeln!(
            out,
            "  every([\"{}<br/>{}\"])",
            label(labels.every_stage()),
            labels.rules(path.every_stage.len())
        );
    }
    out
}
