//! `playbook explain` as text: each rule, whether it fired, each part of
//! its condition with the values it had, and the near-miss hint.

use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};

use crate::explain::{Combine, Explanation, Hint, Part, RuleExplanation};
use crate::words::{Lang, Message, RuleStatus};

/// Explanations are in English until the CLI passes the reader's language.
const LANG: Lang = Lang::En;

fn mark(out: &mut dyn WriteColor, result: bool) -> io::Result<()> {
    let mut spec = ColorSpec::new();
    spec.set_fg(Some(if result { Color::Green } else { Color::Red }));
    out.set_color(&spec)?;
    write!(out, "{}", if result { "✓" } else { "✗" })?;
    out.reset()
}

fn part(out: &mut dyn WriteColor, part: &Part, indent: usize) -> io::Result<()> {
    write!(out, "{:indent$}", "")?;
    mark(out, part.result)?;
    writeln!(out, " {}", part.message().render(LANG))?;
    for child in &part.parts {
        self::part(out, child, indent + 2)?;
    }
    Ok(())
}

/// The parts under `when ...`: a top-level `and`/`or` shows its parts
/// directly (the `when` line already says how they combine).
fn condition(out: &mut dyn WriteColor, root: &Part, indent: usize) -> io::Result<()> {
    match root.combine {
        Some(Combine::All | Combine::Any) => {
            for child in &root.parts {
                part(out, child, indent)?;
            }
            Ok(())
        }
        _ => part(out, root, indent),
    }
}

fn hint(out: &mut dyn WriteColor, hint: &Hint, indent: usize) -> io::Result<()> {
    let mut dim = ColorSpec::new();
    dim.set_dimmed(true);
    write!(out, "{:indent$}", "")?;
    out.set_color(&dim)?;
    write!(out, "{}", Message::HintLabel.render(LANG))?;
    out.reset()?;
    writeln!(out, " {}", Message::Hint(hint).render(LANG))
}

fn rule(out: &mut dyn WriteColor, rule: &RuleExplanation) -> io::Result<()> {
    mark(out, rule.fired)?;
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, " {}", rule.rule)?;
    out.reset()?;
    if let Some(title) = &rule.title {
        write!(out, " · {title}")?;
    }
    let status = match (&rule.for_each, rule.fired) {
        (Some(each), fired) => {
            let firing = each.items.iter().filter(|i| i.fired).count();
            let item = each.text.split_whitespace().nth(2).unwrap_or("item");
            match (fired, each.items.len()) {
                (_, 0) if each.missing => RuleStatus::ListMissing,
                (_, 0) => RuleStatus::ListEmpty,
                (true, items) => RuleStatus::FiredFor {
                    firing,
                    items,
                    item,
                },
                (false, items) => RuleStatus::FiredForNone { items, item },
            }
        }
        (None, true) => RuleStatus::Fired,
        (None, false) => RuleStatus::Silent,
    };
    write!(out, ": {}", Message::RuleStatus(status).render(LANG))?;
    if let Some(snooze) = &rule.snoozed {
        let until = snooze.until.to_string();
        let snoozed = Message::Snoozed {
            until: &until,
            reason: &snooze.reason,
        };
        write!(out, "{}", snoozed.render(LANG))?;
    }
    writeln!(out)?;
    if let Some(each) = &rule.for_each {
        writeln!(out, "    {}", each.text)?;
        writeln!(out, "    when {}", rule.when)?;
        for item in &each.items {
            write!(out, "    ")?;
            mark(out, item.fired)?;
            let fires = Message::ItemStatus { fired: item.fired };
            writeln!(out, " {}: {}", item.label, fires.render(LANG))?;
            condition(out, &item.condition, 8)?;
            hint(out, &item.near_miss, 8)?;
        }
    } else {
        writeln!(out, "    when {}", rule.when)?;
        if let Some(root) = &rule.condition {
            condition(out, root, 6)?;
        }
    }
    if let Some(near_miss) = &rule.near_miss {
        hint(out, near_miss, 4)?;
    }
    Ok(())
}

/// Writes one deal's explanation.
pub(crate) fn explain_text(out: &mut dyn WriteColor, explanation: &Explanation) -> io::Result<()> {
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, "{}", explanation.deal)?;
    if let Some(name) = &explanation.name {
        write!(out, " · {name}")?;
    }
    out.reset()?;
    writeln!(out)?;
    let (position, stages) = explanation.position;
    let heading = Message::ExplainHeading {
        stage: &explanation.stage,
        position,
        stages,
        today: &explanation.today,
        fired: explanation.rules.iter().filter(|r| r.fired).count(),
        rules: explanation.rules.len(),
        actions: explanation.actions,
    };
    writeln!(out, "{}", heading.render(LANG))?;
    for explained in &explanation.rules {
        writeln!(out)?;
        rule(out, explained)?;
    }
    Ok(())
}
