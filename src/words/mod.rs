//! Words: every sentence the product says, as data until it is shown.
//!
//! A [`Message`] is a key (its variant) and its arguments (names, counts,
//! flags, already-formatted values); a catalogue per language turns it
//! into words: [`en`] for English, [`zh`] for Chinese (which says what it
//! has and leaves the rest to English until every key is translated).
//! The library builds messages; renderers ([`crate::render`], the CLI)
//! ask [`Message::render`] for the words in the reader's language.
//!
//! This module is the bottom layer: it imports nothing from the crate, so
//! every stage may use it.

pub(crate) mod crm;
pub(crate) mod en;
pub(crate) mod explain;
mod zh;

use explain::{Comparison, Fact, Hint, Shown};

#[cfg(test)]
mod tests;

/// A language the product speaks (the built-in playbook's, the output's).
/// The library returns data; a `Lang` picks the words it is rendered in.
///
/// ```
/// use playbook::{Labels, Lang, Unmet};
///
/// let unmet = Unmet::Silent("follow-up".into());
/// assert_ne!(unmet.sentence(Lang::En), unmet.sentence(Lang::Zh));
/// assert_eq!(Labels::new(Lang::default()).stage, "Stage");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese.
    Zh,
}

/// A thing counted in a message: `3 rules`. Nouns join as the sites
/// that count them move onto messages (see docs/ARCHITECTURE.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Noun {
    /// A rule of a playbook.
    Rule,
}

/// A number of things, for [`Message::Count`]: sizes and counts are
/// unsigned, durations signed.
pub(crate) trait Count: Copy + std::fmt::Display {
    /// Whether the count takes the singular (`1 day`, `-1 day`).
    fn is_one(self) -> bool;
}

impl Count for usize {
    fn is_one(self) -> bool {
        self == 1
    }
}

impl Count for u64 {
    fn is_one(self) -> bool {
        self == 1
    }
}

impl Count for i64 {
    fn is_one(self) -> bool {
        self.unsigned_abs() == 1
    }
}

/// An expectation of a tests-file case that was not met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unmet {
    /// `expect`: this rule did not fire.
    Fired(String),
    /// `absent`: this rule fired.
    Silent(String),
    /// `exact`: what fired was not exactly these, in this order.
    Exactly(Vec<String>),
}

impl Unmet {
    /// The expectation as a sentence in `lang`.
    ///
    /// ```
    /// use playbook::{Lang, Unmet};
    ///
    /// let unmet = Unmet::Fired("follow-up".into());
    /// assert_eq!(unmet.sentence(Lang::En), "expected `follow-up` to fire");
    /// ```
    pub fn sentence(&self, lang: Lang) -> String {
        Message::Unmet(self).render(lang)
    }
}

/// The counts of a `check` run, for its summary line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CheckCounts {
    /// Deals read.
    pub deals: u64,
    /// Deals with at least one action.
    pub with_actions: u64,
    /// Actions in all.
    pub actions: u64,
    /// Actions by priority: critical, high, medium, low.
    pub by_priority: [u64; 4],
    /// Actions snoozed.
    pub snoozed: u64,
    /// Deals that could not be read.
    pub with_errors: u64,
}

/// How one playbook's validation ended, for `validate`'s summary line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Validation {
    /// It has errors.
    Failed {
        /// Errors.
        errors: usize,
        /// Warnings.
        warnings: usize,
    },
    /// No errors, but warnings and `--deny-warnings`.
    Denied {
        /// Warnings.
        warnings: usize,
    },
    /// It compiled.
    Ok {
        /// Its rules.
        rules: usize,
        /// Warnings.
        warnings: usize,
    },
}

/// A message: a key and its arguments. Arguments that are names or
/// values from the playbook or the deal arrive as text and are shown as
/// they are in every language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Message<'a> {
    /// Help for a name that is close to a known one: "did you mean `x`?".
    DidYouMean {
        /// The known name, as it would be written (`custom.x` included).
        close: &'a str,
    },
    /// A number of things: "3 rules".
    Count {
        /// How many.
        n: u64,
        /// Of what.
        noun: Noun,
    },
    /// `check`'s summary line.
    CheckSummary(CheckCounts),
    /// The rules with the most actions, most first, each with its count.
    TopRules(&'a [(&'a str, u64)]),
    /// `validate`'s summary of one playbook.
    ValidateSummary(Validation),
    /// `test`'s counts, of one tests file or of the run.
    TestCounts {
        /// Cases that passed.
        passed: usize,
        /// Cases that failed.
        failed: usize,
        /// Cases that could not run.
        not_run: usize,
    },
    /// A tests file whose cases did not run (its errors are shown).
    TestsNotRun,
    /// An expectation of a case that was not met.
    Unmet(&'a Unmet),
    /// The word before a case that failed.
    CaseFailed,
    /// The word before a case that could not run.
    CaseError,
    /// The rules a failed case fired, in order (none: `nothing`).
    FiredInOrder(&'a [String]),
    /// Why a case could not run.
    CouldNotRun {
        /// The first problem's message.
        why: &'a str,
    },
    /// The rule coverage of one playbook's cases.
    Coverage(Coverage<'a>),
    /// A value of an explanation on its own (in JSON: text in quotes is
    /// given without them).
    Value(&'a Shown),
    /// The sentence that explains one part of a condition.
    Part {
        /// The part as written.
        text: &'a str,
        /// Whether it held.
        result: bool,
        /// Whether a missing value decided it.
        missing: bool,
        /// The values it was decided on.
        facts: &'a [Fact],
        /// For a comparison written with a symbol: its sides.
        comparison: Option<&'a Comparison>,
    },
    /// What would turn a rule or an item around.
    Hint(&'a Hint),
    /// The word before a hint.
    HintLabel,
    /// Whether a rule fired.
    RuleStatus(RuleStatus<'a>),
    /// Whether a rule fires for one item.
    ItemStatus {
        /// It fires.
        fired: bool,
    },
    /// A fired rule the rep snoozed.
    Snoozed {
        /// Until when.
        until: &'a str,
        /// The rep's reason.
        reason: &'a str,
    },
    /// The line under a deal's name in `explain`.
    ExplainHeading {
        /// The deal's stage.
        stage: &'a str,
        /// Its 1-based position on the path.
        position: usize,
        /// The path's length.
        stages: usize,
        /// The date of the run.
        today: &'a str,
        /// Rules that fired.
        fired: usize,
        /// Rules explained.
        rules: usize,
        /// Actions the deal gets.
        actions: usize,
    },
}

/// One line of a playbook's rule coverage, for [`Message::Coverage`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coverage<'a> {
    /// No case ran on the playbook.
    NoCases {
        /// The playbook's path.
        playbook: &'a str,
    },
    /// Every rule fired in some case and stayed silent in another.
    Complete {
        /// The playbook's path.
        playbook: &'a str,
        /// Its rules.
        rules: usize,
    },
    /// The heading over the rules some case never turned.
    Partial {
        /// The playbook's path.
        playbook: &'a str,
        /// Its rules.
        rules: usize,
        /// The cases that ran on it.
        cases: usize,
    },
    /// Rules that fired in no case.
    NeverFired(&'a [String]),
    /// Rules that fired in every case.
    NeverSilent(&'a [String]),
}

/// Whether a rule fired, for [`Message::RuleStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RuleStatus<'a> {
    /// It fired.
    Fired,
    /// It did not.
    Silent,
    /// A `for each` rule whose list is missing.
    ListMissing,
    /// A `for each` rule whose list is empty.
    ListEmpty,
    /// A `for each` rule that fired for `firing` of its `items`.
    FiredFor {
        /// Items it fired for.
        firing: usize,
        /// Items in all.
        items: usize,
        /// The kind of item.
        item: &'a str,
    },
    /// A `for each` rule that fired for none of its `items`.
    FiredForNone {
        /// Items in all.
        items: usize,
        /// The kind of item.
        item: &'a str,
    },
}

impl Message<'_> {
    /// The message in `lang`; English where `lang` has no words for it yet.
    pub(crate) fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::message(self),
            Lang::Zh => zh::message(self).unwrap_or_else(|| en::message(self)),
        }
    }

    /// The message's key, for catalogue coverage.
    #[cfg(test)]
    fn key(&self) -> Key {
        match self {
            Message::DidYouMean { .. } => Key::DidYouMean,
            Message::Count { .. } => Key::Count,
            Message::CheckSummary(_) => Key::CheckSummary,
            Message::TopRules(_) => Key::TopRules,
            Message::ValidateSummary(_) => Key::ValidateSummary,
            Message::TestCounts { .. } => Key::TestCounts,
            Message::TestsNotRun => Key::TestsNotRun,
            Message::Unmet(_) => Key::Unmet,
            Message::CaseFailed => Key::CaseFailed,
            Message::CaseError => Key::CaseError,
            Message::FiredInOrder(_) => Key::FiredInOrder,
            Message::CouldNotRun { .. } => Key::CouldNotRun,
            Message::Coverage(_) => Key::Coverage,
            Message::Value(_) => Key::Value,
            Message::Part { .. } => Key::Part,
            Message::Hint(_) => Key::Hint,
            Message::HintLabel => Key::HintLabel,
            Message::RuleStatus(_) => Key::RuleStatus,
            Message::ItemStatus { .. } => Key::ItemStatus,
            Message::Snoozed { .. } => Key::Snoozed,
            Message::ExplainHeading { .. } => Key::ExplainHeading,
        }
    }
}

/// The keys of [`Message`], without their arguments.
#[cfg(test)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    DidYouMean,
    Count,
    CheckSummary,
    TopRules,
    ValidateSummary,
    TestCounts,
    TestsNotRun,
    Unmet,
    CaseFailed,
    CaseError,
    FiredInOrder,
    CouldNotRun,
    Coverage,
    Value,
    Part,
    Hint,
    HintLabel,
    RuleStatus,
    ItemStatus,
    Snoozed,
    ExplainHeading,
}

/// "did you mean `close`?": the one wording of a suggestion, as help.
pub(crate) fn did_you_mean(close: &str) -> String {
    Message::DidYouMean { close }.render(Lang::En)
}

/// `3 rules`, `1 day`: a count and a noun in English, the noun in the
/// plural unless the count is one (minus one included). Also the rule of
/// the playbook language's own `day`/`week` keywords.
pub(crate) fn count_noun(n: impl Count, noun: &str) -> String {
    en::count_noun(n, noun)
}

/// "a contact", "an account": a noun with its English indefinite article.
pub(crate) fn with_article(noun: &str) -> String {
    en::with_article(noun)
}
