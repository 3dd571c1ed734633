//! `show --format text`: the path for a terminal, in `check`'s style.

use std::io;

use codespan_reporting::term::termcolor::{ColorSpec, WriteColor};

use super::super::text::priority_color;
use super::ShowLabels;
use crate::sales_path::{plain, RuleCard, SalesPath};

fn rules(out: &mut dyn WriteColor, rules: &[RuleCard], labels: &ShowLabels) -> io::Result<()> {
    let mut dim = ColorSpec::new();
    dim.set_dimmed(true);
    let width = rules.len().to_string().len();
    let indent = " ".repeat(width + 4);
    for (i, rule) in rules.iter().enumerate() {
        write!(out, "  {:>width$}. ", i + 1)?;
        out.set_color(&priority_color(rule.priority))?;
        write!(out, "[{}]", labels.common.priority_name(rule.priority))?;
        out.reset()?;
        writeln!(out, " {}", rule.heading())?;
        writeln!(out, "{indent}{}", plain(&rule.action))?;
        if let Some(reason) = &rule.reason {
            out.set_color(&dim)?;
            write!(out, "{indent}{}: ", labels.common.why)?;
            out.reset()?;
            writeln!(out, "{}", plain(reason))?;
        }
        out.set_color(&dim)?;
        write!(out, "{indent}{}: {}", labels.common.rule, rule.id)?;
        if let Some(for_each) = &rule.for_each {
            write!(out, " ({for_each})")?;
        }
        writeln!(out)?;
        out.reset()?;
    }
    Ok(())
}

/// Writes the path as text.
pub(crate) fn text(
    out: &mut dyn WriteColor,
    path: &SalesPath,
    labels: &ShowLabels,
) -> io::Result<()> {
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    out.set_color(&bold)?;
    write!(out, "{}", path.name)?;
    out.reset()?;
    if let Some(version) = &path.version {
        write!(out, " · {}", labels.version(version))?;
    }
    writeln!(out)?;
    if let Some(description) = &path.description {
        writeln!(out, "{description}")?;
    }
    let total = path.stages.len();
    for stage in &path.stages {
        writeln!(out)?;
        out.set_color(&bold)?;
        write!(
            out,
            "{} · {}",
            labels.stage_of(stage.number, total),
            stage.title()
        )?;
        out.reset()?;
        if stage.label.is_some() {
            write!(out, " ({})", stage.name)?;
        }
        writeln!(out)?;
        if stage.rules.is_empty() {
            writeln!(out, "  {}", labels.no_rules())?;
        }
        rules(out, &stage.rules, labels)?;
    }
    for (title, note, list) in [
        (
            labels.every_stage(),
            labels.every_stage_note(),
            &path.every_stage,
        ),
        (labels.no_stage(), labels.no_stage_note(), &path.no_stage),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out)?;
        out.set_color(&bold)?;
        write!(out, "{title}")?;
        out.reset()?;
        writeln!(out, " · {note}")?;
        rules(out, list, labels)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", labels.placeholders())
}
