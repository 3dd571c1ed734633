//! Snapshot tests of the diagnostics for bad deal files: each file in
//! `tests/fixtures/deals/` is loaded against a playbook's deal context, and
//! the snapshot holds the deals that loaded and the rendered errors.

use std::path::Path;

use playbook::diagnostics_to_text as to_text;
use playbook::Sources;
use playbook::{load_deal_file as load_path, DealContext, DealFormat};

/// Which playbook the deal file is read against.
#[derive(Clone, Copy)]
enum Against {
    /// The built-in English playbook.
    Builtin,
    /// A small playbook that declares `custom.budget_confirmed bool`.
    Custom,
}

/// Every fixture, what it shows, and the playbook it is read against.
const CASES: &[(&str, &str, Against)] = &[
    (
        "snooze-without-reason.json",
        "a snooze without a reason (JSON)",
        Against::Builtin,
    ),
    (
        "snooze-without-reason.yaml",
        "a snooze without a reason (YAML)",
        Against::Builtin,
    ),
    (
        "wrong-type-amount.yaml",
        "text where a number belongs (YAML)",
        Against::Builtin,
    ),
    (
        "unknown-nested-field-rol.yaml",
        "a typo in a contact's field (YAML)",
        Against::Builtin,
    ),
    (
        "custom-field-near-miss.yaml",
        "a custom key one letter off a declared field (YAML)",
        Against::Custom,
    ),
    (
        "unknown-field-amout.json",
        "an unknown field `amout`, with did-you-mean `amount`",
        Against::Builtin,
    ),
    (
        "unknown-field-amout.yaml",
        "an unknown field `amout` in YAML, with did-you-mean `amount`",
        Against::Builtin,
    ),
    (
        "unknown-nested-field-rol.json",
        "an unknown field `contacts[0].rol`, with did-you-mean `role`",
        Against::Builtin,
    ),
    (
        "wrong-type-amount.json",
        "text in a number field: `amount: lots`",
        Against::Builtin,
    ),
    (
        "impossible-date.yaml",
        "a date that is not in the calendar: 2026-02-30",
        Against::Builtin,
    ),
    (
        "bad-date-shape.yaml",
        "a date not written YYYY-MM-DD: 12/20/2026",
        Against::Builtin,
    ),
    (
        "unknown-stage.yaml",
        "a stage the playbook does not declare (first key), with did-you-mean",
        Against::Builtin,
    ),
    (
        "unknown-stage-not-first-key.yaml",
        "a stage the playbook does not declare (after `id`), with did-you-mean",
        Against::Builtin,
    ),
    (
        "unknown-stage.json",
        "a stage the playbook does not declare, in JSON",
        Against::Builtin,
    ),
    ("missing-id.yaml", "a deal without `id`", Against::Builtin),
    (
        "missing-stage.yaml",
        "a deal without `stage`",
        Against::Builtin,
    ),
    (
        "yaml-syntax-error.yaml",
        "a YAML syntax error",
        Against::Builtin,
    ),
    (
        "json-syntax-error.json",
        "a JSON syntax error (a doubled comma)",
        Against::Builtin,
    ),
    (
        "ndjson-second-line-bad.ndjson",
        "NDJSON whose 2nd of 3 lines is bad: the other two load",
        Against::Builtin,
    ),
    (
        "json-array-one-bad.json",
        "a JSON array with one bad element: the other two load",
        Against::Builtin,
    ),
    (
        "yaml-stream-one-bad.yaml",
        "a YAML stream with one bad document: the other two load",
        Against::Builtin,
    ),
    (
        "custom-field-near-miss.json",
        "a custom field that is a near miss of one the playbook declares",
        Against::Custom,
    ),
];

/// Fixtures whose diagnostic is wrong today, and what is wrong. They have
/// no snapshot; they must still fail to load, and move up to `CASES` once
/// their output is right.
const KNOWN_BAD: &[(&str, Against, &str)] = &[];

const CUSTOM_PLAYBOOK: &str = r#"playbook "Budget"

stages
  prospecting
  contact
  closing

fields
  custom.budget_confirmed bool

rule confirm-budget "Confirm the budget"
  when stage is contact and not custom.budget_confirmed
  recommend "Confirm the budget"
  because "No budget, no deal"
"#;

fn context(against: Against) -> DealContext {
    match against {
        Against::Builtin => playbook::builtin(playbook::Lang::En).deal_context(),
        Against::Custom => {
            let compiled = playbook::compile_text("budget.playbook", CUSTOM_PLAYBOOK);
            let Some(playbook) = compiled.playbook else {
                panic!(
                    "the inline playbook does not compile:\n{}",
                    to_text(&compiled.sources, &compiled.diagnostics)
                );
            };
            playbook.deal_context()
        }
    }
}

/// The deals that loaded and the rendered errors, for one fixture.
fn load(file: &str, against: Against) -> (usize, String) {
    // Relative to the crate root (cargo's working directory for tests), so
    // file names in the output do not depend on the checkout.
    let path = Path::new("tests/fixtures/deals").join(file);
    let format = DealFormat::from_path(&path)
        .unwrap_or_else(|| panic!("{}: not a deal file extension", path.display()));
    let mut sources = Sources::new();
    let results = load_path(&path, format, &context(against), &mut sources);
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(loaded) => ids.push(loaded.deal.id),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    let text = format!(
        "loaded: {} deal(s){}{}\n\n{}",
        ids.len(),
        if ids.is_empty() { "" } else { ": " },
        ids.join(", "),
        to_text(&sources, &errors)
    );
    (errors.len(), text)
}

#[test]
fn deal_file_diagnostics() {
    for &(file, description, against) in CASES {
        let (errors, text) = load(file, against);
        assert!(
            errors > 0,
            "{file}: expected at least one error, got:\n{text}"
        );
        let name = file.replace('.', "-");
        insta::with_settings!({ description => description, omit_expression => true }, {
            insta::assert_snapshot!(name, text);
        });
    }
}

/// The files (not folders) directly in `dir`, sorted.
fn files_in(dir: &str) -> Vec<String> {
    // A folder with nothing known-bad left is not in the checkout at all.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    files.sort();
    files
}

#[test]
fn every_deal_fixture_is_in_the_table() {
    let mut listed: Vec<&str> = CASES.iter().map(|(f, _, _)| *f).collect();
    listed.sort_unstable();
    assert_eq!(
        files_in("tests/fixtures/deals"),
        listed,
        "tests/fixtures/deals and CASES differ"
    );
    let mut listed: Vec<&str> = KNOWN_BAD.iter().map(|(f, _, _)| *f).collect();
    listed.sort_unstable();
    assert_eq!(
        files_in("tests/fixtures/deals/known-bad"),
        listed,
        "tests/fixtures/deals/known-bad and KNOWN_BAD differ"
    );
}

#[test]
fn known_bad_deal_fixtures_still_fail() {
    for &(file, against, wrong) in KNOWN_BAD {
        let (errors, text) = load(&format!("known-bad/{file}"), against);
        assert!(
            errors > 0,
            "known-bad/{file} ({wrong}): expected an error, got:\n{text}"
        );
    }
}

#[test]
fn every_deal_code_read_from_a_file_has_a_fixture() {
    // E306 (two deals with one `id`) is a check across a run, E307 (an
    // unreadable file) has no fixture file, and E309 (the evaluation step
    // budget) is about evaluating, tested in tests/it/termination.rs.
    let mut seen = std::collections::BTreeSet::new();
    for &(file, _, against) in CASES {
        let path = Path::new("tests/fixtures/deals").join(file);
        let Some(format) = DealFormat::from_path(&path) else {
            continue;
        };
        let mut sources = Sources::new();
        for result in load_path(&path, format, &context(against), &mut sources) {
            if let Err(diagnostic) = result {
                seen.insert(diagnostic.code.as_str());
            }
        }
    }
    let missing: Vec<&str> = playbook::Code::ALL
        .iter()
        .map(|code| code.as_str())
        .filter(|code| code.starts_with("E3") && !matches!(*code, "E306" | "E307" | "E309"))
        .filter(|code| !seen.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "no deal fixture produces {}",
        missing.join(", ")
    );
}

#[test]
fn missing_deal_file() {
    // No snapshot: the text output shows an empty source line under the
    // message (the file has no text to show).
    let path = Path::new("tests/fixtures/deals/no-such-deal.yaml");
    let mut sources = Sources::new();
    let results = load_path(
        path,
        DealFormat::Yaml,
        &context(Against::Builtin),
        &mut sources,
    );
    let [Err(diagnostic)] = results.as_slice() else {
        panic!("expected one error, got {results:?}");
    };
    assert_eq!(diagnostic.code.as_str(), "E307");
    assert_eq!(
        diagnostic.message,
        "cannot read deal file `tests/fixtures/deals/no-such-deal.yaml`: no such file or folder"
    );
}
