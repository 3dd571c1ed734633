//! The deal model of DEALS.md as Rust types, read straight from YAML or JSON.
//!
//! Each record is declared once with `record!`, which derives the struct, its
//! schema (for the checker), positional field access (for the evaluator) and
//! a strict deserializer: unknown fields and repeated fields are errors with a
//! "did you mean", `null` is missing, dates are checked against the calendar.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::schema::{FieldDef, FieldKind, RecordSchema};
use crate::date::Date;
use crate::diagnostic::suggest;
use crate::value::{AsValue, Record, Value};

/// Which field of a schema a map key names. Reads the key without
/// allocating when the format allows.
pub(crate) struct FieldKey<'s>(pub &'s RecordSchema);

/// A key that is either a field position or an unknown name.
pub(crate) enum Key {
    Known(usize),
    Unknown(String),
}

impl<'de> DeserializeSeed<'de> for FieldKey<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldKey<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.fields.iter().position(|f| f.name == v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_string()),
        })
    }
}

/// The error for a field the schema does not have.
pub(crate) fn unknown_field<E: de::Error>(schema: &RecordSchema, name: &str) -> E {
    let hint = match suggest(name, schema.names()) {
        Some(close) => format!("; {}", crate::words::did_you_mean(close)),
        None => format!(
            "; {} has: {}",
            crate::words::with_article(schema.name),
            schema.names().collect::<Vec<_>>().join(", ")
        ),
    };
    E::custom(format_args!(
        "unknown field `{name}` in {}{hint}",
        schema.name
    ))
}

/// The error for a field given twice.
pub(crate) fn duplicate_field<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("field `{name}` is given twice"))
}

/// The longest text a deal field may hold, in bytes. Texts are shown in
/// messages; one far past any real note is a broken export.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// A field value as the deal model reads it: numbers must be finite, texts
/// at most [`MAX_TEXT_BYTES`]. Each check fails on the value itself, so the
/// parser reports it where the value stands.
pub(crate) trait FieldValue: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

thread_local! {
    /// Bytes a YAML deal may still take once read (see [`with_budget`]).
    static BUDGET: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// Reads a deal with at most `bytes` of memory for its values. YAML
/// aliases (`*name`) repeat an anchored value without repeating its text,
/// so a small file could otherwise expand into gigabytes ("billion laughs"
/// through the typed fields); JSON has no aliases and reads without it.
pub(crate) fn with_budget<T>(bytes: usize, read: impl FnOnce() -> T) -> T {
    let outer = BUDGET.replace(bytes);
    let result = read();
    BUDGET.set(outer);
    result
}

/// Takes `bytes` from the budget, or fails at this value once it is spent.
pub(crate) fn spend<E: de::Error>(bytes: usize) -> Result<(), E> {
    let left = BUDGET.get();
    if bytes > left {
        BUDGET.set(0);
        return Err(E::custom(
            "E300: this deal is many times larger once its YAML aliases (`*name`) are expanded; write the values out instead of repeating aliases",
        ));
    }
    BUDGET.set(left - bytes);
    Ok(())
}

/// Text, checked for length.
pub(crate) struct TextVisitor;

impl Visitor<'_> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        check_text(v)?;
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        check_text(&v)?;
        Ok(v)
    }
}

/// The error for a text over [`MAX_TEXT_BYTES`].
pub(crate) fn check_text<E: de::Error>(text: &str) -> Result<(), E> {
    spend(text.len() + std::mem::size_of::<String>())?;
    if text.len() > MAX_TEXT_BYTES {
        return Err(E::custom(format_args!(
            "E302: this text is {} bytes long, more than the limit of {MAX_TEXT_BYTES}; shorten it or keep it outside the deal file",
            text.len()
        )));
    }
    Ok(())
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("f64")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        spend(16)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(E::custom(format_args!(
                "E302: `{v}` is not a finite number; write an ordinary number such as `120000`"
            )))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        spend(16)?;
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        spend(16)?;
        Ok(v as f64)
    }
}

impl FieldValue for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_string(TextVisitor)
    }
}

impl FieldValue for f64 {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_f64(NumberVisitor)
    }
}

impl FieldValue for bool {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        spend(16)?;
        bool::deserialize(deserializer)
    }
}

impl FieldValue for Date {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        spend(16)?;
        Date::deserialize(deserializer)
    }
}

/// Reads one [`FieldValue`] (for the items of a list).
pub(crate) struct Item<T>(std::marker::PhantomData<T>);

impl<'de, T: FieldValue> DeserializeSeed<'de> for Item<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer)
    }
}

impl<T: FieldValue> FieldValue for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: FieldValue> Visitor<'de> for ListVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Never trust a length hint from the file.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element_seed(Item(std::marker::PhantomData))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(ListVisitor(std::marker::PhantomData))
    }
}

/// Reads a value that may be `null` (missing).
pub(crate) struct Optional<T>(pub std::marker::PhantomData<T>);

impl<'de, T: FieldValue> DeserializeSeed<'de> for Optional<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: FieldValue> Visitor<'de> for Optional<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer).map(Some)
    }
}

/// A field value that may be `null` (missing).
pub(crate) fn optional<'de, T: FieldValue, A: MapAccess<'de>>(
    map: &mut A,
) -> Result<Option<T>, A::Error> {
    map.next_value_seed(Optional(std::marker::PhantomData))
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date (YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v)
                    .map_err(|e| E::custom(format_args!("`{v}` is not a valid date: {e}")))
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// Declares a record of the deal model. Each field is
/// `name: RustType = FieldKind [vocabulary]`.
macro_rules! record {
    (
        $(#[doc = $doc:literal])*
        $name:ident as $display:literal, $schema:ident {
            $( $(#[doc = $fdoc:literal])* $field:ident $(as $rename:literal)? : $ty:ty = $kind:expr $(, [$($word:literal),*])? ;)*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: Option<$ty>, )*
        }

        #[doc = concat!("The schema of a ", $display, ".")]
        pub static $schema: RecordSchema = RecordSchema {
            name: $display,
            fields: &[
                $(FieldDef {
                    name: record!(@name $field $($rename)?),
                    kind: $kind,
                    vocabulary: &[$($($word),*)?],
                },)*
            ],
        };

        impl Record for $name {
            fn field(&self, index: usize) -> Value<'_> {
                let mut i = 0;
                $(
                    if index == i {
                        return record!(@value self.$field, $kind);
                    }
                    i += 1;
                )*
                let _ = i;
                Value::Missing
            }
        }

        impl FieldValue for $name {
            fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                spend(std::mem::size_of::<$name>())?;
                $name::deserialize(deserializer)
            }
        }

        impl AsValue for Option<$name> {
            fn as_value(&self) -> Value<'_> {
                self.as_ref().map_or(Value::Missing, |r| Value::Record(r))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                struct RecordVisitor;
                impl<'de> Visitor<'de> for RecordVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        write!(f, "{} (a mapping of fields)", crate::words::with_article($display))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut record = $name::default();
                        let mut seen = [false; { [$(stringify!($field)),*].len() }];
                        while let Some(key) = map.next_key_seed(FieldKey(&$schema))? {
                            let index = match key {
                                Key::Known(index) => index,
                                Key::Unknown(name) => return Err(unknown_field(&$schema, &name)),
                            };
                            if seen.get_mut(index).is_some_and(|flag| std::mem::replace(flag, true)) {
                                let name = $schema.fields.get(index).map_or("", |f| f.name);
                                return Err(duplicate_field(name));
                            }
                            let mut i = 0;
                            $(
                                if index == i {
                                    record.$field = optional(&mut map)?;
                                }
                                i += 1;
                            )*
                            let _ = i;
                        }
                        Ok(record)
                    }
                }
                deserializer.deserialize_map(RecordVisitor)
            }
        }
    };
    (@name $field:ident $rename:literal) => { $rename };
    (@name $field:ident) => { stringify!($field) };
    (@value $e:expr, FieldKind::Symbol) => { $e.as_value() };
    (@value $e:expr, $kind:expr) => { $e.as_value() };
}

record! {
    /// The account (customer company) of a deal.
    Account as "account", ACCOUNT {
        /// Company name.
        name: String = FieldKind::Text;
        /// Industry.
        industry: String = FieldKind::Text;
        /// Number of employees.
        size: f64 = FieldKind::Number;
        /// Region.
        region: String = FieldKind::Text;
        /// Present for an existing customer.
        customer_since: Date = FieldKind::Date;
    }
}

record! {
    /// A person at the account.
    Contact as "contact", CONTACT {
        /// Full name.
        name: String = FieldKind::Text;
        /// Job title.
        title: String = FieldKind::Text;
        /// Role in the buying decision.
        role: String = FieldKind::Symbol, ["decision-maker", "economic-buyer", "champion", "influencer", "evaluator", "technical-buyer", "user", "gatekeeper"];
        /// Whether they take part.
        engaged: bool = FieldKind::Bool;
        /// Last time the rep spoke with them.
        last_contact: Date = FieldKind::Date;
    }
}

record! {
    /// Something the rep did.
    Activity as "activity", ACTIVITY {
        /// What kind of activity.
        kind as "type": String = FieldKind::Symbol, ["research", "call", "email", "visit", "meeting", "demo", "proposal", "case-study", "data", "follow-up"];
        /// When.
        date: Date = FieldKind::Date;
        /// What happened.
        summary: String = FieldKind::Text;
        /// How it went.
        outcome: String = FieldKind::Symbol, ["positive", "neutral", "negative"];
        /// Contact names.
        with: Vec<String> = FieldKind::TextList;
    }
}

record! {
    /// A question asked of the customer.
    Question as "question", QUESTION {
        /// The question.
        text: String = FieldKind::Text;
        /// Open or closed.
        kind: String = FieldKind::Symbol, ["open", "closed"];
        /// When it was asked.
        date: Date = FieldKind::Date;
        /// Whether the customer answered.
        answered: bool = FieldKind::Bool;
    }
}

record! {
    /// A need the customer expressed.
    Need as "need", NEED {
        /// The need in the customer's words.
        text: String = FieldKind::Text;
        /// Whether the customer agreed this is the need.
        confirmed: bool = FieldKind::Bool;
        /// The value tied to it.
        value: String = FieldKind::Text;
    }
}

record! {
    /// An objection the customer raised.
    Objection as "objection", OBJECTION {
        /// The objection.
        text: String = FieldKind::Text;
        /// Whether it has been resolved.
        resolved: bool = FieldKind::Bool;
    }
}

record! {
    /// A competitor in the deal.
    Competitor as "competitor", COMPETITOR {
        /// Its name.
        name: String = FieldKind::Text;
    }
}

record! {
    /// An agreed next step.
    NextStep as "next step", NEXT_STEP {
        /// What to do.
        text: String = FieldKind::Text;
        /// By when.
        due: Date = FieldKind::Date;
        /// Whether it is done.
        done: bool = FieldKind::Bool;
    }
}

record! {
    /// An action the rep has put off on purpose.
    Snooze as "snooze", SNOOZE {
        /// The rule ID.
        rule: String = FieldKind::Symbol;
        /// Silent until this day, inclusive.
        until: Date = FieldKind::Date;
        /// Why (required).
        reason: String = FieldKind::Text;
    }
}
