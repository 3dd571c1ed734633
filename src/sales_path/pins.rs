//! At which stages a rule can fire, as far as its stage tests decide.
//!
//! This is the analysis behind W006 (`check::lint`), read here so that
//! `show` lists a rule under exactly the stages W006 counts it for. A stage
//! test inside `where` is about the deal's stage (inside a `where`, item
//! fields come first, then deal fields, and no item has a `stage`): `any
//! contacts where stage is closing` can only be true at `closing`. The
//! result is never too small: a rule can only fire at a stage in its set.

use crate::ir::Playbook;

/// For each rule of the playbook, in file order, the stages (one flag per
/// stage of the path, in order) at which it can fire.
pub(crate) fn rule_stages(playbook: &Playbook) -> Vec<Vec<bool>> {
    crate::check::rule_stages(playbook)
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
        rule_stages(&playbook).remove(0)
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
            // The deal's stage, even inside `where`.
            ("any contacts where stage is a", [t, f, f, f]),
            (
                "any contacts where (engaged and stage is at least c)",
                [f, f, t, t],
            ),
            ("no contacts where stage is a", [t, t, t, t]),
            ("count (contacts where stage is a) > 1", [t, t, t, t]),
            // Never true: listed under no stage.
            ("stage is a and amount > 5 and amount < 3", [f, f, f, f]),
        ];
        for (when, expected) in cases {
            assert_eq!(pins(when), expected, "{when}");
        }
    }
}
