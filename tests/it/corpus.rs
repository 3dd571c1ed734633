//! The bad-input corpus (tests/corpus/): playbooks, deals, tests files and
//! command lines that are malformed, odd or hostile. For each: the exact
//! messages (snapshotted in tests/it/snapshots/it__corpus__*.snap) and the exit
//! status (the table below). Every file of the corpus must be in the table.
//!
//! - `playbooks/X` runs `playbook validate tests/corpus/playbooks/X`;
//! - `deals/X` runs `playbook check --today 2026-11-28 tests/corpus/deals/X`;
//! - `command-lines/X.args` runs `playbook` with one argument per line (and
//!   `X.stdin` on standard input when present);
//! - `tests-files/X` reads and runs the tests file through the library (as
//!   `playbook test` will): the diagnostics, and the status the command
//!   gives (2 when the file or a deal cannot be read, 1 when a case fails).

use crate::common;

use std::path::Path;

use playbook::diagnostics_to_text as to_text;
use playbook::Sources;

/// (file under tests/corpus, exit status).
const CASES: &[(&str, i32)] = &[
    // Playbooks: `validate` exits 1 on any error.
    ("playbooks/bare-rule.playbook", 1),
    ("playbooks/byte-order-mark.playbook", 0),
    ("playbooks/crlf-line-ends.playbook", 1),
    ("playbooks/deep-interpolation.playbook", 1),
    ("playbooks/deep-parentheses.playbook", 1),
    ("playbooks/define-cycle-three.playbook", 1),
    ("playbooks/empty.playbook", 1),
    ("playbooks/huge-number.playbook", 1),
    ("playbooks/huge-regex.playbook", 1),
    ("playbooks/impossible-dates.playbook", 1),
    ("playbooks/import-folder.playbook", 1),
    ("playbooks/import-self.playbook", 1),
    ("playbooks/latin1.playbook", 1),
    ("playbooks/nested-braces.playbook", 1),
    ("playbooks/nul-byte.playbook", 1),
    ("playbooks/only-comments.playbook", 1),
    ("playbooks/smart-quotes.playbook", 1),
    ("playbooks/tabs-trailing-and.playbook", 1),
    ("playbooks/zero-width-space.playbook", 1),
    // Deals: `check` exits 2 when a deal cannot be read.
    ("deals/a-list-not-a-mapping.yaml", 2),
    ("deals/a-number.json", 2),
    ("deals/alias-bomb.yaml", 2),
    ("deals/binary-line.ndjson", 2),
    ("deals/byte-order-mark.json", 0),
    ("deals/contacts-not-a-list.json", 2),
    ("deals/deep-flow.yaml", 2),
    ("deals/directive-and-end-markers.yaml", 2),
    ("deals/duplicate-key.yaml", 2),
    ("deals/empty.yaml", 0),
    ("deals/february-30.yaml", 2),
    ("deals/fractional-id.yaml", 2),
    ("deals/latin1.yaml", 2),
    ("deals/merge-key.yaml", 2),
    ("deals/nested-array.json", 2),
    ("deals/not-finite.yaml", 2),
    ("deals/overflowing-number.json", 2),
    ("deals/stage-is-a-number.yaml", 2),
    ("deals/tab-indent.yaml", 2),
    ("deals/trailing-garbage.json", 2),
    ("deals/with-not-a-list.yaml", 2),
    ("deals/year-10000.yaml", 2),
    // Tests files.
    ("tests-files/alias-bomb-inline.yaml", 2),
    ("tests-files/case-without-date.yaml", 2),
    ("tests-files/deep-inline.yaml", 2),
    ("tests-files/failing-case.yaml", 1),
    ("tests-files/impossible-today.yaml", 2),
    ("tests-files/inline-deal-bad-stage.yaml", 2),
    ("tests-files/missing-deal-file.yaml", 2),
    ("tests-files/missing-playbook.yaml", 2),
    ("tests-files/no-cases.yaml", 2),
    ("tests-files/not-yaml.yaml", 2),
    ("tests-files/unknown-key.yaml", 2),
    // Command lines: usage errors exit 2.
    ("command-lines/check-impossible-today.args", 2),
    ("command-lines/check-jobs-zero.args", 2),
    ("command-lines/check-missing-file.args", 2),
    ("command-lines/check-missing-playbook.args", 2),
    ("command-lines/check-not-a-deal-file.args", 2),
    ("command-lines/check-playbook-is-a-folder.args", 2),
    ("command-lines/check-priority-typo.args", 2),
    ("command-lines/check-stdin-bad-ndjson.args", 2),
    ("command-lines/check-stdin-byte-order-mark.args", 0),
    ("command-lines/check-stdin-yaml-binary.args", 2),
    ("command-lines/check-today-year-10000.args", 2),
    ("command-lines/check-unknown-format.args", 2),
    ("command-lines/check-unknown-stage-filter.args", 2),
    ("command-lines/check-without-deals.args", 2),
    ("command-lines/color-sometimes.args", 2),
    ("command-lines/fmt-check-missing.args", 2),
    ("command-lines/no-arguments.args", 2),
    ("command-lines/unknown-subcommand.args", 2),
    ("command-lines/validate-unknown-format.args", 2),
];

/// Lines past 120 characters are cut (some inputs are one long line), and
/// control characters are written as escapes, so snapshots stay text.
fn shorten(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect();
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match body.char_indices().nth(120) {
            Some((i, _)) => out.push_str(&format!("{}…", &body[..i])),
            None => out.push_str(body),
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// What the tests-file case gives: its text and the status.
fn tests_file(path: &Path) -> (String, i32) {
    let mut sources = Sources::new();
    let file = match playbook::load_tests_file(path, &mut sources) {
        Ok(file) => file,
        Err(error) => return (format!("cannot read: {error}\n"), 2),
    };
    let tests = match playbook::read_tests_file(&sources, file) {
        Ok(tests) => tests,
        Err(diagnostics) => return (to_text(&sources, &diagnostics), 2),
    };
    let compiled = playbook::compile_path(&tests.playbook);
    let Some(playbook) = compiled.playbook else {
        return (to_text(&compiled.sources, &compiled.diagnostics), 2);
    };
    if tests.cases.is_empty() {
        return ("no cases\n".to_string(), 2);
    }
    let context = playbook.deal_context();
    let mut out = String::new();
    let mut status = 0;
    for case in &tests.cases {
        match playbook::run_test_case(case, &playbook, &context, &mut sources, file) {
            Ok(outcome) if outcome.passed() => out.push_str(&format!("ok: {}\n", outcome.name)),
            Ok(outcome) => {
                status = status.max(1);
                out.push_str(&format!(
                    "FAILED: {}: fired [{}]; {}\n",
                    outcome.name,
                    outcome.fired.join(", "),
                    common::unmet(&outcome)
                ));
            }
            Err(diagnostic) => {
                status = 2;
                out.push_str(&to_text(&sources, &[diagnostic]));
            }
        }
    }
    (out, status)
}

fn run_case(case: &str) -> (String, i32) {
    let path = Path::new("tests/corpus").join(case);
    let path_text = path.to_str().unwrap();
    let (kind, _) = case.split_once('/').unwrap();
    match kind {
        "playbooks" => {
            let run = common::playbook(&["validate", path_text]);
            (run.transcript(), run.status)
        }
        "deals" => {
            let run = common::playbook(&["check", "--today", "2026-11-28", path_text]);
            (run.transcript(), run.status)
        }
        "command-lines" => {
            let args = std::fs::read_to_string(&path).unwrap();
            let args: Vec<&str> = args.lines().collect();
            let stdin = std::fs::read(path.with_extension("stdin")).ok();
            let stdin = stdin.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            let run = common::playbook_with(&args, &[], stdin.as_deref());
            (
                format!("$ playbook {}\n{}", args.join(" "), run.transcript()),
                run.status,
            )
        }
        "tests-files" => {
            let (text, status) = tests_file(&path);
            (format!("status: {status}\n{text}"), status)
        }
        _ => panic!("unknown corpus folder `{kind}`"),
    }
}

#[test]
fn every_corpus_file_has_a_case() {
    let mut files = Vec::new();
    for kind in ["playbooks", "deals", "tests-files", "command-lines"] {
        for entry in std::fs::read_dir(Path::new("tests/corpus").join(kind)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if !name.ends_with(".stdin") {
                files.push(format!("{kind}/{name}"));
            }
        }
    }
    files.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(c, _)| c.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed);
    assert!(CASES.len() >= 40);
}

#[test]
fn corpus() {
    let mut wrong = Vec::new();
    for (case, expected) in CASES {
        let (text, status) = run_case(case);
        let name = case.replace(['/', '.'], "-");
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => true }, {
            insta::assert_snapshot!(shorten(&text));
        });
        if status != *expected {
            wrong.push(format!("{case}: exit {status}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
