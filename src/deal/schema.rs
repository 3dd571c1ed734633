//! The deal model as data: which fields each record has and their types.
//! The checker resolves names against it; the loader and the evaluator use
//! the same field positions, so a compiled rule reads a field by index.

/// The type of a field of the deal model.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FieldKind {
    /// Free text.
    Text,
    /// A word from a vocabulary (compared as text).
    Symbol,
    /// A number.
    Number,
    /// `true`/`false`.
    Bool,
    /// A `YYYY-MM-DD` date.
    Date,
    /// The deal's stage: one of the playbook's stages.
    Stage,
    /// A nested record.
    Record(&'static RecordSchema),
    /// A list of records.
    List(&'static RecordSchema),
    /// A list of text.
    TextList,
    /// The `custom` map, typed by the playbook's `fields`.
    Custom,
}

/// One field of a record.
#[derive(Debug)]
pub(crate) struct FieldDef {
    /// Its name in deal files and playbooks.
    pub name: &'static str,
    /// Its type.
    pub kind: FieldKind,
    /// The known values, for symbols with a vocabulary.
    pub vocabulary: &'static [&'static str],
}

/// The fields of one kind of record.
#[derive(Debug)]
pub(crate) struct RecordSchema {
    /// What one such record is called in messages ("contact").
    pub name: &'static str,
    /// Its fields, in position order.
    pub fields: &'static [FieldDef],
}

impl RecordSchema {
    /// The position and definition of a field.
    pub(crate) fn field(&self, name: &str) -> Option<(usize, &'static FieldDef)> {
        self.fields.iter().enumerate().find(|(_, f)| f.name == name)
    }

    /// Every field name, for "did you mean".
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }
}
