//! `playbook explain --format json`: each explanation as a JSON object,
//! its sentences in the reader's language (from [`crate::words`]).

use serde::Serialize;

use crate::explain::{Combine, Explanation, Fact, ForEach, ItemExplanation, Part, RuleExplanation};
use crate::recommendation::SnoozedAction;
use crate::words::{Lang, Message};

/// One deal's explanation, ready to serialize.
#[derive(Serialize)]
pub(crate) struct JsonExplanation<'a> {
    deal: &'a str,
    name: Option<&'a str>,
    stage: &'a str,
    today: &'a str,
    actions: usize,
    rules: Vec<JsonRule<'a>>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    rule: &'a str,
    title: Option<&'a str>,
    fired: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    snoozed: Option<&'a SnoozedAction>,
    when: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<JsonPart<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    for_each: Option<JsonForEach<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

#[derive(Serialize)]
struct JsonForEach<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    missing: bool,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    path: &'a str,
    label: &'a str,
    fired: bool,
    condition: JsonPart<'a>,
    hint: String,
}

#[derive(Serialize)]
struct JsonPart<'a> {
    text: &'a str,
    result: bool,
    line: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    missing: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    facts: Vec<JsonFact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    combine: Option<Combine>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<JsonPart<'a>>,
}

#[derive(Serialize)]
struct JsonFact<'a> {
    expr: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    missing: bool,
}

/// An explanation as JSON, in `lang`.
pub(crate) fn explain_json(explanation: &Explanation, lang: Lang) -> JsonExplanation<'_> {
    JsonExplanation {
        deal: &explanation.deal,
        name: explanation.name.as_deref(),
        stage: &explanation.stage,
        today: &explanation.today,
        actions: explanation.actions,
        rules: explanation.rules.iter().map(|r| rule(r, lang)).collect(),
    }
}

fn rule(rule: &RuleExplanation, lang: Lang) -> JsonRule<'_> {
    JsonRule {
        rule: &rule.rule,
        title: rule.title.as_deref(),
        fired: rule.fired,
        snoozed: rule.snoozed.as_ref(),
        when: &rule.when,
        condition: rule.condition.as_ref().map(|p| part(p, lang)),
        for_each: rule.for_each.as_ref().map(|each| for_each(each, lang)),
        hint: rule
            .near_miss
            .as_ref()
            .map(|hint| Message::Hint(hint).render(lang)),
    }
}

fn for_each(each: &ForEach, lang: Lang) -> JsonForEach<'_> {
    JsonForEach {
        text: &each.text,
        missing: each.missing,
        items: each.items.iter().map(|i| item(i, lang)).collect(),
    }
}

fn item(item: &ItemExplanation, lang: Lang) -> JsonItem<'_> {
    JsonItem {
        path: &item.path,
        label: &item.label,
        fired: item.fired,
        condition: part(&item.condition, lang),
        hint: Message::Hint(&item.near_miss).render(lang),
    }
}

fn part(part: &Part, lang: Lang) -> JsonPart<'_> {
    JsonPart {
        text: &part.text,
        result: part.result,
        line: part.message().render(lang),
        missing: part.missing,
        facts: part.facts.iter().map(|f| fact(f, lang)).collect(),
        combine: part.combine,
        parts: part.parts.iter().map(|p| self::part(p, lang)).collect(),
    }
}

fn fact(fact: &Fact, lang: Lang) -> JsonFact<'_> {
    JsonFact {
        expr: &fact.expr,
        value: fact.value.as_ref().map(|v| Message::Value(v).render(lang)),
        missing: fact.is_missing(),
    }
}
