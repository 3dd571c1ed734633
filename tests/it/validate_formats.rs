//! `playbook validate` in every format, on a playbook with warnings and one
//! with an error: snapshots, exit statuses (`--deny-warnings`), and the
//! shapes CI tools read checked field by field (GitHub workflow commands,
//! SARIF 2.1.0). `check` runs a playbook with warnings and does not print
//! them.

use crate::common;

use std::collections::BTreeSet;

use common::playbook;
use playbook::Code;
use serde_json::Value;

const WARNINGS: &str = "tests/fixtures/cli/warnings.playbook";
const BROKEN: &str = "tests/fixtures/cli/broken.playbook";

#[test]
fn every_format_is_snapshotted() {
    for format in ["text", "json", "github", "sarif"] {
        let run = playbook(&["validate", "--format", format, WARNINGS, BROKEN]);
        assert_eq!(run.status, 1, "{format}: the broken playbook has an error");
        let transcript = run
            .transcript()
            .replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
        insta::assert_snapshot!(format!("validate_{format}"), transcript);
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    for format in ["text", "json", "github", "sarif"] {
        let run = playbook(&["validate", "--format", format, WARNINGS]);
        assert_eq!(run.status, 0, "{format}: warnings alone do not fail");
        let run = playbook(&["validate", "--format", format, "--deny-warnings", WARNINGS]);
        assert_eq!(run.status, 1, "{format}: --deny-warnings fails on them");
        let run = playbook(&[
            "validate",
            "--format",
            format,
            "--deny-warnings",
            "playbooks/consultative-sales.playbook",
        ]);
        assert_eq!(
            run.status, 0,
            "{format}: the shipped playbook has no warning"
        );
    }
    let run = playbook(&["validate", "--deny-warnings", WARNINGS]);
    insta::assert_snapshot!("validate_deny_warnings", run.transcript());
}

#[test]
fn check_runs_a_playbook_with_warnings_and_does_not_print_them() {
    let run = playbook(&[
        "check",
        "--today=2026-11-28",
        "--playbook",
        WARNINGS,
        "tests/fixtures/cli/contact-deal.yaml",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains("W0") && !run.stderr.contains("W0"),
        "{}",
        run.transcript()
    );
    assert!(run.stdout.contains("call-them"), "{}", run.stdout);
}

/// GitHub's runner reads `::warning file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`
/// from one line; a raw line break or an unescaped `,`/`:` in a property
/// would cut it.
#[test]
fn github_annotations_are_one_well_formed_line_each() {
    let run = playbook(&["validate", "--format", "github", WARNINGS, BROKEN]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "one line per diagnostic:\n{}", run.stdout);
    for line in lines {
        let (command, rest) = line
            .strip_prefix("::")
            .and_then(|l| l.split_once(' '))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        assert!(command == "warning" || command == "error", "{line}");
        let (properties, message) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("no message: {line}"));
        assert!(!message.is_empty() && !message.contains('\r'), "{line}");
        let names: Vec<&str> = properties
            .split(',')
            .map(|p| {
                let (name, value) = p
                    .split_once('=')
                    .unwrap_or_else(|| panic!("property without `=`: {p} in {line}"));
                assert!(!value.is_empty() && !value.contains(':'), "{line}");
                name
            })
            .collect();
        assert_eq!(
            names,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line}"
        );
        let title = properties.rsplit("title=").next().unwrap_or_default();
        let code = Code::ALL
            .iter()
            .find(|c| c.as_str() == title)
            .unwrap_or_else(|| panic!("unknown code {title}"));
        let expected = if code.as_str().starts_with('W') {
            "warning"
        } else {
            "error"
        };
        assert_eq!(command, expected, "{line}");
    }
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn assert_keys(value: &Value, required: &[&str], optional: &[&str], what: &str) {
    let found = keys(value);
    for key in required {
        assert!(found.contains(key), "{what} lacks `{key}`: {value}");
    }
    for key in &found {
        assert!(
            required.contains(key) || optional.contains(key),
            "{what} has `{key}`, which SARIF does not define there: {value}"
        );
    }
}

fn number(value: &Value, key: &str) -> u64 {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not a positive integer: {value}"))
}

/// The SARIF 2.1.0 shape, property by property (names as the specification
/// spells them, required ones present, nothing it does not define), and
/// regions that point at the text the diagnostics are about.
#[test]
fn sarif_has_the_shape_of_the_specification() {
    let run = playbook(&["validate", "--format", "sarif", WARNINGS, BROKEN]);
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_keys(&log, &["version", "runs"], &["$schema"], "the log");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let sarif_run = &runs[0];
    assert_keys(sarif_run, &["tool"], &["results", "columnKind"], "a run");
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let driver = &sarif_run["tool"]["driver"];
    assert_keys(&sarif_run["tool"], &["driver"], &[], "the tool");
    assert_keys(
        driver,
        &["name"],
        &["semanticVersion", "rules"],
        "the driver",
    );
    assert_eq!(driver["name"], "playbook");

    // Rules: the registry, in order, ids unique.
    let rules = driver["rules"].as_array().expect("rules is an array");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let registry: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, registry);
    for (rule, code) in rules.iter().zip(Code::ALL) {
        assert_keys(
            rule,
            &["id"],
            &["shortDescription", "defaultConfiguration"],
            "a rule",
        );
        assert_keys(&rule["shortDescription"], &["text"], &[], "a description");
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap_or_default()
            .is_empty());
        let level = if code.as_str().starts_with('W') {
            "warning"
        } else {
            "error"
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{rule}");
    }

    // Results: one per diagnostic, each tied to its rule.
    let results = sarif_run["results"]
        .as_array()
        .expect("results is an array");
    assert_eq!(results.len(), 7);
    let source = std::fs::read_to_string(WARNINGS).expect("the fixture reads");
    for result in results {
        assert_keys(
            result,
            &["message"],
            &[
                "ruleId",
                "ruleIndex",
                "level",
                "locations",
                "relatedLocations",
            ],
            "a result",
        );
        let id = result["ruleId"].as_str().expect("ruleId is text");
        let index = usize::try_from(number(result, "ruleIndex")).expect("an index");
        assert_eq!(rules[index]["id"], id, "ruleIndex points at ruleId");
        assert_eq!(
            result["level"], rules[index]["defaultConfiguration"]["level"],
            "{result}"
        );
        assert!(!result["message"]["text"]
            .as_str()
            .unwrap_or_default()
            .is_empty());
        let locations = result["locations"].as_array().expect("a location");
        assert_eq!(locations.len(), 1);
        let mut related_ids = BTreeSet::new();
        for (i, location) in locations
            .iter()
            .chain(result["relatedLocations"].as_array().into_iter().flatten())
            .enumerate()
        {
            let related = i > 0;
            let optional: &[&str] = if related { &["id", "message"] } else { &[] };
            assert_keys(location, &["physicalLocation"], optional, "a location");
            if related {
                assert!(related_ids.insert(number(location, "id")), "ids are unique");
            }
            let physical = &location["physicalLocation"];
            assert_keys(
                physical,
                &["artifactLocation", "region"],
                &[],
                "a physical location",
            );
            assert_keys(&physical["artifactLocation"], &["uri"], &[], "an artifact");
            let uri = physical["artifactLocation"]["uri"]
                .as_str()
                .unwrap_or_default();
            assert!(!uri.is_empty() && !uri.contains(['\\', ' ']), "{uri}");
            let region = &physical["region"];
            assert_keys(
                region,
                &["startLine", "startColumn", "endLine", "endColumn"],
                &[],
                "a region",
            );
            let (line, column) = (number(region, "startLine"), number(region, "startColumn"));
            let (end_line, end_column) = (number(region, "endLine"), number(region, "endColumn"));
            assert!(line >= 1 && column >= 1, "{region}");
            assert!(
                end_line > line || (end_line == line && end_column >= column),
                "{region}"
            );
        }
        // The region of the misspelt value is the value, counted in
        // characters after Chinese text on the same line.
        if id == "W007" {
            let region = &locations[0]["physicalLocation"]["region"];
            let line = source
                .lines()
                .nth(usize::try_from(number(region, "startLine")).unwrap_or(0) - 1)
                .unwrap_or_default();
            let start = usize::try_from(number(region, "startColumn")).unwrap_or(1) - 1;
            let end = usize::try_from(number(region, "endColumn")).unwrap_or(1) - 1;
            let text: String = line.chars().skip(start).take(end - start).collect();
            assert_eq!(text, "cal");
        }
    }
}

/// docs/ci.md's example workflow is valid YAML, a GitHub Actions job whose
/// steps run the three CI commands.
#[test]
fn the_ci_example_workflow_reads_and_runs_the_three_commands() {
    let markdown = std::fs::read_to_string("docs/ci.md").expect("docs/ci.md reads");
    let workflow = markdown
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a yaml block");
    let workflow: serde_yaml::Value = serde_yaml::from_str(workflow).expect("valid YAML");
    let steps = workflow["jobs"]["playbooks"]["steps"]
        .as_sequence()
        .expect("a job with steps");
    let commands: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for wanted in [
        "playbook validate --format github",
        "playbook fmt --check",
        "playbook test --format junit",
    ] {
        assert!(
            commands.iter().any(|c| c.starts_with(wanted)),
            "no step runs `{wanted}`: {commands:?}"
        );
    }
}
