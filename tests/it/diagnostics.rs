//! Snapshot tests of every playbook diagnostic: one fixture per error or
//! warning situation in `tests/fixtures/check/`, its rendered diagnostics in
//! `tests/it/snapshots/`. A fixture named `eNNN-...` has at least one error and
//! reports ENNN; one named `wNNN-...` has no error (warnings are only
//! reported for playbooks without errors) and reports WNNN. Fixtures whose
//! output is known to be wrong sit in `tests/fixtures/check/known-bad/`,
//! outside the glob, until fixed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use playbook::diagnostics_to_text as to_text;
use playbook::Code;

/// The fixture's path relative to the crate root, so file names in the
/// output do not depend on where the repository is checked out. Cargo runs
/// integration tests with the crate root as the current directory.
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

/// The first line of a fixture: a `# ` comment saying what it demonstrates.
fn description(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("# "),
        "{}: the first line must be a `# ` comment saying what the fixture shows",
        path.display()
    );
    first.trim_start_matches("# ").to_string()
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn fixtures() -> Vec<PathBuf> {
    fixtures_in("tests/fixtures/check")
}

fn fixtures_in(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "playbook"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn playbook_diagnostics() {
    insta::glob!("../fixtures/check", "*.playbook", |path| {
        let path = relative(path);
        let compiled = playbook::compile_path(&path);
        let warnings_only = file_name(&path).starts_with('w');
        let expected = if warnings_only {
            !compiled.has_errors() && !compiled.diagnostics.is_empty()
        } else {
            compiled.has_errors()
        };
        assert!(
            expected,
            "{}: expected {}, got:\n{}",
            path.display(),
            if warnings_only {
                "warnings and no error"
            } else {
                "at least one error"
            },
            to_text(&compiled.sources, &compiled.diagnostics)
        );
        insta::with_settings!({ description => description(&path), omit_expression => true }, {
            insta::assert_snapshot!(to_text(&compiled.sources, &compiled.diagnostics));
        });
    });
}

#[test]
fn every_playbook_code_has_a_fixture() {
    let mut seen = BTreeSet::new();
    for path in fixtures() {
        for diagnostic in playbook::compile_path(&path).diagnostics {
            seen.insert(diagnostic.code.as_str());
        }
    }
    // Warnings included; deal codes (E3xx, and W001 about snoozes) have
    // their fixtures in tests/it/deal_errors.rs.
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| {
            **code != Code::UnknownSnooze
                // About CRM exports: its fixture is in tests/it/crm.rs.
                && **code != Code::OrphanRow
                && !code.as_str().starts_with("E3")
                && !code.as_str().starts_with("E4")
        })
        .map(|code| code.as_str())
        .filter(|code| !seen.contains(code))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture in tests/fixtures/check/ produces {}",
        missing.join(", ")
    );
}

#[test]
fn fixture_names_start_with_their_code() {
    // `e203-....playbook` must report E203 (and `w005-...` W005), so the
    // table stays honest.
    for path in fixtures() {
        let name = file_name(&path);
        let Some(code) = name.get(..4).filter(|c| c.starts_with(['e', 'w'])) else {
            continue;
        };
        let code = code.to_ascii_uppercase();
        let compiled = playbook::compile_path(&path);
        assert!(
            compiled.diagnostics.iter().any(|d| d.code.as_str() == code),
            "{name} does not report {code}:\n{}",
            to_text(&compiled.sources, &compiled.diagnostics)
        );
    }
}

#[test]
fn known_bad_fixtures_still_fail() {
    // Their output is wrong today (see the first line of each), so they have
    // no snapshot; once fixed, they move up into tests/fixtures/check/.
    for path in fixtures_in("tests/fixtures/check/known-bad") {
        description(&path);
        let compiled = playbook::compile_path(&path);
        assert!(
            compiled.has_errors(),
            "{}: expected an error",
            path.display()
        );
    }
}
