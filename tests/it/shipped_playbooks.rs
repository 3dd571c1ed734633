//! The shipped playbooks: they compile without a diagnostic, their tests
//! files pass, and every rule fires in some case and stays silent in another.

use crate::common;

use std::path::Path;

fn run_tests_file(path: &Path) {
    let run = common::run_tests_file(path);
    assert!(
        run.failures.is_empty(),
        "{}:\n{}",
        path.display(),
        run.failures.join("\n")
    );
    assert!(
        run.never_fired.is_empty(),
        "no case makes these fire: {:?}",
        run.never_fired
    );
    assert!(
        run.never_silent.is_empty(),
        "no case keeps these silent: {:?}",
        run.never_silent
    );
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
    let ids = |p: &playbook::Playbook| {
        p.rules()
            .iter()
            .map(|r| (r.id.clone(), r.priority, r.tags.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&en), ids(&zh));
    let stages = |p: &playbook::Playbook| {
        p.stages()
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(stages(&en), stages(&zh));
    assert_eq!(en.rules().len(), 17);
    assert!(
        en.rules().iter().chain(zh.rules()).all(|r| r.has_reason()),
        "every rule has a `because`"
    );
}
