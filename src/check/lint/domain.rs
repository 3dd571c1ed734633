//! The values a term may take, as far as a conjunction of comparisons says:
//! the sets that the never-fires analysis intersects. Every set here
//! over-approximates (when in doubt it keeps a value), so an empty set is a
//! certainty.

use std::collections::BTreeSet;
use std::ops::Bound;

use crate::ir::Compare;

/// A set of stage ranks, as sorted, disjoint, non-adjacent half-open ranges
/// (so a playbook with many stages costs no more than one with five).
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Ranks(Vec<(u32, u32)>);

impl Ranks {
    /// No stage.
    pub(crate) fn none() -> Ranks {
        Ranks(Vec::new())
    }

    /// Every stage of a path of `count` stages.
    pub(crate) fn all(count: u32) -> Ranks {
        Ranks::range(0, count)
    }

    /// The ranks `start..end`.
    pub(crate) fn range(start: u32, end: u32) -> Ranks {
        if start < end {
            Ranks(vec![(start, end)])
        } else {
            Ranks::none()
        }
    }

    /// The ranks of a path of `count` stages for which `rank OP stage`
    /// holds, read as `stage OP rank`.
    pub(crate) fn compared(op: Compare, rank: u32, count: u32) -> Ranks {
        let next = rank.saturating_add(1);
        let set = match op {
            Compare::Eq => Ranks::range(rank, next),
            Compare::Ne => Ranks::range(0, rank).union(&Ranks::range(next, count)),
            Compare::Lt => Ranks::range(0, rank),
            Compare::Le => Ranks::range(0, next),
            Compare::Gt => Ranks::range(next, count),
            Compare::Ge => Ranks::range(rank, count),
        };
        set.intersect(&Ranks::all(count))
    }

    /// Whether no stage is in the set.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the set is every stage of a path of `count` stages.
    pub(crate) fn is_all(&self, count: u32) -> bool {
        *self == Ranks::all(count)
    }

    /// The ranks in the set, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().flat_map(|(start, end)| *start..*end)
    }

    /// The stages in either set.
    pub(crate) fn union(&self, other: &Ranks) -> Ranks {
        let mut ranges: Vec<(u32, u32)> = self.0.iter().chain(&other.0).copied().collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Ranks(merged)
    }

    /// The stages in both sets.
    pub(crate) fn intersect(&self, other: &Ranks) -> Ranks {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.0.get(i), other.0.get(j)) {
            let (start, end) = (a.0.max(b.0), a.1.min(b.1));
            if start < end {
                out.push((start, end));
            }
            if a.1 < b.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        Ranks(out)
    }

    /// The stages of a path of `count` stages that are not in the set.
    pub(crate) fn complement(&self, count: u32) -> Ranks {
        let mut out = Vec::new();
        let mut from = 0;
        for (start, end) in &self.0 {
            if from < *start {
                out.push((from, (*start).min(count)));
            }
            from = from.max(*end);
        }
        if from < count {
            out.push((from, count));
        }
        Ranks(out)
    }
}

/// A constant a term is compared with.
#[derive(Clone, Debug)]
pub(super) enum Scalar {
    /// A number; `whole` for dates and durations (counted in days).
    Number(f64, bool),
    /// Text or a symbol.
    Text(String),
    /// `true` or `false`.
    Bool(bool),
    /// A stage rank.
    Stage(u32),
}

/// What a literal says about its term.
#[derive(Clone, Debug)]
pub(super) enum Test {
    /// `term OP constant`.
    Compare(Compare, Scalar),
    /// `term is one of [...]`.
    OneOf(Vec<Scalar>),
    /// `term is missing`.
    Missing,
}

/// The numbers a term may be.
#[derive(Clone, Debug)]
pub(super) struct Numbers {
    lo: Bound<f64>,
    hi: Bound<f64>,
    /// Values excluded by `!=` or `is not one of`.
    except: Vec<f64>,
    /// The only values allowed, after `is one of`.
    only: Option<Vec<f64>>,
    /// Whole numbers only (counts, days, dates).
    whole: bool,
    /// Whether a value that compares with nothing (not a number) is allowed.
    nan: bool,
}

impl Numbers {
    /// Any number.
    pub(crate) fn any(whole: bool, nan: bool) -> Numbers {
        Numbers {
            lo: Bound::Unbounded,
            hi: Bound::Unbounded,
            except: Vec::new(),
            only: None,
            whole,
            nan,
        }
    }

    /// Whole numbers from 0 up: what `count` gives.
    pub(crate) fn counts() -> Numbers {
        Numbers {
            lo: Bound::Included(0.0),
            ..Numbers::any(true, false)
        }
    }

    fn compared(op: Compare, value: f64, whole: bool) -> Numbers {
        let mut numbers = Numbers::any(whole, false);
        match op {
            Compare::Eq => {
                numbers.lo = Bound::Included(value);
                numbers.hi = Bound::Included(value);
            }
            Compare::Ne => numbers.except.push(value),
            Compare::Lt => numbers.hi = Bound::Excluded(value),
            Compare::Le => numbers.hi = Bound::Included(value),
            Compare::Gt => numbers.lo = Bound::Excluded(value),
            Compare::Ge => numbers.lo = Bound::Included(value),
        }
        numbers
    }

    fn admits(&self, value: f64) -> bool {
        let above = match self.lo {
            Bound::Included(lo) => value >= lo,
            Bound::Excluded(lo) => value > lo,
            Bound::Unbounded => true,
        };
        let below = match self.hi {
            Bound::Included(hi) => value <= hi,
            Bound::Excluded(hi) => value < hi,
            Bound::Unbounded => true,
        };
        above && below && !self.except.contains(&value) && (!self.whole || value.fract() == 0.0)
    }

    fn is_empty(&self) -> bool {
        if self.nan {
            return false;
        }
        if let Some(only) = &self.only {
            return !only.iter().any(|v| self.admits(*v));
        }
        let (lo, lo_open) = match self.lo {
            Bound::Included(v) => (v, false),
            Bound::Excluded(v) => (v, true),
            Bound::Unbounded => (f64::NEG_INFINITY, false),
        };
        let (hi, hi_open) = match self.hi {
            Bound::Included(v) => (v, false),
            Bound::Excluded(v) => (v, true),
            Bound::Unbounded => (f64::INFINITY, false),
        };
        if self.whole {
            let mut first = lo.ceil();
            if lo_open && first == lo {
                first += 1.0;
            }
            let mut last = hi.floor();
            if hi_open && last == hi {
                last -= 1.0;
            }
            if first > last {
                return true;
            }
            // A handful of whole numbers left: are they all excluded? (An
            // integer step, not `value += 1.0`, which stalls on huge values.)
            if last - first < 16.0 {
                return (0..16u8)
                    .map(|step| first + f64::from(step))
                    .take_while(|value| *value <= last)
                    .all(|value| self.except.contains(&value));
            }
            return false;
        }
        lo > hi || (lo == hi && (lo_open || hi_open || self.except.contains(&lo)))
    }

    fn intersect(mut self, other: Numbers) -> Numbers {
        self.lo = tighter(self.lo, other.lo, true);
        self.hi = tighter(self.hi, other.hi, false);
        self.except.extend(other.except);
        self.only = match (self.only, other.only) {
            (Some(a), Some(b)) => Some(a.into_iter().filter(|v| b.contains(v)).collect()),
            (a, b) => a.or(b),
        };
        self.whole |= other.whole;
        self.nan &= other.nan;
        self
    }
}

/// The tighter of two lower (`lower`) or upper bounds.
fn tighter(a: Bound<f64>, b: Bound<f64>, lower: bool) -> Bound<f64> {
    let value = |bound: &Bound<f64>| match bound {
        Bound::Included(v) | Bound::Excluded(v) => Some(*v),
        Bound::Unbounded => None,
    };
    match (value(&a), value(&b)) {
        (None, _) => b,
        (_, None) => a,
        (Some(x), Some(y)) if x == y => {
            if matches!(a, Bound::Excluded(_)) {
                a
            } else {
                b
            }
        }
        (Some(x), Some(y)) => {
            if (x > y) == lower {
                a
            } else {
                b
            }
        }
    }
}

/// The texts a term may be.
#[derive(Clone, Debug)]
pub(super) enum Texts {
    /// One of these.
    In(BTreeSet<String>),
    /// Anything but these.
    NotIn(BTreeSet<String>),
}

/// The present values a term may have.
#[derive(Clone, Debug)]
pub(super) enum Values {
    /// Any value (of its type).
    All,
    /// No value at all.
    Nothing,
    /// Numbers, dates and durations.
    Numbers(Numbers),
    /// Text and symbols.
    Texts(Texts),
    /// `[false allowed, true allowed]`.
    Bools([bool; 2]),
    /// Stage ranks.
    Stages(Ranks),
}

impl Values {
    fn is_empty(&self) -> bool {
        match self {
            Values::All => false,
            Values::Nothing => true,
            Values::Numbers(numbers) => numbers.is_empty(),
            Values::Texts(Texts::In(set)) => set.is_empty(),
            Values::Texts(Texts::NotIn(_)) => false,
            Values::Bools(allowed) => allowed == &[false, false],
            Values::Stages(ranks) => ranks.is_empty(),
        }
    }

    fn intersect(self, other: Values) -> Values {
        match (self, other) {
            (Values::All, x) | (x, Values::All) => x,
            (Values::Nothing, _) | (_, Values::Nothing) => Values::Nothing,
            (Values::Numbers(a), Values::Numbers(b)) => Values::Numbers(a.intersect(b)),
            (Values::Texts(a), Values::Texts(b)) => Values::Texts(match (a, b) {
                (Texts::In(a), Texts::In(b)) => Texts::In(a.intersection(&b).cloned().collect()),
                (Texts::In(a), Texts::NotIn(b)) | (Texts::NotIn(b), Texts::In(a)) => {
                    Texts::In(a.difference(&b).cloned().collect())
                }
                (Texts::NotIn(a), Texts::NotIn(b)) => Texts::NotIn(a.union(&b).cloned().collect()),
            }),
            (Values::Bools(a), Values::Bools(b)) => Values::Bools([a[0] && b[0], a[1] && b[1]]),
            (Values::Stages(a), Values::Stages(b)) => Values::Stages(a.intersect(&b)),
            // Different kinds never meet on one term; keeping one side is
            // the safe over-approximation.
            (a, _) => a,
        }
    }

    /// The values for which `value OP scalar` holds.
    fn compared(op: Compare, scalar: &Scalar, stages: u32) -> Values {
        match scalar {
            Scalar::Number(value, whole) => Values::Numbers(Numbers::compared(op, *value, *whole)),
            Scalar::Text(text) => match op {
                Compare::Eq => Values::Texts(Texts::In(BTreeSet::from([text.clone()]))),
                Compare::Ne => Values::Texts(Texts::NotIn(BTreeSet::from([text.clone()]))),
                // The order of texts is not modelled.
                _ => Values::All,
            },
            Scalar::Bool(value) => match op {
                Compare::Eq => Values::Bools([!*value, *value]),
                Compare::Ne => Values::Bools([*value, !*value]),
                _ => Values::All,
            },
            Scalar::Stage(rank) => Values::Stages(Ranks::compared(op, *rank, stages)),
        }
    }

    /// The values equal to one of `scalars` (`inside`), or to none of them.
    fn one_of(scalars: &[Scalar], inside: bool, stages: u32) -> Values {
        let mut numbers = Vec::new();
        let mut texts = BTreeSet::new();
        let mut bools = [false, false];
        let mut ranks = Ranks::none();
        let mut whole = false;
        for scalar in scalars {
            match scalar {
                Scalar::Number(value, is_whole) => {
                    numbers.push(*value);
                    whole |= *is_whole;
                }
                Scalar::Text(text) => {
                    texts.insert(text.clone());
                }
                Scalar::Bool(value) => {
                    if let Some(seen) = bools.get_mut(usize::from(*value)) {
                        *seen = true;
                    }
                }
                Scalar::Stage(rank) => {
                    ranks = ranks.union(&Ranks::compared(Compare::Eq, *rank, stages));
                }
            }
        }
        let kinds = [
            !numbers.is_empty(),
            !texts.is_empty(),
            bools != [false, false],
            !ranks.is_empty(),
        ];
        match kinds {
            [false, false, false, false] if inside => Values::Nothing,
            [false, false, false, false] => Values::All,
            [true, false, false, false] if inside => Values::Numbers(Numbers {
                only: Some(numbers),
                ..Numbers::any(whole, false)
            }),
            [true, false, false, false] => Values::Numbers(Numbers {
                except: numbers,
                ..Numbers::any(whole, true)
            }),
            [false, true, false, false] if inside => Values::Texts(Texts::In(texts)),
            [false, true, false, false] => Values::Texts(Texts::NotIn(texts)),
            [false, false, true, false] if inside => Values::Bools(bools),
            [false, false, true, false] => Values::Bools([!bools[0], !bools[1]]),
            [false, false, false, true] if inside => Values::Stages(ranks),
            [false, false, false, true] => Values::Stages(ranks.complement(stages)),
            _ => Values::All,
        }
    }
}

/// What one term may be: some present values, or missing.
#[derive(Clone, Debug)]
pub(super) struct Constraint {
    /// The present values allowed.
    pub values: Values,
    /// Whether the term may be missing.
    pub missing: bool,
}

impl Constraint {
    /// What a literal allows its term to be: `positive` for the test
    /// itself, else for its negation. A comparison with a missing side is
    /// false, so a negated comparison allows a missing term.
    pub(crate) fn of(test: &Test, positive: bool, stages: u32) -> Constraint {
        match test {
            Test::Missing => Constraint {
                values: if positive {
                    Values::Nothing
                } else {
                    Values::All
                },
                missing: positive,
            },
            Test::Compare(op, scalar) => {
                let op = if positive { *op } else { op.negate() };
                let mut values = Values::compared(op, scalar, stages);
                if let (false, Values::Numbers(numbers)) = (positive, &mut values) {
                    // A value that is not a number fails every comparison.
                    numbers.nan = true;
                }
                Constraint {
                    values,
                    missing: !positive,
                }
            }
            Test::OneOf(scalars) => Constraint {
                values: Values::one_of(scalars, positive, stages),
                missing: !positive,
            },
        }
    }

    /// What both allow.
    pub(crate) fn intersect(self, other: Constraint) -> Constraint {
        Constraint {
            values: self.values.intersect(other.values),
            missing: self.missing && other.missing,
        }
    }

    /// Whether nothing is allowed: the conjunction can never hold.
    pub(crate) fn is_impossible(&self) -> bool {
        !self.missing && self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks(set: &Ranks) -> Vec<u32> {
        set.iter().collect()
    }

    #[test]
    fn stage_sets() {
        assert_eq!(ranks(&Ranks::compared(Compare::Lt, 2, 5)), [0, 1]);
        assert_eq!(ranks(&Ranks::compared(Compare::Ne, 2, 5)), [0, 1, 3, 4]);
        assert_eq!(
            ranks(&Ranks::compared(Compare::Gt, 4, 5)),
            Vec::<u32>::new()
        );
        let both = Ranks::compared(Compare::Le, 1, 5).union(&Ranks::compared(Compare::Eq, 2, 5));
        assert_eq!(both, Ranks::range(0, 3));
        assert_eq!(ranks(&both.complement(5)), [3, 4]);
        assert!(Ranks::compared(Compare::Lt, 1, 5)
            .intersect(&Ranks::compared(Compare::Gt, 3, 5))
            .is_empty());
        assert!(Ranks::none().complement(3).is_all(3));
    }

    fn numbers(tests: &[(Compare, f64)], start: Numbers) -> bool {
        tests
            .iter()
            .fold(start, |acc, (op, v)| {
                acc.intersect(Numbers::compared(*op, *v, false))
            })
            .is_empty()
    }

    #[test]
    fn number_sets() {
        assert!(numbers(&[(Compare::Lt, 0.0)], Numbers::counts()));
        assert!(numbers(&[(Compare::Le, -1.0)], Numbers::counts()));
        assert!(!numbers(&[(Compare::Lt, 0.5)], Numbers::counts()));
        assert!(numbers(
            &[(Compare::Lt, 1.0), (Compare::Gt, 0.0)],
            Numbers::counts()
        ));
        assert!(numbers(&[(Compare::Eq, 1.5)], Numbers::counts()));
        assert!(numbers(
            &[(Compare::Gt, 5.0), (Compare::Lt, 3.0)],
            Numbers::any(false, false)
        ));
        assert!(numbers(
            &[(Compare::Ge, 5.0), (Compare::Le, 5.0), (Compare::Ne, 5.0)],
            Numbers::any(false, false)
        ));
        assert!(!numbers(
            &[(Compare::Ge, 5.0), (Compare::Le, 5.0)],
            Numbers::any(false, false)
        ));
        assert!(!numbers(
            &[(Compare::Gt, 5.0), (Compare::Lt, 6.0)],
            Numbers::any(false, false)
        ));
        assert!(numbers(
            &[(Compare::Gt, 1.0), (Compare::Lt, 3.0), (Compare::Ne, 2.0)],
            Numbers::counts()
        ));
        // Past 2^53 floats are spaced more than 1 apart: still terminates.
        let huge = 1e28;
        assert!(!numbers(
            &[(Compare::Ge, huge), (Compare::Le, huge + 8.0)],
            Numbers::counts()
        ));
        assert!(numbers(
            &[
                (Compare::Ge, huge),
                (Compare::Le, huge),
                (Compare::Ne, huge)
            ],
            Numbers::counts()
        ));
    }

    #[test]
    fn negation_keeps_missing_and_not_a_number() {
        let above = Constraint::of(
            &Test::Compare(Compare::Gt, Scalar::Number(5.0, false)),
            true,
            0,
        );
        let not_above = Constraint::of(
            &Test::Compare(Compare::Gt, Scalar::Number(5.0, false)),
            false,
            0,
        );
        assert!(above.clone().intersect(not_above.clone()).is_impossible());
        let present = Constraint::of(&Test::Missing, false, 0);
        let not_below = Constraint::of(
            &Test::Compare(Compare::Le, Scalar::Number(5.0, false)),
            false,
            0,
        );
        // Present, not above 5 and not at most 5: only a value that is not a
        // number, which compares with nothing.
        assert!(!present
            .intersect(not_above)
            .intersect(not_below)
            .is_impossible());
    }

    #[test]
    fn text_and_bool_sets() {
        let text = |op, t: &str, positive| {
            Constraint::of(&Test::Compare(op, Scalar::Text(t.into())), positive, 0)
        };
        assert!(text(Compare::Eq, "a", true)
            .intersect(text(Compare::Eq, "b", true))
            .is_impossible());
        assert!(!text(Compare::Ne, "a", true)
            .intersect(text(Compare::Ne, "b", true))
            .is_impossible());
        let one_of = Constraint::of(
            &Test::OneOf(vec![Scalar::Text("a".into()), Scalar::Text("b".into())]),
            true,
            0,
        );
        assert!(one_of
            .clone()
            .intersect(text(Compare::Ne, "a", true))
            .intersect(text(Compare::Ne, "b", true))
            .is_impossible());
        assert!(!one_of
            .intersect(text(Compare::Eq, "a", false))
            .is_impossible());
        let truth =
            |positive| Constraint::of(&Test::Compare(Compare::Eq, Scalar::Bool(true)), positive, 0);
        assert!(truth(true).intersect(truth(false)).is_impossible());
    }
}
