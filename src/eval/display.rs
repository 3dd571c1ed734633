//! Values as messages show them.

use crate::ir;
use crate::value::Value;

/// Appends a value as a message shows it: missing as `—`, dates as
/// `YYYY-MM-DD`, numbers without trailing zeros, stages by name.
pub(crate) fn render_value(value: Value, playbook: &ir::Playbook, out: &mut String) {
    use std::fmt::Write;
    match value {
        Value::Missing | Value::Record(_) | Value::List(_) => out.push('—'),
        Value::Number(n) => out.push_str(&format_number(n)),
        Value::Text(t) => out.push_str(t),
        Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Value::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Duration(d) => {
            out.push_str(&crate::words::count_noun(d, "day"));
        }
        Value::Stage(rank) => match playbook.stages.get(rank as usize) {
            Some(stage) => out.push_str(&stage.name),
            None => out.push('—'),
        },
    }
}

/// A number without trailing zeros: `120000`, `0.5`, `0.3` (not `0.30000000000000004`).
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let text = format!("{n:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
