//! `playbook test` as users run it: every format, exit statuses, a failing
//! case, invalid tests files, and the rule coverage lines. Hermetic: no
//! colour, no `PLAYBOOK` from the environment, paths relative to the crate
//! root. Fixtures are in `tests/fixtures/test-command/`: `passing/` is
//! found by folder search; the failing and invalid files are not named
//! `*.tests.yaml`, so `playbook test` at the root of the repository does
//! not pick them up.

use crate::common;

use std::path::Path;

use common::{playbook, playbook_in};

const FIXTURES: &str = "tests/fixtures/test-command";
const PASSING: &str = "tests/fixtures/test-command/passing";
const FAILING: &str = "tests/fixtures/test-command/failing/mini.failing.yaml";

/// The summary line: `N passed, N failed`, alone on its line.
fn counts(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find(|l| {
            let words: Vec<&str> = l.split(' ').collect();
            matches!(words.as_slice(), [p, "passed,", f, "failed"]
                if p.parse::<usize>().is_ok() && f.parse::<usize>().is_ok())
        })
        .unwrap_or_else(|| panic!("no `N passed, N failed` line in:\n{stdout}"));
    let words: Vec<&str> = line.split(' ').collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

#[test]
fn passing_folder_as_text() {
    let run = playbook(&["test", PASSING]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(counts(&run.stdout), (3, 0));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn no_argument_runs_the_current_folder() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(PASSING);
    let run = playbook_in(&dir, &["test"], None);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn the_shipped_playbooks_pass_with_full_coverage() {
    let run = playbook(&["test", "playbooks"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let (passed, failed) = counts(&run.stdout);
    assert!(passed > 100, "{passed} cases");
    assert_eq!(failed, 0);
    for name in [
        "consultative-sales.playbook",
        "consultative-sales.zh.playbook",
    ] {
        assert!(
            run.stdout.contains(&format!(
                "rule coverage of playbooks/{name}: each of its 17 rules fired in some case and stayed silent in another"
            )),
            "{}",
            run.stdout
        );
    }
    // At the root of the repository every tests file found passes: the
    // failing and invalid fixtures are not named `*.tests.yaml`.
    let run = playbook(&["test"]);
    assert_eq!(run.status, 0, "{}", run.transcript());
    let (all, failed) = counts(&run.stdout);
    assert!(
        all >= passed + 3,
        "the shipped tests and the passing fixture"
    );
    assert_eq!(failed, 0);
}

#[test]
fn a_failing_case_in_every_format() {
    let run = playbook(&["test", FAILING]);
    assert_eq!(run.status, 1, "a failing case exits 1");
    assert_eq!(counts(&run.stdout), (1, 1));
    insta::assert_snapshot!("failing_text", run.transcript());

    let run = playbook(&["test", "--format", "json", FAILING]);
    assert_eq!(run.status, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["passed"], 1);
    assert_eq!(value["failed"], 1);
    assert_eq!(value["files"][0]["cases"][1]["status"], "failed");
    insta::assert_snapshot!("failing_json", run.transcript());

    let run = playbook(&["test", "--format", "junit", FAILING]);
    assert_eq!(run.status, 1);
    well_formed(&run.stdout);
    insta::assert_snapshot!("failing_junit", run.transcript());
}

#[test]
fn passing_in_json_and_junit() {
    let run = playbook(&["test", "--format", "json", PASSING]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("passing_json", run.transcript());
    let run = playbook(&["test", "--format", "junit", PASSING]);
    assert_eq!(run.status, 0);
    well_formed(&run.stdout);
    insta::assert_snapshot!("passing_junit", run.transcript());
}

#[test]
fn quiet_prints_failures_and_the_count_only() {
    let run = playbook(&["test", "-q", FAILING, PASSING]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn invalid_tests_files_exit_2_with_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in names {
        let path = format!("{FIXTURES}/invalid/{name}");
        let run = playbook(&["test", &path]);
        assert_eq!(run.status, 2, "{name}: {}", run.transcript());
        assert!(run.stderr.contains("error["), "{name}: a diagnostic");
        assert!(
            run.stderr.contains(&format!("┌─ {path}:")) || name.contains("playbook"),
            "{name}: the error points into the tests file:\n{}",
            run.stderr
        );
        insta::assert_snapshot!(
            format!("invalid_{}", name.trim_end_matches(".yaml")),
            run.transcript()
        );
    }
}

#[test]
fn an_invalid_file_in_json_and_junit() {
    let path = format!("{FIXTURES}/invalid/bad-inline-deal.yaml");
    let run = playbook(&["test", "--format", "json", &path]);
    assert_eq!(run.status, 2);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let error = &value["files"][0]["cases"][1]["errors"][0];
    assert_eq!(error["code"], "E301");
    assert_eq!(error["line"], 12, "the line of `amout:` in the tests file");
    insta::assert_snapshot!("invalid_json", run.transcript());
    let run = playbook(&[
        "test",
        "--format",
        "junit",
        &path,
        &format!("{FIXTURES}/invalid/yaml-syntax.yaml"),
    ]);
    assert_eq!(run.status, 2);
    well_formed(&run.stdout);
    insta::assert_snapshot!("invalid_junit", run.transcript());
}

#[test]
fn every_tests_file_code_has_a_fixture() {
    let run = playbook(&["test", "--format", "json", &format!("{FIXTURES}/invalid")]);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("invalid");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let path = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let run = playbook(&["test", "--format", "json", path.to_str().unwrap()]);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for file in value["files"].as_array().unwrap() {
            let errors = file["errors"].as_array().into_iter().flatten();
            let case_errors = file["cases"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["errors"].as_array().into_iter().flatten());
            for error in errors.chain(case_errors) {
                seen.insert(error["code"].as_str().unwrap().to_string());
            }
        }
    }
    let missing: Vec<&str> = playbook::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| c.starts_with("E4") && !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
    assert_eq!(run.status, 2, "a folder of invalid files exits 2");
}

#[test]
fn nothing_to_run_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    let run = playbook_in(empty.path(), &["test"], None);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr,
        "error: no tests files (`*.tests.yaml`) in `.`\n"
    );
    let run = playbook(&["test", "no/such/folder"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("missing_path", run.transcript());
    let run = playbook(&["test", "--format", "tap", PASSING]);
    assert_eq!(run.status, 2, "an unknown format is bad usage");
}

/// A tests file in a temporary folder: a failing expectation is reported
/// with the file's own name and line, and `exact` counts `for each`
/// repeats.
#[test]
fn exact_counts_for_each_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join(FIXTURES).join("mini.playbook"),
        dir.path().join("mini.playbook"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("repeats.tests.yaml"),
        "playbook: mini.playbook\ntoday: 2026-11-28\ncases:\n  - name: two open objections, one listed\n    deal:\n      id: R-1\n      stage: won\n      objections: [{text: a, resolved: false}, {text: b, resolved: false}]\n    exact: [resolve-objection]\n",
    )
    .unwrap();
    let run = playbook_in(dir.path(), &["test"], None);
    assert_eq!(run.status, 1, "{}", run.transcript());
    assert!(run.stdout.contains(
        "FAIL repeats.tests.yaml:4: two open objections, one listed\n  fired, in order: resolve-objection, resolve-objection\n  expected exactly [resolve-objection]\n"
    ), "{}", run.stdout);
}

/// A minimal XML check: one root, every tag closed in order, attribute
/// values quoted, no raw `<` or `&` in text.
fn well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "raw `>` in text: {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw `&` in text"
            );
        }
        let close = rest[open..].find('>').expect("a tag is closed") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(tag.matches('"').count() % 2, 0, "quoted attributes: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing tag order");
        } else if !tag.ends_with('/') {
            if stack.is_empty() {
                roots += 1;
            }
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        } else if stack.is_empty() {
            roots += 1;
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// docs/testing.md shows real output.
#[test]
fn the_testing_page_shows_real_output() {
    assert!(common::check_console_blocks("docs/testing.md") >= 4);
}

#[test]
fn today_does_not_apply_and_says_so() {
    let run = playbook(&["test", "--today", "2026-01-01", PASSING]);
    assert_eq!(run.status, 0);
    assert_eq!(
        run.stderr,
        "warning: `--today` does not apply to `playbook test`: each tests file sets its own `today:`\n"
    );
}
