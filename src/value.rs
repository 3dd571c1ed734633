//! Values as rules see them while a deal is evaluated.
//!
//! A [`Value`] borrows from the deal and the compiled playbook, so reading a
//! field never copies or allocates. Lists are walked in place through
//! [`Items`]; a filtered list is never built, its items are visited.

use crate::date::Date;

/// A value during evaluation.
#[derive(Clone, Copy)]
pub(crate) enum Value<'a> {
    /// An absent field (or `null`).
    Missing,
    /// A number.
    Number(f64),
    /// Text (symbols are text too).
    Text(&'a str),
    /// `true` or `false`.
    Bool(bool),
    /// A calendar date.
    Date(Date),
    /// A number of days.
    Duration(i64),
    /// A stage, as its position on the path (0 = first stage).
    Stage(u32),
    /// A record such as `account` or one contact.
    Record(&'a dyn Record),
    /// A list field such as `contacts`.
    List(&'a dyn Items),
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Missing => f.write_str("Missing"),
            Value::Number(n) => write!(f, "Number({n})"),
            Value::Text(t) => write!(f, "Text({t:?})"),
            Value::Bool(b) => write!(f, "Bool({b})"),
            Value::Date(d) => write!(f, "Date({d})"),
            Value::Duration(d) => write!(f, "Duration({d})"),
            Value::Stage(s) => write!(f, "Stage({s})"),
            Value::Record(_) => f.write_str("Record"),
            Value::List(items) => write!(f, "List({})", items.len()),
        }
    }
}

/// Something with fields read by position (the position is fixed by the
/// record's schema, so compiled rules never look a name up).
pub(crate) trait Record {
    /// The value of field number `index` of this record's schema.
    fn field(&self, index: usize) -> Value<'_>;
}

/// A list whose items are read in place.
pub(crate) trait Items {
    /// How many items.
    fn len(&self) -> usize;
    /// Item number `index` (`Missing` past the end).
    fn item(&self, index: usize) -> Value<'_>;
}

impl<T: Record> Items for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn item(&self, index: usize) -> Value<'_> {
        self.get(index).map_or(Value::Missing, |r| Value::Record(r))
    }
}

impl Items for Vec<String> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn item(&self, index: usize) -> Value<'_> {
        self.get(index).map_or(Value::Missing, |t| Value::Text(t))
    }
}

/// Turns a stored field into a [`Value`].
pub(crate) trait AsValue {
    /// The value, `Missing` when absent.
    fn as_value(&self) -> Value<'_>;
}

impl AsValue for Option<String> {
    fn as_value(&self) -> Value<'_> {
        self.as_deref().map_or(Value::Missing, Value::Text)
    }
}

impl AsValue for Option<f64> {
    fn as_value(&self) -> Value<'_> {
        self.map_or(Value::Missing, Value::Number)
    }
}

impl AsValue for Option<bool> {
    fn as_value(&self) -> Value<'_> {
        self.map_or(Value::Missing, Value::Bool)
    }
}

impl AsValue for Option<Date> {
    fn as_value(&self) -> Value<'_> {
        self.map_or(Value::Missing, Value::Date)
    }
}

impl<T: Items> AsValue for Option<T> {
    fn as_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Missing, |l| Value::List(l))
    }
}
