//! CRM exports through `--map` (CRM.md): the shipped examples give the same
//! actions as the same deals written as deal files, and each bad input
//! (cells, mapping files, headers, encodings) is located and costs only
//! what it is about. Snapshots hold the exit status and both streams.

use crate::common::{playbook, Run};

const TODAY: &str = "--today=2026-11-28";

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check", TODAY];
    all.extend_from_slice(args);
    playbook(&all)
}

#[test]
fn salesforce_export_gives_the_actions_of_the_same_deals_as_ndjson() {
    let files = [
        "examples/crm/salesforce-opportunities.csv",
        "examples/crm/salesforce-tasks.csv",
        "examples/crm/salesforce-contact-roles.csv",
    ];
    let mut import = vec!["import", "--map", "salesforce"];
    import.extend_from_slice(&files);
    let imported = playbook(&import);
    assert_eq!(imported.status, 0, "{}", imported.stderr);
    assert_eq!(
        imported.stdout.lines().count(),
        3,
        "one closed deal left out"
    );
    let from_ndjson = crate::common::playbook_with(
        &[
            "check",
            TODAY,
            "--format",
            "json",
            "--input-format",
            "ndjson",
            "-",
        ],
        &[],
        Some(&imported.stdout),
    );
    let mut mapped = vec!["--format", "json", "--map", "salesforce"];
    mapped.extend_from_slice(&files);
    let from_csv = check(&mapped);
    assert_eq!(from_csv.status, 0, "{}", from_csv.stderr);
    let deals = |text: &str| {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        value["deals"].clone()
    };
    assert_eq!(deals(&from_csv.stdout), deals(&from_ndjson.stdout));
    // The related task of a deal not in the export is reported, the
    // footer is one note, the closed deal is counted.
    insta::assert_snapshot!(from_csv.stderr);
}

#[test]
fn salesforce_export_as_text() {
    let run = check(&[
        "--map",
        "salesforce",
        "examples/crm/salesforce-opportunities.csv",
        "examples/crm/salesforce-tasks.csv",
        "examples/crm/salesforce-contact-roles.csv",
    ]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn chinese_export_in_gb18030_with_its_own_mapping() {
    let run = check(&[
        "--lang",
        "zh",
        "--map",
        "examples/crm/chinese-crm.map.yaml",
        "examples/crm/chinese-crm-opportunities.csv",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn hubspot_export_reads_labels_and_internal_stage_values() {
    let run = playbook(&[
        "import",
        "--map",
        "hubspot",
        "--format",
        "yaml",
        "examples/crm/hubspot-deals.csv",
    ]);
    assert_eq!(run.status, 0);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn print_map_prints_the_preset_that_check_uses() {
    let run = playbook(&["import", "--print-map", "salesforce"]);
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("Negotiation/Review: closing"));
    let unknown = playbook(&["import", "--print-map", "pipedrive"]);
    assert_eq!(unknown.status, 2);
}

/// Bad inputs: (name, arguments after `check --today`). Each exits 2.
const BAD: &[(&str, &[&str])] = &[
    (
        "bad_cells",
        &[
            "-q",
            "--map",
            "salesforce",
            "tests/fixtures/crm/bad-cells.csv",
        ],
    ),
    (
        "column_typo_in_mapping",
        &[
            "--map",
            "tests/fixtures/crm/typo.map.yaml",
            "tests/fixtures/crm/owner.csv",
        ],
    ),
    (
        "unknown_field_in_mapping",
        &[
            "--map",
            "tests/fixtures/crm/bad-field.map.yaml",
            "tests/fixtures/crm/owner.csv",
        ],
    ),
    (
        "stage_not_in_playbook",
        &[
            "--map",
            "tests/fixtures/crm/bad-stage.map.yaml",
            "tests/fixtures/crm/owner.csv",
        ],
    ),
    (
        "header_fits_no_section",
        &[
            "--map",
            "salesforce",
            "tests/fixtures/crm/unknown-header.csv",
        ],
    ),
    (
        "gb18030_not_declared",
        &[
            "--map",
            "salesforce",
            "tests/fixtures/crm/gb18030-undeclared.csv",
        ],
    ),
    ("csv_without_map", &["tests/fixtures/crm/owner.csv"]),
    (
        "unknown_preset",
        &["--map", "pipedrive", "tests/fixtures/crm/owner.csv"],
    ),
    (
        "bad_related_row_costs_its_deal",
        &[
            "--map",
            "tests/fixtures/crm/related.map.yaml",
            "tests/fixtures/crm/owner.csv",
            "tests/fixtures/crm/tasks.csv",
        ],
    ),
];

#[test]
fn bad_inputs_are_located_and_exit_2() {
    for (name, args) in BAD {
        let run = check(args);
        assert_eq!(run.status, 2, "{name}: {}", run.transcript());
        insta::assert_snapshot!(format!("bad_{name}"), run.transcript());
    }
}

#[test]
fn csv_output_is_one_row_per_action_and_formula_safe() {
    let run = check(&[
        "--format",
        "csv",
        "--owner",
        "Li Wei",
        "--map",
        "salesforce",
        "tests/fixtures/crm/formula.csv",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("deal,name,owner,stage,priority,rule,title,message,because,tags,close_date,amount")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(!rows.is_empty());
    for row in &rows {
        // Only Li Wei's deal; its name and amount start with a formula
        // character and are written inert.
        assert!(
            row.starts_with("D-1,\"'=HYPERLINK(\"\"http://x\"\")\",Li Wei,"),
            "{row}"
        );
        assert!(row.ends_with(",'-5"), "{row}");
    }
}

#[test]
fn only_actions_leaves_out_deals_without_actions_but_counts_them() {
    let all = check(&[
        "--format",
        "json",
        "--map",
        "salesforce",
        "tests/fixtures/crm/formula.csv",
    ]);
    let only = check(&[
        "--format",
        "json",
        "--only-actions",
        "--priority",
        "critical",
        "--map",
        "salesforce",
        "tests/fixtures/crm/formula.csv",
    ]);
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
    let (all, only) = (value(&all.stdout), value(&only.stdout));
    assert_eq!(all["deals"].as_array().map(Vec::len), Some(2));
    assert_eq!(only["deals"].as_array().map(Vec::len), Some(0));
    assert_eq!(only["summary"]["deals"], 2);
}

#[test]
fn group_by_owner_gives_each_rep_their_list() {
    let args = [
        "--group-by",
        "owner",
        "--format",
        "markdown",
        "--map",
        "salesforce",
        "examples/crm/salesforce-opportunities.csv",
    ];
    let run = check(&args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let headings: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Next actions: Consultative sales path",
            "## Dana Fox: 1 deal",
            "### 0065g00000FgHiJ — Globex renewal",
            "## Li Wei: 2 deals",
            "### 0065g00000AbCdE — Acme Corp CRM rollout",
            "### 0065g00000KlMnO — Initech pilot",
        ]
    );
    let text = check(&[
        "--group-by",
        "owner",
        "-q",
        "--map",
        "salesforce",
        "examples/crm/salesforce-opportunities.csv",
    ]);
    insta::assert_snapshot!(text.stdout);
    let json = check(&["--group-by", "owner", "--format", "json", "examples/deals"]);
    assert_eq!(json.status, 2, "grouping is for text and markdown");
}

#[test]
fn standard_input_is_read_as_the_deals_csv() {
    let csv = std::fs::read_to_string("examples/crm/hubspot-deals.csv").expect("the example");
    let args = [
        "check",
        TODAY,
        "--format",
        "json",
        "--map",
        "hubspot",
        "--input-format",
        "csv",
        "-",
    ];
    let piped = crate::common::playbook_with(&args, &[], Some(&csv));
    let from_file = check(&[
        "--format",
        "json",
        "--map",
        "hubspot",
        "examples/crm/hubspot-deals.csv",
    ]);
    assert_eq!(piped.status, 0, "{}", piped.stderr);
    assert_eq!(piped.stdout, from_file.stdout);
    // The closed deal is counted in the summary, not evaluated.
    let summary: serde_json::Value = serde_json::from_str(&piped.stdout).expect("JSON");
    assert_eq!(summary["summary"]["closed"], 1);
    assert_eq!(summary["summary"]["deals"], 2);
    let without_map = crate::common::playbook_with(
        &["check", TODAY, "--input-format", "csv", "-"],
        &[],
        Some(&csv),
    );
    assert_eq!(without_map.status, 2);
    assert!(
        without_map.stderr.contains("--map"),
        "{}",
        without_map.stderr
    );
}

#[test]
fn the_crm_page_shows_real_output() {
    assert!(crate::common::check_console_blocks("docs/crm.md") >= 4);
}

#[test]
fn html_page_is_self_contained_with_charts_and_each_owners_deals() {
    let run = check(&[
        "--format",
        "html",
        "--map",
        "salesforce",
        "examples/crm/salesforce-opportunities.csv",
        "tests/fixtures/crm/formula.csv",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = &run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    // Opens with no network: no script, no stylesheet or image to fetch.
    for fetch in ["<script", "<link", "src=", "url(", "@import"] {
        assert!(!page.contains(fetch), "{fetch}");
    }
    assert_eq!(page.matches("<svg").count(), 3, "three charts");
    for caption in [
        "Deals by stage",
        "Actions by priority",
        "Rules that fire most",
    ] {
        assert!(page.contains(caption), "{caption}");
    }
    let owners: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix("<h2>")?.strip_suffix("</h2>"))
        .collect();
    assert_eq!(owners, ["Dana Fox: 2 deals", "Li Wei: 3 deals"]);
    // What the export wrote is escaped, never markup.
    assert!(page.contains("=HYPERLINK(&quot;http://x&quot;)"));
    assert_eq!(page.matches("<article").count(), 5);
}

#[test]
fn own_mapping_with_semicolons_decimal_comma_day_first_dates_and_custom_fields() {
    let run = playbook(&[
        "import",
        "--playbook",
        "tests/fixtures/crm/team.playbook",
        "--map",
        "tests/fixtures/crm/team.map.yaml",
        "tests/fixtures/crm/team.csv",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_tsv_file_is_tab_separated() {
    let run = playbook(&[
        "import",
        "--map",
        "salesforce",
        "tests/fixtures/crm/tabs.tsv",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "{\"amount\":1000,\"id\":\"T-1\",\"stage\":\"prospecting\"}\n"
    );
}

#[test]
fn extends_is_relative_to_the_mapping_file() {
    let run = playbook(&[
        "import",
        "--map",
        "tests/fixtures/crm/nested/child.map.yaml",
        "tests/fixtures/crm/owner.csv",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "{\"id\":\"D-1\",\"owner\":\"Li\",\"stage\":\"prospecting\"}\n"
    );
}
