//! The reference evaluator: the language's semantics (LANGUAGE.md) written
//! as plainly as possible, to test the compiled evaluator against.
//!
//! It shares nothing with [`super::evaluate`] but the rendering of a single
//! value (dates, numbers without trailing zeros: presentation, not
//! meaning). Where the compiled evaluator walks lists lazily, stops early,
//! remembers defines and folds constants, this one builds every list it
//! needs, evaluates both sides of every `and`/`or`, computes a define again
//! at each use and reads every value afresh. It is slow on purpose; the
//! only economy it has is a bound on its own work ([`WORK_LIMIT`]), so that
//! it always ends, and then it gives up rather than guess.

use std::cmp::Ordering;

use crate::ast::Priority;
use crate::date::Date;
use crate::deal::Deal;
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, Arith, Compare, Constant, Fold, NodeKind};
use crate::recommendation::{DealResult, Recommendation, SnoozedAction};
use crate::value::{Record, Value};

use super::{render_value, MAX_MESSAGE_BYTES};

/// The most nodes and list items one deal's plain evaluation may touch.
/// Recomputing defines at each use is exponential for defines built twice
/// on each other; past this bound the deal is not compared.
pub(crate) const WORK_LIMIT: u64 = 2_000_000;

/// Why the reference gave up on a deal: it is outside what the two
/// evaluators can be compared on.
#[derive(Debug)]
struct Beyond;

/// A value as the reference sees it: lists are built, not walked.
#[derive(Clone)]
enum Plain<'a> {
    Missing,
    Number(f64),
    Text(&'a str),
    Bool(bool),
    Date(Date),
    Duration(i64),
    Stage(u32),
    Record(&'a dyn Record),
    List(Vec<Plain<'a>>),
}

type Out<'a> = Result<Plain<'a>, Beyond>;

/// Evaluates `playbook` on `deal` as of `today`, plainly; `None` when the
/// deal is beyond the reference's work bound or a message is longer than
/// [`MAX_MESSAGE_BYTES`] (where the compiled evaluator cuts it).
pub(crate) fn evaluate(playbook: &ir::Playbook, deal: &Deal, today: Date) -> Option<DealResult> {
    let mut reference = Reference {
        playbook,
        deal,
        today,
        scopes: Vec::new(),
        work: 0,
    };
    reference.result().ok()
}

struct Reference<'a> {
    playbook: &'a ir::Playbook,
    deal: &'a Deal,
    today: Date,
    /// The items in scope, innermost last.
    scopes: Vec<Plain<'a>>,
    work: u64,
}

/// A rule's action before ordering: its rule's place in the playbook.
struct Fired {
    rule_index: usize,
    recommendation: Recommendation,
}

impl<'a> Reference<'a> {
    fn result(&mut self) -> Result<DealResult, Beyond> {
        let playbook = self.playbook;
        let mut fired = Vec::new();
        for (rule_index, rule) in playbook.rules.iter().enumerate() {
            let items = match &rule.for_each {
                None => None,
                Some(collection) => Some(match self.eval(collection)? {
                    Plain::List(items) => items,
                    _ => Vec::new(),
                }),
            };
            match items {
                None => {
                    if self.holds(&rule.when)? {
                        let recommendation = self.recommendation(rule)?;
                        fired.push(Fired {
                            rule_index,
                            recommendation,
                        });
                    }
                }
                Some(items) => {
                    for item in items {
                        self.scopes.push(item);
                        let holds = self.holds(&rule.when);
                        let recommendation = match holds {
                            Ok(true) => Some(self.recommendation(rule)),
                            Ok(false) => None,
                            Err(beyond) => Some(Err(beyond)),
                        };
                        self.scopes.pop();
                        if let Some(recommendation) = recommendation {
                            fired.push(Fired {
                                rule_index,
                                recommendation: recommendation?,
                            });
                        }
                    }
                }
            }
        }

        // Critical first; within a priority, rules in playbook order and a
        // rule's items in item order, which is the order they were found in.
        let mut ordered: Vec<Fired> = Vec::new();
        for (_, priority) in Priority::ALL {
            let mut rank = 0;
            while rank < playbook.rules.len() {
                for action in &fired {
                    if action.rule_index == rank && action.recommendation.priority == priority {
                        ordered.push(Fired {
                            rule_index: rank,
                            recommendation: action.recommendation.clone(),
                        });
                    }
                }
                rank += 1;
            }
        }

        let (snoozed, warnings) = self.snoozes(&ordered);
        let actions = ordered
            .into_iter()
            .map(|action| action.recommendation)
            .filter(|action| !snoozed.iter().any(|s| s.rule == action.rule))
            .collect();
        let deal = self.deal;
        Ok(DealResult {
            deal: Some(deal.id.clone()),
            name: deal.name.clone(),
            stage: Some(deal.stage.clone()),
            position: Some((deal.stage_rank as usize + 1, playbook.stages.len())),
            actions,
            snoozed,
            warnings,
            errors: Vec::new(),
            origin: None,
            routing: crate::recommendation::Routing::default(),
            filtered_out: 0,
        })
    }

    /// DEALS.md: a snoozed action is not listed but reported, until its day
    /// has passed; a snooze naming a rule the playbook lacks is a warning.
    fn snoozes(&self, fired: &[Fired]) -> (Vec<SnoozedAction>, Vec<Diagnostic>) {
        let mut snoozed = Vec::new();
        let mut warnings = Vec::new();
        let Some(snoozes) = &self.deal.snoozed else {
            return (snoozed, warnings);
        };
        for snooze in snoozes {
            let Some(rule) = &snooze.rule else {
                continue;
            };
            if !self.playbook.rules.iter().any(|r| &r.id == rule) {
                warnings.push(Diagnostic::new(
                    Code::UnknownSnooze,
                    format!("the deal's snooze of `{rule}` names no rule of this playbook"),
                ));
                continue;
            }
            let Some(until) = snooze.until else {
                continue;
            };
            let silent = self.today <= until;
            let would_fire = fired.iter().any(|f| &f.recommendation.rule == rule);
            if silent && would_fire {
                snoozed.push(SnoozedAction {
                    rule: rule.clone(),
                    until,
                    reason: snooze.reason.clone().unwrap_or_default(),
                });
            }
        }
        (snoozed, warnings)
    }

    fn recommendation(&mut self, rule: &'a ir::Rule) -> Result<Recommendation, Beyond> {
        let message = self.message(&rule.recommend)?;
        let because = match &rule.because {
            Some(because) => Some(self.message(because)?),
            None => None,
        };
        Ok(Recommendation {
            rule: rule.id.clone(),
            title: rule.title.clone(),
            message,
            priority: rule.priority,
            because,
            tags: rule.tags.clone(),
            evidence: None,
        })
    }

    /// LANGUAGE.md, Messages: `{EXPR}` shows its value; missing as `—`; a
    /// list as its items joined by `, ` (no items: `—`).
    fn message(&mut self, message: &'a ir::Message) -> Result<String, Beyond> {
        let mut out = String::new();
        for segment in &message.0 {
            match segment {
                ir::Segment::Text(text) => out.push_str(text),
                ir::Segment::Value(node) => match self.eval(node)? {
                    Plain::List(items) if !items.is_empty() => {
                        for (i, item) in items.iter().enumerate() {
                            if i > 0 {
                                out.push_str(", ");
                            }
                            self.show(item, &mut out);
                            within_limit(&out)?;
                        }
                    }
                    Plain::List(_) => out.push('—'),
                    value => self.show(&value, &mut out),
                },
            }
            within_limit(&out)?;
        }
        Ok(out)
    }

    fn show(&self, value: &Plain, out: &mut String) {
        let value = match *value {
            Plain::Number(n) => Value::Number(n),
            Plain::Text(t) => Value::Text(t),
            Plain::Bool(b) => Value::Bool(b),
            Plain::Date(d) => Value::Date(d),
            Plain::Duration(d) => Value::Duration(d),
            Plain::Stage(s) => Value::Stage(s),
            Plain::Missing | Plain::Record(_) | Plain::List(_) => Value::Missing,
        };
        render_value(value, self.playbook, out);
    }

    /// Spends one unit of work.
    fn spend(&mut self) -> Result<(), Beyond> {
        self.work += 1;
        if self.work > WORK_LIMIT {
            Err(Beyond)
        } else {
            Ok(())
        }
    }

    /// A condition holds when it is `true`; missing or anything else does not.
    fn holds(&mut self, node: &'a ir::Node) -> Result<bool, Beyond> {
        Ok(matches!(self.eval(node)?, Plain::Bool(true)))
    }

    /// A value read from the deal, its lists built item by item.
    fn read(&mut self, value: Value<'a>) -> Out<'a> {
        self.spend()?;
        Ok(match value {
            Value::Missing => Plain::Missing,
            Value::Number(n) => Plain::Number(n),
            Value::Text(t) => Plain::Text(t),
            Value::Bool(b) => Plain::Bool(b),
            Value::Date(d) => Plain::Date(d),
            Value::Duration(d) => Plain::Duration(d),
            Value::Stage(s) => Plain::Stage(s),
            Value::Record(record) => Plain::Record(record),
            Value::List(items) => {
                let mut list = Vec::new();
                for i in 0..items.len() {
                    list.push(self.read(items.item(i))?);
                }
                Plain::List(list)
            }
        })
    }

    fn eval(&mut self, node: &'a ir::Node) -> Out<'a> {
        // Nesting is bounded by the checker, defines chain without bound:
        // grow the stack rather than overflow it.
        crate::stack::grow(|| self.eval_kind(node))
    }

    fn eval_kind(&mut self, node: &'a ir::Node) -> Out<'a> {
        self.spend()?;
        Ok(match &node.kind {
            NodeKind::Constant(constant) => literal(constant),
            NodeKind::Today => Plain::Date(self.today),
            NodeKind::Deal => Plain::Record(self.deal),
            NodeKind::Item(depth) => {
                let at = self.scopes.len().checked_sub(depth + 1);
                match at.and_then(|i| self.scopes.get(i)) {
                    Some(item) => item.clone(),
                    None => Plain::Missing,
                }
            }
            NodeKind::Field(record, index) => match self.eval(record)? {
                Plain::Record(record) => self.read(record.field(*index))?,
                _ => Plain::Missing,
            },
            // `C.F`: the F of each item, items without F skipped, list
            // fields flattened; a missing list stays missing.
            NodeKind::Project(list, index) => match self.eval(list)? {
                Plain::List(items) => {
                    let mut values = Vec::new();
                    for item in items {
                        let Plain::Record(record) = item else {
                            continue;
                        };
                        match self.read(record.field(*index))? {
                            Plain::Missing => {}
                            Plain::List(inner) => values.extend(inner),
                            value => values.push(value),
                        }
                    }
                    Plain::List(values)
                }
                _ => Plain::Missing,
            },
            // A define is computed again wherever it is used, from the deal
            // alone: no item of the place of use is in its scope.
            NodeKind::Define(i) => match self.playbook.defines.get(*i) {
                Some(define) => {
                    let outer = std::mem::take(&mut self.scopes);
                    let value = self.eval(&define.value);
                    self.scopes = outer;
                    value?
                }
                None => Plain::Missing,
            },
            NodeKind::Where(list, condition) => match self.eval(list)? {
                Plain::List(items) => {
                    let mut kept = Vec::new();
                    for item in items {
                        if self.holds_for(item.clone(), condition)? {
                            kept.push(item);
                        }
                    }
                    Plain::List(kept)
                }
                _ => Plain::Missing,
            },
            NodeKind::List(constants) => Plain::List(constants.iter().map(literal).collect()),
            NodeKind::Not(a) => Plain::Bool(!self.holds(a)?),
            NodeKind::And(a, b) => {
                let (a, b) = (self.holds(a)?, self.holds(b)?);
                Plain::Bool(a && b)
            }
            NodeKind::Or(a, b) => {
                let (a, b) = (self.holds(a)?, self.holds(b)?);
                Plain::Bool(a || b)
            }
            NodeKind::Negate(a) => match self.eval(a)? {
                Plain::Number(n) => Plain::Number(-n),
                Plain::Duration(d) => Plain::Duration(-d),
                _ => Plain::Missing,
            },
            NodeKind::Arith(op, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                arithmetic(*op, &a, &b)
            }
            NodeKind::Compare(op, a, b) => {
                let (a, b) = (self.eval(a)?, self.eval(b)?);
                Plain::Bool(compare(*op, &a, &b))
            }
            NodeKind::OneOf(subject, constants) => {
                let subject = self.eval(subject)?;
                Plain::Bool(constants.iter().any(|c| same(&subject, &literal(c))))
            }
            NodeKind::IsMissing(a, missing) => {
                let is_missing = matches!(self.eval(a)?, Plain::Missing);
                Plain::Bool(is_missing == *missing)
            }
            NodeKind::IsEmpty(a) => Plain::Bool(match self.eval(a)? {
                Plain::Missing => true,
                Plain::Text(text) => text.is_empty(),
                Plain::List(items) => items.is_empty(),
                _ => false,
            }),
            NodeKind::Contains(haystack, needle) => {
                let (haystack, needle) = (self.eval(haystack)?, self.eval(needle)?);
                Plain::Bool(match (&haystack, &needle) {
                    (_, Plain::Missing) => false,
                    (Plain::Text(text), Plain::Text(part)) => text.contains(part),
                    (Plain::List(items), _) => items.iter().any(|item| same(item, &needle)),
                    _ => false,
                })
            }
            NodeKind::Matches(subject, regex) => match self.eval(subject)? {
                Plain::Text(text) => Plain::Bool(regex.is_match(text)),
                _ => Plain::Bool(false),
            },
            NodeKind::Days(date, until) => match self.eval(date)? {
                Plain::Date(date) => {
                    let (from, to) = if *until {
                        (self.today, date)
                    } else {
                        (date, self.today)
                    };
                    Plain::Number(f64::from(to.days()) - f64::from(from.days()))
                }
                _ => Plain::Missing,
            },
            NodeKind::Count(list) => match self.eval(list)? {
                Plain::List(items) => Plain::Number(items.len() as f64),
                _ => Plain::Number(0.0),
            },
            NodeKind::Any(list) => match self.eval(list)? {
                Plain::List(items) => Plain::Bool(!items.is_empty()),
                _ => Plain::Bool(false),
            },
            NodeKind::No(list) => match self.eval(list)? {
                Plain::List(items) => Plain::Bool(items.is_empty()),
                _ => Plain::Bool(true),
            },
            NodeKind::All(list, condition) => match self.eval(list)? {
                Plain::List(items) => {
                    let mut every = true;
                    for item in items {
                        let holds = self.holds_for(item, condition)?;
                        every = every && holds;
                    }
                    Plain::Bool(every)
                }
                _ => Plain::Bool(false),
            },
            NodeKind::Fold(fold, list) => match self.eval(list)? {
                Plain::List(items) => aggregate(*fold, &items),
                _ => aggregate(*fold, &[]),
            },
        })
    }

    /// Whether `condition` holds with `item` as the innermost item.
    fn holds_for(&mut self, item: Plain<'a>, condition: &'a ir::Node) -> Result<bool, Beyond> {
        self.scopes.push(item);
        let holds = self.holds(condition);
        self.scopes.pop();
        holds
    }
}

/// A message longer than the compiled evaluator keeps is not compared.
fn within_limit(message: &str) -> Result<(), Beyond> {
    if message.len() > MAX_MESSAGE_BYTES {
        Err(Beyond)
    } else {
        Ok(())
    }
}

fn literal(constant: &Constant) -> Plain<'_> {
    match constant {
        Constant::Number(n) => Plain::Number(*n),
        Constant::Text(t) => Plain::Text(t),
        Constant::Bool(b) => Plain::Bool(*b),
        Constant::Date(d) => Plain::Date(*d),
        Constant::Duration(d) => Plain::Duration(*d),
        Constant::Stage(s) => Plain::Stage(*s),
    }
}

/// A number result; one that is not finite has no answer, so is missing.
fn finite(n: f64) -> Plain<'static> {
    if n.is_finite() {
        Plain::Number(n)
    } else {
        Plain::Missing
    }
}

/// A date result; one outside the calendar's range is missing.
fn shifted(date: Date, days: Option<i64>) -> Plain<'static> {
    match days.and_then(|days| date.add_days(days)) {
        Some(date) => Plain::Date(date),
        None => Plain::Missing,
    }
}

/// Arithmetic: anything but the typed cases (missing included) is missing.
fn arithmetic<'a>(op: Arith, a: &Plain<'a>, b: &Plain<'a>) -> Plain<'a> {
    match (op, a, b) {
        (Arith::Add, Plain::Number(x), Plain::Number(y)) => finite(x + y),
        (Arith::Sub, Plain::Number(x), Plain::Number(y)) => finite(x - y),
        (Arith::Mul, Plain::Number(x), Plain::Number(y)) => finite(x * y),
        (Arith::Div, Plain::Number(_), Plain::Number(y)) if *y == 0.0 => Plain::Missing,
        (Arith::Div, Plain::Number(x), Plain::Number(y)) => finite(x / y),
        (Arith::DatePlus, Plain::Date(d), Plain::Duration(n)) => shifted(*d, Some(*n)),
        (Arith::DateMinus, Plain::Date(d), Plain::Duration(n)) => shifted(*d, n.checked_neg()),
        (Arith::DateDiff, Plain::Date(x), Plain::Date(y)) => {
            Plain::Duration(i64::from(x.days()) - i64::from(y.days()))
        }
        (Arith::DurationPlus, Plain::Duration(x), Plain::Duration(y)) => {
            x.checked_add(*y).map_or(Plain::Missing, Plain::Duration)
        }
        (Arith::DurationMinus, Plain::Duration(x), Plain::Duration(y)) => {
            x.checked_sub(*y).map_or(Plain::Missing, Plain::Duration)
        }
        _ => Plain::Missing,
    }
}

/// How two values of one type stand; `None` when either is missing or the
/// types differ (so every comparison of them is false).
fn ordering(a: &Plain, b: &Plain) -> Option<Ordering> {
    match (a, b) {
        (Plain::Number(x), Plain::Number(y)) => x.partial_cmp(y),
        (Plain::Text(x), Plain::Text(y)) => Some(x.cmp(y)),
        (Plain::Bool(x), Plain::Bool(y)) => Some(x.cmp(y)),
        (Plain::Date(x), Plain::Date(y)) => Some(x.cmp(y)),
        (Plain::Duration(x), Plain::Duration(y)) => Some(x.cmp(y)),
        (Plain::Stage(x), Plain::Stage(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn same(a: &Plain, b: &Plain) -> bool {
    ordering(a, b) == Some(Ordering::Equal)
}

/// A comparison with a missing side is false, `!=` too.
fn compare(op: Compare, a: &Plain, b: &Plain) -> bool {
    let Some(ordering) = ordering(a, b) else {
        return false;
    };
    let allowed: &[Ordering] = match op {
        Compare::Eq => &[Ordering::Equal],
        Compare::Ne => &[Ordering::Less, Ordering::Greater],
        Compare::Lt => &[Ordering::Less],
        Compare::Le => &[Ordering::Less, Ordering::Equal],
        Compare::Gt => &[Ordering::Greater],
        Compare::Ge => &[Ordering::Greater, Ordering::Equal],
    };
    allowed.contains(&ordering)
}

/// `sum` of no numbers is 0; `min`/`max` (`earliest`/`latest`) of no
/// values are missing. Missing items are skipped.
fn aggregate<'a>(fold: Fold, items: &[Plain<'a>]) -> Plain<'a> {
    let present = items.iter().filter(|item| !matches!(item, Plain::Missing));
    match fold {
        Fold::Sum => {
            let mut total = 0.0;
            for item in present {
                if let Plain::Number(n) = item {
                    total += n;
                }
            }
            finite(total)
        }
        Fold::Min | Fold::Max => {
            let wanted = if fold == Fold::Min {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut best: Option<&Plain<'a>> = None;
            for item in present {
                best = match best {
                    Some(best) if ordering(item, best) != Some(wanted) => Some(best),
                    _ => Some(item),
                };
            }
            best.cloned().unwrap_or(Plain::Missing)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deal::{self, DealFormat};
    use crate::span::{FileId, Source};

    fn run(playbook_text: &str, deal_text: &str) -> (DealResult, Option<DealResult>) {
        let playbook = crate::compile_text("t.playbook", playbook_text)
            .playbook
            .unwrap();
        let source = Source::new("deal.yaml", None, deal_text);
        let deals = deal::load_text(
            &source,
            FileId(0),
            DealFormat::Yaml,
            &playbook.deal_context(),
        );
        let deal = &deals[0].as_ref().unwrap().deal;
        let today = Date::parse("2026-11-28").unwrap();
        (
            super::super::evaluate(&playbook, deal, today),
            evaluate(&playbook, deal, today),
        )
    }

    #[test]
    fn defines_built_twice_on_each_other_exceed_the_work_bound() {
        let mut text = String::from("playbook \"P\"\nstages\n  open\ndefine d0 = amount > 1\n");
        for i in 1..40 {
            let p = i - 1;
            text.push_str(&format!("define d{i} = (d{p} and d{p}) or not d{p}\n"));
        }
        text.push_str("rule r\n  when d39\n  recommend \"go\"\n");
        let (fast, plain) = run(&text, "id: D-1\nstage: open\namount: 5\n");
        assert_eq!(
            fast.actions.len(),
            1,
            "the compiled evaluator remembers defines"
        );
        assert!(
            plain.is_none(),
            "the reference recomputes them and gives up"
        );
    }

    #[test]
    fn a_message_longer_than_the_compiled_limit_is_not_compared() {
        let text = "playbook \"P\"\nstages\n  open\n\
                    rule r\n  when name is present\n  recommend \"{name}{name}{name}\"\n";
        let long = "x".repeat(MAX_MESSAGE_BYTES / 2);
        let (fast, plain) = run(text, &format!("id: D-1\nstage: open\nname: {long}\n"));
        assert!(fast.actions[0].message.ends_with('…'));
        assert!(plain.is_none());
        let (fast, plain) = run(text, "id: D-1\nstage: open\nname: ab\n");
        assert_eq!(fast.actions, plain.unwrap().actions);
    }
}
