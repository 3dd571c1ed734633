//! Near-miss hints: the one change of the deal that would turn a rule
//! around, when a single comparison decides it, and the day on which the
//! passing of time alone would.
//!
//! A leaf of the condition tree is a candidate when flipping its truth, and
//! nothing else, flips the whole condition. The hint is data (a
//! [`Hint`] of [`Change`]s, worded by `crate::words`): the change that
//! flips it (`days since last_touch were > 14 (it is 9)`), preferring a
//! change of the deal's facts to a change of its stage.

use super::walk::{is_constant, shown, synthetic, Part, Walker};
use crate::date::Date;
use crate::ir::{Compare, Node, NodeKind};
use crate::words::explain::{Change, Hint, InTime, ItemOf, Relation, Shown};

/// The most days ahead the time hint looks.
const HORIZON_DAYS: i64 = 366;

/// The hint for a condition whose tree is `part`, built by `walker` with
/// the same items in scope.
pub(crate) fn hint<'a>(walker: &mut Walker<'a, '_>, condition: &'a Node, part: &Part) -> Hint {
    let fired = part.result;
    // The leaves a change of the deal can flip: facts of the deal before
    // its stage, adding to the deal before taking from it, then in the
    // order written.
    let mut flippable: Vec<(usize, bool, (bool, u8))> = Vec::new();
    leaves(part, &mut |index, result| {
        flippable.push((index, result, (false, 1)))
    });
    flippable.retain_mut(|(index, result, rank)| {
        let Some(node) = walker.leaves.get(*index).copied() else {
            return false;
        };
        *rank = (is_stage(walker, node), effort(node, !*result));
        reads_deal(walker, node)
    });
    flippable.sort_by_key(|(index, _, rank)| (*rank, *index));
    let flips = |set: &[usize]| flipped(part, set) != fired;
    let mut changes = Vec::new();
    for (index, result, _) in &flippable {
        if changes.is_empty() && flips(&[*index]) {
            changes.extend(phrase_leaf(walker, *index, !result));
        }
    }
    if changes.is_empty() {
        // No one change: the smallest pair, if two changes do it.
        'pairs: for (i, (a, a_result, _)) in flippable.iter().enumerate() {
            for (b, b_result, _) in flippable.iter().skip(i + 1) {
                if flips(&[*a, *b]) {
                    // Said in the order written.
                    let ((a, a_result), (b, b_result)) = if a < b {
                        ((a, a_result), (b, b_result))
                    } else {
                        ((b, b_result), (a, a_result))
                    };
                    let first = phrase_leaf(walker, *a, !a_result);
                    let second = phrase_leaf(walker, *b, !b_result);
                    if let (Some(first), Some(second)) = (first, second) {
                        changes = vec![first, second];
                        break 'pairs;
                    }
                }
            }
        }
    }
    Hint::Turn {
        fired,
        changes,
        time: in_time(walker, condition, fired),
    }
}

fn phrase_leaf(walker: &mut Walker<'_, '_>, index: usize, want: bool) -> Option<Change> {
    let node = walker.leaves.get(index).copied()?;
    phrase(walker, node, want)
}

/// Calls `visit` with each leaf's number and result.
fn leaves(part: &Part, visit: &mut dyn FnMut(usize, bool)) {
    if let Some(index) = part.leaf {
        visit(index, part.result);
    }
    for child in &part.parts {
        leaves(child, visit);
    }
}

/// The condition's truth with the truth of some leaves flipped.
fn flipped(part: &Part, flip: &[usize]) -> bool {
    use super::walk::Combine;
    match (part.leaf, part.combine) {
        (Some(index), _) => part.result != flip.contains(&index),
        (None, Some(Combine::All)) => part.parts.iter().all(|p| flipped(p, flip)),
        (None, Some(Combine::Any)) => part.parts.iter().any(|p| flipped(p, flip)),
        (None, Some(Combine::Not)) => !part.parts.iter().all(|p| flipped(p, flip)),
        (None, Some(Combine::Define)) => part.parts.iter().all(|p| flipped(p, flip)),
        (None, None) => part.result,
    }
}

/// Whether a node reads the deal (a change of the deal can change it).
fn reads_deal(walker: &Walker, node: &Node) -> bool {
    any_node(walker, node, &|n| {
        matches!(n.kind, NodeKind::Deal | NodeKind::Item(_))
    })
}

/// Whether a node depends on the date of the run.
fn reads_today(walker: &Walker, node: &Node) -> bool {
    any_node(walker, node, &|n| {
        matches!(n.kind, NodeKind::Today | NodeKind::Days(..))
    })
}

/// How making a leaf `want` changes the deal: 0 adds to it (a value
/// recorded, an item added), 1 changes a value, 2 takes something out.
/// Adding is what a rep does next, so it is suggested first.
fn effort(node: &Node, want: bool) -> u8 {
    match &node.kind {
        NodeKind::Not(inner) => effort(inner, !want),
        NodeKind::IsEmpty(_) | NodeKind::No(_) => 2 * u8::from(want),
        NodeKind::Any(_) => 2 * u8::from(!want),
        NodeKind::IsMissing(_, missing) => 2 * u8::from(want == *missing),
        _ => 1,
    }
}

fn is_stage(walker: &Walker, node: &Node) -> bool {
    any_node(walker, node, &|n| {
        matches!(n.kind, NodeKind::Constant(crate::ir::Constant::Stage(_)))
    })
}

/// Whether `test` holds for the node or any node under it (defines
/// followed).
fn any_node(walker: &Walker, node: &Node, test: &dyn Fn(&Node) -> bool) -> bool {
    node.nodes().any(|n| {
        test(n)
            || match n.kind {
                NodeKind::Define(i) => walker
                    .ctx
                    .playbook
                    .defines
                    .get(i)
                    .is_some_and(|d| any_node(walker, &d.value, test)),
                _ => false,
            }
    })
}

/// The day, within a year, on which the condition turns around if nothing
/// else changes.
fn in_time<'a>(walker: &mut Walker<'a, '_>, condition: &'a Node, fired: bool) -> Option<InTime> {
    if !reads_today(walker, condition) {
        return None;
    }
    let today = walker.ctx.today;
    let mut found: Option<(Date, i64)> = None;
    for days in 1..=HORIZON_DAYS {
        let Some(date) = today.add_days(days) else {
            break;
        };
        walker.ctx.today = date;
        if walker.ctx.truth(condition) != fired {
            found = Some((date, days));
            break;
        }
    }
    walker.ctx.today = today;
    let (date, days) = found?;
    Some(InTime {
        date: date.to_string(),
        days,
    })
}

/// The change that makes a leaf `want`.
fn phrase<'a>(walker: &mut Walker<'a, '_>, node: &'a Node, want: bool) -> Option<Change> {
    let now = |walker: &mut Walker<'a, '_>, node: &'a Node| -> Shown {
        let value = walker.ctx.eval(node);
        shown(value, walker.ctx.playbook)
    };
    match &node.kind {
        NodeKind::Not(inner) => phrase(walker, inner, !want),
        NodeKind::And(a, b) | NodeKind::Or(a, b) if synthetic(node, a, b) => {
            // `x is not one of [...]`: present and not one of them.
            match &b.kind {
                NodeKind::Not(one_of) => phrase(walker, one_of, !want),
                _ => None,
            }
        }
        NodeKind::Compare(op, a, b) => {
            let fixed = |n: &Node| is_constant(n) || matches!(n.kind, NodeKind::Today);
            let (subject, op, other) = if fixed(b) || !fixed(a) {
                (&**a, *op, &**b)
            } else {
                (&**b, op.mirror(), &**a)
            };
            let op = if want { op } else { op.negate() };
            let is = walker.symbol(a, b).is_none();
            let subject_text = walker.text(subject);
            let other_text = walker.text(other);
            let now = now(walker, subject);
            let stage = matches!(
                other.kind,
                NodeKind::Constant(crate::ir::Constant::Stage(_))
            );
            let relation = match (op, stage, is) {
                (Compare::Eq, true, _) | (Compare::Eq, _, true) => Relation::Is,
                (Compare::Ne, true, _) | (Compare::Ne, _, true) => Relation::IsNot,
                (Compare::Lt, true, _) => Relation::Before,
                (Compare::Le, true, _) => Relation::AtOrBefore,
                (Compare::Gt, true, _) => Relation::After,
                (Compare::Ge, true, _) => Relation::AtOrAfter,
                (op, false, _) => Relation::Symbol(op.symbol()),
            };
            Some(Change::Were {
                subject: subject_text,
                relation,
                other: other_text,
                now,
            })
        }
        NodeKind::OneOf(subject, constants) => {
            let text = walker.text(subject);
            let now = now(walker, subject);
            let mut shapes = super::shape::Shapes::new(walker.ctx.playbook);
            let list = constants
                .iter()
                .map(|c| {
                    let constant =
                        Node::new(NodeKind::Constant(c.clone()), c.ty(), node.span, node.file);
                    shapes.print(&constant)
                })
                .collect();
            Some(Change::OneOf {
                subject: text,
                one_of: want,
                list,
                now,
            })
        }
        NodeKind::IsMissing(subject, missing) => Some(Change::Presence {
            subject: walker.text(subject),
            present: want != *missing,
        }),
        NodeKind::IsEmpty(list) if walker.is_list(list) => {
            let text = walker.text(list);
            if want {
                let items = walker.count(list).unwrap_or(0);
                Some(Change::Empty { list: text, items })
            } else {
                let item = singular(walker, list);
                Some(Change::HadOne { list: text, item })
            }
        }
        NodeKind::No(list) | NodeKind::Any(list) => {
            let no = matches!(node.kind, NodeKind::No(_)) == want;
            let text = walker.text(list);
            if no {
                let count = walker.count(list).unwrap_or(0);
                Some(Change::NoneOf {
                    list: ungroup(&text).to_string(),
                    count,
                })
            } else {
                let item = singular(walker, list);
                Some(Change::One { item })
            }
        }
        NodeKind::All(list, condition) => {
            let item = walker.shapes.item_name(list).to_string();
            let list_text = walker.text(list);
            let condition_text = walker.text(condition);
            Some(Change::Every {
                condition: condition_text,
                item,
                list: list_text,
                holds: want,
            })
        }
        NodeKind::Contains(haystack, needle) => Some(Change::Contains {
            haystack: walker.text(haystack),
            needle: walker.text(needle),
            contains: want,
        }),
        NodeKind::Matches(subject, regex) => Some(Change::Matches {
            subject: walker.text(subject),
            pattern: regex.as_str().to_string(),
            matches: want,
        }),
        NodeKind::Field(..) | NodeKind::Item(_) | NodeKind::Define(_) => {
            let text = walker.text(node);
            let now = now(walker, node);
            Some(Change::Value {
                subject: text,
                want,
                now,
            })
        }
        _ => None,
    }
}

/// `(contacts where engaged)` → `contacts where engaged`.
fn ungroup(text: &str) -> &str {
    text.strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text)
}

/// One item of a list, described: `activity where type is research`,
/// `contact`.
fn singular<'a>(walker: &mut Walker<'a, '_>, list: &'a Node) -> ItemOf {
    match &list.kind {
        NodeKind::Where(base, condition) => {
            let item = walker.shapes.item_name(base).to_string();
            let condition = walker.text(condition);
            ItemOf::Where { item, condition }
        }
        NodeKind::Define(i) => match walker.ctx.playbook.defines.get(*i) {
            Some(define) => singular(walker, &define.value),
            None => ItemOf::Unnamed,
        },
        _ => ItemOf::Named(walker.shapes.item_name(list).to_string()),
    }
}
