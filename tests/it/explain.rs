//! `playbook explain` and evidence: CLI snapshots of every format, exit
//! statuses, and checks that explanations agree with evaluation.
//!
//! Fixtures: `tests/fixtures/explain/kinds.playbook` has a rule for each
//! kind of condition part (defines that are conditions, `matches`,
//! `contains`, `is not one of`, `is not empty`, `all`, custom fields,
//! arithmetic, `days until`, `for each`); `deal.yaml` fires most of them,
//! `bare.yaml` has almost nothing, so missing values decide.

use crate::common;

use std::path::Path;

use common::playbook;
use playbook::Date;
use playbook::Sources;
use playbook::{explain, Explanation, Hint, Lang, Part};
use playbook::{load_deal_file as load_path, DealFormat};

const TODAY: &str = "--today=2026-11-28";
const ACME: &str = "examples/deals/needs-analysis-acme.yaml";
const KINDS: &str = "--playbook=tests/fixtures/explain/kinds.playbook";
const DEAL: &str = "tests/fixtures/explain/deal.yaml";
const BARE: &str = "tests/fixtures/explain/bare.yaml";

#[test]
fn every_rule_of_the_builtin_playbook_as_text() {
    let run = playbook(&["explain", TODAY, ACME]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains(
        "✗ days since last_touch = 8 (latest activities.date = 2026-11-20) > 14 → false"
    ));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn every_kind_of_part_as_text() {
    let run = playbook(&["explain", TODAY, KINDS, DEAL]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("kinds_text", run.transcript());
}

#[test]
fn missing_values_say_so() {
    let run = playbook(&["explain", TODAY, KINDS, BARE]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run
        .stdout
        .contains("✗ amount is missing, so amount >= 100000 → false"));
    insta::assert_snapshot!("kinds_missing_text", run.transcript());
}

#[test]
fn as_json() {
    let run = playbook(&["explain", TODAY, KINDS, "--format", "json", DEAL]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let rules = value["deals"][0]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["rule", "title", "fired", "when", "hint"] {
            assert!(
                rule.get(key).is_some() || rule.get("for_each").is_some(),
                "{key} in {rule}"
            );
        }
    }
    insta::assert_snapshot!("kinds_json", run.transcript());
}

#[test]
fn one_rule_snoozed_and_in_json() {
    let run = playbook(&[
        "explain",
        TODAY,
        "--rule",
        "follow-up",
        "examples/deals/closing-hooli.yaml",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("one_rule_snoozed", run.transcript());
    let run = playbook(&[
        "explain",
        TODAY,
        "--rule",
        "resolve-objection",
        "--format",
        "json",
        ACME,
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("for_each_json", run.transcript());
}

#[test]
fn in_chinese() {
    let run = playbook(&[
        "explain",
        TODAY,
        "--lang",
        "zh",
        "--rule",
        "ask-open-questions",
        "examples/deals/needs-analysis-huadong.yaml",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn errors_exit_2() {
    let run = playbook(&["explain", TODAY, "--rule", "folow-up", ACME]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("unknown_rule", run.transcript());
    let run = playbook(&[
        "explain",
        TODAY,
        "tests/fixtures/deals/unknown-field-amout.yaml",
    ]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("bad_deal", run.transcript());
    let run = playbook(&[
        "explain",
        TODAY,
        "--playbook",
        "tests/fixtures/cli/broken.playbook",
        ACME,
    ]);
    assert_eq!(run.status, 2);
    let run = playbook(&["explain", TODAY, "--format", "xml", ACME]);
    assert_eq!(run.status, 2);
}

// ---------------------------------------------------------------------------
// Explanations agree with evaluation
// ---------------------------------------------------------------------------

fn today() -> Date {
    Date::parse("2026-11-28").unwrap()
}

/// Every deal of the example files and fixtures, with the playbook it is for.
fn deals() -> Vec<(playbook::Compiled, Vec<playbook::Deal>)> {
    let mut out = Vec::new();
    let builtin = playbook::compile_builtin(playbook::Lang::En);
    let kinds = playbook::compile_path(Path::new("tests/fixtures/explain/kinds.playbook"));
    for (compiled, dir) in [
        (builtin, "examples/deals"),
        (kinds, "tests/fixtures/explain"),
    ] {
        let context = compiled.playbook.as_ref().unwrap().deal_context();
        let mut deals = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| DealFormat::from_path(p).is_some())
            .collect();
        paths.sort();
        for path in paths {
            let format = DealFormat::from_path(&path).unwrap();
            let mut sources = Sources::new();
            for loaded in load_path(&path, format, &context, &mut sources) {
                deals.push(loaded.unwrap().deal);
            }
        }
        out.push((compiled, deals));
    }
    out
}

fn leaves_agree(part: &Part) {
    let combined = match part.combine {
        Some(playbook::Combine::All) => Some(part.parts.iter().all(|p| p.result)),
        Some(playbook::Combine::Any) => Some(part.parts.iter().any(|p| p.result)),
        Some(playbook::Combine::Not) => Some(!part.parts.iter().all(|p| p.result)),
        Some(playbook::Combine::Define) => Some(part.parts.iter().all(|p| p.result)),
        None => None,
    };
    if let Some(combined) = combined {
        assert_eq!(combined, part.result, "{}", part.text);
    }
    let line = part.sentence(Lang::En);
    assert!(
        line.ends_with(&format!("→ {}", part.result))
            || line.contains(&format!("→ {} (", part.result)),
        "{line}"
    );
    for child in &part.parts {
        leaves_agree(child);
    }
}

#[test]
fn what_fired_is_what_evaluation_gives() {
    let mut checked = 0;
    for (compiled, deals) in deals() {
        let playbook = compiled.playbook.as_ref().unwrap();
        for deal in &deals {
            let result = playbook::evaluate(playbook, deal, today());
            let explanation: Explanation =
                explain(playbook, &compiled.sources, deal, today(), None);
            assert_eq!(explanation.rules.len(), playbook.rules().len());
            let mut actions = 0;
            for rule in &explanation.rules {
                let fired_actions = result
                    .actions
                    .iter()
                    .filter(|a| a.rule == rule.rule)
                    .count();
                let snoozed = result.snoozed.iter().any(|s| s.rule == rule.rule);
                assert_eq!(
                    rule.fired,
                    fired_actions > 0 || snoozed,
                    "{} on {}",
                    rule.rule,
                    deal.id
                );
                assert_eq!(rule.snoozed.is_some(), snoozed);
                match (&rule.condition, &rule.for_each) {
                    (Some(part), None) => leaves_agree(part),
                    (None, Some(each)) => {
                        let firing = each.items.iter().filter(|i| i.fired).count();
                        if !snoozed {
                            assert_eq!(firing, fired_actions, "{} on {}", rule.rule, deal.id);
                        }
                        each.items.iter().for_each(|i| leaves_agree(&i.condition));
                    }
                    _ => panic!("a rule has a condition or items"),
                }
                if !snoozed {
                    actions += fired_actions;
                }
                checked += 1;
            }
            assert_eq!(explanation.actions, actions);
        }
    }
    assert!(checked > 100, "{checked} rules checked");
}

/// `if nothing else changes, it fires on DATE`: evaluating on that day
/// turns the rule around, and on the day before it does not.
#[test]
fn time_hints_name_the_right_day() {
    let mut checked = 0;
    for (compiled, deals) in deals() {
        let playbook = compiled.playbook.as_ref().unwrap();
        for deal in &deals {
            let explanation = explain(playbook, &compiled.sources, deal, today(), None);
            for rule in &explanation.rules {
                let Some(hint) = &rule.near_miss else {
                    continue;
                };
                let Hint::Turn {
                    time: Some(time), ..
                } = hint
                else {
                    continue;
                };
                let date = Date::parse(&time.date).unwrap();
                let hint = hint.sentence(Lang::En);
                let fires = |day: Date| {
                    let result = playbook::evaluate(playbook, deal, day);
                    result.actions.iter().any(|a| a.rule == rule.rule)
                        || result.snoozed.iter().any(|s| s.rule == rule.rule)
                };
                assert_eq!(
                    fires(date),
                    !rule.fired,
                    "{} on {}: {hint}",
                    rule.rule,
                    deal.id
                );
                let before = date.add_days(-1).unwrap();
                assert_eq!(
                    fires(before),
                    rule.fired,
                    "{} on {}: {hint}",
                    rule.rule,
                    deal.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "{checked} time hints checked");
}

// ---------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------

#[test]
fn evidence_names_the_deciding_values() {
    let compiled = playbook::compile_builtin(playbook::Lang::En);
    let playbook = compiled.playbook.as_ref().unwrap();
    let context = playbook.deal_context();
    let mut sources = Sources::new();
    let deal = load_path(
        Path::new("examples/deals/needs-analysis-huadong.yaml"),
        DealFormat::Yaml,
        &context,
        &mut sources,
    )
    .remove(0)
    .unwrap()
    .deal;
    let mut result = playbook::evaluate(playbook, &deal, today());
    assert!(
        result.actions.iter().all(|a| a.evidence.is_none()),
        "evaluation alone computes no evidence"
    );
    playbook::add_evidence(playbook, &deal, today(), &mut result);
    let evidence: Vec<(String, String, String)> = result
        .actions
        .iter()
        .flat_map(|a| {
            a.evidence
                .iter()
                .flatten()
                .map(move |e| (a.rule.clone(), e.path.clone(), e.value.to_string()))
        })
        .collect();
    insta::assert_debug_snapshot!(evidence);
    let follow_up = result
        .actions
        .iter()
        .find(|a| a.rule == "follow-up")
        .unwrap();
    let found = follow_up.evidence.as_ref().unwrap();
    assert_eq!(found[0].path, "activities.date (latest)");
    // Evidence without a JSON format asked for: not serialised.
    let plain = playbook::evaluate(playbook, &deal, today());
    let json = serde_json::to_value(&plain.actions[0]).unwrap();
    assert!(json.get("evidence").is_none());
}

#[test]
fn evidence_of_each_for_each_item() {
    let compiled = playbook::compile_path(Path::new("tests/fixtures/explain/kinds.playbook"));
    let playbook = compiled.playbook.as_ref().unwrap();
    let context = playbook.deal_context();
    let deal = playbook::load_deals(
        &playbook::Source::new(
            "d.yaml",
            None,
            "id: E-1\nstage: lead\ncontacts:\n  - {name: A, role: user, engaged: false}\n  - {name: B, role: decision-maker, engaged: false}\n  - {name: C, role: economic-buyer}\n",
        ),
        playbook::FileId(0),
        DealFormat::Yaml,
        &context,
    )
    .remove(0)
    .unwrap()
    .deal;
    let mut result = playbook::evaluate(playbook, &deal, today());
    playbook::add_evidence(playbook, &deal, today(), &mut result);
    let engage: Vec<_> = result
        .actions
        .iter()
        .filter(|a| a.rule == "engage-buyer")
        .map(|a| serde_json::to_string(a.evidence.as_ref().unwrap()).unwrap())
        .collect();
    assert_eq!(
        engage,
        [
            r#"[{"path":"contacts[1].engaged","value":false},{"path":"contacts[1].role","value":"decision-maker"}]"#,
            r#"[{"path":"contacts[2].engaged","value":null},{"path":"contacts[2].role","value":"economic-buyer"}]"#,
        ]
    );
}

/// docs/explain.md shows real output.
#[test]
fn the_explain_page_shows_real_output() {
    assert!(common::check_console_blocks("docs/explain.md") >= 7);
}

/// Deals are written as they are explained; the JSON document stays one
/// valid document, with or without deals.
#[test]
fn several_deals_stream_into_one_document() {
    let run = playbook(&[
        "explain",
        TODAY,
        "--playbook=tests/fixtures/test-command/mini.playbook",
        "--format=json",
        "tests/fixtures/test-command/deals/two.yaml",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let ids: Vec<&str> = value["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["deal"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["M-5", "M-6"]);
    assert!(run.stdout.starts_with("{\n  \"playbook\": \"Mini path\",\n  \"today\": \"2026-11-28\",\n  \"deals\": [\n    {\n      \"deal\": \"M-5\""));
    assert!(run.stdout.ends_with("\n    }\n  ]\n}\n"));
    let run = playbook(&["explain", TODAY, "--format=json", "-"]);
    assert_eq!(run.status, 0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(value["deals"], serde_json::json!([]));
}
