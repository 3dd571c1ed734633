//! `playbook explain` as text: each rule, whether it fired, each part of
//! its condition with the values it had, and the near-miss hint.

use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};

use crate::explain::{Combine, Explanation, Part, RuleExplanation};
use crate::words::{Message, Noun};
use crate::Lang;

/// `3 rules`, in English: explanations are not translated yet.
fn count(n: usize, noun: Noun) -> String {
    Message::Count { n: n as u64, noun }.render(Lang::En)
}

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
    writeln!(out, " {}", part.line)?;
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

fn hint(out: &mut dyn WriteColor, hint: &str, indent: usize) -> io::Result<()> {
    let mut dim = ColorSpec::new();
    dim.set_dimmed(true);
    write!(out, "{:indent$}", "")?;
    out.set_color(&dim)?;
    write!(out, "hint:")?;
    out.reset()?;
    writeln!(out, " {hint}")
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
            let item = each
                .text
                .split_whitespace()
                .nth(2)
                .unwrap_or("item")
                .to_string();
            match (fired, each.items.len()) {
                (_, 0) if each.missing => "did not fire: the list is missing".to_string(),
                (_, 0) => "did not fire: the list is empty".to_string(),
                (true, n) => format!("fired for {firing} of {}", count(n, Noun::Named(&item))),
                (false, n) => format!("did not fire for any of {}", count(n, Noun::Named(&item))),
            }
        }
        (None, true) => "fired".to_string(),
        (None, false) => "did not fire".to_string(),
    };
    write!(out, ": {status}")?;
    if let Some(snooze) = &rule.snoozed {
        write!(
            out,
            ", but snoozed until {} ({})",
            snooze.until, snooze.reason
        )?;
    }
    writeln!(out)?;
    if let Some(each) = &rule.for_each {
        writeln!(out, "    {}", each.text)?;
        writeln!(out, "    when {}", rule.when)?;
        for item in &each.items {
            write!(out, "    ")?;
            mark(out, item.fired)?;
            writeln!(
                out,
                " {}: {}",
                item.label,
                if item.fired { "fires" } else { "does not fire" }
            )?;
            condition(out, &item.condition, 8)?;
            hint(out, &item.hint, 8)?;
        }
    } else {
        writeln!(out, "    when {}", rule.when)?;
        if let Some(root) = &rule.condition {
            condition(out, root, 6)?;
        }
    }
    if let Some(text) = &rule.hint {
        hint(out, text, 4)?;
    }
    Ok(())
}

/// Writes one deal's explanation.
pub fn explain_text(out: &mut dyn WriteColor, explanation: &Explanation) -> io::Result<()> {
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, "{}", explanation.deal)?;
    if let Some(name) = &explanation.name {
        write!(out, " · {name}")?;
    }
    out.reset()?;
    writeln!(out)?;
    let (position, total) = explanation.position;
    let fired = explanation.rules.iter().filter(|r| r.fired).count();
    writeln!(
        out,
        "{}, {position} of {total} · as of {} · {} of {} fired, {}",
        explanation.stage,
        explanation.today,
        fired,
        count(explanation.rules.len(), Noun::Rule),
        count(explanation.actions, Noun::Action),
    )?;
    for explained in &explanation.rules {
        writeln!(out)?;
        rule(out, explained)?;
    }
    Ok(())
}
