//! The language's operators, each defined once: comparison, arithmetic and
//! aggregates, and what they do to values under the missing-value rules (a
//! comparison with a missing side is false, arithmetic on missing is
//! missing, and so is a result that is not a finite number or a real date).
//!
//! This module sits below the AST and the IR, which both name the operators
//! (`ast::Compare` and `ir::Compare` are this one enum), and below the
//! checker's constant folding, the warnings' analysis and evaluation, which
//! all apply them through the functions here, so none can disagree.

use std::cmp::Ordering;

use crate::value::Value;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compare {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Compare {
    /// The operator as written: `=`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Compare::Eq => "=",
            Compare::Ne => "!=",
            Compare::Lt => "<",
            Compare::Le => "<=",
            Compare::Gt => ">",
            Compare::Ge => ">=",
        }
    }

    /// The comparison that holds exactly when this one does not (both
    /// sides present): `<` gives `>=`.
    pub fn negate(self) -> Compare {
        match self {
            Compare::Eq => Compare::Ne,
            Compare::Ne => Compare::Eq,
            Compare::Lt => Compare::Ge,
            Compare::Le => Compare::Gt,
            Compare::Gt => Compare::Le,
            Compare::Ge => Compare::Lt,
        }
    }

    /// The comparison read from the other side: `a < b` is `b > a`.
    pub fn mirror(self) -> Compare {
        match self {
            Compare::Eq => Compare::Eq,
            Compare::Ne => Compare::Ne,
            Compare::Lt => Compare::Gt,
            Compare::Le => Compare::Ge,
            Compare::Gt => Compare::Lt,
            Compare::Ge => Compare::Le,
        }
    }

    /// Whether `a OP b` holds when `a` is `ordering` to `b`.
    pub fn holds(self, ordering: Ordering) -> bool {
        match self {
            Compare::Eq => ordering == Ordering::Equal,
            Compare::Ne => ordering != Ordering::Equal,
            Compare::Lt => ordering == Ordering::Less,
            Compare::Le => ordering != Ordering::Greater,
            Compare::Gt => ordering == Ordering::Greater,
            Compare::Ge => ordering != Ordering::Less,
        }
    }

    /// Whether the operator orders (`<`, `<=`, `>`, `>=`) rather than
    /// tests equality.
    pub fn is_ordering(self) -> bool {
        !matches!(self, Compare::Eq | Compare::Ne)
    }
}

/// Arithmetic, resolved by operand types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    /// number + number
    Add,
    /// number - number
    Sub,
    /// number * number
    Mul,
    /// number / number (missing when dividing by zero)
    Div,
    /// date + duration
    DatePlus,
    /// date - duration
    DateMinus,
    /// date - date → duration
    DateDiff,
    /// duration + duration
    DurationPlus,
    /// duration - duration
    DurationMinus,
}

/// Aggregates over the values of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fold {
    /// Sum of numbers (0 for none).
    Sum,
    /// Smallest number or earliest date.
    Min,
    /// Largest number or latest date.
    Max,
}

fn number(n: f64) -> Value<'static> {
    if n.is_finite() {
        Value::Number(n)
    } else {
        Value::Missing
    }
}

/// Unary minus: on numbers and durations; anything else is missing.
pub(crate) fn minus(value: Value) -> Value {
    match value {
        Value::Number(n) => Value::Number(-n),
        Value::Duration(d) => Value::Duration(-d),
        _ => Value::Missing,
    }
}

/// `a OP b`.
pub(crate) fn arith<'a>(op: Arith, a: Value<'a>, b: Value<'a>) -> Value<'a> {
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

/// Whether two values are equal (never when either is missing).
pub(crate) fn equal(a: Value, b: Value) -> bool {
    order(a, b) == Some(Ordering::Equal)
}

/// Whether `a OP b` holds (never when either side is missing).
pub(crate) fn compare(op: Compare, a: Value, b: Value) -> bool {
    order(a, b).is_some_and(|ordering| op.holds(ordering))
}

/// Whether text contains text; anything else does not.
pub(crate) fn text_contains(haystack: &str, needle: Value) -> bool {
    match needle {
        Value::Text(part) => haystack.contains(part),
        _ => false,
    }
}

/// Sum, min or max over values, skipping missing ones.
pub(crate) struct Accumulator<'a> {
    fold: Fold,
    sum: f64,
    best: Value<'a>,
}

impl<'a> Accumulator<'a> {
    /// Nothing added yet.
    pub(crate) fn new(fold: Fold) -> Self {
        Accumulator {
            fold,
            sum: 0.0,
            best: Value::Missing,
        }
    }

    /// One more value of the list.
    pub(crate) fn add(&mut self, value: Value<'a>) {
        match self.fold {
            Fold::Sum => {
                if let Value::Number(n) = value {
                    self.sum += n;
                }
            }
            Fold::Min | Fold::Max => {
                let wanted = if self.fold == Fold::Min {
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

    /// The aggregate of the values added.
    pub(crate) fn finish(self) -> Value<'a> {
        match self.fold {
            Fold::Sum => number(self.sum),
            _ => self.best,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Compare; 6] = [
        Compare::Eq,
        Compare::Ne,
        Compare::Lt,
        Compare::Le,
        Compare::Gt,
        Compare::Ge,
    ];
    const ORDERINGS: [Ordering; 3] = [Ordering::Less, Ordering::Equal, Ordering::Greater];

    #[test]
    fn negate_and_mirror_agree_with_holds() {
        for op in ALL {
            for ordering in ORDERINGS {
                assert_eq!(op.negate().holds(ordering), !op.holds(ordering), "{op:?}");
                assert_eq!(
                    op.mirror().holds(ordering.reverse()),
                    op.holds(ordering),
                    "{op:?}"
                );
            }
            assert_eq!(op.negate().negate(), op);
            assert_eq!(op.mirror().mirror(), op);
        }
    }

    #[test]
    fn missing_compares_false_and_computes_missing() {
        for op in ALL {
            assert!(!compare(op, Value::Missing, Value::Number(1.0)));
            assert!(!compare(op, Value::Number(1.0), Value::Missing));
        }
        assert!(compare(Compare::Le, Value::Number(1.0), Value::Number(1.0)));
        assert!(matches!(
            arith(Arith::Add, Value::Missing, Value::Number(1.0)),
            Value::Missing
        ));
        assert!(matches!(
            arith(Arith::Div, Value::Number(1.0), Value::Number(0.0)),
            Value::Missing
        ));
        assert!(matches!(minus(Value::Text("a")), Value::Missing));
    }
}
