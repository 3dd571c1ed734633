//! Batches: order kept whatever the parallelism, bad deals reported at their
//! line in the middle of large streams, and every other deal still read.

use std::process::Command;

fn check(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("check")
        .arg("--today=2026-11-28")
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("PLAYBOOK")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const STAGES: [&str; 5] = [
    "prospecting",
    "contact",
    "needs-analysis",
    "value-delivery",
    "closing",
];

fn deal_json(i: usize) -> String {
    format!(
        r#"{{"id": "D-{i}", "name": "Deal number {i} with some padding text to make blocks fill up", "stage": "{}", "stage_entered": "2026-{:02}-01", "activities": [{{"type": "call", "date": "2026-11-{:02}", "summary": "a call"}}]}}"#,
        STAGES[i % 5],
        1 + i % 11,
        1 + i % 27
    )
}

fn deal_yaml(i: usize) -> String {
    format!(
        "id: D-{i}\nname: Deal number {i} with some padding text to make blocks fill up\nstage: {}\nstage_entered: 2026-{:02}-01\nactivities:\n  - type: call\n    date: 2026-11-{:02}\n",
        STAGES[i % 5],
        1 + i % 11,
        1 + i % 27
    )
}

/// The deal ids in NDJSON output, in order.
fn ids(ndjson: &str) -> Vec<String> {
    ndjson
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            value["deal"].as_str().unwrap_or("<error>").to_string()
        })
        .collect()
}

#[test]
fn ndjson_order_and_a_bad_line_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipeline.ndjson");
    let mut text = String::new();
    for i in 0..6000 {
        if i == 3456 {
            text.push_str("{\"id\": \"BAD\", \"stage\": \"negotiation\"}\n");
        } else {
            text.push_str(&deal_json(i));
            text.push('\n');
        }
    }
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let (status1, out1, err1) = check(&["--format", "ndjson", "--jobs", "1", path]);
    let (status4, out4, err4) = check(&["--format", "ndjson", "--jobs", "4", path]);
    assert_eq!(
        (status1, status4),
        (2, 2),
        "a bad deal makes the run exit 2"
    );
    assert_eq!(out1, out4, "output is the same whatever the parallelism");
    assert_eq!(err1, err4);
    let ids = ids(&out1);
    assert_eq!(ids.len(), 6000, "one line per deal, the bad one included");
    assert_eq!(ids[3456], "<error>");
    assert_eq!(ids[3457], "D-3457");
    assert!(
        err1.contains("pipeline.ndjson:3457:"),
        "the bad deal is reported at its line: {err1}"
    );
}

#[test]
fn json_array_split_across_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.json");
    let items: Vec<String> = (0..3000)
        .map(|i| {
            if i == 2222 {
                "  {\"id\": \"BAD\", \"stage\": \"closing\", \"amount\": \"lots\"}".to_string()
            } else {
                format!("  {}", deal_json(i))
            }
        })
        .collect();
    std::fs::write(&path, format!("[\n{}\n]\n", items.join(",\n"))).unwrap();
    let path = path.to_str().unwrap();
    let (status, out, err) = check(&["--format", "ndjson", "--jobs", "3", path]);
    assert_eq!(status, 2);
    let ids = ids(&out);
    assert_eq!(ids.len(), 3000);
    assert_eq!(ids[2223], "D-2223");
    assert!(err.contains("export.json:2224:"), "{err}");
    let (_, out1, _) = check(&["--format", "ndjson", "--jobs", "1", path]);
    assert_eq!(out, out1);
}

#[test]
fn yaml_stream_split_across_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.yaml");
    let mut text = String::new();
    let mut bad_line = 0;
    for i in 0..3000 {
        text.push_str("---\n");
        if i == 1777 {
            bad_line = text.lines().count() + 3;
            text.push_str("id: BAD\nstage: closing\nclose_date: 2026-02-30\n");
        } else {
            text.push_str(&deal_yaml(i));
        }
    }
    std::fs::write(&path, &text).unwrap();
    let path = path.to_str().unwrap();
    let (status, out, err) = check(&["--format", "ndjson", "--jobs", "2", path]);
    assert_eq!(status, 2);
    let ids = ids(&out);
    assert_eq!(ids.len(), 3000);
    assert_eq!(ids[1778], "D-1778");
    assert!(err.contains(&format!("stream.yaml:{bad_line}:")), "{err}");
    let (_, out1, _) = check(&["--format", "ndjson", "--jobs", "1", path]);
    assert_eq!(out, out1);
}

#[test]
fn folders_are_read_in_sorted_order_and_duplicates_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    for i in 0..300 {
        let sub = if i % 2 == 0 { "" } else { "b/" };
        std::fs::write(
            dir.path().join(format!("{sub}deal-{i:04}.yaml")),
            deal_yaml(i),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("zz-duplicate.yaml"), deal_yaml(7)).unwrap();
    let folder = dir.path().to_str().unwrap();
    let (status, out, err) = check(&["--format", "ndjson", "--jobs", "4", folder]);
    assert_eq!(status, 2, "a duplicate id is an error");
    let ids = ids(&out);
    let mut expected: Vec<String> = (0..300)
        .filter(|i| i % 2 == 1)
        .map(|i| format!("D-{i}"))
        .collect();
    expected.extend((0..300).filter(|i| i % 2 == 0).map(|i| format!("D-{i}")));
    expected.push("<error>".to_string());
    assert_eq!(ids, expected, "files in sorted path order: b/ first");
    assert!(
        err.contains("deal id `D-7`") && err.contains("used twice"),
        "{err}"
    );
}

#[test]
fn json_document_wraps_a_streamed_batch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pipeline.ndjson");
    let text: String = (0..1500).map(|i| deal_json(i) + "\n").collect();
    std::fs::write(&path, text).unwrap();
    let (status, out, _) = check(&["--format", "json", path.to_str().unwrap()]);
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&out).expect("one valid JSON document");
    assert_eq!(value["deals"].as_array().map(Vec::len), Some(1500));
    assert_eq!(value["summary"]["deals"], 1500);
    let (_, yaml, _) = check(&["--format", "yaml", path.to_str().unwrap()]);
    let value: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("one valid YAML document");
    assert_eq!(value["deals"].as_sequence().map(Vec::len), Some(1500));
}

/// Found by fuzzing (`deal_load`): a line that is not UTF-8 sent the reader
/// into endless recursion (a stack overflow). Now only that line is lost.
#[test]
fn a_line_that_is_not_utf8_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.ndjson");
    let mut bytes = Vec::new();
    bytes.extend_from_slice(deal_json(1).as_bytes());
    bytes.extend_from_slice(b"\n{\"id\": \"B\xff\xfe\", \"stage\": \"closing\"}\n");
    bytes.extend_from_slice(deal_json(3).as_bytes());
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).unwrap();
    // The same bytes alone on a line, and then the whole file again, with no
    // line end at all.
    let single = dir.path().join("single.ndjson");
    std::fs::write(&single, b"\xff\xfe{").unwrap();
    for jobs in ["1", "2"] {
        let (status, out, err) =
            check(&["--format", "ndjson", "--jobs", jobs, path.to_str().unwrap()]);
        assert_eq!(status, 2);
        assert_eq!(ids(&out), ["D-1", "<error>", "D-3"]);
        assert!(err.contains("line 2") && err.contains("not UTF-8"), "{err}");
        let (status, out, _) = check(&[
            "--format",
            "ndjson",
            "--jobs",
            jobs,
            single.to_str().unwrap(),
        ]);
        assert_eq!((status, ids(&out).len()), (2, 1));
    }
}
