//! `playbook init` and `playbook completions`: what init writes passes its
//! own tests (run through `playbook::tests_file`, as `playbook test` does),
//! validates without a diagnostic and is already formatted; nothing is ever
//! overwritten.

use crate::common;

use std::path::Path;
use std::process::Command;

use playbook::FileId;

fn playbook_in(dir: &Path, args: &[&str]) -> common::Run {
    common::playbook_in(dir, args, None)
}

#[test]
fn init_writes_a_project_whose_tests_pass() {
    let dir = tempfile::tempdir().unwrap();
    let run = playbook_in(dir.path(), &["init", "project"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("init_new_folder", run.transcript());
    let project = dir.path().join("project");
    let tests = common::run_tests_file(&project.join("sales.tests.yaml"));
    assert!(tests.failures.is_empty(), "{:#?}", tests.failures);
    assert_eq!(tests.rules, 4);
    assert!(tests.never_fired.is_empty(), "{:?}", tests.never_fired);
    assert!(tests.never_silent.is_empty(), "{:?}", tests.never_silent);
}

#[test]
fn the_starter_files_are_valid_and_formatted() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(playbook_in(dir.path(), &["init"]).status, 0);
    let run = playbook_in(dir.path(), &["validate", "sales.playbook"]);
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, "sales.playbook: ok, 4 rules, 0 warnings\n");
    let run = playbook_in(dir.path(), &["fmt", "--check", "sales.playbook"]);
    assert_eq!((run.status, run.stdout.as_str()), (0, ""));
    let text = std::fs::read_to_string(dir.path().join("sales.playbook")).unwrap();
    assert_eq!(playbook::format_text(&text, FileId(0)).unwrap(), text);
    let run = playbook_in(
        dir.path(),
        &[
            "check",
            "--playbook",
            "sales.playbook",
            "--today",
            "2026-11-28",
            "deals/",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("ask-open-questions"));
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sales.playbook"), "mine\n").unwrap();
    let run = playbook_in(dir.path(), &["init", "."]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("init_refuses_to_overwrite", run.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sales.playbook")).unwrap(),
        "mine\n"
    );
    assert!(
        !dir.path().join("sales.tests.yaml").exists() && !dir.path().join("deals").exists(),
        "nothing else was written"
    );
    let run = playbook_in(dir.path(), &["init", "sales.playbook"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
}

#[test]
fn completions_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let run = playbook_in(dir.path(), &["completions", shell]);
        assert_eq!(run.status, 0, "{shell}: {}", run.stderr);
        for word in [
            "check",
            "validate",
            "fmt",
            "show",
            "init",
            "completions",
            "today",
        ] {
            assert!(
                run.stdout.contains(word),
                "{shell} script completes `{word}`"
            );
        }
    }
    let bash = playbook_in(dir.path(), &["completions", "bash"]).stdout;
    let script = dir.path().join("playbook.bash");
    std::fs::write(&script, bash).unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(syntax.success(), "the bash script parses");
    let run = playbook_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("completions_unknown_shell", run.transcript());
}
