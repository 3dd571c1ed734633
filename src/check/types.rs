//! The types the checker gives expressions, and how to say them in words.

use crate::deal::schema::{FieldDef, FieldKind, RecordSchema};
use crate::deal::DEAL;

/// The type of an expression.
#[derive(Clone, Debug)]
pub(crate) enum Ty {
    /// A condition.
    Bool,
    /// A number.
    Number,
    /// Text (symbols included).
    Text,
    /// A symbol field with a known vocabulary (DEALS.md): text to every
    /// operator, but values compared with it are checked against the list.
    Symbol(Vocabulary),
    /// A date.
    Date,
    /// A number of days.
    Duration,
    /// The deal's stage.
    Stage,
    /// A record of the deal model.
    Record(&'static RecordSchema),
    /// The `custom` map.
    Custom,
    /// A list.
    List(Box<Ty>),
}

/// The known values of a symbol field, and where the field is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Vocabulary {
    /// The record the field belongs to.
    pub record: &'static RecordSchema,
    /// The field, with its `vocabulary`.
    pub field: &'static FieldDef,
}

impl Vocabulary {
    /// The field as DEALS.md names it: `questions.kind`, `activities.type`.
    pub(crate) fn path(&self) -> String {
        let list = DEAL.fields.iter().find(|f| match f.kind {
            FieldKind::List(schema) | FieldKind::Record(schema) => {
                std::ptr::eq(schema, self.record)
            }
            _ => false,
        });
        match list {
            Some(list) => format!("{}.{}", list.name, self.field.name),
            None => self.field.name.to_string(),
        }
    }
}

impl PartialEq for Ty {
    fn eq(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Record(a), Ty::Record(b)) => std::ptr::eq(*a, *b),
            (Ty::List(a), Ty::List(b)) => a == b,
            // A symbol is text: the vocabulary only adds a warning.
            (Ty::Text | Ty::Symbol(_), Ty::Text | Ty::Symbol(_)) => true,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Ty {
    /// The type of a field of `record`, keeping its vocabulary if it has one.
    pub(crate) fn of_def(record: &'static RecordSchema, def: &'static FieldDef) -> Ty {
        match def.kind {
            FieldKind::Symbol if !def.vocabulary.is_empty() => {
                Ty::Symbol(Vocabulary { record, field: def })
            }
            kind => Ty::of_field(kind),
        }
    }

    /// Whether this is text (a symbol field included).
    pub(crate) fn is_text(&self) -> bool {
        matches!(self, Ty::Text | Ty::Symbol(_))
    }

    /// The type of a deal-model field.
    pub(crate) fn of_field(kind: FieldKind) -> Ty {
        match kind {
            FieldKind::Text | FieldKind::Symbol => Ty::Text,
            FieldKind::Number => Ty::Number,
            FieldKind::Bool => Ty::Bool,
            FieldKind::Date => Ty::Date,
            FieldKind::Stage => Ty::Stage,
            FieldKind::Record(schema) => Ty::Record(schema),
            FieldKind::List(schema) => Ty::List(Box::new(Ty::Record(schema))),
            FieldKind::TextList => Ty::List(Box::new(Ty::Text)),
            FieldKind::Custom => Ty::Custom,
        }
    }

    /// The type in words, with an article: "a number", "a list of contacts".
    pub(crate) fn describe(&self) -> String {
        match self {
            Ty::Bool => "a condition (true or false)".to_string(),
            Ty::Number => "a number".to_string(),
            Ty::Text | Ty::Symbol(_) => "text".to_string(),
            Ty::Date => "a date".to_string(),
            Ty::Duration => "a duration".to_string(),
            Ty::Stage => "a stage".to_string(),
            Ty::Record(schema) => crate::words::with_article(schema.name),
            Ty::Custom => "the custom fields".to_string(),
            Ty::List(item) => format!("a list of {}", item.plural()),
        }
    }

    /// The type in the plural, without an article: "numbers", "contacts".
    pub(crate) fn plural(&self) -> String {
        match self {
            Ty::Bool => "conditions".to_string(),
            Ty::Number => "numbers".to_string(),
            Ty::Text | Ty::Symbol(_) => "texts".to_string(),
            Ty::Date => "dates".to_string(),
            Ty::Duration => "durations".to_string(),
            Ty::Stage => "stages".to_string(),
            Ty::Record(schema) if schema.name == "activity" => "activities".to_string(),
            Ty::Record(schema) => format!("{}s", schema.name),
            Ty::Custom => "custom fields".to_string(),
            Ty::List(item) => format!("lists of {}", item.plural()),
        }
    }

    /// Whether values of this type can be shown in a message.
    pub(crate) fn is_showable(&self) -> bool {
        match self {
            Ty::Record(_) | Ty::Custom => false,
            Ty::List(item) => item.is_showable() && !matches!(**item, Ty::List(_)),
            _ => true,
        }
    }
}

impl From<&Ty> for crate::ir::Type {
    /// The type as the IR carries it: a symbol field is text there.
    fn from(ty: &Ty) -> crate::ir::Type {
        use crate::ir::Type;
        match ty {
            Ty::Bool => Type::Bool,
            Ty::Number => Type::Number,
            Ty::Text | Ty::Symbol(_) => Type::Text,
            Ty::Date => Type::Date,
            Ty::Duration => Type::Duration,
            Ty::Stage => Type::Stage,
            Ty::Record(schema) => Type::Record(schema),
            Ty::Custom => Type::Custom,
            Ty::List(item) => Type::List(Box::new(Type::from(&**item))),
        }
    }
}
