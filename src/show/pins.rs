//! At which stages a rule can fire, as far as its stage tests decide.
//!
//! Each condition is read for two sets of stages: where it can be true and
//! where it can be false. A stage test (`stage is S`, `is one of`, `is
//! before`/`after`/`at least`/`at most`, `is not ...`) gives exact sets;
//! `not`, `and` and `or` combine them; defines are followed; anything else
//! (a count, a date, a test inside `where`) can be either at any stage. The
//! result is never too small: a rule can only fire at a stage in its set.

use crate::ir::{Compare, Constant, Node, NodeKind, Playbook};

/// Where a condition can be true, and where false: one flag per stage.
#[derive(Clone, Debug)]
struct Sets {
    can_true: Vec<bool>,
    can_false: Vec<bool>,
}

struct Analysis<'p> {
    playbook: &'p Playbook,
    stages: usize,
    defines: Vec<Option<Sets>>,
}

/// The stages (one flag per stage of the path, in order) at which `when`
/// can be true.
pub fn stages_where_true(playbook: &Playbook, when: &Node) -> Vec<bool> {
    let mut analysis = Analysis {
        playbook,
        stages: playbook.stages.len(),
        defines: vec![None; playbook.defines.len()],
    };
    analysis.node(when).can_true
}

fn holds(op: Compare, left: u32, right: u32) -> bool {
    match op {
        Compare::Eq => left == right,
        Compare::Ne => left != right,
        Compare::Lt => left < right,
        Compare::Le => left <= right,
        Compare::Gt => left > right,
        Compare::Ge => left >= right,
    }
}

fn stage_constant(node: &Node) -> Option<u32> {
    match node.kind {
        NodeKind::Constant(Constant::Stage(rank)) => Some(rank),
        _ => None,
    }
}

fn zip(a: &[bool], b: &[bool], f: impl Fn(bool, bool) -> bool) -> Vec<bool> {
    a.iter().zip(b).map(|(x, y)| f(*x, *y)).collect()
}

impl Analysis<'_> {
    fn unknown(&self) -> Sets {
        Sets {
            can_true: vec![true; self.stages],
            can_false: vec![true; self.stages],
        }
    }

    /// A test decided by the stage alone: true exactly where `test` holds.
    fn exact(&self, test: impl Fn(u32) -> bool) -> Sets {
        let can_true: Vec<bool> = (0..self.stages)
            .map(|s| u32::try_from(s).is_ok_and(&test))
            .collect();
        let can_false = can_true.iter().map(|t| !t).collect();
        Sets {
            can_true,
            can_false,
        }
    }

    fn node(&mut self, node: &Node) -> Sets {
        match &node.kind {
            NodeKind::Not(inner) => {
                let inner = self.node(inner);
                Sets {
                    can_true: inner.can_false,
                    can_false: inner.can_true,
                }
            }
            NodeKind::And(a, b) => {
                let (a, b) = (self.node(a), self.node(b));
                Sets {
                    can_true: zip(&a.can_true, &b.can_true, |x, y| x && y),
                    can_false: zip(&a.can_false, &b.can_false, |x, y| x || y),
                }
            }
            NodeKind::Or(a, b) => {
                let (a, b) = (self.node(a), self.node(b));
                Sets {
                    can_true: zip(&a.can_true, &b.can_true, |x, y| x || y),
                    can_false: zip(&a.can_false, &b.can_false, |x, y| x && y),
                }
            }
            NodeKind::Compare(op, a, b) => match (stage_constant(a), stage_constant(b)) {
                (None, Some(rank)) => self.exact(|s| holds(*op, s, rank)),
                (Some(rank), None) => self.exact(|s| holds(*op, rank, s)),
                _ => self.unknown(),
            },
            NodeKind::OneOf(_, constants) => {
                let ranks: Option<Vec<u32>> = constants
                    .iter()
                    .map(|c| match c {
                        Constant::Stage(rank) => Some(*rank),
                        _ => None,
                    })
                    .collect();
                match ranks {
                    Some(ranks) => self.exact(|s| ranks.contains(&s)),
                    None => self.unknown(),
                }
            }
            NodeKind::Define(slot) => {
                if let Some(Some(known)) = self.defines.get(*slot) {
                    return known.clone();
                }
                let playbook = self.playbook;
                let sets = match playbook.defines.get(*slot) {
                    Some(define) => self.node(&define.value),
                    None => self.unknown(),
                };
                if let Some(memo) = self.defines.get_mut(*slot) {
                    *memo = Some(sets.clone());
                }
                sets
            }
            _ => self.unknown(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pins(when: &str) -> Vec<bool> {
        let text = format!(
            "playbook \"p\"\nstages\n  a\n  b\n  c\n  d\ndefine early = stage is before c\n\
             rule r\n  when {when}\n  recommend \"x\"\n"
        );
        let compiled = crate::compile_text("p.playbook", &text);
        let playbook = compiled.playbook.expect("compiles");
        stages_where_true(&playbook, &playbook.rules[0].when)
    }

    #[test]
    fn stage_tests_pin_stages() {
        let (t, f) = (true, false);
        let cases = [
            ("stage is b", [f, t, f, f]),
            ("stage is not b", [t, f, t, t]),
            ("stage is one of [a, d]", [t, f, f, t]),
            ("stage is not one of [a, d]", [f, t, t, f]),
            ("stage is before c", [t, t, f, f]),
            ("stage is after b", [f, f, t, t]),
            ("stage is at least b", [f, t, t, t]),
            ("stage is at most b", [t, t, f, f]),
            ("stage is at least b and stage is at most c", [f, t, t, f]),
            ("stage is a or stage is d", [t, f, f, t]),
            ("not (stage is a)", [f, t, t, t]),
            ("stage is a and stage is d", [f, f, f, f]),
            ("amount > 3", [t, t, t, t]),
            ("amount > 3 or stage is a", [t, t, t, t]),
            ("amount > 3 and stage is a", [t, f, f, f]),
            ("not (amount > 3 and stage is a)", [t, t, t, t]),
            ("early and amount > 3", [t, t, f, f]),
            ("not early", [f, f, t, t]),
            ("any contacts where stage is a", [t, t, t, t]),
        ];
        for (when, expected) in cases {
            assert_eq!(pins(when), expected, "{when}");
        }
    }
}
