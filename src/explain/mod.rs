//! Why each rule fired or not, for one deal: every part of its condition
//! with the value it had, per item for `for each` rules, and a near-miss
//! hint (the one change that would turn it around). Also the evidence of
//! a fired recommendation: the deal values that decided it.
//!
//! Explanations walk the compiled [`crate::ir`] with the evaluator's
//! own evaluation context ([`crate::eval`]), and show each part in the words the
//! trainer wrote (node spans into the playbook's sources). Nothing here is
//! on the path of [`evaluate`](crate::evaluate): a run pays for it only
//! when it asks.

mod evidence;
mod hint;
mod shape;
mod walk;

use crate::date::Date;
use crate::deal::Deal;
use crate::ir;
use crate::recommendation::SnoozedAction;
use crate::span::Sources;
use crate::value::Value;

pub use crate::words::explain::{
    Change, Comparison, Fact, Hint, InTime, ItemOf, Relation, Shown, Side,
};
pub use evidence::add_evidence;
pub use walk::{Combine, Part};

use shape::{Scope, Shape};
use walk::Walker;

/// One deal, explained: every rule, whether it fired, and why.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, None);
/// assert_eq!(explanation.deal, "D-1");
/// assert_eq!(explanation.position, (1, 5));
/// assert_eq!(explanation.rules.len(), playbook.rules().len());
/// ```
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The deal's id.
    pub deal: String,
    /// The deal's name.
    pub name: Option<String>,
    /// The deal's stage.
    pub stage: String,
    /// The stage's 1-based position on the path, and the path's length.
    pub position: (usize, usize),
    /// The date of the run.
    pub today: String,
    /// How many actions the deal gets (snoozed ones not counted).
    pub actions: usize,
    /// The rules, in playbook order.
    pub rules: Vec<RuleExplanation>,
}

/// One rule, explained: its condition part by part, and the near miss.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("complete-account-profile"));
/// let rule = &explanation.rules[0];
/// assert!(rule.fired);
/// assert!(rule.when.starts_with("stage is at most contact and"));
/// assert!(rule.condition.as_ref().unwrap().result);
/// assert!(rule.near_miss.is_some());
/// ```
#[derive(Debug, Clone)]
pub struct RuleExplanation {
    /// The rule ID.
    pub rule: String,
    /// Its title.
    pub title: Option<String>,
    /// Whether its condition held (for at least one item).
    pub fired: bool,
    /// When it fired but the rep snoozed it.
    pub snoozed: Option<SnoozedAction>,
    /// The condition as written.
    pub when: String,
    /// The condition's parts (not for `for each` rules: see `for_each`).
    pub condition: Option<Part>,
    /// For `for each` rules: the items and each one's condition.
    pub for_each: Option<ForEach>,
    /// The near-miss hint: what would turn the rule around.
    pub near_miss: Option<Hint>,
}

/// A `for each` rule's items.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("resolve-objection"));
/// let for_each = explanation.rules[0].for_each.as_ref().unwrap();
/// assert_eq!(for_each.text, "for each objection in objections");
/// assert!(!for_each.missing);
/// assert_eq!(for_each.items.len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct ForEach {
    /// `for each objection in objections`.
    pub text: String,
    /// Whether the collection is missing from the deal (no items).
    pub missing: bool,
    /// Each item, in order.
    pub items: Vec<ItemExplanation>,
}

/// One item of a `for each` rule.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("resolve-objection"));
/// let item = &explanation.rules[0].for_each.as_ref().unwrap().items[0];
/// assert_eq!(item.path, "objections[0]");
/// assert_eq!(item.label, "objection 1 \"too expensive\"");
/// assert!(item.fired);
/// assert_eq!(item.condition.text, "not objection.resolved");
/// ```
#[derive(Debug, Clone)]
pub struct ItemExplanation {
    /// The item's path in the deal: `objections[0]`.
    pub path: String,
    /// How a person would name it: `objection 1 "price above budget"`.
    pub label: String,
    /// Whether the condition held for it.
    pub fired: bool,
    /// The condition's parts for this item.
    pub condition: Part,
    /// What would turn it around.
    pub near_miss: Hint,
}

/// Explains every rule of `playbook` (or only the rule `only`) on `deal`
/// as of `today`. `sources` are the playbook's (from
/// [`Compiled`](crate::Compiled)), for the text of each part.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, None);
/// let research = explanation.rules.iter().find(|r| r.rule == "research-account").unwrap();
/// assert!(research.fired);
/// // `only` explains one rule.
/// let one = explain(playbook, &compiled.sources, deal, today, Some("follow-up"));
/// assert_eq!(one.rules.len(), 1);
/// ```
pub fn explain(
    playbook: &ir::Playbook,
    sources: &Sources,
    deal: &Deal,
    today: Date,
    only: Option<&str>,
) -> Explanation {
    let result = crate::eval::evaluate(playbook, deal, today);
    let rules = playbook
        .rules
        .iter()
        .filter(|r| only.is_none_or(|id| r.id == id))
        .map(|rule| {
            let mut explained = explain_rule(playbook, sources, deal, today, rule);
            if explained.fired {
                explained.snoozed = result.snoozed.iter().find(|s| s.rule == rule.id).cloned();
            }
            explained
        })
        .collect();
    Explanation {
        deal: deal.id.clone(),
        name: deal.name.clone(),
        stage: deal.stage.clone(),
        position: (deal.stage_rank as usize + 1, playbook.stages.len()),
        today: today.to_string(),
        actions: result.actions.len(),
        rules,
    }
}

fn explain_rule(
    playbook: &ir::Playbook,
    sources: &Sources,
    deal: &Deal,
    today: Date,
    rule: &ir::Rule,
) -> RuleExplanation {
    let mut walker = Walker::new(playbook, deal, today, sources);
    let when = walker.text(&rule.when);
    let mut explained = RuleExplanation {
        rule: rule.id.clone(),
        title: rule.title.clone(),
        fired: false,
        snoozed: None,
        when,
        condition: None,
        for_each: None,
        near_miss: None,
    };
    let Some(collection) = &rule.for_each else {
        let part = walker.tree(&rule.when);
        let near_miss = hint::hint(&mut walker, &rule.when, &part);
        explained.near_miss = Some(near_miss);
        explained.fired = part.result;
        explained.condition = Some(part);
        return explained;
    };
    let mut items = Vec::new();
    let present = walker.ctx.each(collection, &mut |_, item| {
        items.push(item);
        true
    });
    let shape = walker.shapes.item_shape(collection);
    let name = walker.shapes.item_name(collection);
    let base = walker
        .shapes
        .path(collection)
        .unwrap_or_else(|| walker.text(collection));
    let mut explained_items = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("{base}[{index}]");
        walker.push(
            item,
            Scope {
                shape,
                path: Some(path.clone()),
            },
        );
        let part = walker.tree(&rule.when);
        let near_miss = hint::hint(&mut walker, &rule.when, &part);
        walker.pop();
        explained_items.push(ItemExplanation {
            path,
            label: label(name, index, item, shape),
            fired: part.result,
            condition: part,
            near_miss,
        });
    }
    explained.fired = explained_items.iter().any(|i| i.fired);
    if explained_items.is_empty() {
        let near_miss = Hint::NoItems {
            item: name.to_string(),
            list: walker.text(collection),
        };
        explained.near_miss = Some(near_miss);
    }
    explained.for_each = Some(ForEach {
        text: for_each_text(&mut walker, sources, collection, name),
        missing: present.is_none(),
        items: explained_items,
    });
    explained
}

/// The rule's `for each NAME in LIST` line as written.
fn for_each_text(
    walker: &mut Walker,
    sources: &Sources,
    collection: &ir::Node,
    name: &str,
) -> String {
    let written = sources.get(collection.file).and_then(|source| {
        let start = collection.span.start as usize;
        let text: &str = &source.text;
        let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text
            .get(start..)?
            .find('\n')
            .map_or(text.len(), |i| start + i);
        let line = text.get(line_start..line_end)?;
        let line = line.split(" #").next().unwrap_or(line).trim();
        line.starts_with("for each").then(|| line.to_string())
    });
    written.unwrap_or_else(|| format!("for each {name} in {}", walker.text(collection)))
}

/// `objection 1 "price above budget"`: the item's kind, its number, and
/// its `text` or `name` when it has one.
fn label(name: &str, index: usize, item: Value, shape: Shape) -> String {
    let mut label = format!("{name} {}", index + 1);
    if let (Value::Record(record), Shape::Record(schema)) = (item, shape) {
        let said =
            ["text", "name"]
                .iter()
                .find_map(|field| match record.field(schema.field(field)?.0) {
                    Value::Text(text) => Some(text),
                    _ => None,
                });
        if let Some(text) = said {
            let short: String = text.chars().take(60).collect();
            let more = if short.len() < text.len() { "…" } else { "" };
            label.push_str(&format!(" {:?}", format!("{short}{more}")));
        }
    } else if let Value::Text(text) = item {
        label.push_str(&format!(" {text:?}"));
    }
    label
}
