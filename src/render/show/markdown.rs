//! `show --format markdown`: the path for a wiki or a README.

use std::fmt::Write;

use super::super::markdown::{capitalized, cell};
use super::ShowLabels;
use crate::sales_path::{plain, RuleCard, SalesPath};

/// Text for Markdown: `|` and line breaks as `cell` makes them, and the
/// characters that would start HTML escaped, so a `<` in a label shows.
fn text(text: &str) -> String {
    cell(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn table(out: &mut String, rules: &[RuleCard], labels: &ShowLabels) {
    let common = &labels.common;
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        common.priority,
        common.action,
        capitalized(common.why),
        capitalized(common.rule)
    );
    out.push_str("|---|---|---|---|\n");
    for rule in rules {
        let for_each = rule
            .for_each
            .as_ref()
            .map(|f| format!("<br>`{}`", cell(f)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | **{}**<br>{} | {} | `{}`{for_each} |",
            common.priority_name(rule.priority),
            text(rule.heading()),
            text(&plain(&rule.action)),
            text(&rule.reason.as_deref().map(plain).unwrap_or_default()),
            rule.id
        );
    }
    out.push('\n');
}

/// The path as Markdown.
pub(crate) fn markdown(path: &SalesPath, labels: &ShowLabels) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", text(&path.name));
    let meta: Vec<String> = path
        .version
        .iter()
        .map(|v| format!("*{}*", capitalized(&labels.version(v))))
        .chain(path.description.iter().map(|d| text(d)))
        .collect();
    if !meta.is_empty() {
        let _ = writeln!(out, "{}\n", meta.join(" · "));
    }
    let _ = writeln!(out, "## {}\n", labels.sales_path());
    for stage in &path.stages {
        let symbol = match stage.label {
            Some(_) => format!(" (`{}`)", stage.name),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{}. **{}**{symbol}: {}",
            stage.number,
            text(stage.title()),
            labels.rules(stage.rules.len())
        );
    }
    if !path.every_stage.is_empty() {
        let _ = writeln!(
            out,
            "\n{}: {}",
            labels.every_stage(),
            labels.rules(path.every_stage.len())
        );
    }
    out.push('\n');
    let total = path.stages.len();
    for stage in &path.stages {
        let _ = writeln!(
            out,
            "## {}: {}\n",
            labels.stage_of(stage.number, total),
            text(stage.title())
        );
        if stage.rules.is_empty() {
            let _ = writeln!(out, "{}\n", labels.no_rules());
        } else {
            table(&mut out, &stage.rules, labels);
        }
    }
    for (title, note, list) in [
        (
            labels.every_stage(),
            labels.every_stage_note(),
            &path.every_stage,
        ),
        (labels.no_stage(), labels.no_stage_note(), &path.no_stage),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "## {title}\n\n{note}\n");
            table(&mut out, list, labels);
        }
    }
    let _ = writeln!(out, "*{}*", labels.placeholders());
    out
}
