//! A condition as a tree of parts: `and`/`or` groups down to the single
//! comparisons (the leaves), each with its source text, its truth, the
//! values that decided it (and, for a comparison written with a symbol, its
//! two sides), from which [`crate::words`] makes one sentence a trainer can
//! read:
//!
//! `days since last_touch = 27 (latest activities.date = 2026-11-01) > 14 → true`
//!
//! Values come from the evaluator's own [`Context`], so an explanation
//! cannot disagree with what `check` does.

use serde::Serialize;

use super::shape::{Scope, Shapes};
use crate::date::Date;
use crate::deal::Deal;
use crate::eval::{format_number, Context};
use crate::ir::{self, Node, NodeKind};
use crate::span::Sources;
use crate::value::Value;
use crate::words::explain::{Comparison, Fact, Shown, Side};
use crate::words::{Lang, Message};

/// A value the explanation shows: `expr` and what it was.
fn fact(expr: String, value: Value, playbook: &ir::Playbook) -> Fact {
    Fact {
        expr,
        value: Some(shown(value, playbook)),
        list: false,
    }
}

/// A value that is missing.
fn missing_fact(expr: String) -> Fact {
    Fact {
        expr,
        value: Some(Shown::Missing),
        list: false,
    }
}

/// A missing list where the language counts it as empty.
fn missing_list(expr: String) -> Fact {
    Fact {
        list: true,
        ..missing_fact(expr)
    }
}

/// How a part combines its parts.
///
/// ```
/// use playbook::{compile_builtin, explain, load_deals, Combine, Date, DealFormat, FileId, Lang, Source};
///
/// let compiled = compile_builtin(Lang::En);
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let yaml = "id: D-1\nstage: prospecting\nobjections:\n  - text: too expensive\n    resolved: false\n";
/// let source = Source::new("deal.yaml", None, yaml);
/// let deals = load_deals(&source, FileId(1), DealFormat::Yaml, &playbook.deal_context());
/// let deal = &deals[0].as_ref().unwrap().deal;
/// let today = Date::parse("2026-11-28").unwrap();
/// let explanation = explain(playbook, &compiled.sources, deal, today, Some("complete-account-profile"));
/// // `stage is at most contact and (account.industry is missing or account.size is missing)`
/// let condition = explanation.rules[0].condition.as_ref().unwrap();
/// assert_eq!(condition.combine, Some(Combine::All));
/// assert_eq!(condition.parts[1].combine, Some(Combine::Any));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Combine {
    /// `and`: all must hold.
    All,
    /// `or`: one is enough.
    Any,
    /// `not` of a group.
    Not,
    /// A define that is a condition: its parts are its own.
    Define,
}

/// One part of a condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The part as written.
    pub text: String,
    /// Whether it held.
    pub result: bool,
    /// Whether a missing value decided it.
    pub missing: bool,
    /// The values it was decided on.
    pub facts: Vec<Fact>,
    /// For a comparison written with a symbol: its two sides.
    pub comparison: Option<Comparison>,
    /// For a group: how its parts combine.
    pub combine: Option<Combine>,
    /// For a group: its parts.
    pub parts: Vec<Part>,
    /// For a leaf: its number in [`Walker::leaves`].
    pub(crate) leaf: Option<usize>,
}

impl Part {
    /// The sentence that explains the part, as a message.
    pub(crate) fn message(&self) -> Message<'_> {
        Message::Part {
            text: &self.text,
            result: self.result,
            missing: self.missing,
            facts: &self.facts,
            comparison: self.comparison.as_ref(),
        }
    }

    /// The sentence that explains the part, in `lang`: its text, its
    /// result and the values that decided it.
    ///
    /// ```
    /// use playbook::{builtin, explain, load_deals, Compiled, Date, DealFormat, FileId, Lang, Source};
    ///
    /// let compiled = playbook::compile_builtin(Lang::En);
    /// let playbook = compiled.playbook.as_ref().unwrap();
    /// let source = Source::new("d.yaml", None, "id: D-1\nstage: prospecting\n");
    /// let deals = load_deals(&source, FileId(0), DealFormat::Yaml, &playbook.deal_context());
    /// let deal = &deals[0].as_ref().unwrap().deal;
    /// let today = Date::parse("2026-11-28").unwrap();
    /// let explanation = explain(playbook, &compiled.sources, deal, today, None);
    /// let part = explanation.rules[0].condition.as_ref().unwrap();
    /// assert!(part.sentence(Lang::En).ends_with("→ true"));
    /// ```
    pub fn sentence(&self, lang: Lang) -> String {
        self.message().render(lang)
    }
}

/// A value as the explanation shows it.
pub(crate) fn shown(value: Value, playbook: &ir::Playbook) -> Shown {
    match value {
        Value::Missing => Shown::Missing,
        Value::Number(n) => Shown::Plain(format_number(n)),
        Value::Text(t) if needs_quotes(t) => Shown::Quoted(t.to_string()),
        Value::Text(t) => Shown::Plain(t.to_string()),
        Value::Bool(b) => Shown::Plain(b.to_string()),
        Value::Date(d) => Shown::Plain(d.to_string()),
        Value::Duration(d) => Shown::Days(d),
        Value::Stage(rank) => Shown::Plain(
            playbook
                .stages
                .get(rank as usize)
                .map_or_else(|| "?".to_string(), |s| s.name.clone()),
        ),
        Value::Record(_) => Shown::Present,
        Value::List(items) => Shown::Items(items.len()),
    }
}

/// Text shown in quotes: empty, or with spaces or quotes in it.
fn needs_quotes(text: &str) -> bool {
    text.is_empty() || text.contains(char::is_whitespace) || text.contains('"')
}

/// Whitespace runs (line breaks in a long condition) as single spaces.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Explains conditions for one deal.
pub(crate) struct Walker<'a, 's> {
    /// The evaluator's state, items in scope included.
    pub ctx: Context<'a>,
    /// Shapes and paths, with the same items in scope.
    pub shapes: Shapes<'a>,
    /// The playbook's sources, for the text of each node.
    pub sources: &'s Sources,
    /// The leaves of the last tree built, by number.
    pub leaves: Vec<&'a Node>,
}

impl<'a, 's> Walker<'a, 's> {
    pub(crate) fn new(
        playbook: &'a ir::Playbook,
        deal: &'a Deal,
        today: Date,
        sources: &'s Sources,
    ) -> Self {
        Walker {
            ctx: Context::new(playbook, deal, today),
            shapes: Shapes::new(playbook),
            sources,
            leaves: Vec::new(),
        }
    }

    /// Puts an item in scope (a `for each` item, with its path).
    pub(crate) fn push(&mut self, item: Value<'a>, scope: Scope) {
        self.ctx.scopes.push(item);
        self.shapes.scopes.push(scope);
    }

    /// Takes the innermost item out of scope.
    pub(crate) fn pop(&mut self) {
        self.ctx.scopes.pop();
        self.shapes.scopes.pop();
    }

    /// A node's text as written, whitespace collapsed; printed from the
    /// compiled form when the source is not at hand.
    pub(crate) fn text(&mut self, node: &Node) -> String {
        let written = self
            .sources
            .get(node.file)
            .and_then(|s| s.text.get(node.span.range()))
            .filter(|t| !t.trim().is_empty());
        match written {
            Some(text) => collapse(text),
            None => self.shapes.print(node),
        }
    }

    /// The text between two nodes, when both are in the same file
    /// (the operator of a comparison).
    fn between(&self, a: &Node, b: &Node) -> Option<String> {
        if a.file != b.file || a.span.end > b.span.start {
            return None;
        }
        let source = self.sources.get(a.file)?;
        source
            .text
            .get(a.span.end as usize..b.span.start as usize)
            .map(|t| t.trim().to_string())
    }

    /// The comparison operator when it is written as a symbol (`>`), not
    /// as `is ...`.
    pub(crate) fn symbol(&self, a: &Node, b: &Node) -> Option<String> {
        self.between(a, b)
            .filter(|op| matches!(op.as_str(), "=" | "!=" | "<" | "<=" | ">" | ">="))
    }

    fn define(&self, index: usize) -> Option<&'a ir::Define> {
        let playbook: &'a ir::Playbook = self.ctx.playbook;
        playbook.defines.get(index)
    }

    /// Builds the tree of a condition; its leaves are numbered in
    /// [`Walker::leaves`] (cleared first).
    pub(crate) fn tree(&mut self, node: &'a Node) -> Part {
        self.leaves.clear();
        self.part(node)
    }

    fn part(&mut self, node: &'a Node) -> Part {
        match &node.kind {
            NodeKind::And(a, b) | NodeKind::Or(a, b) if !synthetic(node, a, b) => {
                let all = matches!(node.kind, NodeKind::And(..));
                let mut parts = Vec::new();
                self.chain(node, all, &mut parts);
                self.group(node, if all { Combine::All } else { Combine::Any }, parts)
            }
            NodeKind::Not(inner) if self.is_group(inner) => {
                let part = self.part(inner);
                self.group(node, Combine::Not, vec![part])
            }
            NodeKind::Define(i) if self.define(*i).is_some_and(|d| d.value.is_condition()) => {
                match self.define(*i) {
                    Some(define) => {
                        let part = self.part(&define.value);
                        self.group(node, Combine::Define, vec![part])
                    }
                    None => self.leaf(node),
                }
            }
            _ => self.leaf(node),
        }
    }

    fn is_group(&self, node: &Node) -> bool {
        match &node.kind {
            NodeKind::And(a, b) | NodeKind::Or(a, b) => !synthetic(node, a, b),
            NodeKind::Not(inner) => self.is_group(inner),
            NodeKind::Define(i) => self.define(*i).is_some_and(|d| d.value.is_condition()),
            _ => false,
        }
    }

    /// `a and b and c` as one group of three.
    fn chain(&mut self, node: &'a Node, all: bool, parts: &mut Vec<Part>) {
        match &node.kind {
            NodeKind::And(a, b) if all && !synthetic(node, a, b) => {
                self.chain(a, all, parts);
                self.chain(b, all, parts);
            }
            NodeKind::Or(a, b) if !all && !synthetic(node, a, b) => {
                self.chain(a, all, parts);
                self.chain(b, all, parts);
            }
            _ => parts.push(self.part(node)),
        }
    }

    fn group(&mut self, node: &'a Node, combine: Combine, parts: Vec<Part>) -> Part {
        let text = self.text(node);
        let result = self.ctx.truth(node);
        Part {
            text,
            result,
            missing: false,
            facts: Vec::new(),
            comparison: None,
            combine: Some(combine),
            parts,
            leaf: None,
        }
    }

    fn leaf(&mut self, node: &'a Node) -> Part {
        let text = self.text(node);
        let result = self.ctx.truth(node);
        let index = self.leaves.len();
        self.leaves.push(node);
        if let NodeKind::Compare(_, a, b) = &node.kind {
            if let Some(op) = self.symbol(a, b) {
                return self.comparison(text, result, &op, [a, b], index);
            }
        }
        let mut facts = Vec::new();
        self.facts(node, &mut facts);
        dedup(&mut facts);
        let missing =
            facts.iter().any(Fact::is_missing) && !matches!(node.kind, NodeKind::IsMissing(..));
        Part {
            text,
            result,
            missing,
            facts,
            comparison: None,
            combine: None,
            parts: Vec::new(),
            leaf: Some(index),
        }
    }

    /// `left = 27 (inputs) > 14 → true`, or `left is missing, so ... → false`.
    fn comparison(
        &mut self,
        text: String,
        result: bool,
        op: &str,
        operands: [&'a Node; 2],
        index: usize,
    ) -> Part {
        let mut sides = Vec::new();
        let mut facts = Vec::new();
        let mut missing = false;
        for side in operands {
            if is_constant(side) {
                sides.push(Side::Written(self.text(side)));
                continue;
            }
            let value = self.ctx.eval(side);
            let expr = self.text(side);
            let mut side_facts = vec![fact(expr, value, self.ctx.playbook)];
            self.inputs(side, true, &mut side_facts);
            dedup(&mut side_facts);
            missing |= matches!(value, Value::Missing);
            sides.push(Side::Value {
                facts: side_facts.len(),
            });
            facts.extend(side_facts);
        }
        let [left, right]: [Side; 2] = match sides.try_into() {
            Ok(sides) => sides,
            // Two operands give two sides.
            Err(_) => [Side::Written(String::new()), Side::Written(String::new())],
        };
        let comparison = Comparison {
            op: op.to_string(),
            sides: [left, right],
        };
        Part {
            text,
            result,
            missing,
            facts,
            comparison: Some(comparison),
            combine: None,
            parts: Vec::new(),
            leaf: Some(index),
        }
    }

    /// The values a leaf was decided on.
    fn facts(&mut self, node: &'a Node, out: &mut Vec<Fact>) {
        match &node.kind {
            NodeKind::Compare(..) | NodeKind::Contains(..) => {
                node.children().for_each(|child| self.operand(child, out))
            }
            NodeKind::OneOf(subject, _) | NodeKind::Matches(subject, _) => {
                self.operand(subject, out)
            }
            NodeKind::IsMissing(subject, _) => {
                if self.is_list(subject) {
                    self.list_fact(subject, out);
                } else if !matches!(self.ctx.eval(subject), Value::Missing) {
                    self.operand(subject, out);
                }
            }
            NodeKind::IsEmpty(list) | NodeKind::Any(list) | NodeKind::No(list) => {
                if self.is_list(list) {
                    self.list_fact(list, out);
                } else {
                    self.operand(list, out);
                }
            }
            NodeKind::All(list, condition) => {
                let shape = self.shapes.item_shape(list);
                let (mut held, mut total) = (0usize, 0usize);
                let mut items = Vec::new();
                let present = self.ctx.each(list, &mut |_, item| {
                    items.push(item);
                    true
                });
                for item in items {
                    self.push(item, Scope { shape, path: None });
                    total += 1;
                    held += usize::from(self.ctx.truth(condition));
                    self.pop();
                }
                let expr = self.text(list);
                out.push(match present {
                    None => missing_fact(expr),
                    Some(()) => Fact {
                        expr,
                        value: Some(Shown::Hold { held, total }),
                        list: true,
                    },
                });
            }
            NodeKind::Not(inner) => match &inner.kind {
                NodeKind::Field(..) | NodeKind::Item(_) | NodeKind::Define(_) => {
                    self.operand(inner, out)
                }
                _ => self.facts(inner, out),
            },
            NodeKind::And(..) | NodeKind::Or(..) => {
                node.children().for_each(|child| self.facts(child, out))
            }
            // A bare bool: its value is the part's result, unless missing.
            _ => {
                if matches!(self.ctx.eval(node), Value::Missing) {
                    let expr = self.text(node);
                    out.push(missing_fact(expr));
                    self.inputs(node, true, out);
                }
            }
        }
    }

    /// A value a leaf compared: what it was, and what it came from.
    fn operand(&mut self, node: &'a Node, out: &mut Vec<Fact>) {
        if is_constant(node) {
            return;
        }
        if self.is_list(node) {
            self.list_fact(node, out);
            return;
        }
        let value = self.ctx.eval(node);
        let expr = self.text(node);
        out.push(fact(expr, value, self.ctx.playbook));
        self.inputs(node, true, out);
    }

    /// What a computed value came from. `shown`: the node's own value was
    /// just shown, so a define's expansion need not repeat it.
    fn inputs(&mut self, node: &'a Node, shown: bool, out: &mut Vec<Fact>) {
        match &node.kind {
            NodeKind::Define(i) => {
                let Some(define) = self.define(*i) else {
                    return;
                };
                let value = &define.value;
                if self.is_list(value) {
                    self.list_fact(value, out);
                    return;
                }
                let expr = self.text(value);
                let fact = if shown {
                    Fact {
                        expr,
                        value: None,
                        list: false,
                    }
                } else {
                    let value = self.ctx.eval(value);
                    fact(expr, value, self.ctx.playbook)
                };
                out.push(fact);
                self.inputs(value, true, out);
            }
            NodeKind::Days(..) | NodeKind::Negate(_) | NodeKind::Arith(..) => {
                node.children().for_each(|child| self.child(child, out))
            }
            NodeKind::Count(list) => self.list_inputs(list, out),
            // `latest activities.date` says what it read; a filter or a
            // define is worth spelling out.
            NodeKind::Fold(_, list)
                if !matches!(list.kind, NodeKind::Project(..) | NodeKind::Field(..)) =>
            {
                self.list_inputs(list, out)
            }
            _ => {}
        }
    }

    /// A value a computation used, not shown yet: defines show what they
    /// stand for.
    fn child(&mut self, node: &'a Node, out: &mut Vec<Fact>) {
        if is_constant(node) || matches!(node.kind, NodeKind::Today) {
            return;
        }
        if matches!(node.kind, NodeKind::Define(_)) {
            self.inputs(node, false, out);
            return;
        }
        let value = self.ctx.eval(node);
        let expr = self.text(node);
        out.push(fact(expr, value, self.ctx.playbook));
        self.inputs(node, true, out);
    }

    /// The list an aggregate ran over, when there is more to say than its
    /// text: a define's filter, or that it is missing.
    fn list_inputs(&mut self, list: &'a Node, out: &mut Vec<Fact>) {
        match &list.kind {
            NodeKind::Define(_) => self.list_fact(list, out),
            // `count (contacts where engaged)`: the text says the filter;
            // the fact says what it ran on.
            NodeKind::Where(base, _) => self.list_fact(base, out),
            _ => {
                if self.ctx.each(list, &mut |_, _| false).is_none() {
                    let expr = self.text(list);
                    out.push(missing_list(expr));
                }
            }
        }
    }

    /// A list: `questions where kind is open: 1 of 3`, `contacts: 2 items`,
    /// or `contacts is missing`.
    fn list_fact(&mut self, list: &'a Node, out: &mut Vec<Fact>) {
        if let NodeKind::Define(i) = &list.kind {
            if let Some(define) = self.define(*i) {
                self.list_fact(&define.value, out);
                return;
            }
        }
        let expr = self.text(list);
        let count = self.count(list);
        let value = match (&list.kind, count) {
            (_, None) => {
                if let NodeKind::Where(base, _) = &list.kind {
                    // The filter ran on nothing: say which list is missing.
                    let base_text = self.text(base);
                    out.push(missing_list(base_text));
                } else {
                    out.push(missing_list(expr));
                }
                return;
            }
            (NodeKind::Where(base, _), Some(count)) => {
                let total = self.count(base).unwrap_or(0);
                Shown::Of { count, total }
            }
            (_, Some(count)) => Shown::Items(count),
        };
        out.push(Fact {
            expr,
            value: Some(value),
            list: true,
        });
    }

    /// How many items a list has; `None` when it is missing.
    pub(crate) fn count(&mut self, list: &'a Node) -> Option<usize> {
        let mut n = 0;
        self.ctx
            .each(list, &mut |_, _| {
                n += 1;
                true
            })
            .map(|()| n)
    }

    /// Whether a node is a list (walked, not evaluated), missing or not.
    pub(crate) fn is_list(&mut self, node: &'a Node) -> bool {
        if matches!(self.shapes.shape(node), super::shape::Shape::List(_)) {
            return true;
        }
        match &node.kind {
            NodeKind::Where(..) | NodeKind::Project(..) | NodeKind::List(_) => true,
            NodeKind::Define(i) => self.define(*i).is_some_and(|d| {
                matches!(
                    d.value.kind,
                    NodeKind::Where(..) | NodeKind::Project(..) | NodeKind::List(_)
                ) || {
                    let value = &d.value;
                    matches!(self.ctx.eval(value), Value::List(_))
                }
            }),
            _ => matches!(self.ctx.eval(node), Value::List(_)),
        }
    }
}

/// A node built from one written form, such as `x is not one of [...]`
/// (compiled to `x is present and not (x is one of [...])`): its parts
/// share its span and are not parts a trainer wrote.
pub(crate) fn synthetic(node: &Node, a: &Node, b: &Node) -> bool {
    let same = |n: &Node| n.span.start == node.span.start && n.span.end == node.span.end;
    same(a) && same(b)
}

/// A literal: shown as written, never with a value.
pub(crate) fn is_constant(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Constant(_) | NodeKind::List(_))
}

/// The same fact twice says nothing new.
fn dedup(facts: &mut Vec<Fact>) {
    let mut seen: Vec<String> = Vec::new();
    facts.retain(|f| {
        let key = f.expr.clone();
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
}
