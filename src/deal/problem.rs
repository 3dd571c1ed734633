//! What can be wrong with a deal, as data: one variant per problem, with
//! the values it is about and the part of the deal it points at.
//!
//! The readers (our own visitors, and the parsers' errors once
//! classified) only ever produce a [`DealProblem`]; [`DealProblem::describe`]
//! is the one place that turns it into a code, a message, a help and an
//! [`Anchor`]. Nothing reads a code, a span or a help back out of words.

use std::fmt;

use super::schema::RecordSchema;
use crate::date::DateError;
use crate::diagnostic::Code;
use crate::serde_words::Found;

/// The kind of value a field takes, as a deal file writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    /// Text.
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A list.
    List,
    /// A record of the model (its name, "contact").
    Record(&'static str),
    /// The deal itself.
    Deal,
    /// An `id`: text or a whole number.
    Id,
    /// The `custom:` mapping.
    CustomFields,
    /// The name of a field (a key).
    FieldName,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Expected::Text => f.write_str("text"),
            Expected::Number => f.write_str("a number"),
            Expected::Bool => f.write_str("`true` or `false`"),
            Expected::Date => f.write_str("a date (YYYY-MM-DD)"),
            Expected::List => f.write_str("a list"),
            Expected::Record(name) => write!(
                f,
                "{} (a mapping of fields)",
                crate::words::with_article(name)
            ),
            Expected::Deal => f.write_str("a deal (a mapping with at least `id` and `stage`)"),
            Expected::Id => f.write_str("text or a number"),
            Expected::CustomFields => f.write_str("a mapping of custom fields"),
            Expected::FieldName => f.write_str("a field name"),
        }
    }
}

/// What part of the deal a problem points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The value (or token) where the parser stopped.
    Value,
    /// The key with this name.
    Key(String),
    /// This stage, on the `stage:` line.
    Stage(String),
    /// The `rule:` of the snooze for this rule.
    SnoozeRule(String),
    /// The whole deal (its first line).
    Deal,
}

/// One problem with one deal.
#[derive(Clone, Debug)]
pub(crate) enum DealProblem {
    /// A field the record does not have.
    UnknownField {
        /// The record it is in.
        record: &'static RecordSchema,
        /// The field as written.
        field: String,
        /// The record's field it is a near miss of.
        close: Option<&'static str>,
    },
    /// A `custom:` key one letter off a declared custom field.
    UndeclaredCustom {
        /// The key as written.
        field: String,
        /// The declared field it is a near miss of.
        close: String,
    },
    /// A field given twice in one record.
    DuplicateField {
        /// The field.
        field: &'static str,
    },
    /// A value of the wrong kind.
    WrongType {
        /// The field whose value it is (or holds it, for a list's item),
        /// when known. The message does not name it (the underline shows
        /// the value); it is here for callers that have no underline.
        #[allow(dead_code)]
        field: Option<&'static str>,
        /// What the field takes.
        expected: Expected,
        /// What the file has.
        found: Found,
    },
    /// A date that is not a date.
    BadDate {
        /// The text as written.
        text: String,
        /// What is wrong with it.
        error: DateError,
    },
    /// `.nan` or `.inf` for a number.
    NotFinite {
        /// The number.
        number: f64,
    },
    /// An `id` written as a number with a fraction.
    IdNotWhole {
        /// The number.
        id: f64,
    },
    /// A text over [`super::MAX_TEXT_BYTES`].
    TextTooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// YAML aliases that expand the deal past its memory budget.
    AliasBudget,
    /// YAML aliases that make the parser repeat values past its limit.
    AliasRepetition,
    /// A number too large for a 64-bit float (JSON `1e400`).
    NumberOutOfRange,
    /// `[`/`{` nested past [`crate::yaml::MAX_YAML_FLOW_DEPTH`].
    TooDeep,
    /// `stage:` with no value.
    EmptyStage {
        /// The playbook's stages.
        stages: Vec<String>,
    },
    /// A stage the playbook does not have.
    UnknownStage {
        /// The stage as written.
        found: String,
        /// The playbook's stages.
        stages: Vec<String>,
        /// The stage it is a near miss of.
        close: Option<String>,
    },
    /// A deal without `id`.
    MissingId,
    /// A deal without `stage`.
    MissingStage {
        /// The deal's id.
        id: String,
        /// The playbook's stages.
        stages: Vec<String>,
    },
    /// A snooze without `reason`.
    SnoozeWithoutReason {
        /// The rule it snoozes, as written (`?` when it names none).
        rule: String,
    },
    /// Text the parser cannot read, in our words.
    Syntax {
        /// What the parser found, reworded.
        what: String,
    },
    /// A value the parser refused for a reason it gives only in words
    /// (a YAML tag on the wrong kind of value).
    ParserData {
        /// The parser's words.
        what: String,
    },
    /// A deal file that cannot be read at all.
    Unreadable {
        /// The file as named.
        file: String,
        /// Why, in words (from [`crate::files`]).
        reason: String,
    },
    /// A line of an NDJSON file that is not UTF-8.
    LineNotUtf8 {
        /// The file as named.
        file: String,
        /// The 1-based line.
        line: usize,
    },
}

/// What too many repetitions through YAML aliases are called, in deal and
/// tests files alike.
pub(crate) const ALIAS_REPETITION: &str = "YAML aliases (`*name`) repeat values too many times";

/// A problem as the diagnostic shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Described {
    /// Its code.
    pub(crate) code: Code,
    /// The message.
    pub(crate) message: String,
    /// What to do, when there is something to say.
    pub(crate) help: Option<String>,
    /// What it points at.
    pub(crate) anchor: Anchor,
}

impl DealProblem {
    /// The code, message, help and anchor of the problem: the one place
    /// where a deal problem becomes words.
    pub(crate) fn describe(&self) -> Described {
        let limit = super::MAX_TEXT_BYTES;
        let (code, message, help, anchor) = match self {
            DealProblem::UnknownField {
                record,
                field,
                close,
            } => (
                Code::UnknownDealField,
                format!("unknown field `{field}` in {}", record.name),
                Some(match close {
                    Some(close) => crate::words::did_you_mean(close),
                    None => format!(
                        "{} has: {}",
                        crate::words::with_article(record.name),
                        record.names().collect::<Vec<_>>().join(", ")
                    ),
                }),
                Anchor::Key(field.clone()),
            ),
            DealProblem::UndeclaredCustom { field, close } => (
                Code::UndeclaredCustom,
                format!("custom field `{field}` is not declared by the playbook"),
                Some(crate::words::did_you_mean(close)),
                Anchor::Key(field.clone()),
            ),
            DealProblem::DuplicateField { field } => (
                Code::DealType,
                format!("field `{field}` is given twice"),
                None,
                Anchor::Key((*field).to_string()),
            ),
            DealProblem::WrongType {
                expected, found, ..
            } => (
                Code::DealType,
                format!("wrong type: found {found}, expected {expected}"),
                None,
                Anchor::Value,
            ),
            DealProblem::BadDate { text, error } => (
                Code::DealDate,
                format!("`{text}` is not a valid date: {error}"),
                None,
                Anchor::Value,
            ),
            DealProblem::NotFinite { number } => (
                Code::DealType,
                format!("`{number}` is not a finite number"),
                Some("write an ordinary number such as `120000`".to_string()),
                Anchor::Value,
            ),
            DealProblem::IdNotWhole { id } => (
                Code::DealType,
                format!("the id `{id}` is not a whole number"),
                Some("write ids as text or whole numbers".to_string()),
                Anchor::Value,
            ),
            DealProblem::TextTooLong { bytes } => (
                Code::DealType,
                format!("this text is {bytes} bytes long, more than the limit of {limit}"),
                Some("shorten it or keep it outside the deal file".to_string()),
                Anchor::Value,
            ),
            DealProblem::AliasBudget => (
                Code::DealSyntax,
                "this deal is many times larger once its YAML aliases (`*name`) are expanded"
                    .to_string(),
                Some("write the values out instead of repeating aliases".to_string()),
                Anchor::Value,
            ),
            DealProblem::AliasRepetition => (
                Code::DealSyntax,
                ALIAS_REPETITION.to_string(),
                None,
                Anchor::Value,
            ),
            DealProblem::NumberOutOfRange => (
                Code::DealSyntax,
                "this number is too large to read (numbers must be below about 1.8e308)"
                    .to_string(),
                None,
                Anchor::Value,
            ),
            DealProblem::TooDeep => (
                Code::DealSyntax,
                format!(
                    "lists and mappings are nested more than {} deep here",
                    crate::yaml::MAX_YAML_FLOW_DEPTH
                ),
                Some("a deal is a few levels deep".to_string()),
                Anchor::Value,
            ),
            DealProblem::EmptyStage { stages } => (
                Code::DealRequired,
                "`stage` is empty".to_string(),
                Some(format!("it must be one of: {}", stages.join(", "))),
                Anchor::Value,
            ),
            DealProblem::UnknownStage {
                found,
                stages,
                close,
            } => (
                Code::DealStage,
                format!(
                    "stage `{found}` is not one of the playbook's stages ({})",
                    stages.join(", ")
                ),
                close
                    .as_ref()
                    .map(|close| crate::words::did_you_mean(close)),
                Anchor::Stage(found.clone()),
            ),
            DealProblem::MissingId => (
                Code::DealRequired,
                "this deal has no `id`".to_string(),
                Some("give every deal an `id`, unique within the run".to_string()),
                Anchor::Deal,
            ),
            DealProblem::MissingStage { id, stages } => (
                Code::DealRequired,
                format!("deal `{id}` has no `stage`"),
                Some(format!("add `stage:` with one of: {}", stages.join(", "))),
                Anchor::Deal,
            ),
            DealProblem::SnoozeWithoutReason { rule } => (
                Code::DealRequired,
                format!("the snooze of `{rule}` has no `reason`"),
                Some("say why the action is put off, so the team knows".to_string()),
                Anchor::SnoozeRule(rule.clone()),
            ),
            DealProblem::Syntax { what } => (Code::DealSyntax, what.clone(), None, Anchor::Value),
            DealProblem::ParserData { what } => (Code::DealType, what.clone(), None, Anchor::Value),
            DealProblem::Unreadable { file, reason } => (
                Code::DealUnreadable,
                format!("cannot read deal file `{file}`: {reason}"),
                None,
                Anchor::Value,
            ),
            DealProblem::LineNotUtf8 { file, line } => (
                Code::DealUnreadable,
                format!("line {line} of `{file}` is not UTF-8 text; save the file as UTF-8"),
                None,
                Anchor::Value,
            ),
        };
        Described {
            code,
            message,
            help,
            anchor,
        }
    }
}

impl fmt::Display for DealProblem {
    /// The message and its help as one line (`message; help`), for a
    /// problem shown without its own diagnostic.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let described = self.describe();
        f.write_str(&described.message)?;
        match described.help {
            Some(help) => write!(f, "; {help}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Anchor, DealProblem, Expected, Found};
    use crate::date::DateError;
    use crate::deal::model::CONTACT;
    use crate::diagnostic::Code;

    /// (code, message, help, anchor) of a problem.
    fn described(problem: DealProblem) -> (&'static str, String, Option<String>, Anchor) {
        let d = problem.describe();
        (d.code.as_str(), d.message, d.help, d.anchor)
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    fn stages() -> Vec<String> {
        vec!["lead".to_string(), "won".to_string()]
    }

    #[test]
    fn unknown_fields_name_the_close_field_or_all_of_them() {
        assert_eq!(
            described(DealProblem::UnknownField {
                record: &CONTACT,
                field: "rol".into(),
                close: Some("role"),
            }),
            (
                "E301",
                "unknown field `rol` in contact".into(),
                some("did you mean `role`?"),
                Anchor::Key("rol".into())
            )
        );
        assert_eq!(
            described(DealProblem::UnknownField {
                record: &CONTACT,
                field: "x".into(),
                close: None,
            })
            .2,
            some("a contact has: name, title, role, engaged, last_contact")
        );
    }

    #[test]
    fn custom_and_repeated_fields_point_at_the_key() {
        assert_eq!(
            described(DealProblem::UndeclaredCustom {
                field: "budget_confimed".into(),
                close: "budget_confirmed".into(),
            }),
            (
                "E308",
                "custom field `budget_confimed` is not declared by the playbook".into(),
                some("did you mean `budget_confirmed`?"),
                Anchor::Key("budget_confimed".into())
            )
        );
        assert_eq!(
            described(DealProblem::DuplicateField { field: "id" }),
            (
                "E302",
                "field `id` is given twice".into(),
                None,
                Anchor::Key("id".into())
            )
        );
    }

    #[test]
    fn wrong_types_say_what_was_found_and_expected() {
        let cases = [
            (
                Expected::Number,
                Found::Text("lots".into()),
                "wrong type: found text \"lots\", expected a number",
            ),
            (
                Expected::Text,
                Found::List,
                "wrong type: found a list, expected text",
            ),
            (
                Expected::Deal,
                Found::Number("42".into()),
                "wrong type: found the number `42`, expected a deal (a mapping with at least `id` and `stage`)",
            ),
            (
                Expected::List,
                Found::Mapping,
                "wrong type: found a mapping, expected a list",
            ),
            (
                Expected::Bool,
                Found::Other("unit value".into()),
                "wrong type: found unit value, expected `true` or `false`",
            ),
            (
                Expected::Date,
                Found::Bool(true),
                "wrong type: found `true`, expected a date (YYYY-MM-DD)",
            ),
            (
                Expected::Record("account"),
                Found::List,
                "wrong type: found a list, expected an account (a mapping of fields)",
            ),
            (
                Expected::Id,
                Found::List,
                "wrong type: found a list, expected text or a number",
            ),
            (
                Expected::CustomFields,
                Found::List,
                "wrong type: found a list, expected a mapping of custom fields",
            ),
            (
                Expected::FieldName,
                Found::List,
                "wrong type: found a list, expected a field name",
            ),
        ];
        for (expected, found, message) in cases {
            assert_eq!(
                described(DealProblem::WrongType {
                    field: Some("amount"),
                    expected,
                    found
                }),
                ("E302", message.to_string(), None, Anchor::Value)
            );
        }
    }

    #[test]
    fn value_problems_point_at_the_value() {
        let cases = [
            (
                DealProblem::BadDate {
                    text: "2026-02-30".into(),
                    error: DateError::NoSuchDay,
                },
                "E303",
                "`2026-02-30` is not a valid date: there is no such day in the calendar",
                None,
            ),
            (
                DealProblem::NotFinite { number: f64::NAN },
                "E302",
                "`NaN` is not a finite number",
                some("write an ordinary number such as `120000`"),
            ),
            (
                DealProblem::IdNotWhole { id: 1.5 },
                "E302",
                "the id `1.5` is not a whole number",
                some("write ids as text or whole numbers"),
            ),
            (
                DealProblem::TextTooLong { bytes: 1048577 },
                "E302",
                "this text is 1048577 bytes long, more than the limit of 1048576",
                some("shorten it or keep it outside the deal file"),
            ),
            (
                DealProblem::AliasBudget,
                "E300",
                "this deal is many times larger once its YAML aliases (`*name`) are expanded",
                some("write the values out instead of repeating aliases"),
            ),
            (
                DealProblem::AliasRepetition,
                "E300",
                "YAML aliases (`*name`) repeat values too many times",
                None,
            ),
            (
                DealProblem::NumberOutOfRange,
                "E300",
                "this number is too large to read (numbers must be below about 1.8e308)",
                None,
            ),
            (
                DealProblem::TooDeep,
                "E300",
                "lists and mappings are nested more than 128 deep here",
                some("a deal is a few levels deep"),
            ),
            (
                DealProblem::EmptyStage { stages: stages() },
                "E305",
                "`stage` is empty",
                some("it must be one of: lead, won"),
            ),
            (
                DealProblem::Syntax {
                    what: "trailing characters".into(),
                },
                "E300",
                "trailing characters",
                None,
            ),
            (
                DealProblem::ParserData {
                    what: "invalid value: text \"x\", expected a boolean".into(),
                },
                "E302",
                "invalid value: text \"x\", expected a boolean",
                None,
            ),
            (
                DealProblem::Unreadable {
                    file: "a.yaml".into(),
                    reason: "no such file or folder".into(),
                },
                "E307",
                "cannot read deal file `a.yaml`: no such file or folder",
                None,
            ),
            (
                DealProblem::LineNotUtf8 {
                    file: "a.ndjson".into(),
                    line: 3,
                },
                "E307",
                "line 3 of `a.ndjson` is not UTF-8 text; save the file as UTF-8",
                None,
            ),
        ];
        for (problem, code, message, help) in cases {
            assert_eq!(
                described(problem),
                (code, message.to_string(), help, Anchor::Value)
            );
        }
    }

    #[test]
    fn stage_problems_point_at_the_stage_or_the_deal() {
        assert_eq!(
            described(DealProblem::UnknownStage {
                found: "wn".into(),
                stages: stages(),
                close: Some("won".into()),
            }),
            (
                "E304",
                "stage `wn` is not one of the playbook's stages (lead, won)".into(),
                some("did you mean `won`?"),
                Anchor::Stage("wn".into())
            )
        );
        assert_eq!(
            described(DealProblem::UnknownStage {
                found: "x".into(),
                stages: stages(),
                close: None,
            })
            .2,
            None
        );
        assert_eq!(
            described(DealProblem::MissingId),
            (
                "E305",
                "this deal has no `id`".into(),
                some("give every deal an `id`, unique within the run"),
                Anchor::Deal
            )
        );
        assert_eq!(
            described(DealProblem::MissingStage {
                id: "D-8".into(),
                stages: stages(),
            }),
            (
                "E305",
                "deal `D-8` has no `stage`".into(),
                some("add `stage:` with one of: lead, won"),
                Anchor::Deal
            )
        );
        assert_eq!(
            described(DealProblem::SnoozeWithoutReason {
                rule: "research-account".into()
            }),
            (
                "E305",
                "the snooze of `research-account` has no `reason`".into(),
                some("say why the action is put off, so the team knows"),
                Anchor::SnoozeRule("research-account".into())
            )
        );
    }

    #[test]
    fn a_problem_alone_shows_its_help_after_a_semicolon() {
        assert_eq!(
            DealProblem::MissingId.to_string(),
            "this deal has no `id`; give every deal an `id`, unique within the run"
        );
        assert_eq!(Code::DealType.as_str(), "E302");
    }
}
