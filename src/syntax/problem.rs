//! What can be wrong with the text of a playbook, as data: one variant per
//! problem, with the words as written, the close names and the span it is
//! about.
//!
//! The scan, the parser's errors once classified and the lowering only ever
//! build a [`SyntaxProblem`]; [`SyntaxProblem::describe`] is the one place
//! that turns it into a code, a message, a label and a help. The words are
//! English today; a `Lang` argument joins `describe` when the catalogue has
//! them in Chinese. What the grammar expected is named by
//! `expected::describe`, the one table of those phrases.

use super::scan::ScanProblem;
use super::{shortened, MAX_OPERATORS, MAX_PAREN_DEPTH, MAX_SOURCE_BYTES};
use crate::date::DateError;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

/// What a syntax error found where the grammar stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// A word or a character, as written.
    Word(String),
    /// A character that would show as nothing (a zero-width space).
    Invisible(char),
    /// Nothing: the declaration (or the `{…}`) ended.
    Nothing,
    /// No text at the place the grammar stopped (a place inside a
    /// character).
    EndOfDeclaration,
}

/// A clause every rule needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clause {
    /// `when`.
    When,
    /// `recommend`.
    Recommend,
}

/// One problem in the text of a playbook file.
#[derive(Clone, Debug)]
pub(crate) enum SyntaxProblem {
    /// A file over [`MAX_SOURCE_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// A `"` with no closing `"` on its line.
    UnclosedString {
        /// The text.
        span: Span,
    },
    /// Parentheses nested past [`MAX_PAREN_DEPTH`].
    TooDeep {
        /// The parenthesis too many.
        span: Span,
    },
    /// More than [`MAX_OPERATORS`] operators in one declaration.
    TooManyOperators {
        /// The operator too many.
        span: Span,
    },
    /// A line that starts no declaration.
    UnknownDeclaration {
        /// Its first word.
        word: String,
        /// The declaration keyword it is a near miss of.
        close: Option<&'static str>,
        /// The word.
        span: Span,
    },
    /// `then` in a rule.
    Then {
        /// The word.
        span: Span,
    },
    /// A word in a rule that is a near miss of a clause.
    NotAClause {
        /// The word.
        word: String,
        /// The clause (`for each` for `for`).
        close: &'static str,
        /// The word.
        span: Span,
    },
    /// The grammar stopped here.
    Expected {
        /// What it could take, in `expected::describe`'s words.
        expected: Vec<&'static str>,
        /// What it found.
        found: Found,
        /// The keyword among `expected` that `found` is a near miss of.
        close: Option<&'static str>,
        /// Whether `found` is a curly quote.
        curly_quote: bool,
        /// What it found.
        span: Span,
    },
    /// A problem inside a `{…}` of a message.
    InInterpolation {
        /// The text between the braces.
        text: String,
        /// The problem.
        problem: Box<SyntaxProblem>,
    },
    /// `field type` with a word that is no type.
    UnknownFieldType {
        /// The word.
        word: String,
        /// The type other tools call `word` (`string` is `text`).
        alias: Option<&'static str>,
        /// The type it is a near miss of.
        close: Option<&'static str>,
        /// The word.
        span: Span,
    },
    /// A clause given twice in a rule.
    ClauseTwice {
        /// The rule's ID.
        rule: String,
        /// The clause's keyword.
        keyword: String,
        /// The second clause.
        span: Span,
    },
    /// A rule without `when` or `recommend`.
    MissingClause {
        /// The rule's ID.
        rule: String,
        /// Which.
        clause: Clause,
        /// The rule's ID.
        span: Span,
    },
    /// `priority` with a word that is no priority.
    UnknownPriority {
        /// The word.
        word: String,
        /// The priority it is a near miss of.
        close: Option<&'static str>,
        /// The word.
        span: Span,
    },
    /// A backslash before a character that is not escaped.
    BadEscape {
        /// The character.
        escape: char,
        /// The backslash and the character.
        span: Span,
    },
    /// `{` with no `}` in a message.
    UnclosedBrace {
        /// The brace.
        span: Span,
    },
    /// A date that is no date.
    BadDate {
        /// The date as written.
        text: String,
        /// What is wrong with it.
        error: DateError,
        /// The date.
        span: Span,
    },
    /// A duration with a fraction of a day.
    FractionalDuration {
        /// The duration as written.
        text: String,
        /// The duration.
        span: Span,
    },
    /// A duration past `MAX_DURATION_DAYS`.
    DurationTooLong {
        /// The duration as written.
        text: String,
        /// The duration.
        span: Span,
    },
    /// A number of 10^15 or more.
    NumberTooLarge {
        /// The number as written.
        text: String,
        /// The number.
        span: Span,
    },
}

impl From<&ScanProblem> for SyntaxProblem {
    fn from(problem: &ScanProblem) -> SyntaxProblem {
        match *problem {
            ScanProblem::UnclosedString(span) => SyntaxProblem::UnclosedString { span },
            ScanProblem::TooDeep(span) => SyntaxProblem::TooDeep { span },
            ScanProblem::TooManyOperators(span) => SyntaxProblem::TooManyOperators { span },
        }
    }
}

impl Found {
    /// The found thing in words, for "found …"; inside `{…}` nothing
    /// more is the closing brace.
    fn words(&self, in_braces: bool) -> String {
        match self {
            Found::Word(word) => format!("`{word}`"),
            Found::Invisible(c) => format!("the invisible character U+{:04X}", u32::from(*c)),
            Found::Nothing if in_braces => "the closing `}`".to_string(),
            Found::Nothing => "nothing more".to_string(),
            Found::EndOfDeclaration => "the end of the declaration".to_string(),
        }
    }
}

impl SyntaxProblem {
    /// The diagnostic of the problem, in `file`: the one place where a
    /// syntax problem becomes words.
    pub(crate) fn describe(&self, file: FileId) -> Diagnostic {
        self.describe_in(file, false)
    }

    /// The diagnostic, for a problem inside the braces of a message when
    /// `in_braces`.
    fn describe_in(&self, file: FileId, in_braces: bool) -> Diagnostic {
        let nesting = "split the condition into named parts with `define`";
        match self {
            SyntaxProblem::TooLarge { bytes } => Diagnostic::new(
                Code::Limit,
                format!(
                    "the playbook is {bytes} bytes, more than the limit of {MAX_SOURCE_BYTES} bytes"
                ),
            )
            .at(file, Span::new(0, 0), "")
            .help("split it into several files joined with `import`"),
            SyntaxProblem::UnclosedString { span } => {
                Diagnostic::new(Code::BadString, "this text is not closed")
                    .at(file, *span, "no closing `\"` on this line")
                    .help("end the text with `\"` on the same line")
            }
            SyntaxProblem::TooDeep { span } => Diagnostic::new(
                Code::Limit,
                format!("parentheses are nested more than {MAX_PAREN_DEPTH} deep"),
            )
            .at(file, *span, "too deep")
            .help(nesting),
            SyntaxProblem::TooManyOperators { span } => Diagnostic::new(
                Code::Limit,
                format!("more than {MAX_OPERATORS} operators in one declaration"),
            )
            .at(file, *span, "one too many")
            .help(nesting),
            SyntaxProblem::UnknownDeclaration { word, close, span } => Diagnostic::new(
                Code::UnknownDeclaration,
                format!("`{word}` does not start a declaration"),
            )
            .at(
                file,
                *span,
                "expected `playbook`, `stages`, `fields`, `define`, `import` or `rule`",
            )
            .help(match close {
                Some(close) => crate::words::did_you_mean(close),
                None => "a line that is not indented starts a declaration; indent it if it continues the one above".to_string(),
            }),
            SyntaxProblem::Then { span } => Diagnostic::new(Code::Syntax, "a rule has no `then`")
                .at(file, *span, "remove `then`")
                .help("write the action on its own line: `recommend \"...\"`"),
            SyntaxProblem::NotAClause { word, close, span } => {
                Diagnostic::new(Code::Syntax, format!("`{word}` is not a clause of a rule"))
                    .at(
                        file,
                        *span,
                        "expected `for each`, `when`, `recommend`, `priority`, `because` or `tags`",
                    )
                    .help(crate::words::did_you_mean(close))
            }
            SyntaxProblem::Expected {
                expected,
                found,
                close,
                curly_quote,
                span,
            } => {
                let expected = match expected.as_slice() {
                    [] => "something else".to_string(),
                    [one] => (*one).to_string(),
                    [init @ .., last] => format!("{} or {}", init.join(", "), last),
                };
                let diagnostic = Diagnostic::new(
                    Code::Syntax,
                    format!("expected {expected}, found {}", found.words(in_braces)),
                )
                .at(file, *span, format!("expected {expected}"));
                match close {
                    Some(close) => diagnostic.help(crate::words::did_you_mean(close)),
                    None if *curly_quote => {
                        diagnostic.help("write text between straight double quotes: `\"...\"`")
                    }
                    None => diagnostic,
                }
            }
            SyntaxProblem::InInterpolation { text, problem } => {
                let mut diagnostic = problem.describe_in(file, true);
                diagnostic.code = Code::BadInterpolation;
                diagnostic.message = format!(
                    "`{{{}}}` in this message: {}",
                    shortened(text.trim(), 60),
                    diagnostic.message
                );
                diagnostic
            }
            SyntaxProblem::UnknownFieldType {
                word,
                alias,
                close,
                span,
            } => {
                let diagnostic = Diagnostic::new(
                    Code::UnknownFieldType,
                    format!("`{word}` is not a field type"),
                )
                .at(file, *span, "expected `text`, `number`, `bool` or `date`");
                match (alias, close) {
                    (Some(alias), _) => diagnostic.help(format!("write `{alias}`")),
                    (None, Some(close)) => diagnostic.help(crate::words::did_you_mean(close)),
                    (None, None) => diagnostic,
                }
            }
            SyntaxProblem::ClauseTwice {
                rule,
                keyword,
                span,
            } => Diagnostic::new(
                Code::RuleShape,
                format!("rule `{rule}` has `{keyword}` twice"),
            )
            .at(file, *span, "second one here")
            .help("a rule has at most one of each clause; join conditions with `and`"),
            SyntaxProblem::MissingClause { rule, clause, span } => {
                let (keyword, example) = match clause {
                    Clause::When => ("when", "when stage is needs-analysis"),
                    Clause::Recommend => ("recommend", "recommend \"what the rep should do\""),
                };
                Diagnostic::new(
                    Code::RuleShape,
                    format!("rule `{rule}` has no `{keyword}`"),
                )
                .at(
                    file,
                    *span,
                    format!("this rule needs a `{keyword}` clause"),
                )
                .help(format!("add a line such as `{example}`"))
            }
            SyntaxProblem::UnknownPriority { word, close, span } => {
                let diagnostic = Diagnostic::new(
                    Code::UnknownPriority,
                    format!("`{word}` is not a priority"),
                )
                .at(
                    file,
                    *span,
                    "expected `critical`, `high`, `medium` or `low`",
                );
                match close {
                    Some(close) => diagnostic.help(crate::words::did_you_mean(close)),
                    None => diagnostic,
                }
            }
            SyntaxProblem::BadEscape { escape, span } => {
                Diagnostic::new(Code::BadString, format!("`\\{escape}` is not an escape"))
                    .at(file, *span, "unknown escape")
                    .help("inside quotes, write `\\\"` for a quote, `\\\\` for a backslash and `\\{` `\\}` for braces")
            }
            SyntaxProblem::UnclosedBrace { span } => Diagnostic::new(
                Code::BadInterpolation,
                "`{` is not closed in this message",
            )
            .at(file, *span, "no matching `}`")
            .help("close it with `}`, or write `\\{` for a literal brace"),
            SyntaxProblem::BadDate { text, error, span } => {
                Diagnostic::new(Code::BadDate, format!("`{text}` is not a valid date"))
                    .at(file, *span, error.to_string())
                    .help(match error {
                        DateError::Shape => "write dates as YYYY-MM-DD, e.g. `2026-12-31`",
                        DateError::NoSuchDay => {
                            "check the month (1 to 12) and the day of the month"
                        }
                    })
            }
            SyntaxProblem::FractionalDuration { text, span } => Diagnostic::new(
                Code::Syntax,
                format!("`{text}` is not a whole number of days"),
            )
            .at(file, *span, "durations count whole days or weeks")
            .help("write a whole number, e.g. `14 days` or `2 weeks`"),
            SyntaxProblem::DurationTooLong { text, span } => Diagnostic::new(
                Code::Limit,
                format!(
                    "`{}` is longer than the limit of {} days",
                    shortened(text, 40),
                    super::lower::MAX_DURATION_DAYS
                ),
            )
            .at(file, *span, "dates run from year 1 to 9999")
            .help("no deal needs a longer duration; compare with a date instead"),
            SyntaxProblem::NumberTooLarge { text, span } => Diagnostic::new(
                Code::Limit,
                format!("`{}` is too large a number", shortened(text, 40)),
            )
            .at(
                file,
                *span,
                "numbers must stay below 10^15 so that arithmetic is exact",
            )
            .help("amounts in a playbook are thresholds; use a smaller unit if you need to"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Clause, Found, SyntaxProblem};
    use crate::date::DateError;
    use crate::span::{FileId, Span};

    /// (code, message, label messages, help) of a problem.
    fn described(problem: SyntaxProblem) -> (&'static str, String, Vec<String>, Option<String>) {
        let d = problem.describe(FileId::default());
        (
            d.code.as_str(),
            d.message,
            d.labels.into_iter().map(|l| l.message).collect(),
            d.help,
        )
    }

    fn span() -> Span {
        Span::new(3, 7)
    }

    fn label(words: &str) -> Vec<String> {
        vec![words.to_string()]
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    fn expected(found: Found, close: Option<&'static str>, curly_quote: bool) -> SyntaxProblem {
        SyntaxProblem::Expected {
            expected: vec!["`and`", "`or`", "a value"],
            found,
            close,
            curly_quote,
            span: span(),
        }
    }

    #[test]
    fn the_grammar_says_what_it_expected_and_found() {
        assert_eq!(
            described(expected(Found::Word("adn".into()), Some("and"), false)),
            (
                "E100",
                "expected `and`, `or` or a value, found `adn`".into(),
                label("expected `and`, `or` or a value"),
                some("did you mean `and`?")
            )
        );
        assert_eq!(
            described(expected(Found::Word("“".into()), None, true)).3,
            some("write text between straight double quotes: `\"...\"`")
        );
        assert_eq!(
            described(expected(Found::Invisible('\u{200B}'), None, false)).1,
            "expected `and`, `or` or a value, found the invisible character U+200B"
        );
        assert_eq!(
            described(SyntaxProblem::Expected {
                expected: vec![],
                found: Found::EndOfDeclaration,
                close: None,
                curly_quote: false,
                span: span(),
            })
            .1,
            "expected something else, found the end of the declaration"
        );
    }

    #[test]
    fn inside_braces_the_end_is_the_closing_brace() {
        let d = SyntaxProblem::InInterpolation {
            text: " amount + ".into(),
            problem: Box::new(SyntaxProblem::Expected {
                expected: vec!["a value"],
                found: Found::Nothing,
                close: None,
                curly_quote: false,
                span: span(),
            }),
        }
        .describe(FileId::default());
        assert_eq!(d.code.as_str(), "E104");
        assert_eq!(
            d.message,
            "`{amount +}` in this message: expected a value, found the closing `}`"
        );
    }

    #[test]
    fn rules_name_their_clauses() {
        assert_eq!(
            described(SyntaxProblem::Then { span: span() }),
            (
                "E100",
                "a rule has no `then`".into(),
                label("remove `then`"),
                some("write the action on its own line: `recommend \"...\"`")
            )
        );
        assert_eq!(
            described(SyntaxProblem::NotAClause {
                word: "wehn".into(),
                close: "when",
                span: span()
            }),
            (
                "E100",
                "`wehn` is not a clause of a rule".into(),
                label("expected `for each`, `when`, `recommend`, `priority`, `because` or `tags`"),
                some("did you mean `when`?")
            )
        );
        assert_eq!(
            described(SyntaxProblem::ClauseTwice {
                rule: "r1".into(),
                keyword: "when".into(),
                span: span()
            }),
            (
                "E105",
                "rule `r1` has `when` twice".into(),
                label("second one here"),
                some("a rule has at most one of each clause; join conditions with `and`")
            )
        );
        assert_eq!(
            described(SyntaxProblem::MissingClause {
                rule: "r1".into(),
                clause: Clause::Recommend,
                span: span()
            }),
            (
                "E105",
                "rule `r1` has no `recommend`".into(),
                label("this rule needs a `recommend` clause"),
                some("add a line such as `recommend \"what the rep should do\"`")
            )
        );
        assert_eq!(
            described(SyntaxProblem::MissingClause {
                rule: "r1".into(),
                clause: Clause::When,
                span: span()
            })
            .3,
            some("add a line such as `when stage is needs-analysis`")
        );
        assert_eq!(
            described(SyntaxProblem::UnknownPriority {
                word: "hihg".into(),
                close: Some("high"),
                span: span()
            }),
            (
                "E106",
                "`hihg` is not a priority".into(),
                label("expected `critical`, `high`, `medium` or `low`"),
                some("did you mean `high`?")
            )
        );
    }

    #[test]
    fn declarations_and_field_types() {
        assert_eq!(
            described(SyntaxProblem::UnknownDeclaration {
                word: "rul".into(),
                close: Some("rule"),
                span: span()
            }),
            (
                "E101",
                "`rul` does not start a declaration".into(),
                label("expected `playbook`, `stages`, `fields`, `define`, `import` or `rule`"),
                some("did you mean `rule`?")
            )
        );
        assert_eq!(
            described(SyntaxProblem::UnknownDeclaration {
                word: "x".into(),
                close: None,
                span: span()
            })
            .3,
            some("a line that is not indented starts a declaration; indent it if it continues the one above")
        );
        let field_type = |alias, close| SyntaxProblem::UnknownFieldType {
            word: "string".into(),
            alias,
            close,
            span: span(),
        };
        assert_eq!(
            described(field_type(Some("text"), None)),
            (
                "E107",
                "`string` is not a field type".into(),
                label("expected `text`, `number`, `bool` or `date`"),
                some("write `text`")
            )
        );
        assert_eq!(
            described(field_type(None, Some("text"))).3,
            some("did you mean `text`?")
        );
        assert_eq!(described(field_type(None, None)).3, None);
    }

    #[test]
    fn texts_and_literals() {
        assert_eq!(
            described(SyntaxProblem::UnclosedString { span: span() }),
            (
                "E102",
                "this text is not closed".into(),
                label("no closing `\"` on this line"),
                some("end the text with `\"` on the same line")
            )
        );
        assert_eq!(
            described(SyntaxProblem::BadEscape { escape: 'n', span: span() }),
            (
                "E102",
                "`\\n` is not an escape".into(),
                label("unknown escape"),
                some("inside quotes, write `\\\"` for a quote, `\\\\` for a backslash and `\\{` `\\}` for braces")
            )
        );
        assert_eq!(
            described(SyntaxProblem::UnclosedBrace { span: span() }),
            (
                "E104",
                "`{` is not closed in this message".into(),
                label("no matching `}`"),
                some("close it with `}`, or write `\\{` for a literal brace")
            )
        );
        assert_eq!(
            described(SyntaxProblem::BadDate {
                text: "2026-02-30".into(),
                error: DateError::NoSuchDay,
                span: span()
            }),
            (
                "E103",
                "`2026-02-30` is not a valid date".into(),
                label("there is no such day in the calendar"),
                some("check the month (1 to 12) and the day of the month")
            )
        );
        assert_eq!(
            described(SyntaxProblem::BadDate {
                text: "2026-2-3".into(),
                error: DateError::Shape,
                span: span()
            })
            .3,
            some("write dates as YYYY-MM-DD, e.g. `2026-12-31`")
        );
        assert_eq!(
            described(SyntaxProblem::FractionalDuration {
                text: "1.5 days".into(),
                span: span()
            }),
            (
                "E100",
                "`1.5 days` is not a whole number of days".into(),
                label("durations count whole days or weeks"),
                some("write a whole number, e.g. `14 days` or `2 weeks`")
            )
        );
    }

    #[test]
    fn limits_name_the_limit() {
        assert_eq!(
            described(SyntaxProblem::TooLarge { bytes: 9_000_000 }),
            (
                "E109",
                "the playbook is 9000000 bytes, more than the limit of 8388608 bytes".into(),
                label(""),
                some("split it into several files joined with `import`")
            )
        );
        assert_eq!(
            described(SyntaxProblem::TooDeep { span: span() }),
            (
                "E109",
                "parentheses are nested more than 64 deep".into(),
                label("too deep"),
                some("split the condition into named parts with `define`")
            )
        );
        assert_eq!(
            described(SyntaxProblem::TooManyOperators { span: span() }).1,
            "more than 512 operators in one declaration"
        );
        assert_eq!(
            described(SyntaxProblem::DurationTooLong {
                text: "9000000 days".into(),
                span: span()
            }),
            (
                "E109",
                "`9000000 days` is longer than the limit of 3000000 days".into(),
                label("dates run from year 1 to 9999"),
                some("no deal needs a longer duration; compare with a date instead")
            )
        );
        assert_eq!(
            described(SyntaxProblem::NumberTooLarge {
                text: "1".repeat(50),
                span: span()
            }),
            (
                "E109",
                format!("`{}…` is too large a number", "1".repeat(40)),
                label("numbers must stay below 10^15 so that arithmetic is exact"),
                some("amounts in a playbook are thresholds; use a smaller unit if you need to")
            )
        );
    }
}
