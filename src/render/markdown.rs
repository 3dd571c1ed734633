//! `check --format markdown`: a section per deal with a table of actions,
//! for pasting into a wiki or a pull request.

use std::fmt::Write;

use super::Labels;
use crate::diagnostic::render::JsonDiagnostic;
use crate::ir;
use crate::recommendation::DealResult;
use crate::span::Sources;

pub(super) fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(super) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The heading of a Markdown report.
pub(crate) fn markdown_header(playbook: &ir::Playbook, labels: &Labels) -> String {
    format!("# {}: {}\n\n", labels.next_actions, cell(&playbook.name))
}

/// One deal as a Markdown section: a heading, the stage, and a table of
/// its actions.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, markdown_deal, Labels, Date, DealFormat, FileId, Lang, Source, Sources};
///
/// let playbook = builtin(Lang::En);
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("deal.yaml", None, "id: D-1\nname: Globex\nstage: prospecting\n"));
/// let deals = load_deals(sources.get(file).unwrap(), file, DealFormat::Yaml, &playbook.deal_context());
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, &deals[0].as_ref().unwrap().deal, today);
/// let markdown = markdown_deal(&sources, &result, &Labels::new(Lang::En));
/// assert!(markdown.starts_with("## D-1 — Globex\n"));
/// assert!(markdown.contains("Stage: **prospecting** (1 of 5)"));
/// assert!(markdown.contains("| `research-account` |"));
/// ```
pub fn markdown_deal(sources: &Sources, result: &DealResult, labels: &Labels) -> String {
    let mut out = String::new();
    let title = match (&result.deal, &result.name) {
        (Some(id), Some(name)) => format!("{id} — {}", cell(name)),
        (Some(id), None) => id.clone(),
        _ => labels.unreadable_deal.to_string(),
    };
    let _ = writeln!(out, "## {title}\n");
    if let (Some(stage), Some((position, total))) = (&result.stage, result.position) {
        let _ = writeln!(
            out,
            "{}: **{stage}** ({})\n",
            labels.stage,
            labels.position(position, total)
        );
    }
    for error in &result.errors {
        let json = JsonDiagnostic::new(sources, error);
        let place = match (&json.file, json.line, json.column) {
            (Some(file), Some(line), Some(column)) => format!("`{file}:{line}:{column}` "),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "- **error** {place}{} ({})",
            cell(&json.message),
            json.code
        );
    }
    if !result.errors.is_empty() {
        out.push('\n');
        return out;
    }
    if result.actions.is_empty() {
        let none = if result.filtered_out > 0 {
            labels.none_match_filter
        } else {
            labels.no_actions
        };
        let _ = writeln!(out, "{none}\n");
    } else {
        let _ = writeln!(
            out,
            "| # | {} | {} | {} | {} |",
            labels.priority,
            labels.action,
            capitalized(labels.why),
            capitalized(labels.rule)
        );
        out.push_str("|---|---|---|---|---|\n");
        for (i, action) in result.actions.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | `{}` |",
                i + 1,
                labels.priority_name(action.priority),
                cell(&action.message),
                cell(action.because.as_deref().unwrap_or("")),
                action.rule
            );
        }
        out.push('\n');
    }
    for snooze in &result.snoozed {
        let _ = writeln!(
            out,
            "- {} `{}` {} {} — {}",
            labels.snoozed,
            snooze.rule,
            labels.until,
            snooze.until,
            cell(&snooze.reason)
        );
    }
    if !result.snoozed.is_empty() {
        out.push('\n');
    }
    out
}
