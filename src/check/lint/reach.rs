//! When can a rule fire? A small, sound analysis of each `when`:
//!
//! - the **stages** at which it may be true, by a linear pass that keeps,
//!   for every node, the stages where it may be true and those where it
//!   must be (so `not` is exact); a rule whose set is not every stage
//!   *pins* those stages;
//! - whether it can be true **at all**: the condition is put in disjunctive
//!   normal form (with a budget; past it, nothing is claimed) and each
//!   conjunction is checked by intersecting, per term, the values its
//!   comparisons allow (see [`domain`](super::domain)).
//!
//! Both only ever over-approximate what a deal can do, so "never true" and
//! "only at these stages" are certainties, never guesses. Missing values
//! follow the language: a comparison with a missing side is false, so
//! `not (x > 5)` allows a missing `x`.

use std::cell::Cell;
use std::collections::HashMap;

use super::super::fold;
use super::domain::{Constraint, Numbers, Ranks, Scalar, Test, Values};
use crate::deal::DEAL;
use crate::ir::{Compare, Node, NodeKind, Playbook};
use crate::ops;
use crate::span::{FileId, Span};
use crate::value::Value;

/// The most conjunctions one condition may expand to.
const MAX_CONJUNCTIONS: usize = 32;
/// The work (nodes visited) the never-fires analysis may do for one rule.
const RULE_BUDGET: usize = 4096;
/// The work it may do for a whole playbook, so that no input makes
/// `validate` slow; past it, later rules are simply not analysed.
const PLAYBOOK_BUDGET: usize = 4_000_000;
/// How deep defines may be followed.
const MAX_DEPTH: u32 = 64;

/// What the analysis found about one rule.
pub(super) struct Reach {
    /// The stages at which the rule may fire.
    pub stages: Ranks,
    /// Why it can never fire, when it cannot.
    pub never: Option<Never>,
}

/// Why a condition is never true.
#[derive(Clone, Debug)]
pub(crate) enum Never {
    /// Each alternative of the condition contradicts itself.
    Alternatives,
    /// Parts of one conjunction that cannot all hold: the parts, in order.
    Conflict(Vec<Part>, Kind),
}

/// A part of a condition: where it is, and whether it is negated there.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Part {
    /// Its file.
    pub(crate) file: FileId,
    /// Its span.
    pub(crate) span: Span,
    /// Whether `not` applies to it.
    pub(crate) negated: bool,
}

/// What the conflicting parts are about, for the help line.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// The deal's stage.
    Stage,
    /// A `count`.
    Count,
    /// Two constants.
    Constants,
    /// Anything else.
    Other,
}

/// Analyses rules of one playbook.
struct Analysis<'a> {
    playbook: &'a Playbook,
    stages: u32,
    stage_field: Option<usize>,
    memo: HashMap<usize, (Ranks, Ranks)>,
    budget: usize,
    total: usize,
    /// Steps left for the stage pass and constant folding, which follow
    /// defines: one that uses another twice, in a chain, would otherwise
    /// cost 2^n. Past it they claim nothing.
    steps: Cell<usize>,
    /// Whether the stage pass ever gave up (a limit reached), so that the
    /// stages it found may be too many: "no rule of its own" is then not
    /// certain.
    incomplete: Cell<bool>,
}

/// A literal of a conjunction: a node, asserted true or false.
#[derive(Clone, Copy)]
struct Literal<'a> {
    node: &'a Node,
    positive: bool,
}

/// What a term is compared as.
#[derive(Clone, Copy)]
enum Term<'a> {
    /// The value of a node.
    Value(&'a Node),
    /// Whether a list has items (`any`, and `no` negated).
    HasItems(&'a Node),
}

enum Atom<'a> {
    /// Both sides are constants: the literal's node is always this.
    Known(bool),
    /// A test on a term; `flip` when the node is the test's negation.
    Test(Term<'a>, Test, bool),
}

/// What the analysis says about every rule of a playbook.
pub(super) struct Reaches {
    /// One per rule, in file order.
    pub rules: Vec<Reach>,
    /// Whether the stage sets are exact as written (no limit reached), so
    /// that a stage no rule pins is certain.
    pub certain: bool,
    /// The number of stages.
    pub stage_count: u32,
}

/// The one stage-pin analysis: W006 and `show` both read it, so a rule that
/// `show` lists under a stage is exactly a rule that counts for W006 there.
/// One analysis runs over the rules in file order (the work allowance is
/// the playbook's, shared by its rules).
pub(super) fn rules(playbook: &Playbook) -> Reaches {
    let mut analysis = Analysis::new(playbook);
    let rules = playbook
        .rules
        .iter()
        .map(|rule| analysis.rule(&rule.when))
        .collect();
    Reaches {
        rules,
        certain: !analysis.incomplete.get(),
        stage_count: analysis.stages,
    }
}

/// The stages (one flag per stage of the path, in order) at which each rule
/// of a playbook, in file order, may fire: [`rules`] as `show` reads it.
pub(crate) fn rule_stages(playbook: &Playbook) -> Vec<Vec<bool>> {
    let count = playbook.stages.len();
    rules(playbook)
        .rules
        .iter()
        .map(|reach| {
            let mut flags = vec![false; count];
            for rank in reach.stages.iter() {
                if let Some(flag) = usize::try_from(rank).ok().and_then(|r| flags.get_mut(r)) {
                    *flag = true;
                }
            }
            flags
        })
        .collect()
}

impl<'a> Analysis<'a> {
    fn new(playbook: &'a Playbook) -> Analysis<'a> {
        Analysis {
            playbook,
            stages: u32::try_from(playbook.stages.len()).unwrap_or(u32::MAX),
            stage_field: DEAL.field("stage").map(|(index, _)| index),
            memo: HashMap::new(),
            budget: 0,
            total: PLAYBOOK_BUDGET,
            steps: Cell::new(PLAYBOOK_BUDGET),
            incomplete: Cell::new(false),
        }
    }

    /// What can be said about a rule's condition.
    fn rule(&mut self, when: &'a Node) -> Reach {
        let (may, _) = self.stage_sets(when, 0);
        let granted = RULE_BUDGET.min(self.total);
        self.budget = granted;
        let conjunctions = self.dnf(when, true, 0);
        let Some(conjunctions) = conjunctions else {
            self.total -= granted - self.budget;
            let never = may.is_empty().then_some(Never::Alternatives);
            return Reach { stages: may, never };
        };
        let mut stages = Ranks::none();
        let mut conflicts = Vec::new();
        for conjunction in &conjunctions {
            match self.solve(conjunction) {
                Ok(at) => stages = stages.union(&at),
                Err(conflict) => conflicts.push(conflict),
            }
        }
        self.total -= granted - self.budget;
        let stages = stages.intersect(&may);
        let never = if !stages.is_empty() {
            None
        } else if let ([(parts, kind)], 1) = (conflicts.as_slice(), conjunctions.len()) {
            Some(Never::Conflict(parts.clone(), *kind))
        } else {
            Some(Never::Alternatives)
        };
        Reach { stages, never }
    }

    // ---- stages: where a node may be true, and where it must be ----

    fn stage_sets(&mut self, node: &'a Node, depth: u32) -> (Ranks, Ranks) {
        let all = || Ranks::all(self.stages);
        let unknown = (all(), Ranks::none());
        if depth > MAX_DEPTH || !self.step() {
            self.incomplete.set(true);
            return unknown;
        }
        match &node.kind {
            NodeKind::And(a, b) => {
                let (may_a, must_a) = self.stage_sets(a, depth + 1);
                let (may_b, must_b) = self.stage_sets(b, depth + 1);
                (may_a.intersect(&may_b), must_a.intersect(&must_b))
            }
            NodeKind::Or(a, b) => {
                let (may_a, must_a) = self.stage_sets(a, depth + 1);
                let (may_b, must_b) = self.stage_sets(b, depth + 1);
                (may_a.union(&may_b), must_a.union(&must_b))
            }
            NodeKind::Not(inner) => {
                let (may, must) = self.stage_sets(inner, depth + 1);
                (must.complement(self.stages), may.complement(self.stages))
            }
            NodeKind::Define(index) => {
                if let Some(sets) = self.memo.get(index) {
                    return sets.clone();
                }
                let Some(define) = self.playbook.defines.get(*index) else {
                    return unknown;
                };
                let sets = self.stage_sets(&define.value, depth + 1);
                self.memo.insert(*index, sets.clone());
                sets
            }
            // `any (C where COND)` needs an item for which COND holds.
            NodeKind::Any(list) => match &self.resolve(list).kind {
                NodeKind::Where(_, condition) => {
                    (self.stage_sets(condition, depth + 1).0, Ranks::none())
                }
                _ => unknown,
            },
            _ => match self.stage_test(node) {
                Some(set) => (set.clone(), set),
                None => unknown,
            },
        }
    }

    /// The exact stages at which a test of the deal's stage holds.
    fn stage_test(&self, node: &'a Node) -> Option<Ranks> {
        match self.atom(node) {
            Atom::Test(Term::Value(term), test, flip) if self.is_stage(term) => {
                let constraint = Constraint::of(&test, !flip, self.stages);
                match constraint.values {
                    Values::Stages(ranks) => Some(ranks),
                    // The stage is never missing: `is missing` never holds.
                    Values::Nothing => Some(Ranks::none()),
                    Values::All => Some(Ranks::all(self.stages)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    // ---- can it be true at all ----

    /// The condition as alternatives of conjunctions, or `None` past the
    /// budget.
    fn dnf(&mut self, node: &'a Node, positive: bool, depth: u32) -> Option<Vec<Vec<Literal<'a>>>> {
        self.budget = self.budget.checked_sub(1)?;
        if depth > MAX_DEPTH {
            return None;
        }
        match (&node.kind, positive) {
            (NodeKind::And(a, b), true) | (NodeKind::Or(a, b), false) => {
                let left = self.dnf(a, positive, depth + 1)?;
                let right = self.dnf(b, positive, depth + 1)?;
                if left.len().saturating_mul(right.len()) > MAX_CONJUNCTIONS {
                    return None;
                }
                let mut out = Vec::new();
                for l in &left {
                    for r in &right {
                        self.budget = self.budget.checked_sub(l.len() + r.len())?;
                        out.push(l.iter().chain(r).copied().collect());
                    }
                }
                Some(out)
            }
            (NodeKind::Or(a, b), true) | (NodeKind::And(a, b), false) => {
                let mut out = self.dnf(a, positive, depth + 1)?;
                out.extend(self.dnf(b, positive, depth + 1)?);
                (out.len() <= MAX_CONJUNCTIONS).then_some(out)
            }
            (NodeKind::Not(inner), _) => self.dnf(inner, !positive, depth + 1),
            (NodeKind::Define(index), _) => {
                let define = self.playbook.defines.get(*index)?;
                self.dnf(&define.value, positive, depth + 1)
            }
            _ => Some(vec![vec![Literal { node, positive }]]),
        }
    }

    /// The stages at which a conjunction may hold, or the parts that
    /// contradict each other.
    fn solve(&mut self, conjunction: &[Literal<'a>]) -> Result<Ranks, (Vec<Part>, Kind)> {
        struct Group<'a> {
            term: Term<'a>,
            constraint: Constraint,
            parts: Vec<Part>,
        }
        let mut groups: Vec<Group<'a>> = Vec::new();
        for literal in conjunction {
            let part = Part {
                file: literal.node.file,
                span: literal.node.span,
                negated: !literal.positive,
            };
            let (term, test, flip) = match self.atom(literal.node) {
                Atom::Known(value) if value == literal.positive => continue,
                Atom::Known(_) => return Err((vec![part], Kind::Constants)),
                Atom::Test(term, test, flip) => (term, test, flip),
            };
            let constraint = Constraint::of(&test, literal.positive != flip, self.stages);
            let found = groups.iter().position(|g| self.same_term(g.term, term));
            let index = match found {
                Some(index) => index,
                None => {
                    groups.push(Group {
                        term,
                        constraint: self.domain(term),
                        parts: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let Some(group) = groups.get_mut(index) else {
                continue;
            };
            let current = std::mem::replace(
                &mut group.constraint,
                Constraint {
                    values: Values::All,
                    missing: true,
                },
            );
            group.constraint = current.intersect(constraint);
            group.parts.push(part);
            if group.constraint.is_impossible() {
                let kind = self.kind(group.term);
                return Err((group.parts.clone(), kind));
            }
        }
        let stage = groups.iter().find(|g| match g.term {
            Term::Value(node) => self.is_stage(node),
            Term::HasItems(_) => false,
        });
        Ok(match stage.map(|g| &g.constraint.values) {
            Some(Values::Stages(ranks)) => ranks.clone(),
            _ => Ranks::all(self.stages),
        })
    }

    /// What a literal's node tests.
    fn atom(&self, node: &'a Node) -> Atom<'a> {
        let holds = |term| Atom::Test(term, Test::Compare(Compare::Eq, Scalar::Bool(true)), false);
        match &node.kind {
            // A condition folded to a fixed value while compiling.
            NodeKind::Constant(crate::ir::Constant::Bool(value)) => Atom::Known(*value),
            NodeKind::Compare(op, left, right) => {
                match (self.constant(left, 0), self.constant(right, 0)) {
                    (Some(a), Some(b)) => Atom::Known(ops::compare(*op, a, b)),
                    (None, Some(b)) => match scalar(b) {
                        Some(b) => Atom::Test(Term::Value(left), Test::Compare(*op, b), false),
                        None => holds(Term::Value(node)),
                    },
                    (Some(a), None) => match scalar(a) {
                        Some(a) => {
                            Atom::Test(Term::Value(right), Test::Compare(op.mirror(), a), false)
                        }
                        None => holds(Term::Value(node)),
                    },
                    (None, None) => holds(Term::Value(node)),
                }
            }
            NodeKind::OneOf(subject, constants) => match self.constant(subject, 0) {
                Some(value) => Atom::Known(constants.iter().any(|c| ops::equal(value, c.value()))),
                None => match constants.iter().map(|c| scalar(c.value())).collect() {
                    Some(scalars) => Atom::Test(Term::Value(subject), Test::OneOf(scalars), false),
                    None => holds(Term::Value(node)),
                },
            },
            NodeKind::IsMissing(subject, missing) => {
                Atom::Test(Term::Value(subject), Test::Missing, !missing)
            }
            NodeKind::Any(list) => holds(Term::HasItems(list)),
            NodeKind::No(list) => Atom::Test(
                Term::HasItems(list),
                Test::Compare(Compare::Eq, Scalar::Bool(true)),
                true,
            ),
            _ => holds(Term::Value(node)),
        }
    }

    /// What a term may be before any literal is read.
    fn domain(&self, term: Term<'a>) -> Constraint {
        let node = match term {
            Term::HasItems(_) => {
                return Constraint {
                    values: Values::Bools([true, true]),
                    missing: false,
                }
            }
            Term::Value(node) => self.resolve(node),
        };
        let (values, missing) = match &node.kind {
            _ if self.is_stage(node) => (Values::Stages(Ranks::all(self.stages)), false),
            NodeKind::Count(_) => (Values::Numbers(Numbers::counts()), false),
            NodeKind::Days(..) => (Values::Numbers(Numbers::any(true, false)), true),
            _ if node.is_condition() => (Values::Bools([true, true]), false),
            _ => (Values::All, true),
        };
        Constraint { values, missing }
    }

    fn kind(&self, term: Term<'a>) -> Kind {
        match term {
            Term::Value(node) if self.is_stage(node) => Kind::Stage,
            Term::Value(node) if matches!(self.resolve(node).kind, NodeKind::Count(_)) => {
                Kind::Count
            }
            _ => Kind::Other,
        }
    }

    /// Takes one step of the shared allowance; `false` when none is left.
    fn step(&self) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(1));
        left > 0
    }

    /// A node with the defines it stands for followed.
    fn resolve(&self, mut node: &'a Node) -> &'a Node {
        for _ in 0..MAX_DEPTH {
            match &node.kind {
                NodeKind::Define(index) => match self.playbook.defines.get(*index) {
                    Some(define) => node = &define.value,
                    None => return node,
                },
                _ => return node,
            }
        }
        self.incomplete.set(true);
        node
    }

    fn is_stage(&self, node: &'a Node) -> bool {
        match &self.resolve(node).kind {
            NodeKind::Field(base, index) => {
                matches!(base.kind, NodeKind::Deal) && Some(*index) == self.stage_field
            }
            _ => false,
        }
    }

    /// The value of a node that is the same for every deal, if it is one.
    fn constant(&self, node: &'a Node, depth: u32) -> Option<Value<'a>> {
        if depth > MAX_DEPTH || !self.step() {
            return None;
        }
        let value = match &node.kind {
            NodeKind::Define(index) => {
                self.constant(&self.playbook.defines.get(*index)?.value, depth + 1)?
            }
            kind => fold::evaluate(kind, &mut |operand| self.constant(operand, depth + 1))?,
        };
        (!matches!(value, Value::Missing)).then_some(value)
    }

    fn same_term(&mut self, a: Term<'a>, b: Term<'a>) -> bool {
        match (a, b) {
            (Term::Value(a), Term::Value(b)) | (Term::HasItems(a), Term::HasItems(b)) => {
                self.same(a, b, 0)
            }
            _ => false,
        }
    }

    /// Whether two nodes always have the same value within one evaluation
    /// of a condition. `false` when unsure (or past the budget).
    fn same(&mut self, a: &'a Node, b: &'a Node, depth: u32) -> bool {
        if depth > MAX_DEPTH || self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let (a, b) = match (&a.kind, &b.kind) {
            (NodeKind::Define(i), NodeKind::Define(j)) if i == j => return true,
            (NodeKind::Define(_), _) | (_, NodeKind::Define(_)) => {
                (self.resolve(a), self.resolve(b))
            }
            _ => (a, b),
        };
        same_head(&a.kind, &b.kind)
            && a.children()
                .zip(b.children())
                .all(|(x, y)| self.same(x, y, depth + 1))
    }
}

/// Whether two nodes are of one kind with the same operator, constants and
/// positions: all but their children, which `Analysis::same` compares.
fn same_head(a: &NodeKind, b: &NodeKind) -> bool {
    match (a, b) {
        (NodeKind::Constant(x), NodeKind::Constant(y)) => x == y,
        (NodeKind::Item(x), NodeKind::Item(y)) | (NodeKind::Define(x), NodeKind::Define(y)) => {
            x == y
        }
        (NodeKind::List(x), NodeKind::List(y)) => x == y,
        (NodeKind::Field(_, i), NodeKind::Field(_, j))
        | (NodeKind::Project(_, i), NodeKind::Project(_, j)) => i == j,
        (NodeKind::Arith(o, ..), NodeKind::Arith(p, ..)) => o == p,
        (NodeKind::Compare(o, ..), NodeKind::Compare(p, ..)) => o == p,
        (NodeKind::OneOf(_, c), NodeKind::OneOf(_, d)) => c == d,
        (NodeKind::IsMissing(_, m), NodeKind::IsMissing(_, n))
        | (NodeKind::Days(_, m), NodeKind::Days(_, n)) => m == n,
        (NodeKind::Matches(_, r), NodeKind::Matches(_, s)) => r.as_str() == s.as_str(),
        (NodeKind::Fold(f, _), NodeKind::Fold(g, _)) => f == g,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A constant as the analysis compares it.
fn scalar(value: Value) -> Option<Scalar> {
    Some(match value {
        Value::Number(n) => Scalar::Number(n, false),
        Value::Date(date) => Scalar::Number(f64::from(date.days()), true),
        // Whole days: exact in an f64 up to 2^53 days, far past any date.
        Value::Duration(days) => Scalar::Number(days as f64, true),
        Value::Text(text) => Scalar::Text(text.to_string()),
        Value::Bool(b) => Scalar::Bool(b),
        Value::Stage(rank) => Scalar::Stage(rank),
        _ => return None,
    })
}
