//! The `playbook` command as users run it: output snapshots and exit codes.
//! Hermetic: fixed date, no colour, no `PLAYBOOK` from the environment,
//! paths relative to the crate root.

use crate::common;

use common::{playbook, playbook_with};

const TODAY: &str = "--today=2026-11-28";
const ACME: &str = "examples/deals/needs-analysis-acme.yaml";
const HOOLI: &str = "examples/deals/closing-hooli.yaml";

#[test]
fn check_one_deal_as_text() {
    let run = playbook(&["check", TODAY, ACME]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_formats() {
    for format in ["json", "ndjson", "markdown", "yaml", "text"] {
        let run = playbook(&["check", TODAY, "--format", format, ACME, HOOLI]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("check_format_{format}"), run.transcript());
    }
}

#[test]
fn json_output_is_valid_and_stable_in_shape() {
    let run = playbook(&["check", TODAY, "--format", "json", "examples/deals"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    for deal in value["deals"].as_array().expect("a deals array") {
        for key in ["deal", "name", "stage", "actions", "snoozed"] {
            assert!(deal.get(key).is_some(), "every deal has `{key}`");
        }
        for action in deal["actions"].as_array().expect("actions") {
            for key in ["rule", "title", "message", "priority", "because", "tags"] {
                assert!(action.get(key).is_some(), "every action has `{key}`");
            }
        }
    }
    let run = playbook(&["check", TODAY, "--format", "ndjson", "examples/deals"]);
    for line in run.stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("each line is a JSON object");
    }
}

#[test]
fn check_a_folder_ends_with_a_summary() {
    let run = playbook(&["check", TODAY, "examples/deals"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_in_chinese() {
    let run = playbook(&[
        "check",
        TODAY,
        "--lang",
        "zh",
        "examples/deals/needs-analysis-huadong.yaml",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_bad_deal_does_not_stop_the_others() {
    let run = playbook(&["check", TODAY, "tests/fixtures/cli/batch-with-bad"]);
    assert_eq!(run.status, 2, "a bad deal makes the run exit 2");
    assert!(
        run.stdout.contains("G-1") && run.stdout.contains("G-2"),
        "both good deals are printed"
    );
    insta::assert_snapshot!(run.transcript());

    let run = playbook(&[
        "check",
        TODAY,
        "--format",
        "ndjson",
        "tests/fixtures/cli/pipeline-with-bad-line.ndjson",
    ]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stdout.lines().count(),
        3,
        "one line per deal, the bad one included"
    );
    insta::assert_snapshot!("bad_ndjson_line", run.transcript());
}

#[test]
fn fail_on_sets_exit_status_1() {
    let cases = [
        ("critical", ACME, 0),
        ("high", ACME, 1),
        ("critical", HOOLI, 1),
        ("low", "tests/fixtures/cli/batch-with-bad/a-good.yaml", 1),
    ];
    for (level, deal, expected) in cases {
        let run = playbook(&["check", TODAY, "--format", "json", "--fail-on", level, deal]);
        assert_eq!(run.status, expected, "--fail-on {level} {deal}");
    }
}

#[test]
fn filters() {
    let run = playbook(&[
        "check",
        TODAY,
        "--stage",
        "closing",
        "--priority",
        "critical",
        "examples/deals",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("filter_stage_priority", run.transcript());
    let run = playbook(&[
        "check",
        TODAY,
        "--tag",
        "follow-up",
        "--format",
        "ndjson",
        "examples/deals/pipeline.ndjson",
    ]);
    for line in run.stdout.lines() {
        let deal: serde_json::Value = serde_json::from_str(line).unwrap();
        for action in deal["actions"].as_array().unwrap() {
            assert!(
                action["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t == "follow-up"),
                "{line}"
            );
        }
    }
    let run = playbook(&["check", TODAY, "--stage", "closng", ACME]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("unknown_stage_filter", run.transcript());
    // A misspelt tag is refused the same way: matching nothing would let
    // `--fail-on` pass on a pipeline that needs attention.
    let run = playbook(&["check", TODAY, "--tag", "forcast", "--fail-on", "low", ACME]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr.trim(),
        "error: `--tag forcast`: no rule of this playbook has this tag; did you mean `forecast`?"
    );
}

/// A filter that leaves a deal's actions out says so: "no actions" would
/// tell the rep the playbook has nothing for the deal.
#[test]
fn a_filter_that_hides_every_action_says_so() {
    let run = playbook(&["check", TODAY, "--priority", "critical", ACME]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "No action matches `--priority` or `--tag`; the deal's other actions are not shown."
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("nothing in the playbook asks"));
    let run = playbook(&[
        "check",
        TODAY,
        "--priority",
        "critical",
        "--lang",
        "zh",
        ACME,
    ]);
    assert!(
        run.stdout.contains("这个商机的其他行动未显示"),
        "{}",
        run.stdout
    );
    let run = playbook(&[
        "check",
        TODAY,
        "--priority",
        "critical",
        "--format",
        "markdown",
        ACME,
    ]);
    assert!(run.stdout.contains("No action matches"), "{}", run.stdout);
}

#[test]
fn stdin_in_each_format() {
    let deal = "id: S-1\nstage: prospecting\n";
    let run = playbook_with(
        &["check", TODAY, "--format", "ndjson", "-"],
        &[],
        Some(deal),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("research-account"));
    let lines =
        "{\"id\":\"S-1\",\"stage\":\"prospecting\"}\n{\"id\":\"S-2\",\"stage\":\"closing\"}\n";
    let run = playbook_with(
        &[
            "check",
            TODAY,
            "--format",
            "ndjson",
            "--input-format",
            "ndjson",
            "-",
        ],
        &[],
        Some(lines),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2);
    let array = "[{\"id\":\"S-1\",\"stage\":\"prospecting\"}]";
    let run = playbook_with(
        &["check", TODAY, "--input-format", "json", "-"],
        &[],
        Some(array),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn playbook_from_option_and_environment() {
    let run = playbook(&[
        "check",
        TODAY,
        "--playbook",
        "tests/fixtures/cli/custom.playbook",
        "tests/fixtures/cli/custom-deal.yaml",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("custom_playbook", run.transcript());
    let from_env = playbook_with(
        &["check", TODAY, "tests/fixtures/cli/custom-deal.yaml"],
        &[("PLAYBOOK", "tests/fixtures/cli/custom.playbook")],
        None,
    );
    assert_eq!(from_env.stdout, run.stdout);
}

#[test]
fn an_invalid_playbook_stops_check_with_status_2() {
    let run = playbook(&[
        "check",
        TODAY,
        "--playbook",
        "tests/fixtures/cli/broken.playbook",
        ACME,
    ]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn validate() {
    let run = playbook(&[
        "validate",
        "playbooks/consultative-sales.playbook",
        "playbooks/consultative-sales.zh.playbook",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!("validate_ok", run.transcript());
    let run = playbook(&["validate"]);
    assert_eq!(run.status, 0, "the built-in playbook is valid");
    let run = playbook(&["validate", "tests/fixtures/cli/broken.playbook"]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("validate_errors", run.transcript());
    let run = playbook(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/cli/broken.playbook",
    ]);
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("validate_json", run.transcript());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", ACME],
        &["frobnicate"],
        &["check", "--today", "2026-02-30", ACME],
    ] {
        let run = playbook(args);
        assert_eq!(run.status, 2, "{args:?}");
    }
    let run = playbook(&["check", TODAY, "no/such/deal.yaml"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("missing_deal_file", run.transcript());
}

#[test]
fn help_lists_only_commands_that_exist() {
    let run = playbook(&["--help"]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn nothing_is_written_to_deal_files() {
    let before = std::fs::read(ACME).unwrap();
    playbook(&["check", TODAY, ACME]);
    assert_eq!(std::fs::read(ACME).unwrap(), before);
}

#[test]
fn colour_follows_the_color_option() {
    let always = playbook(&["check", TODAY, "--color", "always", ACME]);
    assert!(
        always.stdout.contains("\u{1b}["),
        "--color always colours even into a pipe"
    );
    let never = playbook(&["check", TODAY, "--color", "never", ACME]);
    assert!(!never.stdout.contains('\u{1b}'));
    // `auto` into a pipe: no colour (and NO_COLOR is set by the harness).
    let auto = playbook(&["check", TODAY, ACME]);
    assert!(!auto.stdout.contains('\u{1b}'));
    assert_eq!(never.stdout, auto.stdout);
}

#[test]
fn the_readme_and_reference_pages_show_real_output() {
    for page in ["README.md", "docs/cli.md", "docs/deals.md"] {
        assert!(
            common::check_console_blocks(page) > 0,
            "{page} has no replayed example"
        );
    }
}
