//! Evaluation cases: each file in `tests/fixtures/eval/*.yaml` is one
//! playbook and the deals it is tried on, with the actions they must give.
//!
//! # The fixture format
//!
//! ```yaml
//! about: one line saying what the file pins down
//! today: 2026-11-28            # the date every case is evaluated as of
//! playbook: |                  # the playbook text, inline
//!   playbook "Example"
//!   stages
//!     prospecting
//!   rule r
//!     when amount > 0
//!     recommend "Amount {amount}"
//!     because "..."
//! cases:
//!   - name: what this case shows       # unique within the file
//!     today: 2026-12-06                # optional: overrides the file's date
//!     deal: {id: D-1, stage: prospecting, amount: 5}   # the deal, inline
//!     fires: [r]                       # rule IDs of the actions, in output
//!                                      # order, one entry per action
//!     messages: ["Amount 5"]           # optional: every interpolated message, in order
//!     reasons: ["..."]                 # optional: every interpolated `because` (null when absent)
//!     titles: ["..."]                  # optional: every title (null when absent)
//!     priorities: [medium]             # optional: every priority
//!     tags: [[]]                       # optional: every action's tags
//!     snoozed: []                      # optional: rule IDs reported as snoozed, in order
//!     known_bug: "..."                 # optional: the implementation disagrees with
//!                                      # the spec here; the case is run and reported
//!                                      # but does not fail the test
//! ```
//!
//! Each playbook must compile without a single diagnostic (no error and no
//! warning: every rule has a `because`, every define is used), except W006:
//! these playbooks pin down evaluation, not a sales path, so most of their
//! stages have no rule of their own. Each deal is
//! serialised back to YAML and read with [`playbook::load_deals`], as a
//! deal file would be. A failure names the file and the case.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use playbook::Code;
use playbook::Date;
use playbook::{load_deals as load_text, DealFormat};
use playbook::{FileId, Source};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    about: String,
    today: String,
    playbook: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    today: Option<String>,
    deal: serde_yaml::Mapping,
    fires: Vec<String>,
    #[serde(default)]
    messages: Option<Vec<String>>,
    #[serde(default)]
    reasons: Option<Vec<Option<String>>>,
    #[serde(default)]
    titles: Option<Vec<Option<String>>>,
    #[serde(default)]
    priorities: Option<Vec<String>>,
    #[serde(default)]
    tags: Option<Vec<Vec<String>>>,
    #[serde(default)]
    snoozed: Option<Vec<String>>,
    #[serde(default)]
    known_bug: Option<String>,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn fixture_files() -> Vec<PathBuf> {
    let dir = fixture_dir();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(error) => panic!("cannot read {}: {error}", dir.display()),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn parse_date(text: &str, what: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| format!("{what}: `{text}` is not a date: {e}"))
}

/// Runs one case; returns what went wrong, empty when it passed.
fn run_case(
    file: &str,
    playbook: &playbook::Playbook,
    default_today: Date,
    case: &Case,
) -> Result<Vec<String>, String> {
    let today = match &case.today {
        Some(text) => parse_date(text, "`today`")?,
        None => default_today,
    };
    let text = serde_yaml::to_string(&serde_yaml::Value::Mapping(case.deal.clone()))
        .map_err(|e| format!("the deal cannot be written as YAML: {e}"))?;
    let source = Source::new(format!("{file}: {}", case.name), None, text.as_str());
    let mut loaded = load_text(
        &source,
        FileId(0),
        DealFormat::Yaml,
        &playbook.deal_context(),
    );
    if loaded.len() != 1 {
        return Err(format!("expected one deal, read {}", loaded.len()));
    }
    let deal = match loaded.remove(0) {
        Ok(loaded) => loaded.deal,
        Err(diagnostic) => {
            return Err(format!(
                "the deal cannot be read: {}\n{text}",
                diagnostic.message
            ))
        }
    };
    let result = playbook::evaluate(playbook, &deal, today);
    if !result.errors.is_empty() {
        let messages: Vec<&str> = result.errors.iter().map(|d| d.message.as_str()).collect();
        return Err(format!("evaluation failed: {}", messages.join("; ")));
    }

    let mut problems = Vec::new();
    let fired: Vec<String> = result.actions.iter().map(|a| a.rule.clone()).collect();
    if fired != case.fires {
        problems.push(format!(
            "fires:\n      expected [{}]\n      got      [{}]",
            case.fires.join(", "),
            fired.join(", ")
        ));
    }
    let mut compare = |what: &str, expected: Option<Vec<String>>, got: Vec<String>| {
        if let Some(expected) = expected {
            if expected != got {
                problems.push(format!(
                    "{what}:\n      expected {expected:?}\n      got      {got:?}"
                ));
            }
        }
    };
    let shown = |value: &Option<String>| value.clone().unwrap_or_else(|| "<none>".to_string());
    compare(
        "messages",
        case.messages.clone(),
        result.actions.iter().map(|a| a.message.clone()).collect(),
    );
    compare(
        "reasons",
        case.reasons
            .as_ref()
            .map(|reasons| reasons.iter().map(shown).collect()),
        result.actions.iter().map(|a| shown(&a.because)).collect(),
    );
    compare(
        "titles",
        case.titles
            .as_ref()
            .map(|titles| titles.iter().map(shown).collect()),
        result.actions.iter().map(|a| shown(&a.title)).collect(),
    );
    compare(
        "priorities",
        case.priorities.clone(),
        result
            .actions
            .iter()
            .map(|a| a.priority.name().to_string())
            .collect(),
    );
    compare(
        "tags",
        case.tags
            .as_ref()
            .map(|tags| tags.iter().map(|t| format!("{t:?}")).collect()),
        result
            .actions
            .iter()
            .map(|a| format!("{:?}", a.tags))
            .collect(),
    );
    compare(
        "snoozed",
        case.snoozed.clone(),
        result.snoozed.iter().map(|s| s.rule.clone()).collect(),
    );
    Ok(problems)
}

/// Runs every case of one fixture file; returns the failures, each naming
/// the file and the case, and prints the known bugs.
fn run_file(path: &Path) -> Vec<String> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return vec![format!("{file}: cannot read: {error}")],
    };
    let fixture: Fixture = match serde_yaml::from_str(&text) {
        Ok(fixture) => fixture,
        Err(error) => return vec![format!("{file}: not a valid fixture: {error}")],
    };
    if fixture.about.trim().is_empty() || fixture.about.contains('\n') {
        return vec![format!("{file}: `about` must be one line")];
    }
    if fixture.cases.is_empty() {
        return vec![format!("{file}: no cases")];
    }
    let mut names = BTreeSet::new();
    for case in &fixture.cases {
        if !names.insert(case.name.as_str()) {
            return vec![format!("{file}: two cases are named `{}`", case.name)];
        }
    }
    let today = match parse_date(&fixture.today, "`today`") {
        Ok(today) => today,
        Err(message) => return vec![format!("{file}: {message}")],
    };
    let compiled = playbook::compile_text(&file, &fixture.playbook);
    let diagnostics: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::UnpinnedStage)
        .cloned()
        .collect();
    if !diagnostics.is_empty() {
        return vec![format!(
            "{file}: the playbook has diagnostics:\n{}",
            playbook::diagnostics_to_text(&compiled.sources, &diagnostics)
        )];
    }
    let Some(playbook) = compiled.playbook else {
        return vec![format!("{file}: the playbook did not compile")];
    };

    let mut failures = Vec::new();
    for case in &fixture.cases {
        let outcome = run_case(&file, &playbook, today, case);
        let problems = match outcome {
            Ok(problems) => problems,
            Err(message) => vec![message],
        };
        match &case.known_bug {
            Some(note) => {
                let status = if problems.is_empty() {
                    "now passes: remove the `known_bug` note"
                } else {
                    "still fails"
                };
                println!(
                    "known bug, skipped: {file}: case `{}`: {note} ({status})",
                    case.name
                );
                for problem in &problems {
                    println!("    {}", problem.replace('\n', "\n    "));
                }
            }
            None if problems.is_empty() => {}
            None => {
                let mut failure = format!("{file}: case `{}`:", case.name);
                for problem in problems {
                    let _ = write!(failure, "\n    {problem}");
                }
                failures.push(failure);
            }
        }
    }
    failures
}

#[test]
fn evaluation_fixtures() {
    let files = fixture_files();
    assert!(
        files.len() >= 10,
        "expected the evaluation fixtures in {}, found {}",
        fixture_dir().display(),
        files.len()
    );
    assert!(
        files.iter().any(|f| f.ends_with("missing-values.yaml")),
        "missing-values.yaml is missing"
    );
    let mut failures = Vec::new();
    for path in &files {
        failures.extend(run_file(path));
    }
    assert!(
        failures.is_empty(),
        "{} evaluation case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
