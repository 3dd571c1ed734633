//! The shipped playbooks: they compile without a diagnostic, their tests
//! files pass, and every rule fires in some case and stays silent in another.

use std::collections::BTreeSet;
use std::path::Path;

use playbook::span::Sources;
use playbook::tests_file;

fn run_tests_file(path: &Path) {
    let mut sources = Sources::new();
    let file = tests_file::load(path, &mut sources).unwrap();
    let tests = tests_file::read(&sources, file).unwrap();
    let compiled = playbook::compile_path(&tests.playbook);
    assert!(
        compiled.diagnostics.is_empty(),
        "{}",
        playbook::diagnostic::render::to_text(&compiled.sources, &compiled.diagnostics)
    );
    let playbook = compiled.playbook.unwrap();
    let context = playbook.deal_context();
    let mut fired_somewhere = BTreeSet::new();
    let mut silent_somewhere = BTreeSet::new();
    let mut failures = Vec::new();
    for case in &tests.cases {
        let outcome = tests_file::run_case(case, &playbook, &context, &mut sources, file)
            .unwrap_or_else(|d| {
                panic!("{}", playbook::diagnostic::render::to_text(&sources, &[d]))
            });
        if !outcome.passed() {
            failures.push(format!(
                "{}: fired [{}]; {}",
                outcome.name,
                outcome.fired.join(", "),
                outcome.failures.join("; ")
            ));
        }
        for rule in &playbook.rules {
            if outcome.fired.contains(&rule.id) {
                fired_somewhere.insert(rule.id.clone());
            } else {
                silent_somewhere.insert(rule.id.clone());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        path.display(),
        failures.join("\n")
    );
    for rule in &playbook.rules {
        assert!(
            fired_somewhere.contains(&rule.id),
            "no case makes `{}` fire",
            rule.id
        );
        assert!(
            silent_somewhere.contains(&rule.id),
            "no case keeps `{}` silent",
            rule.id
        );
    }
}

#[test]
fn english_playbook_tests_pass_and_cover_every_rule() {
    run_tests_file(Path::new("playbooks/consultative-sales.tests.yaml"));
}

#[test]
fn chinese_playbook_tests_pass_and_cover_every_rule() {
    run_tests_file(Path::new("playbooks/consultative-sales.zh.tests.yaml"));
}

#[test]
fn chinese_and_english_playbooks_have_the_same_rules() {
    let en = playbook::builtin(playbook::Lang::En);
    let zh = playbook::builtin(playbook::Lang::Zh);
    let ids = |p: &playbook::ir::Playbook| {
        p.rules
            .iter()
            .map(|r| (r.id.clone(), r.priority, r.tags.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&en), ids(&zh));
    let stages =
        |p: &playbook::ir::Playbook| p.stages.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(stages(&en), stages(&zh));
    assert_eq!(en.rules.len(), 17);
    assert!(
        en.rules
            .iter()
            .chain(&zh.rules)
            .all(|r| r.because.is_some()),
        "every rule has a `because`"
    );
}
