//! `playbook show`: every format as a snapshot, with the exit code, on the
//! built-in playbook (both languages) and on an edge-case fixture.

use crate::common;

use common::playbook;

const EDGE: &str = "tests/fixtures/show/edge.playbook";

#[test]
fn builtin_playbook_in_every_format() {
    for format in ["text", "markdown", "html", "mermaid"] {
        let run = playbook(&["show", "--format", format]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("show_builtin_{format}"), run.transcript());
    }
}

#[test]
fn builtin_playbook_in_chinese() {
    for format in ["text", "mermaid"] {
        let run = playbook(&["show", "--lang", "zh", "--format", format]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("show_builtin_zh_{format}"), run.transcript());
    }
}

#[test]
fn edge_cases_in_every_format() {
    for format in ["text", "markdown", "html", "mermaid"] {
        let run = playbook(&["show", "--format", format, EDGE]);
        assert_eq!(run.status, 0, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("show_edge_{format}"), run.transcript());
    }
}

#[test]
fn the_playbook_option_and_the_argument_name_the_same_file() {
    let by_argument = playbook(&["show", EDGE]);
    let by_option = playbook(&["show", "--playbook", EDGE]);
    assert_eq!(by_argument.stdout, by_option.stdout);
    let shipped = playbook(&["show", "playbooks/consultative-sales.playbook"]);
    let builtin = playbook(&["show"]);
    assert_eq!(shipped.stdout, builtin.stdout);
}

#[test]
fn html_is_one_self_contained_page() {
    let run = playbook(&["show", "--format", "html"]);
    let page = run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert!(page.contains("@media print"));
    for external in [
        "http:", "https:", "<script", "<link", "src=", "@import", "url(",
    ] {
        assert!(!page.contains(external), "no external asset: `{external}`");
    }
    let edge = playbook(&["show", "--format", "html", EDGE]).stdout;
    assert!(edge.contains("<title>Edge &lt;path&gt; &amp; &quot;quotes&quot;</title>"));
    assert!(edge.contains("Late &lt;b&gt;<span class=\"ph\">‹step.text›</span>&lt;/b&gt;"));
}

#[test]
fn an_invalid_playbook_exits_2() {
    let run = playbook(&["show", "tests/fixtures/cli/broken.playbook"]);
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("show_invalid_playbook", run.transcript());
    let run = playbook(&["show", "--format", "pdf"]);
    assert_eq!(run.status, 2);
}

#[test]
fn the_docs_show_real_output() {
    let doc = std::fs::read_to_string("docs/show.md").unwrap();
    let mermaid = playbook(&["show", "--format", "mermaid"]).stdout;
    assert_eq!(common::fenced_after(&doc, "<!-- show-mermaid -->"), mermaid);
    let text = playbook(&["show"]).stdout;
    let first_lines: String = text.lines().take(13).map(|l| format!("{l}\n")).collect();
    assert!(
        doc.contains(&first_lines),
        "docs/show.md shows the text output as it is"
    );
}

#[test]
fn show_and_w006_agree_on_a_stage_test_inside_where() {
    // The stages `show` lists no specific rule under are exactly those W006
    // names, also when a rule's only stage test sits inside a `where`.
    const WHERE: &str = "tests/fixtures/check/w006-stage-test-inside-where.playbook";
    let shown = playbook(&["show", WHERE]);
    assert_eq!(shown.status, 0, "{}", shown.stderr);
    insta::assert_snapshot!("show_stage_test_inside_where", shown.transcript());
    let lines: Vec<&str> = shown.stdout.lines().collect();
    let without_rule: Vec<&str> = lines
        .windows(2)
        .filter(|pair| pair[1].trim() == "No rule is specific to this stage.")
        .filter_map(|pair| pair[0].rsplit(" · ").next())
        .collect();
    let validated = playbook(&["validate", WHERE]);
    let unpinned: Vec<&str> = validated
        .stdout
        .lines()
        .chain(validated.stderr.lines())
        .filter_map(|line| line.strip_prefix("warning[W006]: stage `"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    assert_eq!(without_rule, ["proposal"]);
    assert_eq!(unpinned, without_rule);
}
