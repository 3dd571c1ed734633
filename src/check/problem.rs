//! What can be wrong with a playbook once it is parsed, as data: one
//! variant per problem (warnings included), with the names, types, close
//! names and places it is about.
//!
//! The checker and the lints only ever build a [`CheckProblem`];
//! [`CheckProblem::describe`] is the one place that turns it into a code,
//! a message, labels and a help. The words are English today; a `Lang`
//! argument joins `describe` when the catalogue has them in Chinese.

use super::Ty;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

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
            .help("for example `{account.name}` or `{contact.name}`"),
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CheckProblem, Declared, Place, Ty};
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
                some("for example `{account.name}` or `{contact.name}`")
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
}
