//! The evidence of a recommendation: the deal values that decided it,
//! each as a deal path and a JSON value. Computed from the compiled
//! playbook alone (no source text), only when a caller asks.
//!
//! The values that decide a condition that held: every part of an `and`,
//! the first part of an `or` that held, and under each such part the deal
//! fields it read. Aggregates are reported as such
//! (`activities.date (latest)`, `questions where kind is open (count)`),
//! `days since X` by X itself.

use super::shape::{fold_word, Scope, Shape, Shapes};
use crate::date::Date;
use crate::deal::Deal;
use crate::eval::Context;
use crate::ir::{self, Node, NodeKind};
use crate::recommendation::{DealResult, Evidence};
use crate::value::Value;

struct Collector<'a> {
    ctx: Context<'a>,
    shapes: Shapes<'a>,
    out: Vec<Evidence>,
}

/// Fills `evidence` on every action of `result`, the result of
/// [`evaluate`](crate::evaluate) for this deal and date: the deal values
/// behind each action (`check --evidence`).
///
/// ```
/// use playbook::{add_evidence, builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let mut result = evaluate(&playbook, deal, today);
/// assert!(result.actions[0].evidence.is_none());
/// add_evidence(&playbook, deal, today, &mut result);
/// assert!(result.actions.iter().all(|a| a.evidence.is_some()));
/// ```
pub fn add_evidence(playbook: &ir::Playbook, deal: &Deal, today: Date, result: &mut DealResult) {
    for i in 0..result.actions.len() {
        let Some(rule) = result.actions.get(i).map(|a| a.rule.clone()) else {
            continue;
        };
        // Actions of one rule stand together, in item order.
        let nth = result
            .actions
            .iter()
            .take(i)
            .filter(|a| a.rule == rule)
            .count();
        let found = playbook
            .rules
            .iter()
            .position(|r| r.id == rule)
            .map(|index| evidence(playbook, deal, today, index, nth));
        if let (Some(action), Some(found)) = (result.actions.get_mut(i), found) {
            action.evidence = Some(found);
        }
    }
}

/// The evidence for rule number `rule` of `playbook` on `deal`; for a
/// `for each` rule, for the `nth` item on which it fires (0 = first).
/// Empty when the rule does not fire.
pub(crate) fn evidence(
    playbook: &ir::Playbook,
    deal: &Deal,
    today: Date,
    rule: usize,
    nth: usize,
) -> Vec<Evidence> {
    let Some(rule) = playbook.rules.get(rule) else {
        return Vec::new();
    };
    let mut collector = Collector {
        ctx: Context::new(playbook, deal, today),
        shapes: Shapes::new(playbook),
        out: Vec::new(),
    };
    match &rule.for_each {
        None => {
            if collector.ctx.truth(&rule.when) {
                collector.decisive(&rule.when);
            }
        }
        Some(collection) => {
            let mut items = Vec::new();
            collector.ctx.each(collection, &mut |_, item| {
                items.push(item);
                true
            });
            let shape = collector.shapes.item_shape(collection);
            let base = collector
                .shapes
                .path(collection)
                .unwrap_or_else(|| collector.shapes.print(collection));
            let mut seen = 0;
            for (index, item) in items.into_iter().enumerate() {
                collector.ctx.scopes.push(item);
                if collector.ctx.truth(&rule.when) {
                    if seen == nth {
                        collector.shapes.scopes.push(Scope {
                            shape,
                            path: Some(format!("{base}[{index}]")),
                        });
                        collector.decisive(&rule.when);
                        collector.ctx.scopes.pop();
                        break;
                    }
                    seen += 1;
                }
                collector.ctx.scopes.pop();
            }
        }
    }
    collector.out
}

impl<'a> Collector<'a> {
    fn push(&mut self, path: String, value: serde_json::Value) {
        if !self.out.iter().any(|e| e.path == path) {
            self.out.push(Evidence { path, value });
        }
    }

    fn define(&self, index: usize) -> Option<&'a ir::Define> {
        let playbook: &'a ir::Playbook = self.ctx.playbook;
        playbook.defines.get(index)
    }

    /// The parts of a condition that held which decided it.
    fn decisive(&mut self, node: &'a Node) {
        match &node.kind {
            NodeKind::And(a, b) => {
                self.decisive(a);
                self.decisive(b);
            }
            NodeKind::Or(a, b) => {
                if self.ctx.truth(a) {
                    self.decisive(a);
                } else {
                    self.decisive(b);
                }
            }
            NodeKind::Define(i) => {
                if let Some(define) = self.define(*i) {
                    self.decisive(&define.value);
                }
            }
            _ => self.reads(node),
        }
    }

    /// The deal values a node reads.
    fn reads(&mut self, node: &'a Node) {
        match &node.kind {
            NodeKind::Constant(_) | NodeKind::Today | NodeKind::Deal | NodeKind::List(_) => {}
            NodeKind::Field(..) | NodeKind::Item(_) | NodeKind::Project(..) => {
                if self.is_list(node) {
                    self.count(node);
                    return;
                }
                let Some(path) = self.shapes.path(node) else {
                    return;
                };
                let value = self.ctx.eval(node);
                if !matches!(value, Value::Record(_)) {
                    let value = json(value, self.ctx.playbook);
                    self.push(path, value);
                }
            }
            NodeKind::Define(i) => {
                if let Some(define) = self.define(*i) {
                    self.reads(&define.value);
                }
            }
            NodeKind::Where(..) => self.count(node),
            NodeKind::Count(list)
            | NodeKind::Any(list)
            | NodeKind::No(list)
            | NodeKind::All(list, _) => self.count(list),
            NodeKind::IsEmpty(inner) | NodeKind::IsMissing(inner, _) => self.reads(inner),
            NodeKind::Fold(fold, list) => {
                let dates = matches!(self.shapes.shape(list), Shape::Date);
                let label = format!("{} ({})", self.list_label(list), fold_word(*fold, dates));
                let value = self.ctx.eval(node);
                let value = json(value, self.ctx.playbook);
                self.push(label, value);
            }
            NodeKind::Days(..)
            | NodeKind::Negate(_)
            | NodeKind::Not(_)
            | NodeKind::OneOf(..)
            | NodeKind::Matches(..)
            | NodeKind::Arith(..)
            | NodeKind::Compare(..)
            | NodeKind::Contains(..)
            | NodeKind::And(..)
            | NodeKind::Or(..) => node.children().for_each(|child| self.reads(child)),
        }
    }

    /// Whether a node is a list (by the deal model, so a missing list too).
    fn is_list(&mut self, node: &'a Node) -> bool {
        matches!(node.kind, NodeKind::Project(..))
            || matches!(self.shapes.shape(node), Shape::List(_))
            || matches!(self.ctx.eval(node), Value::List(_))
    }

    /// How many items a list has, as `LIST (count)`; `null` when missing.
    fn count(&mut self, list: &'a Node) {
        let mut n = 0u32;
        let present = self.ctx.each(list, &mut |_, _| {
            n += 1;
            true
        });
        let label = format!("{} (count)", self.list_label(list));
        let value = match present {
            Some(()) => serde_json::Value::from(n),
            None => serde_json::Value::Null,
        };
        self.push(label, value);
    }

    /// A list named by its deal path, and its filter:
    /// `questions where kind is open`.
    fn list_label(&mut self, list: &'a Node) -> String {
        match &list.kind {
            NodeKind::Define(i) => match self.define(*i) {
                Some(define) => self.list_label(&define.value),
                None => "?".to_string(),
            },
            NodeKind::Where(..) => self.shapes.print(list),
            _ => self
                .shapes
                .path(list)
                .unwrap_or_else(|| self.shapes.print(list)),
        }
    }
}

/// A value as JSON: text and dates as strings, numbers, bools, stages by
/// name, lists by their number of items, missing as `null`.
fn json(value: Value, playbook: &ir::Playbook) -> serde_json::Value {
    match value {
        Value::Missing | Value::Record(_) => serde_json::Value::Null,
        Value::Number(n) => serde_json::Number::from_f64(n)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Text(t) => serde_json::Value::from(t),
        Value::Bool(b) => serde_json::Value::from(b),
        Value::Date(d) => serde_json::Value::from(d.to_string()),
        Value::Duration(d) => serde_json::Value::from(d),
        Value::Stage(rank) => playbook
            .stages
            .get(rank as usize)
            .map_or(serde_json::Value::Null, |s| {
                serde_json::Value::from(s.name.as_str())
            }),
        Value::List(items) => serde_json::Value::from(items.len()),
    }
}
