//! The English catalogue: one rendering per message key.

use super::{CheckCounts, Count, Message, Noun, Validation};

/// The English words of a message.
pub(crate) fn message(message: &Message) -> String {
    match message {
        Message::DidYouMean { close } => format!("did you mean `{close}`?"),
        Message::Count { n, noun } => count_noun(*n, noun_word(*noun)),
        Message::CheckSummary(counts) => check_summary(counts),
        Message::ValidateSummary(validation) => validate_summary(*validation),
    }
}

fn noun_word(noun: Noun<'_>) -> &str {
    match noun {
        Noun::Rule => "rule",
        Noun::Action => "action",
        Noun::Named(word) => word,
    }
}

/// `3 rules`, `1 day`, `-1 day`: the regular English plural, which is
/// also the rule of the playbook language's `day`/`week` keywords.
pub(crate) fn count_noun(n: impl Count, noun: &str) -> String {
    let s = if n.is_one() { "" } else { "s" };
    format!("{n} {noun}{s}")
}

/// "a contact", "an account".
pub(crate) fn with_article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn check_summary(counts: &CheckCounts) -> String {
    let [critical, high, medium, low] = counts.by_priority;
    format!(
        "{} read, {} with actions, {} ({critical} critical, {high} high, {medium} medium, {low} low), {} snoozed, {} with errors",
        count_noun(counts.deals, "deal"),
        counts.with_actions,
        count_noun(counts.actions, "action"),
        counts.snoozed,
        counts.with_errors
    )
}

fn validate_summary(validation: Validation) -> String {
    match validation {
        Validation::Failed { errors, warnings } => format!(
            "{}, {}",
            count_noun(errors, "error"),
            count_noun(warnings, "warning")
        ),
        Validation::Denied { warnings } => format!(
            "{} (denied by --deny-warnings)",
            count_noun(warnings, "warning")
        ),
        Validation::Ok { rules, warnings } => format!(
            "ok, {}, {}",
            count_noun(rules, "rule"),
            count_noun(warnings, "warning")
        ),
    }
}
