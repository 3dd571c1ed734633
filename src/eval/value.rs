//! Operations on values, with the missing-value rules of the language:
//! a comparison with a missing side is false, arithmetic on missing is
//! missing, and so is a result that is not a finite number or a real date.

use std::cmp::Ordering;

use crate::ir::{self, Arith, Compare, Constant};
use crate::value::Value;

pub fn constant(constant: &Constant) -> Value<'_> {
    match constant {
        Constant::Number(n) => Value::Number(*n),
        Constant::Text(t) => Value::Text(t),
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Date(d) => Value::Date(*d),
        Constant::Duration(d) => Value::Duration(*d),
        Constant::Stage(s) => Value::Stage(*s),
    }
}

fn number(n: f64) -> Value<'static> {
    if n.is_finite() {
        Value::Number(n)
    } else {
        Value::Missing
    }
}

pub fn arith<'a>(op: Arith, a: Value<'a>, b: Value<'a>) -> Value<'a> {
    match (op, a, b) {
        (Arith::Add, Value::Number(a), Value::Number(b)) => number(a + b),
        (Arith::Sub, Value::Number(a), Value::Number(b)) => number(a - b),
        (Arith::Mul, Value::Number(a), Value::Number(b)) => number(a * b),
        // Dividing by zero has no answer: missing, like any other unknown.
        (Arith::Div, Value::Number(a), Value::Number(b)) => {
            if b == 0.0 {
                Value::Missing
            } else {
                number(a / b)
            }
        }
        (Arith::DatePlus, Value::Date(d), Value::Duration(n)) => {
            d.add_days(n).map_or(Value::Missing, Value::Date)
        }
        (Arith::DateMinus, Value::Date(d), Value::Duration(n)) => n
            .checked_neg()
            .and_then(|n| d.add_days(n))
            .map_or(Value::Missing, Value::Date),
        (Arith::DateDiff, Value::Date(a), Value::Date(b)) => {
            Value::Duration(i64::from(a.days()) - i64::from(b.days()))
        }
        (Arith::DurationPlus, Value::Duration(a), Value::Duration(b)) => {
            a.checked_add(b).map_or(Value::Missing, Value::Duration)
        }
        (Arith::DurationMinus, Value::Duration(a), Value::Duration(b)) => {
            a.checked_sub(b).map_or(Value::Missing, Value::Duration)
        }
        _ => Value::Missing,
    }
}

/// The order of two present values of the same type.
fn order(a: Value, b: Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(&b),
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(&b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(&b)),
        (Value::Duration(a), Value::Duration(b)) => Some(a.cmp(&b)),
        (Value::Stage(a), Value::Stage(b)) => Some(a.cmp(&b)),
        _ => None,
    }
}

pub fn equal(a: Value, b: Value) -> bool {
    order(a, b) == Some(Ordering::Equal)
}

pub fn compare(op: Compare, a: Value, b: Value) -> bool {
    let Some(ordering) = order(a, b) else {
        return false;
    };
    match op {
        Compare::Eq => ordering == Ordering::Equal,
        Compare::Ne => ordering != Ordering::Equal,
        Compare::Lt => ordering == Ordering::Less,
        Compare::Le => ordering != Ordering::Greater,
        Compare::Gt => ordering == Ordering::Greater,
        Compare::Ge => ordering != Ordering::Less,
    }
}

/// Sum, min or max over values, skipping missing ones.
pub struct Fold<'a> {
    fold: ir::Fold,
    sum: f64,
    best: Value<'a>,
}

impl<'a> Fold<'a> {
    pub fn new(fold: ir::Fold) -> Self {
        Fold {
            fold,
            sum: 0.0,
            best: Value::Missing,
        }
    }

    pub fn add(&mut self, value: Value<'a>) {
        match self.fold {
            ir::Fold::Sum => {
                if let Value::Number(n) = value {
                    self.sum += n;
                }
            }
            ir::Fold::Min | ir::Fold::Max => {
                let wanted = if self.fold == ir::Fold::Min {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                let better = match self.best {
                    Value::Missing => !matches!(value, Value::Missing),
                    best => order(value, best) == Some(wanted),
                };
                if better {
                    self.best = value;
                }
            }
        }
    }

    pub fn finish(self) -> Value<'a> {
        match self.fold {
            ir::Fold::Sum => number(self.sum),
            _ => self.best,
        }
    }
}

/// Appends a value as a message shows it: missing as `—`, dates as
/// `YYYY-MM-DD`, numbers without trailing zeros, stages by name.
pub fn render_value(value: Value, playbook: &ir::Playbook, out: &mut String) {
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
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let text = format!("{n:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
