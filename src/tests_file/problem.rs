//! What can be wrong with a tests file itself, as data; the problems of
//! the deals inside its cases are [`crate::deal::DealProblem`]s.
//! [`TestsProblem::describe`] is the one place they become words.

use crate::date::DateError;
use crate::deal::{DealProblem, ALIAS_REPETITION};
use crate::diagnostic::Code;
use crate::serde_words::Found;
use crate::yaml::MAX_YAML_FLOW_DEPTH;

/// What a tests file's value at some place is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The whole file.
    File,
    /// The list `cases:`.
    Cases,
    /// One case.
    Case,
    /// `expect`, `absent` or `exact`.
    RuleList,
    /// A text (`playbook`, `today`, `name`, a rule ID).
    Text,
    /// Any other list.
    List,
}

impl Shape {
    /// What the value at `path` (keys and list positions, as the YAML
    /// reader gives them) is read as.
    pub(crate) fn at(path: &[String]) -> Shape {
        let is_index = |part: &String| part.parse::<usize>().is_ok();
        match path {
            [] => Shape::File,
            [cases] if cases == "cases" => Shape::Cases,
            [cases, index] if cases == "cases" && is_index(index) => Shape::Case,
            [.., key] if matches!(key.as_str(), "expect" | "absent" | "exact") => Shape::RuleList,
            [.., key] if is_index(key) => Shape::Text,
            [_] | [_, _, _] => Shape::Text,
            _ => Shape::List,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Shape::File => "a mapping with `playbook`, `today` and `cases`",
            Shape::Cases => "a list of cases, each starting with `- name:`",
            Shape::Case => "a case: a mapping with `name`, `deal` and `expect`",
            Shape::RuleList => "a list of rule IDs, such as `[follow-up, share-case]`",
            Shape::Text => "text",
            Shape::List => "a list",
        }
    }
}

/// Where in a tests file a key is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Level {
    /// At the top.
    File,
    /// In a case.
    Case,
}

impl Level {
    fn words(self) -> &'static str {
        match self {
            Level::File => "a tests file",
            Level::Case => "a case",
        }
    }
}

/// One problem with a tests file.
#[derive(Clone, Debug)]
pub(crate) enum TestsProblem {
    /// `[`/`{` nested too deep to read.
    TooDeep,
    /// YAML aliases that make the parser repeat values past its limit.
    AliasRepetition,
    /// A value of the wrong kind.
    WrongType {
        /// What was found.
        found: Found,
        /// What the place takes.
        expected: Shape,
    },
    /// Text that is not YAML, in the parser's words (reworded).
    Syntax {
        /// The words.
        what: String,
    },
    /// A key tests files or cases do not have.
    UnknownKey {
        /// The key.
        key: String,
        /// Where.
        level: Level,
        /// The keys there are.
        known: &'static [&'static str],
        /// The known key it is a near miss of.
        close: Option<&'static str>,
    },
    /// No `playbook:`.
    NoPlaybook,
    /// No `cases:`.
    NoCases,
    /// A case without `name`; `label` is "case 2".
    NoName {
        /// How the case is called.
        label: String,
    },
    /// A case without `deal`.
    NoDeal {
        /// How the case is called.
        label: String,
    },
    /// A case without a date, in a file without one.
    NoDate {
        /// How the case is called.
        label: String,
    },
    /// A `today:` that is not a date.
    BadDate {
        /// As written.
        text: String,
        /// What is wrong.
        error: DateError,
    },
    /// The tests file cannot be read at all.
    Unreadable {
        /// The file as named.
        file: String,
        /// Why, in words (from [`crate::files`]).
        reason: String,
    },
    /// A case names a rule the playbook does not have.
    UnknownRule {
        /// The case.
        case: String,
        /// The rule ID as written.
        id: String,
        /// The rule it is a near miss of.
        close: Option<String>,
        /// Every rule of the playbook.
        rules: Vec<String>,
    },
    /// A case's deal file holds other than one deal.
    DealCount {
        /// The case.
        case: String,
        /// How many deals the file holds.
        deals: usize,
    },
    /// A case's inline deal that cannot be read, when its own lines
    /// cannot be found to point at.
    InlineDeal {
        /// The case.
        case: String,
        /// What is wrong with the deal.
        problem: DealProblem,
    },
}

/// The help of every problem with the file's shape.
const SHAPE_HELP: &str = "a tests file has `playbook:`, an optional `today:`, and `cases:`, each case with `name`, `deal`, and `expect`/`absent`/`exact`";

impl TestsProblem {
    /// The code, message and help of the problem: the one place where a
    /// tests-file problem becomes words.
    pub(crate) fn describe(&self) -> (Code, String, Option<String>) {
        let unreadable = |what: &str| {
            (
                Code::TestsSyntax,
                format!("this tests file cannot be read: {what}"),
                Some(SHAPE_HELP.to_string()),
            )
        };
        let missing =
            |message: String, help: &str| (Code::TestsMissingKey, message, Some(help.to_string()));
        match self {
            TestsProblem::TooDeep => unreadable(&format!(
                "lists and mappings are nested more than {MAX_YAML_FLOW_DEPTH} deep"
            )),
            TestsProblem::AliasRepetition => unreadable(ALIAS_REPETITION),
            TestsProblem::WrongType { found, expected } => {
                unreadable(&format!("found {found}, expected {}", expected.words()))
            }
            TestsProblem::Syntax { what } => unreadable(what),
            TestsProblem::UnknownKey {
                key,
                level,
                known,
                close,
            } => (
                Code::TestsUnknownKey,
                format!("unknown key `{key}` in {}", level.words()),
                Some(match close {
                    Some(close) => crate::words::did_you_mean(close),
                    None => format!("{} has: {}", level.words(), known.join(", ")),
                }),
            ),
            TestsProblem::NoPlaybook => missing(
                "this tests file does not say which playbook it tests".to_string(),
                "add a first line `playbook: NAME.playbook`, the path relative to this file",
            ),
            TestsProblem::NoCases => missing("this tests file has no cases".to_string(), SHAPE_HELP),
            TestsProblem::NoName { label } => missing(
                format!("{label} has no `name`"),
                "give every case a `name:` that says what it shows",
            ),
            TestsProblem::NoDeal { label } => missing(
                format!("{label} has no `deal`"),
                "give the case a `deal:`, the path of a deal file or the deal inline as a mapping",
            ),
            TestsProblem::NoDate { label } => missing(
                format!("{label} has no date"),
                "give the file a `today:` line, or the case a `today:` field, so the case gives the same answer every day",
            ),
            TestsProblem::BadDate { text, error } => (
                Code::TestsDate,
                format!("`{text}` is not a valid date: {error}"),
                Some("write the date as YYYY-MM-DD, for example `today: 2026-11-28`".to_string()),
            ),
            TestsProblem::Unreadable { file, reason } => (
                Code::TestsSyntax,
                format!("cannot read tests file `{file}`: {reason}"),
                None,
            ),
            TestsProblem::UnknownRule {
                case,
                id,
                close,
                rules,
            } => (
                Code::TestsUnknownRule,
                format!("case `{case}` names `{id}`, which is not a rule of the playbook"),
                Some(match close {
                    Some(close) => crate::words::did_you_mean(close),
                    None => format!("the rules are: {}", rules.join(", ")),
                }),
            ),
            TestsProblem::DealCount { case, deals } => (
                Code::TestsDealCount,
                format!(
                    "case `{case}` names a deal file with {deals} deals; a case needs exactly one"
                ),
                Some("write the deal inline, or give it a file of its own".to_string()),
            ),
            TestsProblem::InlineDeal { case, problem } => (
                Code::DealType,
                format!("the deal of case `{case}` cannot be read: {problem}"),
                None,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Level, Shape, TestsProblem, SHAPE_HELP};
    use crate::date::DateError;
    use crate::serde_words::Found;

    fn described(problem: TestsProblem) -> (&'static str, String, Option<String>) {
        let (code, message, help) = problem.describe();
        (code.as_str(), message, help)
    }

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_path_says_what_a_value_is_read_as() {
        assert_eq!(Shape::at(&path(&[])), Shape::File);
        assert_eq!(Shape::at(&path(&["cases"])), Shape::Cases);
        assert_eq!(Shape::at(&path(&["cases", "2"])), Shape::Case);
        assert_eq!(Shape::at(&path(&["cases", "0", "exact"])), Shape::RuleList);
        assert_eq!(
            Shape::at(&path(&["cases", "0", "expect", "1"])),
            Shape::Text
        );
        assert_eq!(Shape::at(&path(&["cases", "0", "name"])), Shape::Text);
        assert_eq!(Shape::at(&path(&["playbook"])), Shape::Text);
    }

    #[test]
    fn unreadable_files_say_what_was_found() {
        let cases = [
            (TestsProblem::TooDeep, "lists and mappings are nested more than 128 deep"),
            (
                TestsProblem::AliasRepetition,
                "YAML aliases (`*name`) repeat values too many times",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::Text("follow-up".into()),
                    expected: Shape::RuleList,
                },
                "found text \"follow-up\", expected a list of rule IDs, such as `[follow-up, share-case]`",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::List,
                    expected: Shape::File,
                },
                "found a list, expected a mapping with `playbook`, `today` and `cases`",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::Number("3".into()),
                    expected: Shape::Case,
                },
                "found the number `3`, expected a case: a mapping with `name`, `deal` and `expect`",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::Mapping,
                    expected: Shape::Cases,
                },
                "found a mapping, expected a list of cases, each starting with `- name:`",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::Bool(true),
                    expected: Shape::Text,
                },
                "found `true`, expected text",
            ),
            (
                TestsProblem::WrongType {
                    found: Found::Mapping,
                    expected: Shape::List,
                },
                "found a mapping, expected a list",
            ),
            (
                TestsProblem::Syntax {
                    what: "mapping values are not allowed in this context".into(),
                },
                "mapping values are not allowed in this context",
            ),
        ];
        for (problem, what) in cases {
            assert_eq!(
                described(problem),
                (
                    "E400",
                    format!("this tests file cannot be read: {what}"),
                    Some(SHAPE_HELP.to_string())
                )
            );
        }
    }

    #[test]
    fn unknown_keys_name_the_close_key_or_all_of_them() {
        assert_eq!(
            described(TestsProblem::UnknownKey {
                key: "expcet".into(),
                level: Level::Case,
                known: &["name", "expect"],
                close: Some("expect"),
            }),
            (
                "E401",
                "unknown key `expcet` in a case".into(),
                Some("did you mean `expect`?".into())
            )
        );
        assert_eq!(
            described(TestsProblem::UnknownKey {
                key: "x".into(),
                level: Level::File,
                known: &["playbook", "cases"],
                close: None,
            })
            .2
            .as_deref(),
            Some("a tests file has: playbook, cases")
        );
    }

    #[test]
    fn missing_parts_say_what_to_add() {
        let label = || "case 2".to_string();
        let cases = [
            (
                TestsProblem::NoPlaybook,
                "this tests file does not say which playbook it tests",
                "add a first line `playbook: NAME.playbook`, the path relative to this file",
            ),
            (TestsProblem::NoCases, "this tests file has no cases", SHAPE_HELP),
            (
                TestsProblem::NoName { label: label() },
                "case 2 has no `name`",
                "give every case a `name:` that says what it shows",
            ),
            (
                TestsProblem::NoDeal { label: label() },
                "case 2 has no `deal`",
                "give the case a `deal:`, the path of a deal file or the deal inline as a mapping",
            ),
            (
                TestsProblem::NoDate { label: label() },
                "case 2 has no date",
                "give the file a `today:` line, or the case a `today:` field, so the case gives the same answer every day",
            ),
        ];
        for (problem, message, help) in cases {
            assert_eq!(
                described(problem),
                ("E402", message.to_string(), Some(help.to_string()))
            );
        }
        assert_eq!(
            described(TestsProblem::BadDate {
                text: "2026-13-01".into(),
                error: DateError::NoSuchDay
            }),
            (
                "E404",
                "`2026-13-01` is not a valid date: there is no such day in the calendar".into(),
                Some("write the date as YYYY-MM-DD, for example `today: 2026-11-28`".into())
            )
        );
    }

    #[test]
    fn problems_of_running_cases_name_the_case() {
        assert_eq!(
            described(TestsProblem::Unreadable {
                file: "a.tests.yaml".into(),
                reason: "it is not UTF-8 text; save it as UTF-8".into()
            }),
            (
                "E400",
                "cannot read tests file `a.tests.yaml`: it is not UTF-8 text; save it as UTF-8"
                    .into(),
                None
            )
        );
        let unknown = |close: Option<&str>| TestsProblem::UnknownRule {
            case: "c".into(),
            id: "folow-up".into(),
            close: close.map(str::to_string),
            rules: vec!["follow-up".into(), "share-case".into()],
        };
        assert_eq!(
            described(unknown(Some("follow-up"))),
            (
                "E403",
                "case `c` names `folow-up`, which is not a rule of the playbook".into(),
                Some("did you mean `follow-up`?".into())
            )
        );
        assert_eq!(
            described(unknown(None)).2.as_deref(),
            Some("the rules are: follow-up, share-case")
        );
        assert_eq!(
            described(TestsProblem::DealCount {
                case: "c".into(),
                deals: 2
            }),
            (
                "E405",
                "case `c` names a deal file with 2 deals; a case needs exactly one".into(),
                Some("write the deal inline, or give it a file of its own".into())
            )
        );
        assert_eq!(
            described(TestsProblem::InlineDeal {
                case: "c".into(),
                problem: crate::deal::DealProblem::MissingId
            }),
            (
                "E302",
                "the deal of case `c` cannot be read: this deal has no `id`; give every deal an `id`, unique within the run".into(),
                None
            )
        );
    }
}
