//! Compiled playbook × deal → [`DealResult`]. The hot path: no name is
//! looked up, no list is copied; values borrow from the deal and the
//! playbook.

pub(crate) mod display;
pub(crate) mod reference;

use crate::date::Date;
use crate::deal::Deal;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, Node, NodeKind};
use crate::ops;
use crate::recommendation::{DealResult, Origin, Recommendation, SnoozedAction};
use crate::stack;
use crate::value::{Record, Value};
use std::rc::Rc;

pub(crate) use display::{format_number, render_value};

/// Evaluates every rule of `playbook` on `deal` as of `today`: the deal's
/// next actions, most urgent first, each with its message and reason.
///
/// ```
/// use playbook::{builtin, evaluate, load_deals, Date, DealFormat, FileId, Lang, Source};
///
/// let playbook = builtin(Lang::En);
/// let source = Source::new("deal.yaml", None, "id: D-1\nstage: prospecting\n");
/// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let result = evaluate(&playbook, deal, today);
/// assert!(!result.is_error());
/// let rules: Vec<&str> = result.actions.iter().map(|a| a.rule.as_str()).collect();
/// assert_eq!(rules[0], "research-account");
/// assert!(rules.contains(&"complete-account-profile"));
/// ```
pub fn evaluate(playbook: &ir::Playbook, deal: &Deal, today: Date) -> DealResult {
    let mut context = Context::new(playbook, deal, today);
    let mut fired: Vec<(usize, usize, Recommendation)> = Vec::new();
    for (rule_index, rule) in playbook.rules.iter().enumerate() {
        match &rule.for_each {
            Some(collection) => {
                let mut item_index = 0;
                context.each(collection, &mut |context, item| {
                    context.scopes.push(item);
                    if context.truth(&rule.when) {
                        fired.push((rule_index, item_index, context.recommendation(rule)));
                    }
                    context.scopes.pop();
                    item_index += 1;
                    true
                });
            }
            None => {
                if context.truth(&rule.when) {
                    fired.push((rule_index, 0, context.recommendation(rule)));
                }
            }
        }
    }
    if context.exhausted() {
        let mut result = DealResult::failed(Diagnostic::new(
            Code::EvaluationLimit,
            format!(
                "deal `{}` needs more than ten million steps to evaluate; it was not evaluated",
                deal.id
            ),
        )
        .help("a rule walks long lists inside other walks (`where` within `where`); simplify it, or count once in a `define`"));
        result.deal = Some(deal.id.clone());
        result.name = deal.name.clone();
        result.stage = Some(deal.stage.clone());
        return result;
    }
    fired.sort_by_key(|(rule, item, recommendation)| (recommendation.priority, *rule, *item));

    let mut snoozed = Vec::new();
    let mut warnings = Vec::new();
    let mut snoozed_rules: Vec<&str> = Vec::new();
    for snooze in deal.snoozed.iter().flatten() {
        let Some(rule) = snooze.rule.as_deref() else {
            continue;
        };
        if !playbook.rules.iter().any(|r| r.id == rule) {
            warnings.push(
                Diagnostic::new(
                    Code::UnknownSnooze,
                    format!(
                        "deal `{}` snoozes `{rule}`, which is not a rule of this playbook",
                        deal.id
                    ),
                )
                .did_you_mean(rule, playbook.rules.iter().map(|r| r.id.as_str())),
            );
            continue;
        }
        let active = snooze.until.is_some_and(|until| today <= until);
        let fires = fired.iter().any(|(_, _, r)| r.rule == rule);
        if active && fires {
            snoozed_rules.push(rule);
            snoozed.push(SnoozedAction {
                rule: rule.to_string(),
                until: snooze.until.unwrap_or(today),
                reason: snooze.reason.clone().unwrap_or_default(),
            });
        }
    }
    let actions = fired
        .into_iter()
        .map(|(_, _, r)| r)
        .filter(|r| !snoozed_rules.contains(&r.rule.as_str()))
        .collect();
    DealResult {
        deal: Some(deal.id.clone()),
        name: deal.name.clone(),
        stage: Some(deal.stage.clone()),
        position: Some((deal.stage_rank as usize + 1, playbook.stages.len())),
        actions,
        snoozed,
        warnings,
        errors: Vec::new(),
        origin: None::<Origin>,
        routing: crate::recommendation::Routing::default(),
        filtered_out: 0,
    }
}

/// One deal's evaluation state: the items in scope (`for each`, `where`).
pub(crate) struct Context<'a> {
    pub playbook: &'a ir::Playbook,
    pub deal: &'a Deal,
    pub today: Date,
    pub scopes: Vec<Value<'a>>,
    /// Define values already computed for this deal: a define depends only
    /// on the deal, so each is computed once however often it is used (and
    /// defines built on defines stay linear, not exponential).
    defines: Vec<Memo<'a>>,
    /// Items visited so far; past [`MAX_STEPS`] evaluation stops.
    steps: u64,
}

/// The most list items one deal's evaluation may visit. Nested `where`s
/// over long lists multiply; this bound keeps every deal's evaluation
/// finite and short whatever the playbook and the deal.
pub(crate) const MAX_STEPS: u64 = 10_000_000;

/// The longest message or reason an action may have, in bytes; a longer
/// one is cut there and ends with `…`.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

#[derive(Clone)]
enum Memo<'a> {
    Unknown,
    Scalar(Value<'a>),
    /// A list define's items; `None` when the list is missing.
    List(Option<Rc<[Value<'a>]>>),
}

impl<'a> Context<'a> {
    pub(crate) fn new(playbook: &'a ir::Playbook, deal: &'a Deal, today: Date) -> Self {
        Context {
            playbook,
            deal,
            today,
            scopes: Vec::with_capacity(4),
            defines: vec![Memo::Unknown; playbook.defines.len()],
            steps: 0,
        }
    }

    /// Whether evaluation stopped at [`MAX_STEPS`].
    pub(crate) fn exhausted(&self) -> bool {
        self.steps > MAX_STEPS
    }

    /// Counts one visited item; `false` once the budget is spent.
    fn step(&mut self) -> bool {
        self.steps += 1;
        self.steps <= MAX_STEPS
    }

    /// The items of list define `i`, computed once per deal.
    fn define_items(&mut self, i: usize) -> Option<Rc<[Value<'a>]>> {
        if let Some(Memo::List(items)) = self.defines.get(i) {
            return items.clone();
        }
        let playbook = self.playbook;
        let define = &playbook.defines.get(i)?.value;
        let mut items = Vec::new();
        let present = self.each(define, &mut |_, item| {
            items.push(item);
            true
        });
        let items: Option<Rc<[Value<'a>]>> = present.map(|()| items.into());
        if let Some(slot) = self.defines.get_mut(i) {
            *slot = Memo::List(items.clone());
        }
        items
    }

    fn recommendation(&mut self, rule: &'a ir::Rule) -> Recommendation {
        Recommendation {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            message: self.message(&rule.recommend),
            priority: rule.priority,
            because: rule.because.as_ref().map(|m| self.message(m)),
            tags: rule.tags.clone(),
            evidence: None,
        }
    }

    fn message(&mut self, message: &'a ir::Message) -> String {
        let mut out = String::new();
        for segment in &message.0 {
            match segment {
                ir::Segment::Text(text) => out.push_str(text),
                ir::Segment::Value(node) => self.show(node, &mut out),
            }
            if out.len() > MAX_MESSAGE_BYTES {
                // Many `{...}` of long deal texts could otherwise make one
                // message gigabytes long: cut it, visibly.
                let mut end = MAX_MESSAGE_BYTES;
                while !out.is_char_boundary(end) {
                    end -= 1;
                }
                out.truncate(end);
                out.push('…');
                break;
            }
        }
        out
    }

    /// Appends a value as a rep should read it; lists as `a, b, c`.
    fn show(&mut self, node: &'a Node, out: &mut String) {
        if self.is_lazy_list(node) || matches!(self.eval(node), Value::List(_)) {
            let mut first = true;
            let playbook = self.playbook;
            let found = self.each(node, &mut |_, item| {
                if !first {
                    out.push_str(", ");
                }
                first = false;
                render_value(item, playbook, out);
                out.len() <= MAX_MESSAGE_BYTES
            });
            if found.is_none() || first {
                out.push('—');
            }
        } else {
            let value = self.eval(node);
            render_value(value, self.playbook, out);
        }
    }

    /// Whether a node yields a list that only exists while it is walked.
    fn is_lazy_list(&self, node: &Node) -> bool {
        match &node.kind {
            NodeKind::Where(..) | NodeKind::Project(..) | NodeKind::List(_) => true,
            NodeKind::Define(i) => self
                .playbook
                .defines
                .get(*i)
                .is_some_and(|d| self.is_lazy_list(&d.value)),
            _ => false,
        }
    }

    /// A condition's truth: only `true` is true; missing is false.
    pub(crate) fn truth(&mut self, node: &'a Node) -> bool {
        matches!(self.eval(node), Value::Bool(true))
    }

    /// Calls `visit` with each item of a list until it returns `false`.
    /// Returns `None` when the list itself is missing.
    pub(crate) fn each(
        &mut self,
        node: &'a Node,
        visit: &mut dyn FnMut(&mut Context<'a>, Value<'a>) -> bool,
    ) -> Option<()> {
        stack::grow(|| self.each_kind(node, visit))
    }

    fn each_kind(
        &mut self,
        node: &'a Node,
        visit: &mut dyn FnMut(&mut Context<'a>, Value<'a>) -> bool,
    ) -> Option<()> {
        match &node.kind {
            NodeKind::Where(list, condition) => self.each(list, &mut |context, item| {
                context.scopes.push(item);
                let keep = context.truth(condition);
                context.scopes.pop();
                !keep || visit(context, item)
            }),
            NodeKind::Project(list, index) => {
                let index = *index;
                self.each(list, &mut |context, item| match item {
                    Value::Record(record) => match record.field(index) {
                        Value::Missing => true,
                        Value::List(items) => {
                            for i in 0..items.len() {
                                if !context.step() || !visit(context, items.item(i)) {
                                    return false;
                                }
                            }
                            true
                        }
                        value => visit(context, value),
                    },
                    _ => true,
                })
            }
            NodeKind::List(constants) => {
                for constant in constants {
                    if !self.step() || !visit(self, constant.value()) {
                        break;
                    }
                }
                Some(())
            }
            NodeKind::Define(i) => {
                let items = self.define_items(*i)?;
                for item in items.iter() {
                    if !self.step() || !visit(self, *item) {
                        break;
                    }
                }
                Some(())
            }
            _ => match self.eval(node) {
                Value::List(items) => {
                    for i in 0..items.len() {
                        if !self.step() || !visit(self, items.item(i)) {
                            break;
                        }
                    }
                    Some(())
                }
                _ => None,
            },
        }
    }

    /// Evaluates a node. Nesting is bounded by the checker
    /// ([`crate::check::MAX_NESTING`]); the stack grows on demand, so that
    /// depth is safe on any thread, whatever its stack size.
    pub(crate) fn eval(&mut self, node: &'a Node) -> Value<'a> {
        stack::grow(|| self.eval_kind(node))
    }

    fn eval_kind(&mut self, node: &'a Node) -> Value<'a> {
        match &node.kind {
            NodeKind::Constant(constant) => constant.value(),
            NodeKind::Today => Value::Date(self.today),
            NodeKind::Deal => Value::Record(self.deal as &dyn Record),
            NodeKind::Item(depth) => self
                .scopes
                .len()
                .checked_sub(depth + 1)
                .and_then(|i| self.scopes.get(i).copied())
                .unwrap_or(Value::Missing),
            NodeKind::Field(base, index) => match self.eval(base) {
                Value::Record(record) => record.field(*index),
                _ => Value::Missing,
            },
            NodeKind::Define(i) => {
                if let Some(Memo::Scalar(value)) = self.defines.get(*i) {
                    return *value;
                }
                let playbook = self.playbook;
                let Some(define) = playbook.defines.get(*i) else {
                    return Value::Missing;
                };
                if self.is_lazy_list(&define.value) {
                    // A list define as a plain value: only presence matters.
                    return match self.define_items(*i) {
                        Some(_) => Value::Bool(true),
                        None => Value::Missing,
                    };
                }
                let value = self.eval(&define.value);
                if let Some(slot) = self.defines.get_mut(*i) {
                    *slot = Memo::Scalar(value);
                }
                value
            }
            NodeKind::Where(..) | NodeKind::Project(..) | NodeKind::List(_) => {
                // Lists are walked with `each`; as a plain value only their
                // presence matters.
                if self.each(node, &mut |_, _| false).is_some() {
                    Value::Bool(true)
                } else {
                    Value::Missing
                }
            }
            NodeKind::Not(inner) => Value::Bool(!self.truth(inner)),
            NodeKind::And(a, b) => Value::Bool(self.truth(a) && self.truth(b)),
            NodeKind::Or(a, b) => Value::Bool(self.truth(a) || self.truth(b)),
            NodeKind::Negate(inner) => {
                let value = self.eval(inner);
                ops::minus(value)
            }
            NodeKind::Arith(op, a, b) => {
                let (a, b) = (self.eval(a), self.eval(b));
                ops::arith(*op, a, b)
            }
            NodeKind::Compare(op, a, b) => {
                let (a, b) = (self.eval(a), self.eval(b));
                Value::Bool(ops::compare(*op, a, b))
            }
            NodeKind::OneOf(subject, constants) => {
                let subject = self.eval(subject);
                Value::Bool(constants.iter().any(|c| ops::equal(subject, c.value())))
            }
            NodeKind::IsMissing(inner, want_missing) => {
                let missing = if self.is_lazy_list(inner) {
                    self.each(inner, &mut |_, _| false).is_none()
                } else {
                    matches!(self.eval(inner), Value::Missing)
                };
                Value::Bool(missing == *want_missing)
            }
            NodeKind::IsEmpty(inner) => {
                if !self.is_lazy_list(inner) {
                    if let Value::Text(text) = self.eval(inner) {
                        return Value::Bool(text.is_empty());
                    }
                }
                let mut empty = true;
                self.each(inner, &mut |_, _| {
                    empty = false;
                    false
                });
                Value::Bool(empty)
            }
            NodeKind::Contains(haystack, needle) => {
                let needle = self.eval(needle);
                if matches!(needle, Value::Missing) {
                    return Value::Bool(false);
                }
                if !self.is_lazy_list(haystack) {
                    if let Value::Text(text) = self.eval(haystack) {
                        return Value::Bool(ops::text_contains(text, needle));
                    }
                }
                let mut found = false;
                self.each(haystack, &mut |_, item| {
                    found = ops::equal(item, needle);
                    !found
                });
                Value::Bool(found)
            }
            NodeKind::Matches(subject, regex) => match self.eval(subject) {
                Value::Text(text) => Value::Bool(regex.is_match(text)),
                _ => Value::Bool(false),
            },
            NodeKind::Days(date, until) => match self.eval(date) {
                Value::Date(date) => {
                    let days = if *until {
                        date.days() - self.today.days()
                    } else {
                        self.today.days() - date.days()
                    };
                    Value::Number(f64::from(days))
                }
                _ => Value::Missing,
            },
            NodeKind::Count(list) => {
                let mut count = 0u32;
                self.each(list, &mut |_, _| {
                    count += 1;
                    true
                });
                Value::Number(f64::from(count))
            }
            NodeKind::Any(list) => {
                let mut any = false;
                self.each(list, &mut |_, _| {
                    any = true;
                    false
                });
                Value::Bool(any)
            }
            NodeKind::No(list) => {
                let mut none = true;
                self.each(list, &mut |_, _| {
                    none = false;
                    false
                });
                Value::Bool(none)
            }
            NodeKind::All(list, condition) => {
                let mut all = true;
                let present = self.each(list, &mut |context, item| {
                    context.scopes.push(item);
                    all = context.truth(condition);
                    context.scopes.pop();
                    all
                });
                Value::Bool(present.is_some() && all)
            }
            NodeKind::Fold(fold, list) => {
                let mut acc = ops::Accumulator::new(*fold);
                self.each(list, &mut |_, item| {
                    acc.add(item);
                    true
                });
                acc.finish()
            }
        }
    }
}
