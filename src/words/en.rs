//! The English catalogue: one rendering per message key.

use super::explain::{Change, Comparison, Fact, Hint, InTime, ItemOf, Relation, Shown, Side};
use super::{CheckCounts, Count, Coverage, Message, Noun, RuleStatus, Unmet, Validation};

/// The English words of a message.
pub(crate) fn message(message: &Message) -> String {
    match message {
        Message::DidYouMean { close } => format!("did you mean `{close}`?"),
        Message::Count { n, noun } => count_noun(*n, noun_word(*noun)),
        Message::CheckSummary(counts) => check_summary(counts),
        Message::TopRules(rules) => format!("most actions: {}", top_rules(rules).join(", ")),
        Message::ValidateSummary(validation) => validate_summary(*validation),
        Message::TestCounts {
            passed,
            failed,
            not_run: 0,
        } => format!("{passed} passed, {failed} failed"),
        Message::TestCounts {
            passed,
            failed,
            not_run,
        } => format!("{passed} passed, {failed} failed, {not_run} could not run"),
        Message::TestsNotRun => "not run (see the errors above)".to_string(),
        Message::CaseFailed => "FAIL".to_string(),
        Message::Unmet(Unmet::Fired(rule)) => format!("expected `{rule}` to fire"),
        Message::Unmet(Unmet::Silent(rule)) => format!("expected `{rule}` not to fire"),
        Message::Unmet(Unmet::Exactly(rules)) => format!("expected exactly [{}]", rules.join(", ")),
        Message::CaseError => "ERROR".to_string(),
        Message::FiredInOrder(rules) => format!("fired, in order: {}", list(rules)),
        Message::CouldNotRun { why } => format!("could not run: {why}"),
        Message::Coverage(coverage) => self::coverage(*coverage),
        Message::Value(shown) => match shown {
            Shown::Quoted(text) => text.clone(),
            shown => self::shown(shown),
        },
        Message::Part {
            text,
            result,
            missing,
            facts,
            comparison,
        } => part(text, *result, *missing, facts, *comparison),
        Message::Hint(hint) => self::hint(hint),
        Message::HintLabel => "hint:".to_string(),
        Message::RuleStatus(status) => rule_status(*status),
        Message::ItemStatus { fired: true } => "fires".to_string(),
        Message::ItemStatus { fired: false } => "does not fire".to_string(),
        Message::Snoozed { until, reason } => format!(", but snoozed until {until} ({reason})"),
        Message::ExplainHeading {
            stage,
            position,
            stages,
            today,
            fired,
            rules,
            actions,
        } => format!(
            "{stage}, {position} of {stages} · as of {today} · {fired} of {} fired, {}",
            count_noun(*rules, "rule"),
            count_noun(*actions, "action")
        ),
    }
}

fn noun_word(noun: Noun) -> &'static str {
    match noun {
        Noun::Rule => "rule",
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

/// `rule-id 12` for each rule.
pub(super) fn top_rules(rules: &[(&str, u64)]) -> Vec<String> {
    rules
        .iter()
        .map(|(rule, count)| format!("{rule} {count}"))
        .collect()
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

fn rule_status(status: RuleStatus) -> String {
    match status {
        RuleStatus::Fired => "fired".to_string(),
        RuleStatus::Silent => "did not fire".to_string(),
        RuleStatus::ListMissing => "did not fire: the list is missing".to_string(),
        RuleStatus::ListEmpty => "did not fire: the list is empty".to_string(),
        RuleStatus::FiredFor {
            firing,
            items,
            item,
        } => format!("fired for {firing} of {}", count_noun(items, item)),
        RuleStatus::FiredForNone { items, item } => {
            format!("did not fire for any of {}", count_noun(items, item))
        }
    }
}

/// A value in a sentence.
fn shown(shown: &Shown) -> String {
    match shown {
        Shown::Plain(text) => text.clone(),
        Shown::Quoted(text) => format!("{text:?}"),
        Shown::Missing => "missing".to_string(),
        Shown::Days(days) => count_noun(*days, "day"),
        Shown::Present => "present".to_string(),
        Shown::Items(n) => items(*n),
        Shown::Of { count, total } => format!("{count} of {total}"),
        Shown::Hold { held, total } => format!("{held} of {total} hold"),
    }
}

fn items(n: usize) -> String {
    match n {
        0 => "no items".to_string(),
        n => count_noun(n, "item"),
    }
}

/// `expr = value`, `expr is missing`, `expr: 1 of 3`.
fn sentence(fact: &Fact) -> String {
    match (&fact.value, fact.is_missing(), fact.list) {
        (_, true, true) => format!("{} is missing, which counts as no items", fact.expr),
        (_, true, false) => format!("{} is missing", fact.expr),
        (None, ..) => fact.expr.clone(),
        (Some(value), _, true) => format!("{}: {}", fact.expr, shown(value)),
        (Some(value), ..) => format!("{} = {}", fact.expr, shown(value)),
    }
}

/// Facts as one phrase. A define's expansion (a fact without a value)
/// joins the fact before it: `last_touch = latest activities.date = 2026-11-20`.
fn sentences(facts: &[Fact]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(fact) = facts.get(i) {
        match (facts.get(i + 1), &fact.value) {
            (Some(next), Some(value))
                if next.value.is_none() && !fact.is_missing() && !fact.list =>
            {
                out.push(format!("{} = {} = {}", fact.expr, next.expr, shown(value)));
                i += 2;
            }
            _ => {
                out.push(sentence(fact));
                i += 1;
            }
        }
    }
    out.join("; ")
}

/// One side of a comparison: its value, then what it came from in
/// parentheses.
fn side(facts: &[Fact]) -> String {
    let head = match facts {
        [first, second, ..] if second.value.is_none() && !first.is_missing() => 2,
        _ => 1,
    };
    let (shown, rest) = facts.split_at(head.min(facts.len()));
    let shown = sentences(shown);
    if rest.is_empty() {
        shown
    } else {
        format!("{shown} ({})", sentences(rest))
    }
}

/// The sentence of one part of a condition.
fn part(
    text: &str,
    result: bool,
    missing: bool,
    facts: &[Fact],
    comparison: Option<&Comparison>,
) -> String {
    if let Some(comparison) = comparison {
        let mut rest = facts;
        let mut sides = Vec::new();
        let mut missing_sides = Vec::new();
        for side in &comparison.sides {
            match side {
                Side::Written(text) => sides.push(text.clone()),
                Side::Value { facts } => {
                    let (mine, after) = rest.split_at((*facts).min(rest.len()));
                    rest = after;
                    let shown = self::side(mine);
                    if mine.first().is_some_and(Fact::is_missing) {
                        missing_sides.push(shown.clone());
                    }
                    sides.push(shown);
                }
            }
        }
        return if missing_sides.is_empty() {
            let left = sides.first().cloned().unwrap_or_default();
            let right = sides.get(1).cloned().unwrap_or_default();
            format!("{left} {} {right} → {result}", comparison.op)
        } else {
            format!("{}, so {text} → {result}", missing_sides.join(" and "))
        };
    }
    if missing {
        format!("{}, so {text} → {result}", sentences(facts))
    } else if facts.is_empty() {
        format!("{text} → {result}")
    } else {
        format!("{text} → {result} ({})", sentences(facts))
    }
}

fn hint(hint: &Hint) -> String {
    let (fired, changes, time) = match hint {
        Hint::NoItems { item, list } => {
            return format!(
                "would fire once for each {item} in {list} for which the condition holds; there are none"
            )
        }
        Hint::Turn {
            fired,
            changes,
            time,
        } => (*fired, changes, time),
    };
    let verb = if fired {
        "would stay silent"
    } else {
        "would fire"
    };
    let change = (!changes.is_empty()).then(|| {
        changes
            .iter()
            .map(self::change)
            .collect::<Vec<_>>()
            .join(" and ")
    });
    let time = time.as_ref().map(|time| in_time(time, fired));
    match (change, time) {
        (Some(change), Some(time)) => format!("{verb} if {change}; {time}"),
        (Some(change), None) => format!("{verb} if {change}"),
        (None, Some(time)) => time,
        (None, None) if fired => {
            "no change of one or two parts of the deal would silence it".to_string()
        }
        (None, None) => "no change of one or two parts of the deal would make it fire".to_string(),
    }
}

fn in_time(time: &InTime, fired: bool) -> String {
    let InTime { date, days } = time;
    let when = match days {
        1 => "tomorrow".to_string(),
        n => format!("in {n} days"),
    };
    if fired {
        format!("if nothing else changes, it goes silent on {date} ({when})")
    } else {
        format!("if nothing else changes, it fires on {date} ({when})")
    }
}

fn item_of(item: &ItemOf) -> String {
    match item {
        ItemOf::Where { item, condition } => format!("{item} where {condition}"),
        ItemOf::Named(item) => item.clone(),
        ItemOf::Unnamed => "item".to_string(),
    }
}

/// A change of the deal, as a clause after "if".
fn change(change: &Change) -> String {
    let it = |now: &Shown| format!("it is {}", shown(now));
    match change {
        Change::Were {
            subject,
            relation,
            other,
            now,
        } => {
            let clause = match relation {
                Relation::Is => other.clone(),
                Relation::IsNot => format!("not {other}"),
                Relation::Before => format!("before {other}"),
                Relation::AtOrBefore => format!("{other} or earlier"),
                Relation::After => format!("after {other}"),
                Relation::AtOrAfter => format!("{other} or later"),
                Relation::Symbol(symbol) => format!("{symbol} {other}"),
            };
            format!("{subject} were {clause} ({})", it(now))
        }
        Change::OneOf {
            subject,
            one_of,
            list,
            now,
        } => {
            let not = if *one_of { "" } else { "not " };
            format!(
                "{subject} were {not}one of [{}] ({})",
                list.join(", "),
                it(now)
            )
        }
        Change::Presence { subject, present } => {
            let word = if *present { "present" } else { "missing" };
            format!("{subject} were {word}")
        }
        Change::Empty { list, items } => {
            format!("{list} were empty (it has {})", self::items(*items))
        }
        Change::HadOne { list, item } => format!("{list} had one {}", item_of(item)),
        Change::NoneOf { list, count } => {
            let there = match count {
                1 => "there is 1".to_string(),
                n => format!("there are {n}"),
            };
            format!("there were no {list} ({there})")
        }
        Change::One { item } => format!("there were one {}", item_of(item)),
        Change::Every {
            condition,
            item,
            list,
            holds: true,
        } => format!("{condition} held for every {item} in {list}"),
        Change::Every {
            condition,
            item,
            list,
            holds: false,
        } => format!("{condition} failed for one {item} in {list}"),
        Change::Contains {
            haystack,
            needle,
            contains,
        } => {
            let verb = if *contains {
                "contained"
            } else {
                "did not contain"
            };
            format!("{haystack} {verb} {needle}")
        }
        Change::Matches {
            subject,
            pattern,
            matches,
        } => {
            let verb = if *matches { "matched" } else { "did not match" };
            format!("{subject} {verb} {pattern:?}")
        }
        Change::Value { subject, want, now } => format!("{subject} were {want} ({})", it(now)),
    }
}

/// Rule IDs, or `nothing`.
fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "nothing".to_string()
    } else {
        ids.join(", ")
    }
}

fn coverage(coverage: Coverage) -> String {
    match coverage {
        Coverage::NoCases { playbook } => format!("rule coverage of {playbook}: no case ran"),
        Coverage::Complete { playbook, rules } => format!(
            "rule coverage of {playbook}: each of its {rules} rules fired in some case and stayed silent in another"
        ),
        Coverage::Partial {
            playbook,
            rules,
            cases,
        } => format!(
            "rule coverage of {playbook} ({}, {}):",
            count_noun(rules, "rule"),
            count_noun(cases, "case")
        ),
        Coverage::NeverFired(rules) => format!("no case made these fire: {}", rules.join(", ")),
        Coverage::NeverSilent(rules) => {
            format!("no case kept these silent: {}", rules.join(", "))
        }
    }
}
