//! What can be wrong with a playbook once it is parsed, as data: one
//! variant per problem (warnings included), with the names, types, close
//! names and places it is about.
//!
//! The checker and the lints only ever build a [`CheckProblem`];
//! [`CheckProblem::describe`] is the one place that turns it into a code,
//! a message, labels and a help. The words are English today; a `Lang`
//! argument joins `describe` when the catalogue has them in Chinese.

use super::expr::MAX_REGEX_BYTES;
use super::lint::{Kind, Never, Part};
use super::Ty;
use crate::ast::ArithOp;
use crate::deal::schema::RecordSchema;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::words::with_article;

/// Where a problem points: a file and the bytes in it.
pub(crate) type Place = (FileId, Span);

/// A declaration that can be written twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Declared {
    /// A custom field in `fields`.
    Field,
    /// A `define`.
    Define,
}

/// A value of the wrong type for where it is (E202): what was wanted and
/// what was found.
#[derive(Clone, Debug)]
pub(crate) enum Mismatch {
    /// A clause (`when`, `where`) given something other than a condition.
    NotACondition {
        /// The clause's keyword.
        clause: &'static str,
        /// What it is.
        found: Ty,
    },
    /// A list whose items differ in type.
    ListMixes {
        /// The type of the first item.
        first: Ty,
        /// The first item of another type.
        other: Ty,
    },
    /// `-` before something that is not a number.
    CannotNegate {
        /// What it is.
        found: Ty,
    },
    /// `contains` with sides that do not fit.
    CannotContain {
        /// The left side.
        left: Ty,
        /// The right side.
        right: Ty,
    },
    /// `matches` on something that is not text.
    MatchesNeedsText {
        /// What it is.
        found: Ty,
    },
    /// `days since`/`days until` of something that is not a date.
    DaysNeedsDate {
        /// `until` (else `since`).
        until: bool,
        /// What it is.
        found: Ty,
    },
    /// `where` or an aggregate over something that is not a list.
    NotAList {
        /// The keyword (`where`, `count`, …).
        keyword: &'static str,
        /// What it is.
        found: Ty,
    },
    /// `all` without `where`.
    AllNeedsCondition,
    /// `sum`, `min` or `max` of a list of what cannot be added or ordered.
    NotNumbers {
        /// The aggregate's keyword.
        keyword: &'static str,
        /// The type of the items.
        item: Ty,
    },
    /// `latest` or `earliest` of a list that is not of dates.
    NotDates {
        /// The aggregate's keyword.
        keyword: &'static str,
        /// The type of the items.
        item: Ty,
    },
    /// Arithmetic on types it does not work on.
    CannotArith {
        /// The operator.
        op: ArithOp,
        /// The left side.
        left: Ty,
        /// The right side.
        right: Ty,
    },
    /// A comparison of two types that do not compare.
    CannotCompare {
        /// The left side.
        left: Ty,
        /// The right side.
        right: Ty,
    },
    /// `is empty` of what is neither a list nor text.
    NotEmptiable {
        /// What it is.
        found: Ty,
    },
    /// `is before/after/at least/at most` of what is not the stage.
    NotAStage {
        /// What it is.
        found: Ty,
    },
    /// `today` in a list.
    TodayInList,
    /// `is VALUE` with a value of another type than the subject.
    IsValue {
        /// The subject's type.
        subject: Ty,
        /// The value's.
        value: Ty,
    },
    /// `.field` on a value without fields.
    NoFields {
        /// What it is.
        found: Ty,
        /// The field as written.
        field: String,
    },
}

/// Why a regular expression is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RegexProblem {
    /// It compiles past [`MAX_REGEX_BYTES`].
    TooBig,
    /// The regex library's own last line about it.
    Invalid(String),
}

/// What else an unknown name might be, for the help.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameHint {
    /// The name of a stage.
    Stage,
    /// Nothing; the name is inside a `where`.
    InWhere,
    /// Nothing.
    Nothing,
}

/// One problem found while checking or linting a playbook.
#[derive(Clone, Debug)]
pub(crate) enum CheckProblem {
    /// A second `stages` block.
    StagesTwice {
        /// The second block.
        second: Place,
        /// The first.
        first: Place,
    },
    /// A stage listed twice in the `stages` block.
    StageTwice {
        /// The stage.
        stage: String,
        /// Where it is listed again.
        again: Place,
        /// Where it is first listed.
        first: Place,
    },
    /// A playbook without a `stages` block.
    NoStages {
        /// The playbook's name (or the start of the file).
        at: Place,
    },
    /// More than [`super::MAX_RULES`] rules.
    TooManyRules {
        /// The first rule past the limit.
        at: Place,
    },
    /// Two rules with one ID.
    RuleTwice {
        /// The ID.
        id: String,
        /// The second rule's ID.
        again: Place,
        /// The first rule's ID.
        first: Place,
    },
    /// A path in `fields` that is not `custom.NAME`.
    NotDeclarable {
        /// The path as written.
        path: String,
        /// Whether the deal model has it already.
        in_model: bool,
        /// The path.
        at: Place,
    },
    /// A field or a define declared twice.
    DeclaredTwice {
        /// Which.
        what: Declared,
        /// Its name (a field's whole path).
        name: String,
        /// The second declaration.
        again: Place,
        /// The first.
        first: Place,
    },
    /// A define named like a deal field.
    DefineShadowsField {
        /// The define.
        name: String,
        /// Its name.
        at: Place,
    },
    /// A define that uses itself.
    DefineCycle {
        /// The define.
        name: String,
        /// The defines from it back to it.
        chain: Vec<String>,
        /// Its name.
        defined: Place,
        /// The use that closed the cycle, when there is one.
        used: Option<Place>,
    },
    /// `for each NAME` where NAME is a field or a define.
    ItemHides {
        /// The item's name.
        item: String,
        /// The name.
        at: Place,
    },
    /// `for each` over something that is not a list.
    ForEachNotList {
        /// What it is.
        found: Ty,
        /// The collection.
        at: Place,
    },
    /// `{…}` in a message with a value a message cannot show.
    MessageCannotShow {
        /// What it is.
        found: Ty,
        /// The expression.
        at: Place,
    },
    /// `playbook`, `version` or `description` given twice.
    HeaderTwice {
        /// The keyword.
        keyword: &'static str,
        /// The second one.
        second: Place,
        /// The first one.
        first: Place,
    },
    /// `playbook "NAME"` after another declaration.
    PlaybookNotFirst {
        /// The name.
        at: Place,
    },
    /// A playbook without `playbook "NAME"`.
    NoPlaybookHeader {
        /// The start of the file.
        at: Place,
    },
    /// A value of the wrong type.
    Mismatch {
        /// Which.
        mismatch: Mismatch,
        /// The value (or the whole expression).
        at: Place,
    },
    /// Expressions nested past [`super::MAX_NESTING`] through defines.
    TooDeep {
        /// The expression.
        at: Place,
    },
    /// A pattern that is not a regular expression.
    BadRegex {
        /// Why.
        problem: RegexProblem,
        /// The pattern.
        at: Place,
    },
    /// A stage the playbook does not have.
    UnknownStage {
        /// The stage as written.
        name: String,
        /// The playbook's stages.
        stages: Vec<String>,
        /// The stage it is a near miss of.
        close: Option<String>,
        /// The name.
        at: Place,
    },
    /// A name that is no field, define or item.
    UnknownName {
        /// The name.
        name: String,
        /// The name it is a near miss of.
        close: Option<String>,
        /// What else it may be.
        hint: NameHint,
        /// The name.
        at: Place,
    },
    /// `custom.NAME` not declared in `fields`.
    UndeclaredCustom {
        /// The name after `custom.`.
        name: String,
        /// The declared name it is a near miss of.
        close: Option<String>,
        /// The name.
        at: Place,
    },
    /// `.field` that the record does not have.
    NoSuchField {
        /// The record.
        record: &'static RecordSchema,
        /// The field as written.
        field: String,
        /// The record's field it is a near miss of.
        close: Option<&'static str>,
        /// The field.
        at: Place,
    },
    /// W007: a value a symbol field never holds.
    UnknownSymbol {
        /// The value.
        text: String,
        /// The field (`questions.kind`).
        path: String,
        /// The field's vocabulary.
        known: &'static [&'static str],
        /// The value it is a near miss of.
        close: Option<&'static str>,
        /// The value.
        at: Place,
    },
    /// W002: a rule without `because`.
    NoBecause {
        /// The rule's ID.
        rule: String,
        /// The ID.
        at: Place,
    },
    /// W003: a define no rule uses.
    UnusedDefine {
        /// The define.
        name: String,
        /// The defines that use it (none of them used either).
        users: Vec<String>,
        /// Its name.
        at: Place,
    },
    /// W004: a custom field no rule reads.
    UnusedField {
        /// The field's whole path (`custom.budget`).
        path: String,
        /// The path.
        at: Place,
    },
    /// W006: a stage no rule is limited to.
    UnpinnedStage {
        /// The stage.
        stage: String,
        /// The stage in `stages`.
        at: Place,
    },
    /// W005: a rule whose condition no deal can meet.
    NeverFires {
        /// The rule's ID.
        rule: String,
        /// Its `when`.
        when: Place,
        /// Why.
        never: Never,
        /// Whether the conflicting parts are all in defines the rule uses.
        through_defines: bool,
    },
    /// W008: two rules with the same condition.
    SameCondition {
        /// The first rule's ID.
        first: String,
        /// The second rule's ID.
        second: String,
        /// Whether they have a `for each` too.
        for_each: bool,
        /// The second rule's `when`.
        at: Place,
        /// The first rule's `when`.
        first_at: Place,
    },
}

/// The labels of a rule that never fires because `parts` conflict.
fn conflict_labels(
    mut diagnostic: Diagnostic,
    when: Place,
    parts: &[Part],
    kind: Kind,
    through_defines: bool,
) -> Diagnostic {
    let Some((last, before)) = parts.split_last() else {
        return diagnostic.at(when.0, when.1, "no deal can meet this condition");
    };
    if through_defines {
        diagnostic = diagnostic.at(when.0, when.1, "never true, through the defines it uses");
    }
    let label = match (kind, before.is_empty(), last.negated) {
        (Kind::Constants, _, false) => "both sides are fixed, and this is always false",
        (Kind::Constants, _, true) => {
            "both sides are fixed, and this is always true, so its negation is always false"
        }
        (Kind::Stage, true, _) => "no stage meets this",
        (Kind::Count, true, _) => "no count meets this",
        (_, true, _) => "this is never true",
        (_, false, _) if before.len() == 1 => "this cannot hold together with the other part",
        (_, false, _) => "this cannot hold together with the other parts",
    };
    diagnostic = diagnostic.at(last.file, last.span, label);
    for part in before {
        let label = if part.negated {
            "this part, negated"
        } else {
            "this part"
        };
        diagnostic = diagnostic.at(part.file, part.span, label);
    }
    diagnostic
}

impl Mismatch {
    /// The message, the label and the help of the mismatch.
    fn words(&self) -> (String, String, Option<&'static str>) {
        let this = |ty: &Ty| format!("this is {}", ty.describe());
        match self {
            Mismatch::NotACondition { clause, found } => (
                format!("`{clause}` needs a condition, but this is {}", found.describe()),
                this(found),
                Some(match found {
                    Ty::List(_) => {
                        "to ask whether it has items, write `any ...`, `no ...` or `... is not empty`"
                    }
                    Ty::Number => "compare it, for example `... > 0`",
                    _ => "compare it with a value, for example `... is present`",
                }),
            ),
            Mismatch::ListMixes { first, other } => (
                format!("a list mixes {} and {}", first.describe(), other.describe()),
                this(other),
                Some("every item of a list has the same type"),
            ),
            Mismatch::CannotNegate { found } => (
                format!("cannot negate {}", found.describe()),
                "expected a number".to_string(),
                None,
            ),
            Mismatch::CannotContain { left, right } => (
                format!("{} cannot contain {}", left.describe(), right.describe()),
                "`contains` looks for text in text, or an item in a list".to_string(),
                Some("for example `account.name contains \"Group\"` or `activities.type contains \"demo\"`"),
            ),
            Mismatch::MatchesNeedsText { found } => (
                format!("`matches` needs text, but this is {}", found.describe()),
                this(found),
                None,
            ),
            Mismatch::DaysNeedsDate { until, found } => (
                format!(
                    "`days {}` needs a date, but this is {}",
                    if *until { "until" } else { "since" },
                    found.describe()
                ),
                this(found),
                Some("for example `days since stage_entered` or `days until close_date`"),
            ),
            Mismatch::NotAList { keyword, found } => (
                format!("`{keyword}` needs a list, but this is {}", found.describe()),
                this(found),
                Some("lists are fields such as `contacts`, `activities` or `needs`, or defines built from them"),
            ),
            Mismatch::AllNeedsCondition => (
                "`all` needs a condition for the items".to_string(),
                "expected `all LIST where CONDITION`".to_string(),
                Some("for example `all next_steps where done`"),
            ),
            Mismatch::NotNumbers { keyword, item } => (
                format!(
                    "`{keyword}` needs a list of numbers, but this is a list of {}",
                    item.plural()
                ),
                format!("a list of {}", item.plural()),
                Some("name a number field of the items; for dates use `latest` or `earliest`"),
            ),
            Mismatch::NotDates { keyword, item } => (
                format!(
                    "`{keyword}` needs a list of dates, but this is a list of {}",
                    item.plural()
                ),
                format!("a list of {}", item.plural()),
                Some("name a date field of the items, for example `latest activities.date`"),
            ),
            Mismatch::CannotArith { op, left, right } => {
                let verb = match op {
                    ArithOp::Add => "add",
                    ArithOp::Sub => "subtract",
                    ArithOp::Mul => "multiply",
                    ArithOp::Div => "divide",
                };
                (
                    format!("cannot {verb} {} and {}", left.describe(), right.describe()),
                    "arithmetic works on numbers, and on dates with durations".to_string(),
                    matches!((left, right), (Ty::Date, Ty::Number))
                        .then_some("write the number with a unit: `30 days` or `2 weeks`"),
                )
            }
            Mismatch::CannotCompare { left, right } => (
                format!("cannot compare {} with {}", left.describe(), right.describe()),
                "these sides have different types".to_string(),
                match (left, right) {
                    (Ty::Duration, Ty::Number) | (Ty::Number, Ty::Duration) => Some(
                        "give the number a unit (`30 days`), or count days with `days since DATE`",
                    ),
                    (Ty::Date, Ty::Number) | (Ty::Number, Ty::Date) => Some(
                        "to compare a date with a number of days, use `days since DATE` or `days until DATE`",
                    ),
                    (Ty::List(_), _) | (_, Ty::List(_)) => {
                        Some("to compare a list's size, use `count`")
                    }
                    _ => None,
                },
            ),
            Mismatch::NotEmptiable { found } => (
                format!(
                    "`is empty` asks about a list or text, but this is {}",
                    found.describe()
                ),
                this(found),
                Some("to ask whether a value is there at all, write `is missing` or `is present`"),
            ),
            Mismatch::NotAStage { found } => (
                format!(
                    "`is before/after/at least/at most` compares stages, but this is {}",
                    found.describe()
                ),
                this(found),
                Some("write `stage is at least needs-analysis`"),
            ),
            Mismatch::TodayInList => (
                "`today` cannot be in a list".to_string(),
                "write a date".to_string(),
                None,
            ),
            Mismatch::IsValue { subject, value } => (
                format!(
                    "cannot compare {} with {}",
                    subject.describe(),
                    value.describe()
                ),
                this(value),
                match subject {
                    Ty::List(_) => {
                        Some("for lists, write `contains`, `is empty` or `any ... where ...`")
                    }
                    Ty::Bool => Some("a condition is `true` or `false`"),
                    Ty::Text | Ty::Symbol(_) => Some(
                        "write the value as a word (`open`) or in quotes (`\"East China\"`)",
                    ),
                    _ => None,
                },
            ),
            Mismatch::NoFields { found, field } => (
                format!(
                    "{} has no fields, so `.{field}` means nothing here",
                    found.describe()
                ),
                "no such field".to_string(),
                None,
            ),
        }
    }
}

impl CheckProblem {
    /// The diagnostic of the problem: the one place where a check problem
    /// becomes words.
    pub(crate) fn describe(&self) -> Diagnostic {
        match self {
            CheckProblem::StagesTwice { second, first } => {
                Diagnostic::new(Code::DuplicateName, "the stages are declared twice")
                    .at(second.0, second.1, "second `stages` block")
                    .at(first.0, first.1, "first declared here")
                    .help("a playbook and its imports have one `stages` block")
            }
            CheckProblem::StageTwice {
                stage,
                again,
                first,
            } => Diagnostic::new(
                Code::DuplicateName,
                format!("stage `{stage}` is listed twice"),
            )
            .at(again.0, again.1, "listed again here")
            .at(first.0, first.1, "first listed here"),
            CheckProblem::NoStages { at } => {
                Diagnostic::new(Code::NoStages, "this playbook declares no stages")
                    .at(at.0, at.1, "a playbook needs its sales path")
                    .help("add a `stages` block listing the stages in order, one per line")
            }
            CheckProblem::TooManyRules { at } => Diagnostic::new(
                Code::Limit,
                format!("more than {} rules in one playbook", super::MAX_RULES),
            )
            .at(at.0, at.1, "one rule too many")
            .help("split the playbook into several playbooks, each for its own team or product"),
            CheckProblem::RuleTwice { id, again, first } => {
                Diagnostic::new(Code::DuplicateRule, format!("rule ID `{id}` is used twice"))
                    .at(again.0, again.1, "second rule with this ID")
                    .at(first.0, first.1, "first used here")
                    .help("rule IDs must be unique: reps, tests and snoozes name rules by ID")
            }
            CheckProblem::NotDeclarable { path, in_model, at } => Diagnostic::new(
                Code::FieldDeclaration,
                format!("`{path}` cannot be declared in `fields`"),
            )
            .at(at.0, at.1, "only `custom.NAME` fields are declared")
            .help(if *in_model {
                format!("`{path}` is part of the deal model already; use it without declaring it")
            } else {
                format!(
                    "fields a team adds live under `custom:`: declare `custom.{}`",
                    path.rsplit('.').next().unwrap_or("name")
                )
            }),
            CheckProblem::DeclaredTwice {
                what,
                name,
                again,
                first,
            } => {
                let what = match what {
                    Declared::Field => "field",
                    Declared::Define => "define",
                };
                Diagnostic::new(
                    Code::DuplicateName,
                    format!("{what} `{name}` is declared twice"),
                )
                .at(again.0, again.1, "declared again here")
                .at(first.0, first.1, "first declared here")
            }
            CheckProblem::DefineShadowsField { name, at } => Diagnostic::new(
                Code::ShadowedName,
                format!("define `{name}` has the name of a deal field"),
            )
            .at(at.0, at.1, "this would hide the deal's own field")
            .help("choose another name, for example one that says what it computes"),
            CheckProblem::DefineCycle {
                name,
                chain,
                defined,
                used,
            } => {
                let mut diagnostic = Diagnostic::new(
                    Code::DefineCycle,
                    format!("define `{name}` depends on itself: {}", chain.join(" → ")),
                )
                .at(defined.0, defined.1, "defined here");
                if let Some(used) = used {
                    diagnostic = diagnostic.at(used.0, used.1, "used here");
                }
                diagnostic
                    .help("a define may use other defines, but never itself, even through others")
            }
            CheckProblem::ItemHides { item, at } => Diagnostic::new(
                Code::ShadowedName,
                format!("`for each {item}` hides the field or define `{item}`"),
            )
            .at(at.0, at.1, "choose another name")
            .help("the item is usually the singular: `for each step in next_steps`"),
            CheckProblem::ForEachNotList { found, at } => {
                Diagnostic::new(Code::TypeMismatch, "`for each` needs a list")
                    .at(at.0, at.1, format!("this is {}", found.describe()))
                    .help("name a list such as `objections`, `next_steps` or `needs`")
            }
            CheckProblem::MessageCannotShow { found, at } => Diagnostic::new(
                Code::TypeMismatch,
                format!("a message cannot show {}", found.describe()),
            )
            .at(at.0, at.1, "name one of its fields")
            .help("for example `{account.name}`, or `{contact.name}` inside `for each contact in contacts`"),
            CheckProblem::HeaderTwice {
                keyword,
                second,
                first,
            } => Diagnostic::new(Code::Header, format!("`{keyword}` is given twice"))
                .at(second.0, second.1, "second one here")
                .at(first.0, first.1, "first one here"),
            CheckProblem::PlaybookNotFirst { at } => Diagnostic::new(
                Code::Header,
                "`playbook \"NAME\"` must come first",
            )
            .at(at.0, at.1, "move this line to the top of the file"),
            CheckProblem::NoPlaybookHeader { at } => Diagnostic::new(
                Code::Header,
                "this file does not start with `playbook \"NAME\"`",
            )
            .at(at.0, at.1, "expected `playbook \"NAME\"` here")
            .help("start the file with a line such as `playbook \"Consultative sales path\"`"),
            CheckProblem::Mismatch { mismatch, at } => {
                let (message, label, help) = mismatch.words();
                let diagnostic = Diagnostic::new(Code::TypeMismatch, message).at(at.0, at.1, label);
                match help {
                    Some(help) => diagnostic.help(help),
                    None => diagnostic,
                }
            }
            CheckProblem::TooDeep { at } => Diagnostic::new(
                Code::Limit,
                format!(
                    "expressions here are nested more than {} deep, counting the defines they use",
                    super::MAX_NESTING
                ),
            )
            .at(at.0, at.1, "too deep")
            .help("a define that uses a define that uses a define…: make the chain shorter"),
            CheckProblem::BadRegex { problem, at } => Diagnostic::new(
                Code::BadRegex,
                "this pattern is not a valid regular expression",
            )
            .at(
                at.0,
                at.1,
                match problem {
                    RegexProblem::TooBig => format!(
                        "the pattern is too large (over {MAX_REGEX_BYTES} bytes compiled)"
                    ),
                    RegexProblem::Invalid(detail) => detail.clone(),
                },
            )
            .help("patterns use Rust regex syntax; escape special characters such as `.` and `(` with `\\\\`"),
            CheckProblem::UnknownStage {
                name,
                stages,
                close,
                at,
            } => Diagnostic::new(
                Code::UnknownStage,
                format!("`{name}` is not a stage of this playbook"),
            )
            .at(at.0, at.1, "not in `stages`")
            .help(match close {
                Some(close) => crate::words::did_you_mean(close),
                None if stages.is_empty() => "declare the stages in a `stages` block".to_string(),
                None => format!("the stages are: {}", stages.join(", ")),
            }),
            CheckProblem::UnknownName {
                name,
                close,
                hint,
                at,
            } => Diagnostic::new(Code::UnknownName, format!("unknown name `{name}`"))
                .at(at.0, at.1, "not a field, define or `for each` item")
                .help(match (close, hint) {
                    (Some(close), _) => crate::words::did_you_mean(close),
                    (None, NameHint::Stage) => format!(
                        "`{name}` is a stage: compare the deal's stage with `stage is {name}`"
                    ),
                    (None, NameHint::InWhere) => {
                        "inside `where`, names are fields of the item first, then of the deal"
                            .to_string()
                    }
                    (None, NameHint::Nothing) => {
                        "names are deal fields (see docs/deals.md), defines, or the item of `for each`"
                            .to_string()
                    }
                }),
            CheckProblem::UndeclaredCustom { name, close, at } => Diagnostic::new(
                Code::UnknownName,
                format!("custom field `{name}` is not declared"),
            )
            .at(at.0, at.1, "not in `fields`")
            .help(match close {
                Some(close) => crate::words::did_you_mean(&format!("custom.{close}")),
                None => format!(
                    "declare it in a `fields` block: `custom.{name} text` (or number, bool, date)"
                ),
            }),
            CheckProblem::NoSuchField {
                record,
                field,
                close,
                at,
            } => Diagnostic::new(
                Code::UnknownName,
                format!("{} has no field `{field}`", with_article(record.name)),
            )
            .at(
                at.0,
                at.1,
                format!("not a field of {}", with_article(record.name)),
            )
            .help(match close {
                Some(close) => crate::words::did_you_mean(close),
                None => format!(
                    "{} has: {}",
                    with_article(record.name),
                    record.names().collect::<Vec<_>>().join(", ")
                ),
            }),
            CheckProblem::UnknownSymbol {
                text,
                path,
                known,
                close,
                at,
            } => Diagnostic::new(
                Code::UnknownSymbol,
                format!("`{text}` is not a known value of `{path}`"),
            )
            .at(at.0, at.1, "outside the known vocabulary")
            .help(match close {
                Some(close) => crate::words::did_you_mean(close),
                None => format!("the known values of `{path}` are: {}", known.join(", ")),
            }),
            CheckProblem::NoBecause { rule, at } => Diagnostic::new(
                Code::NoBecause,
                format!("rule `{rule}` has no `because`"),
            )
            .at(at.0, at.1, "reps will see this action without a reason")
            .help("add a line `because \"...\"` saying why the action matters: reps act on advice they understand"),
            CheckProblem::UnusedDefine { name, users, at } => Diagnostic::new(
                Code::UnusedDefine,
                format!("define `{name}` is never used"),
            )
            .at(
                at.0,
                at.1,
                if users.is_empty() {
                    "no rule uses it".to_string()
                } else {
                    format!(
                        "only used by {}, which no rule uses",
                        users
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            )
            .help("use it in a rule's `when` or message, or delete it"),
            CheckProblem::UnusedField { path, at } => Diagnostic::new(
                Code::UnusedField,
                format!("field `{path}` is declared but never used"),
            )
            .at(at.0, at.1, "no rule reads it")
            .help("read it in a rule, or delete this line; deal files may keep the value under `custom:`"),
            CheckProblem::UnpinnedStage { stage, at } => Diagnostic::new(
                Code::UnpinnedStage,
                format!("stage `{stage}` has no rule of its own"),
            )
            .at(at.0, at.1, "no rule's condition is limited to this stage")
            .help(format!(
                "add a rule for it, such as `when stage is {stage} and ...`; rules that apply at every stage do not count"
            )),
            CheckProblem::NeverFires {
                rule,
                when,
                never,
                through_defines,
            } => {
                let diagnostic =
                    Diagnostic::new(Code::NeverFires, format!("rule `{rule}` can never fire"));
                match never {
                    Never::Alternatives => diagnostic
                        .at(when.0, when.1, "no deal can meet this condition")
                        .help("every way this condition could be true contradicts itself, so the rule never recommends anything; fix the condition or delete the rule"),
                    Never::Conflict(parts, kind) => {
                        conflict_labels(diagnostic, *when, parts, *kind, *through_defines).help(match kind {
                            Kind::Stage => "a deal is at one stage at a time, and the stages come in the order of `stages`; fix the condition or delete the rule",
                            Kind::Count => "a count is a whole number, 0 or more; fix the condition or delete the rule",
                            Kind::Constants => "a comparison of two fixed values never changes; compare a field instead, or delete the rule",
                            Kind::Other => "no value can meet all of these at once, so the rule never recommends anything; fix the condition or delete the rule",
                        })
                    }
                }
            }
            CheckProblem::SameCondition {
                first,
                second,
                for_each,
                at,
                first_at,
            } => Diagnostic::new(
                Code::SameCondition,
                format!("rules `{first}` and `{second}` have the same condition"),
            )
            .at(
                at.0,
                at.1,
                format!(
                    "{} as rule `{first}`",
                    if *for_each {
                        "same `for each` and `when`"
                    } else {
                        "same condition"
                    }
                ),
            )
            .at(first_at.0, first_at.1, format!("rule `{first}`"))
            .help("a deal that meets one meets both: merge them into one rule, or make the conditions differ"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        CheckProblem, Declared, Kind, Mismatch, NameHint, Never, Part, Place, RegexProblem, Ty,
    };
    use crate::ast::ArithOp;
    use crate::deal::schema::{FieldKind, RecordSchema};
    use crate::deal::DEAL;
    use crate::span::{FileId, Span};

    /// (code, message, label messages, help) of a problem.
    fn described(problem: CheckProblem) -> (&'static str, String, Vec<String>, Option<String>) {
        let d = problem.describe();
        (
            d.code.as_str(),
            d.message,
            d.labels.into_iter().map(|l| l.message).collect(),
            d.help,
        )
    }

    fn at(start: usize) -> Place {
        (FileId::default(), Span::new(start, start + 1))
    }

    fn labels(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    #[test]
    fn declarations_twice_point_at_both() {
        assert_eq!(
            described(CheckProblem::StagesTwice {
                second: at(5),
                first: at(1)
            }),
            (
                "E204",
                "the stages are declared twice".into(),
                labels(&["second `stages` block", "first declared here"]),
                some("a playbook and its imports have one `stages` block")
            )
        );
        assert_eq!(
            described(CheckProblem::StageTwice {
                stage: "won".into(),
                again: at(5),
                first: at(1)
            }),
            (
                "E204",
                "stage `won` is listed twice".into(),
                labels(&["listed again here", "first listed here"]),
                None
            )
        );
        assert_eq!(
            described(CheckProblem::DeclaredTwice {
                what: Declared::Field,
                name: "custom.budget".into(),
                again: at(5),
                first: at(1)
            })
            .1,
            "field `custom.budget` is declared twice"
        );
        assert_eq!(
            described(CheckProblem::DeclaredTwice {
                what: Declared::Define,
                name: "big".into(),
                again: at(5),
                first: at(1)
            }),
            (
                "E204",
                "define `big` is declared twice".into(),
                labels(&["declared again here", "first declared here"]),
                None
            )
        );
        assert_eq!(
            described(CheckProblem::RuleTwice {
                id: "r1".into(),
                again: at(5),
                first: at(1)
            }),
            (
                "E203",
                "rule ID `r1` is used twice".into(),
                labels(&["second rule with this ID", "first used here"]),
                some("rule IDs must be unique: reps, tests and snoozes name rules by ID")
            )
        );
        assert_eq!(
            described(CheckProblem::HeaderTwice {
                keyword: "version",
                second: at(5),
                first: at(1)
            }),
            (
                "E108",
                "`version` is given twice".into(),
                labels(&["second one here", "first one here"]),
                None
            )
        );
    }

    #[test]
    fn a_field_outside_custom_is_told_where_it_belongs() {
        assert_eq!(
            described(CheckProblem::NotDeclarable {
                path: "account.industry".into(),
                in_model: true,
                at: at(1)
            }),
            (
                "E210",
                "`account.industry` cannot be declared in `fields`".into(),
                labels(&["only `custom.NAME` fields are declared"]),
                some("`account.industry` is part of the deal model already; use it without declaring it")
            )
        );
        assert_eq!(
            described(CheckProblem::NotDeclarable {
                path: "account.budget".into(),
                in_model: false,
                at: at(1)
            })
            .3,
            some("fields a team adds live under `custom:`: declare `custom.budget`")
        );
    }

    #[test]
    fn a_cycle_shows_its_chain_and_the_use_when_known() {
        let cycle = |used| CheckProblem::DefineCycle {
            name: "a".into(),
            chain: vec!["a".into(), "b".into(), "a".into()],
            defined: at(1),
            used,
        };
        assert_eq!(
            described(cycle(Some(at(9)))),
            (
                "E205",
                "define `a` depends on itself: a → b → a".into(),
                labels(&["defined here", "used here"]),
                some("a define may use other defines, but never itself, even through others")
            )
        );
        assert_eq!(described(cycle(None)).2, labels(&["defined here"]));
    }

    #[test]
    fn names_that_hide_others() {
        assert_eq!(
            described(CheckProblem::DefineShadowsField {
                name: "amount".into(),
                at: at(1)
            }),
            (
                "E209",
                "define `amount` has the name of a deal field".into(),
                labels(&["this would hide the deal's own field"]),
                some("choose another name, for example one that says what it computes")
            )
        );
        assert_eq!(
            described(CheckProblem::ItemHides {
                item: "amount".into(),
                at: at(1)
            }),
            (
                "E209",
                "`for each amount` hides the field or define `amount`".into(),
                labels(&["choose another name"]),
                some("the item is usually the singular: `for each step in next_steps`")
            )
        );
    }

    #[test]
    fn types_a_rule_cannot_use_are_named() {
        assert_eq!(
            described(CheckProblem::ForEachNotList {
                found: Ty::Number,
                at: at(1)
            }),
            (
                "E202",
                "`for each` needs a list".into(),
                labels(&["this is a number"]),
                some("name a list such as `objections`, `next_steps` or `needs`")
            )
        );
        assert_eq!(
            described(CheckProblem::MessageCannotShow {
                found: Ty::Custom,
                at: at(1)
            }),
            (
                "E202",
                "a message cannot show the custom fields".into(),
                labels(&["name one of its fields"]),
                some("for example `{account.name}`, or `{contact.name}` inside `for each contact in contacts`")
            )
        );
    }

    #[test]
    fn the_shape_of_a_playbook() {
        assert_eq!(
            described(CheckProblem::NoStages { at: at(1) }),
            (
                "E208",
                "this playbook declares no stages".into(),
                labels(&["a playbook needs its sales path"]),
                some("add a `stages` block listing the stages in order, one per line")
            )
        );
        assert_eq!(
            described(CheckProblem::TooManyRules { at: at(1) }),
            (
                "E109",
                "more than 100000 rules in one playbook".into(),
                labels(&["one rule too many"]),
                some("split the playbook into several playbooks, each for its own team or product")
            )
        );
        assert_eq!(
            described(CheckProblem::PlaybookNotFirst { at: at(1) }),
            (
                "E108",
                "`playbook \"NAME\"` must come first".into(),
                labels(&["move this line to the top of the file"]),
                None
            )
        );
        assert_eq!(
            described(CheckProblem::NoPlaybookHeader { at: at(1) }),
            (
                "E108",
                "this file does not start with `playbook \"NAME\"`".into(),
                labels(&["expected `playbook \"NAME\"` here"]),
                some("start the file with a line such as `playbook \"Consultative sales path\"`")
            )
        );
    }

    /// (message, label, help) of a mismatch, which is always E202.
    fn mismatch(mismatch: Mismatch) -> (String, String, Option<String>) {
        let (code, message, mut labels, help) = described(CheckProblem::Mismatch {
            mismatch,
            at: at(1),
        });
        assert_eq!(code, "E202");
        assert_eq!(labels.len(), 1);
        (message, labels.remove(0), help)
    }

    /// The contact record, as the deal's `contacts` holds it.
    fn contact() -> &'static RecordSchema {
        match DEAL.field("contacts").map(|(_, f)| f.kind) {
            Some(FieldKind::List(schema)) => schema,
            _ => &DEAL,
        }
    }

    fn list_of(ty: Ty) -> Ty {
        Ty::List(Box::new(ty))
    }

    #[test]
    fn mismatches_say_what_was_wanted_and_found() {
        assert_eq!(
            mismatch(Mismatch::NotACondition {
                clause: "when",
                found: list_of(Ty::Text)
            }),
            (
                "`when` needs a condition, but this is a list of texts".into(),
                "this is a list of texts".into(),
                some(
                    "to ask whether it has items, write `any ...`, `no ...` or `... is not empty`"
                )
            )
        );
        assert_eq!(
            mismatch(Mismatch::NotACondition {
                clause: "and",
                found: Ty::Number
            })
            .2,
            some("compare it, for example `... > 0`")
        );
        assert_eq!(
            mismatch(Mismatch::ListMixes {
                first: Ty::Number,
                other: Ty::Text
            }),
            (
                "a list mixes a number and text".into(),
                "this is text".into(),
                some("every item of a list has the same type")
            )
        );
        assert_eq!(
            mismatch(Mismatch::CannotNegate { found: Ty::Date }),
            (
                "cannot negate a date".into(),
                "expected a number".into(),
                None
            )
        );
        assert_eq!(
            mismatch(Mismatch::CannotContain {
                left: Ty::Number,
                right: Ty::Text
            }),
            (
                "a number cannot contain text".into(),
                "`contains` looks for text in text, or an item in a list".into(),
                some("for example `account.name contains \"Group\"` or `activities.type contains \"demo\"`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::MatchesNeedsText { found: Ty::Number }),
            (
                "`matches` needs text, but this is a number".into(),
                "this is a number".into(),
                None
            )
        );
        assert_eq!(
            mismatch(Mismatch::DaysNeedsDate {
                until: true,
                found: Ty::Stage
            }),
            (
                "`days until` needs a date, but this is a stage".into(),
                "this is a stage".into(),
                some("for example `days since stage_entered` or `days until close_date`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::NotAList {
                keyword: "count",
                found: Ty::Record(contact())
            }),
            (
                "`count` needs a list, but this is a contact".into(),
                "this is a contact".into(),
                some("lists are fields such as `contacts`, `activities` or `needs`, or defines built from them")
            )
        );
        assert_eq!(
            mismatch(Mismatch::AllNeedsCondition),
            (
                "`all` needs a condition for the items".into(),
                "expected `all LIST where CONDITION`".into(),
                some("for example `all next_steps where done`")
            )
        );
    }

    #[test]
    fn aggregates_name_the_items() {
        assert_eq!(
            mismatch(Mismatch::NotNumbers {
                keyword: "sum",
                item: Ty::Record(contact())
            }),
            (
                "`sum` needs a list of numbers, but this is a list of contacts".into(),
                "a list of contacts".into(),
                some("name a number field of the items; for dates use `latest` or `earliest`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::NotDates {
                keyword: "latest",
                item: Ty::Number
            }),
            (
                "`latest` needs a list of dates, but this is a list of numbers".into(),
                "a list of numbers".into(),
                some("name a date field of the items, for example `latest activities.date`")
            )
        );
    }

    #[test]
    fn operators_on_the_wrong_types() {
        assert_eq!(
            mismatch(Mismatch::CannotArith {
                op: ArithOp::Add,
                left: Ty::Date,
                right: Ty::Number
            }),
            (
                "cannot add a date and a number".into(),
                "arithmetic works on numbers, and on dates with durations".into(),
                some("write the number with a unit: `30 days` or `2 weeks`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::CannotArith {
                op: ArithOp::Div,
                left: Ty::Text,
                right: Ty::Number
            })
            .0,
            "cannot divide text and a number"
        );
        let compare = |left, right| mismatch(Mismatch::CannotCompare { left, right });
        assert_eq!(
            compare(Ty::Duration, Ty::Number),
            (
                "cannot compare a duration with a number".into(),
                "these sides have different types".into(),
                some("give the number a unit (`30 days`), or count days with `days since DATE`")
            )
        );
        assert_eq!(
            compare(Ty::Number, Ty::Date).2,
            some("to compare a date with a number of days, use `days since DATE` or `days until DATE`")
        );
        assert_eq!(
            compare(list_of(Ty::Text), Ty::Number).2,
            some("to compare a list's size, use `count`")
        );
        assert_eq!(compare(Ty::Text, Ty::Bool).2, None);
    }

    #[test]
    fn is_tests_on_the_wrong_types() {
        assert_eq!(
            mismatch(Mismatch::NotEmptiable { found: Ty::Number }),
            (
                "`is empty` asks about a list or text, but this is a number".into(),
                "this is a number".into(),
                some("to ask whether a value is there at all, write `is missing` or `is present`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::NotAStage { found: Ty::Date }),
            (
                "`is before/after/at least/at most` compares stages, but this is a date".into(),
                "this is a date".into(),
                some("write `stage is at least needs-analysis`")
            )
        );
        assert_eq!(
            mismatch(Mismatch::TodayInList),
            (
                "`today` cannot be in a list".into(),
                "write a date".into(),
                None
            )
        );
        let is_value = |subject| {
            mismatch(Mismatch::IsValue {
                subject,
                value: Ty::Number,
            })
        };
        assert_eq!(
            is_value(Ty::Bool),
            (
                "cannot compare a condition (true or false) with a number".into(),
                "this is a number".into(),
                some("a condition is `true` or `false`")
            )
        );
        assert_eq!(
            is_value(list_of(Ty::Text)).2,
            some("for lists, write `contains`, `is empty` or `any ... where ...`")
        );
        assert_eq!(
            is_value(Ty::Text).2,
            some("write the value as a word (`open`) or in quotes (`\"East China\"`)")
        );
        assert_eq!(is_value(Ty::Date).2, None);
        assert_eq!(
            mismatch(Mismatch::NoFields {
                found: Ty::Number,
                field: "name".into()
            }),
            (
                "a number has no fields, so `.name` means nothing here".into(),
                "no such field".into(),
                None
            )
        );
    }

    #[test]
    fn unknown_names_suggest_or_list() {
        let stage = |close: Option<&str>, stages: &[&str]| {
            described(CheckProblem::UnknownStage {
                name: "lost".into(),
                stages: stages.iter().map(|s| s.to_string()).collect(),
                close: close.map(str::to_string),
                at: at(1),
            })
        };
        assert_eq!(
            stage(Some("lose"), &["lose"]),
            (
                "E201",
                "`lost` is not a stage of this playbook".into(),
                labels(&["not in `stages`"]),
                some("did you mean `lose`?")
            )
        );
        assert_eq!(
            stage(None, &[]).3,
            some("declare the stages in a `stages` block")
        );
        assert_eq!(
            stage(None, &["lead", "won"]).3,
            some("the stages are: lead, won")
        );
        let name = |close: Option<&str>, hint| {
            described(CheckProblem::UnknownName {
                name: "won".into(),
                close: close.map(str::to_string),
                hint,
                at: at(1),
            })
        };
        assert_eq!(
            name(Some("wins"), NameHint::Stage),
            (
                "E200",
                "unknown name `won`".into(),
                labels(&["not a field, define or `for each` item"]),
                some("did you mean `wins`?")
            )
        );
        assert_eq!(
            name(None, NameHint::Stage).3,
            some("`won` is a stage: compare the deal's stage with `stage is won`")
        );
        assert_eq!(
            name(None, NameHint::InWhere).3,
            some("inside `where`, names are fields of the item first, then of the deal")
        );
        assert_eq!(
            name(None, NameHint::Nothing).3,
            some("names are deal fields (see docs/deals.md), defines, or the item of `for each`")
        );
        let custom = |close: Option<&str>| {
            described(CheckProblem::UndeclaredCustom {
                name: "budgt".into(),
                close: close.map(str::to_string),
                at: at(1),
            })
        };
        assert_eq!(
            custom(Some("budget")),
            (
                "E200",
                "custom field `budgt` is not declared".into(),
                labels(&["not in `fields`"]),
                some("did you mean `custom.budget`?")
            )
        );
        assert_eq!(
            custom(None).3,
            some("declare it in a `fields` block: `custom.budgt text` (or number, bool, date)")
        );
        let field = |close| {
            described(CheckProblem::NoSuchField {
                record: contact(),
                field: "rol".into(),
                close,
                at: at(1),
            })
        };
        assert_eq!(
            field(Some("role")),
            (
                "E200",
                "a contact has no field `rol`".into(),
                labels(&["not a field of a contact"]),
                some("did you mean `role`?")
            )
        );
        assert_eq!(
            field(None).3,
            some("a contact has: name, title, role, engaged, last_contact")
        );
    }

    #[test]
    fn patterns_depth_and_vocabulary() {
        assert_eq!(
            described(CheckProblem::BadRegex {
                problem: RegexProblem::TooBig,
                at: at(1)
            }),
            (
                "E207",
                "this pattern is not a valid regular expression".into(),
                labels(&["the pattern is too large (over 1048576 bytes compiled)"]),
                some("patterns use Rust regex syntax; escape special characters such as `.` and `(` with `\\\\`")
            )
        );
        assert_eq!(
            described(CheckProblem::BadRegex {
                problem: RegexProblem::Invalid("unclosed group".into()),
                at: at(1)
            })
            .2,
            labels(&["unclosed group"])
        );
        assert_eq!(
            described(CheckProblem::TooDeep { at: at(1) }),
            (
                "E109",
                "expressions here are nested more than 1024 deep, counting the defines they use"
                    .into(),
                labels(&["too deep"]),
                some("a define that uses a define that uses a define…: make the chain shorter")
            )
        );
        let symbol = |close| {
            described(CheckProblem::UnknownSymbol {
                text: "opne".into(),
                path: "questions.kind".into(),
                known: &["open", "closed"],
                close,
                at: at(1),
            })
        };
        assert_eq!(
            symbol(Some("open")),
            (
                "W007",
                "`opne` is not a known value of `questions.kind`".into(),
                labels(&["outside the known vocabulary"]),
                some("did you mean `open`?")
            )
        );
        assert_eq!(
            symbol(None).3,
            some("the known values of `questions.kind` are: open, closed")
        );
    }

    #[test]
    fn warnings_about_what_a_playbook_does_not_use() {
        assert_eq!(
            described(CheckProblem::NoBecause {
                rule: "r1".into(),
                at: at(1)
            }),
            (
                "W002",
                "rule `r1` has no `because`".into(),
                labels(&["reps will see this action without a reason"]),
                some("add a line `because \"...\"` saying why the action matters: reps act on advice they understand")
            )
        );
        let unused = |users: &[&str]| {
            described(CheckProblem::UnusedDefine {
                name: "big".into(),
                users: users.iter().map(|u| u.to_string()).collect(),
                at: at(1),
            })
        };
        assert_eq!(
            unused(&[]),
            (
                "W003",
                "define `big` is never used".into(),
                labels(&["no rule uses it"]),
                some("use it in a rule's `when` or message, or delete it")
            )
        );
        assert_eq!(
            unused(&["a", "b"]).2,
            labels(&["only used by `a`, `b`, which no rule uses"])
        );
        assert_eq!(
            described(CheckProblem::UnusedField {
                path: "custom.budget".into(),
                at: at(1)
            }),
            (
                "W004",
                "field `custom.budget` is declared but never used".into(),
                labels(&["no rule reads it"]),
                some("read it in a rule, or delete this line; deal files may keep the value under `custom:`")
            )
        );
        assert_eq!(
            described(CheckProblem::UnpinnedStage {
                stage: "won".into(),
                at: at(1)
            }),
            (
                "W006",
                "stage `won` has no rule of its own".into(),
                labels(&["no rule's condition is limited to this stage"]),
                some("add a rule for it, such as `when stage is won and ...`; rules that apply at every stage do not count")
            )
        );
        assert_eq!(
            described(CheckProblem::SameCondition {
                first: "a".into(),
                second: "b".into(),
                for_each: true,
                at: at(5),
                first_at: at(1)
            }),
            (
                "W008",
                "rules `a` and `b` have the same condition".into(),
                labels(&["same `for each` and `when` as rule `a`", "rule `a`"]),
                some("a deal that meets one meets both: merge them into one rule, or make the conditions differ")
            )
        );
    }

    #[test]
    fn a_rule_that_never_fires_points_at_the_conflict() {
        let part = |start, negated| Part {
            file: FileId::default(),
            span: Span::new(start, start + 1),
            negated,
        };
        let never = |never, through_defines| {
            described(CheckProblem::NeverFires {
                rule: "r1".into(),
                when: at(1),
                never,
                through_defines,
            })
        };
        assert_eq!(
            never(Never::Alternatives, false),
            (
                "W005",
                "rule `r1` can never fire".into(),
                labels(&["no deal can meet this condition"]),
                some("every way this condition could be true contradicts itself, so the rule never recommends anything; fix the condition or delete the rule")
            )
        );
        assert_eq!(
            never(Never::Conflict(vec![part(3, false), part(6, true), part(9, false)], Kind::Stage), true),
            (
                "W005",
                "rule `r1` can never fire".into(),
                labels(&[
                    "never true, through the defines it uses",
                    "this cannot hold together with the other parts",
                    "this part",
                    "this part, negated"
                ]),
                some("a deal is at one stage at a time, and the stages come in the order of `stages`; fix the condition or delete the rule")
            )
        );
        assert_eq!(
            never(
                Never::Conflict(vec![part(3, false), part(6, false)], Kind::Other),
                false
            )
            .2,
            labels(&["this cannot hold together with the other part", "this part"])
        );
        let alone = |kind, negated| never(Never::Conflict(vec![part(3, negated)], kind), false);
        assert_eq!(
            alone(Kind::Constants, false),
            (
                "W005",
                "rule `r1` can never fire".into(),
                labels(&["both sides are fixed, and this is always false"]),
                some("a comparison of two fixed values never changes; compare a field instead, or delete the rule")
            )
        );
        assert_eq!(
            alone(Kind::Constants, true).2,
            labels(&[
                "both sides are fixed, and this is always true, so its negation is always false"
            ])
        );
        assert_eq!(
            alone(Kind::Count, false),
            (
                "W005",
                "rule `r1` can never fire".into(),
                labels(&["no count meets this"]),
                some("a count is a whole number, 0 or more; fix the condition or delete the rule")
            )
        );
        assert_eq!(
            alone(Kind::Stage, false).2,
            labels(&["no stage meets this"])
        );
        assert_eq!(alone(Kind::Other, false).2, labels(&["this is never true"]));
        assert_eq!(
            never(Never::Conflict(vec![], Kind::Other), false).2,
            labels(&["no deal can meet this condition"])
        );
    }
}
