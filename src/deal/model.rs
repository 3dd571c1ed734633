//! The deal model of DEALS.md as Rust types, read straight from YAML or JSON.
//!
//! Each record is declared once with `record!`, which derives the struct, its
//! schema (for the checker), positional field access (for the evaluator) and
//! a strict reader: unknown fields and repeated fields are errors with a
//! "did you mean", `null` is missing, dates are checked against the calendar.
//!
//! Every reader here reads through a [`Reader`], which keeps the problem it
//! found as a typed [`DealProblem`]: the parser only carries it out.

use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use super::problem::{DealProblem, Expected};
use super::root::DealContext;
use super::schema::{FieldDef, FieldKind, RecordSchema};
use crate::date::Date;
use crate::diagnostic::suggest;
use crate::value::{AsValue, Record, Value};

/// What one deal is read with: the playbook's context, what the deal may
/// still take in memory, and the problem our own code found, if any.
///
/// serde carries errors as the parser's own type, which holds only words;
/// so a problem is kept here, typed, and the error handed to the parser
/// merely stops it (its position is all that is read from it).
pub(crate) struct Reader<'c> {
    /// The playbook's stages and custom fields.
    pub(crate) context: &'c DealContext,
    problem: RefCell<Option<DealProblem>>,
    expected: Cell<Option<Expected>>,
    field: Cell<Option<&'static str>>,
    budget: Cell<usize>,
}

impl<'c> Reader<'c> {
    /// A reader whose values may take at most `budget` bytes. YAML aliases
    /// (`*name`) repeat an anchored value without repeating its text, so a
    /// small file could otherwise expand into gigabytes ("billion laughs"
    /// through the typed fields); JSON has no aliases and reads without one.
    pub(crate) fn new(context: &'c DealContext, budget: usize) -> Reader<'c> {
        Reader {
            context,
            problem: RefCell::new(None),
            expected: Cell::new(None),
            field: Cell::new(None),
            budget: Cell::new(budget),
        }
    }

    /// Keeps `problem` and returns the error that stops the parser.
    pub(crate) fn fail<E: de::Error>(&self, problem: DealProblem) -> E {
        let error = E::custom(&problem);
        self.problem.replace(Some(problem));
        error
    }

    /// The problem our own code found, if the read failed there.
    pub(crate) fn take_problem(&self) -> Option<DealProblem> {
        self.problem.take()
    }

    /// What the last value the parser refused was expected to be. A parser
    /// asks a visitor what it expects only to word a type error against
    /// it, so this is the reader the parser found the wrong kind of value
    /// for.
    pub(crate) fn expected(&self) -> Option<Expected> {
        self.expected.get()
    }

    /// The field whose value was being read last (the innermost, as a
    /// failed read stops at once).
    pub(crate) fn field(&self) -> Option<&'static str> {
        self.field.get()
    }

    /// Writes what a visitor expects, and keeps it (see [`Reader::expected`]).
    pub(crate) fn expecting(&self, f: &mut fmt::Formatter, expected: Expected) -> fmt::Result {
        self.expected.set(Some(expected));
        write!(f, "{expected}")
    }

    /// Takes `bytes` from the budget, or fails at this value once it is spent.
    pub(crate) fn spend<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let left = self.budget.get();
        if bytes > left {
            self.budget.set(0);
            return Err(self.fail(DealProblem::AliasBudget));
        }
        self.budget.set(left - bytes);
        Ok(())
    }

    /// The error for a text over [`MAX_TEXT_BYTES`].
    pub(crate) fn check_text<E: de::Error>(&self, text: &str) -> Result<(), E> {
        self.spend(text.len() + std::mem::size_of::<String>())?;
        if text.len() > MAX_TEXT_BYTES {
            return Err(self.fail(DealProblem::TextTooLong { bytes: text.len() }));
        }
        Ok(())
    }

    /// The error for a field the schema does not have.
    pub(crate) fn unknown_field<E: de::Error>(
        &self,
        record: &'static RecordSchema,
        name: String,
    ) -> E {
        let close = suggest(&name, record.names());
        self.fail(DealProblem::UnknownField {
            record,
            field: name,
            close,
        })
    }

    /// The error for a field given twice.
    pub(crate) fn duplicate_field<E: de::Error>(&self, field: &'static str) -> E {
        self.fail(DealProblem::DuplicateField { field })
    }
}

/// Which field of a schema a map key names. Reads the key without
/// allocating when the format allows.
pub(crate) struct FieldKey<'r, 'c>(pub(crate) &'static RecordSchema, pub(crate) &'r Reader<'c>);

/// A key that is either a field position or an unknown name.
pub(crate) enum Key {
    Known(usize),
    Unknown(String),
}

impl<'de> DeserializeSeed<'de> for FieldKey<'_, '_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldKey<'_, '_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.1.expecting(f, Expected::FieldName)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.fields.iter().position(|f| f.name == v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_string()),
        })
    }
}

/// Reads one record's fields: each key once, each known to the schema.
/// Calls `field` with the position of each field, in file order.
pub(crate) fn read_fields<'de, A: MapAccess<'de>>(
    map: &mut A,
    schema: &'static RecordSchema,
    reader: &Reader,
    mut field: impl FnMut(&mut A, usize) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    // No record has more fields than this (the deal has 20).
    let mut seen = [false; 32];
    while let Some(key) = map.next_key_seed(FieldKey(schema, reader))? {
        let index = match key {
            Key::Known(index) => index,
            Key::Unknown(name) => return Err(reader.unknown_field(schema, name)),
        };
        if seen
            .get_mut(index)
            .is_some_and(|flag| std::mem::replace(flag, true))
        {
            let name = schema.fields.get(index).map_or("", |f| f.name);
            return Err(reader.duplicate_field(name));
        }
        reader.field.set(schema.fields.get(index).map(|f| f.name));
        field(map, index)?;
    }
    Ok(())
}

/// The longest text a deal field may hold, in bytes. Texts are shown in
/// messages; one far past any real note is a broken export.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// A field value as the deal model reads it: numbers must be finite, texts
/// at most [`MAX_TEXT_BYTES`]. Each check fails on the value itself, so the
/// parser reports it where the value stands.
pub(crate) trait FieldValue: Sized {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error>;
}

/// Text, checked for length.
pub(crate) struct TextVisitor<'r, 'c>(pub(crate) &'r Reader<'c>);

impl Visitor<'_> for TextVisitor<'_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Text)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.0.check_text(v)?;
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        self.0.check_text(&v)?;
        Ok(v)
    }
}

/// A key of `custom:`, not yet known to be declared.
pub(crate) struct KeyText<'r, 'c>(pub(crate) &'r Reader<'c>);

impl<'de> DeserializeSeed<'de> for KeyText<'_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_string(self)
    }
}

impl Visitor<'_> for KeyText<'_, '_> {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Text)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
}

struct NumberVisitor<'r, 'c>(&'r Reader<'c>);

impl Visitor<'_> for NumberVisitor<'_, '_> {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Number)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        self.0.spend(16)?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.0.fail(DealProblem::NotFinite { number: v }))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        self.0.spend(16)?;
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        self.0.spend(16)?;
        Ok(v as f64)
    }
}

struct BoolVisitor<'r, 'c>(&'r Reader<'c>);

impl Visitor<'_> for BoolVisitor<'_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Bool)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}

struct DateVisitor<'r, 'c>(&'r Reader<'c>);

impl Visitor<'_> for DateVisitor<'_, '_> {
    type Value = Date;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f, Expected::Date)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        Date::parse(v).map_err(|error| {
            self.0.fail(DealProblem::BadDate {
                text: v.to_string(),
                error,
            })
        })
    }
}

impl FieldValue for String {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
        deserializer.deserialize_string(TextVisitor(reader))
    }
}

impl FieldValue for f64 {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
        deserializer.deserialize_f64(NumberVisitor(reader))
    }
}

impl FieldValue for bool {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
        reader.spend(16)?;
        deserializer.deserialize_bool(BoolVisitor(reader))
    }
}

impl FieldValue for Date {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
        reader.spend(16)?;
        deserializer.deserialize_str(DateVisitor(reader))
    }
}

/// Reads one [`FieldValue`] (for the items of a list).
pub(crate) struct Item<'r, 'c, T>(&'r Reader<'c>, std::marker::PhantomData<T>);

impl<'de, T: FieldValue> DeserializeSeed<'de> for Item<'_, '_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::read(deserializer, self.0)
    }
}

impl<T: FieldValue> FieldValue for Vec<T> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
        struct ListVisitor<'r, 'c, T>(&'r Reader<'c>, std::marker::PhantomData<T>);
        impl<'de, T: FieldValue> Visitor<'de> for ListVisitor<'_, '_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                self.0.expecting(f, Expected::List)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // Never trust a length hint from the file.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) =
                    seq.next_element_seed(Item(self.0, std::marker::PhantomData))?
                {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(ListVisitor(reader, std::marker::PhantomData))
    }
}

/// Reads a value that may be `null` (missing).
pub(crate) struct Optional<'r, 'c, T>(
    pub(crate) &'r Reader<'c>,
    pub(crate) std::marker::PhantomData<T>,
);

impl<'de, T: FieldValue> DeserializeSeed<'de> for Optional<'_, '_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: FieldValue> Visitor<'de> for Optional<'_, '_, T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // deserialize_option never refuses a value, so no parser words a
        // type error against this.
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::read(deserializer, self.0).map(Some)
    }
}

/// A field value that may be `null` (missing).
pub(crate) fn optional<'de, T: FieldValue, A: MapAccess<'de>>(
    map: &mut A,
    reader: &Reader,
) -> Result<Option<T>, A::Error> {
    map.next_value_seed(Optional(reader, std::marker::PhantomData))
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
        pub(crate) static $schema: RecordSchema = RecordSchema {
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

        impl AsValue for Option<$name> {
            fn as_value(&self) -> Value<'_> {
                self.as_ref().map_or(Value::Missing, |r| Value::Record(r))
            }
        }

        impl FieldValue for $name {
            fn read<'de, D: Deserializer<'de>>(deserializer: D, reader: &Reader) -> Result<Self, D::Error> {
                struct RecordVisitor<'r, 'c>(&'r Reader<'c>);
                impl<'de> Visitor<'de> for RecordVisitor<'_, '_> {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        self.0.expecting(f, Expected::Record($display))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut record = $name::default();
                        let reader = self.0;
                        read_fields(&mut map, &$schema, reader, |map, index| {
                            let mut i = 0;
                            $(
                                if index == i {
                                    record.$field = optional(map, reader)?;
                                }
                                i += 1;
                            )*
                            let _ = i;
                            Ok(())
                        })?;
                        Ok(record)
                    }
                }
                reader.spend(std::mem::size_of::<$name>())?;
                deserializer.deserialize_map(RecordVisitor(reader))
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\naccount:\n  name: Acme\n  industry: retail\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.account.as_ref().unwrap().name.as_deref(), Some("Acme"));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\ncontacts:\n  - name: Li Wei\n    role: champion\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.contacts.as_ref().unwrap()[0].role.as_deref(), Some("champion"));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nactivities:\n  - type: meeting\n    date: 2026-11-20\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.activities.as_ref().unwrap()[0].kind.as_deref(), Some("meeting"));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nquestions:\n  - text: What slows you down?\n    kind: open\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.questions.as_ref().unwrap()[0].kind.as_deref(), Some("open"));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nneeds:\n  - text: faster invoicing\n    confirmed: true\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.needs.as_ref().unwrap()[0].confirmed, Some(true));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nobjections:\n  - text: price above budget\n    resolved: false\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.objections.as_ref().unwrap()[0].resolved, Some(false));
    /// ```
    Objection as "objection", OBJECTION {
        /// The objection.
        text: String = FieldKind::Text;
        /// Whether it has been resolved.
        resolved: bool = FieldKind::Bool;
    }
}

record! {
    /// A competitor in the deal.
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\ncompetitors:\n  - name: Globex\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.competitors.as_ref().unwrap()[0].name.as_deref(), Some("Globex"));
    /// ```
    Competitor as "competitor", COMPETITOR {
        /// Its name.
        name: String = FieldKind::Text;
    }
}

record! {
    /// An agreed next step.
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nnext_steps:\n  - text: demo for the CFO\n    due: 2026-12-01\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.next_steps.as_ref().unwrap()[0].text.as_deref(), Some("demo for the CFO"));
    /// ```
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
    ///
    /// ```
    /// # let playbook = playbook::builtin(playbook::Lang::En);
    /// let text = "id: D-1\nstage: prospecting\nsnoozed:\n  - rule: research-account\n    until: 2026-12-31\n    reason: waiting for budget\n";
    /// let source = playbook::Source::new("d.yaml", None, text);
    /// let deals = playbook::load_deals(&source, playbook::FileId(0), playbook::DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// assert_eq!(deal.snoozed.as_ref().unwrap()[0].rule.as_deref(), Some("research-account"));
    /// ```
    Snooze as "snooze", SNOOZE {
        /// The rule ID.
        rule: String = FieldKind::Symbol;
        /// Silent until this day, inclusive.
        until: Date = FieldKind::Date;
        /// Why (required).
        reason: String = FieldKind::Text;
    }
}
