//! `playbook fmt`: on every fixture and shipped playbook, formatting keeps
//! the meaning and every comment and is idempotent; snapshots of the
//! formatter's output and of the command (exit codes included).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{hermetic, playbook_in, run, Run, BINARY};

use playbook::ast::IgnoringSpans;
use playbook::FileId;
use playbook::{comment_texts, format_text, FormatError};

/// Every `*.playbook` under `dir`, sorted.
fn playbooks_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            playbooks_under(&path, found);
        } else if path.extension().is_some_and(|e| e == "playbook") {
            found.push(path);
        }
    }
    found.sort();
}

fn every_playbook() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    playbooks_under(Path::new("tests/fixtures"), &mut paths);
    playbooks_under(Path::new("playbooks"), &mut paths);
    paths
}

/// The table: each file that parses without errors is formatted; the result
/// parses to the same declarations, keeps the same comments, and formatting
/// it again changes nothing. Files with syntax errors are refused.
#[test]
fn every_fixture_and_shipped_playbook_keeps_its_meaning_and_is_idempotent() {
    let mut formatted_count = 0;
    let mut refused = Vec::new();
    for path in every_playbook() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (before, diagnostics) = playbook::parse(&text, FileId(0));
        let has_syntax_errors = diagnostics.iter().any(|d| d.is_error());
        match format_text(&text, FileId(0)) {
            Ok(once) => {
                assert!(
                    !has_syntax_errors,
                    "{}: formatted despite errors",
                    path.display()
                );
                let (after, diagnostics) = playbook::parse(&once, FileId(0));
                assert!(
                    diagnostics.is_empty(),
                    "{}: the formatted text has errors:\n{once}",
                    path.display()
                );
                assert_eq!(
                    IgnoringSpans(&before.declarations),
                    IgnoringSpans(&after.declarations),
                    "{}: formatting changed the meaning",
                    path.display()
                );
                assert_eq!(
                    comment_texts(&before),
                    comment_texts(&after),
                    "{}: formatting lost or changed a comment",
                    path.display()
                );
                let twice = format_text(&once, FileId(0))
                    .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
                assert_eq!(once, twice, "{}: not idempotent", path.display());
                formatted_count += 1;
            }
            Err(FormatError::Syntax(_)) => {
                let syntax_codes = diagnostics
                    .iter()
                    .all(|d| d.code.as_str().starts_with("E1"));
                assert!(
                    has_syntax_errors && syntax_codes,
                    "{}: refused without a syntax error",
                    path.display()
                );
                refused.push(path);
            }
            Err(FormatError::Unstable) => panic!("{}: unstable", path.display()),
        }
    }
    // Every fixture but the E1xx ones (syntax) parses; the shipped
    // playbooks too.
    assert!(
        formatted_count >= 40,
        "only {formatted_count} files formatted"
    );
    assert!(refused.len() < formatted_count, "refused: {refused:?}");
}

/// Changes the spacing of formatted text without changing what it says:
/// spaces outside strings and comments become runs of spaces or tabs,
/// indentation changes (an indented line stays indented), blank lines get
/// trailing blanks. A deterministic sequence stands in for randomness.
fn respace(text: &str, seed: u64) -> String {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = String::new();
    for line in text.lines() {
        let code = line.trim_start();
        if line.len() > code.len() {
            out.push_str(["  ", "    ", "\t", " ", "\t  "][next() % 5]);
        }
        if code.is_empty() {
            out.push_str(["", "  ", "\t"][next() % 3]);
        }
        let mut in_string = false;
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            match c {
                '#' if !in_string => {
                    out.push('#');
                    out.extend(chars.by_ref());
                }
                '\\' if in_string => {
                    out.push(c);
                    out.extend(chars.next());
                }
                '"' => {
                    in_string = !in_string;
                    out.push(c);
                }
                ' ' if !in_string => out.push_str([" ", "  ", "\t", " \t ", "   "][next() % 5]),
                c => out.push(c),
            }
        }
        out.push('\n');
    }
    out
}

/// Canonical means canonical: however the spacing of a formatted file is
/// changed, formatting gives the same text back.
#[test]
fn spacing_never_changes_the_formatted_text() {
    let mut checked = 0;
    for path in every_playbook() {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(formatted) = format_text(&text, FileId(0)) else {
            continue;
        };
        for seed in 1..=3 {
            let respaced = respace(&formatted, seed);
            assert!(formatted.is_empty() || respaced != formatted);
            let again = format_text(&respaced, FileId(0))
                .unwrap_or_else(|e| panic!("{} (seed {seed}): {e:?}\n{respaced}", path.display()));
            assert_eq!(again, formatted, "{} (seed {seed})", path.display());
        }
        checked += 1;
    }
    assert!(checked >= 40);
}

#[test]
fn shipped_playbooks_are_already_formatted() {
    for path in [
        "playbooks/consultative-sales.playbook",
        "playbooks/consultative-sales.zh.playbook",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(format_text(&text, FileId(0)).unwrap(), text, "{path}");
    }
}

/// Snapshots of the formatter's output for the fixtures made to stress it
/// (tests/fixtures/fmt/): comments everywhere, odd spacing, clauses out of
/// order.
#[test]
fn formatted() {
    insta::glob!("../fixtures/fmt", "*.playbook", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let formatted = format_text(&text, FileId(0)).unwrap();
        insta::assert_snapshot!(formatted);
    });
}

#[test]
fn layout_details() {
    let cases = [
        // Header lines stay together; a block is set apart.
        (
            "playbook \"p\"\nversion \"1\"\nstages\n  a\n",
            "playbook \"p\"\nversion \"1\"\n\nstages\n  a\n",
        ),
        // A blank line between defines is kept and ends the aligned run.
        (
            "define a = 1\ndefine long_name = 2\n\n\n\ndefine b = 3\n",
            "define a         = 1\ndefine long_name = 2\n\ndefine b = 3\n",
        ),
        // Several stages on one line: one a line, labels aligned.
        (
            "stages a \"A\" bb \"B\" c\n",
            "stages\n  a   \"A\"\n  bb  \"B\"\n  c\n",
        ),
        // Durations, numbers, dates and strings in canonical form.
        (
            "define d = close_date + 1 weeks - 1 days\ndefine n = 1.50 + 007\ndefine t = \"a\\\\b\" \n",
            "define d = close_date + 1 week - 1 day\ndefine n = 1.5 + 7\ndefine t = \"a\\\\b\"\n",
        ),
        // `is present` and `is not missing` stay as written; parentheses too.
        (
            "define x = ((a is present)) or a is not missing\n",
            "define x = ((a is present)) or a is not missing\n",
        ),
        // Windows line ends become `\n`; comment text keeps its spacing.
        (
            "playbook \"p\"\r\n#   spaced   \r\n",
            "playbook \"p\"\n#   spaced\n",
        ),
        // Only comments.
        ("# just a note\n\n\n# another\n", "# just a note\n\n# another\n"),
        ("", ""),
    ];
    for (input, expected) in cases {
        let formatted = format_text(input, FileId(0)).unwrap();
        assert_eq!(formatted, expected, "input: {input:?}");
        assert_eq!(format_text(&formatted, FileId(0)).unwrap(), formatted);
    }
}

// ------------------------------------------------------------ the command --

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn run_in(dir: &Path, args: &[&str], stdin: &str) -> Run {
    playbook_in(dir, args, Some(stdin))
}

const UNFORMATTED: &str = "playbook   \"Small\"\nstages\n  open \"Open\"\n  won\nrule r # the rule\n  recommend \"Do it\"\n  when stage is open\n";
const FORMATTED: &str = "playbook \"Small\"\n\nstages\n  open  \"Open\"\n  won\n\nrule r  # the rule\n  when stage is open\n  recommend \"Do it\"\n";

fn temp_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn check_prints_a_diff_and_exits_1_without_writing() {
    let dir = temp_with(&[
        ("small.playbook", UNFORMATTED),
        ("done.playbook", FORMATTED),
    ]);
    let run = run_in(
        dir.path(),
        &["fmt", "--check", "small.playbook", "done.playbook"],
        "",
    );
    assert_eq!(run.status, 1);
    insta::assert_snapshot!("fmt_check_diff", run.transcript());
    let after = read(dir.path(), "small.playbook");
    assert_eq!(after, UNFORMATTED, "--check changes nothing");

    let run = run_in(dir.path(), &["fmt", "--check", "done.playbook"], "");
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, "");
}

#[test]
fn formats_in_place_keeping_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_with(&[("small.playbook", UNFORMATTED)]);
    let path = dir.path().join("small.playbook");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = run_in(dir.path(), &["fmt", "small.playbook"], "");
    assert_eq!(run.status, 0, "{}", run.stderr);
    insta::assert_snapshot!("fmt_in_place", run.transcript());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FORMATTED);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "permissions kept");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left behind: {names:?}");
    // A second run has nothing to do.
    let run = run_in(dir.path(), &["fmt", "small.playbook"], "");
    assert_eq!(run.status, 0);
    assert_eq!(run.stderr, "1 file already formatted\n");
}

#[test]
fn folders_are_searched_and_playbook_option_is_the_default() {
    let dir = temp_with(&[("a.playbook", UNFORMATTED), ("notes.txt", "not a playbook")]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/b.playbook"), UNFORMATTED).unwrap();
    let run = run_in(dir.path(), &["fmt", "--check", "."], "");
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("--- ./a.playbook") && run.stdout.contains("--- ./sub/b.playbook"));
    let run = run_in(dir.path(), &["fmt", "--playbook", "a.playbook"], "");
    assert_eq!(run.status, 0);
    assert_eq!(read(dir.path(), "a.playbook"), FORMATTED);
    assert_eq!(
        read(dir.path(), "sub/b.playbook"),
        UNFORMATTED,
        "only the named playbook"
    );
}

#[test]
fn stdin_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt", "-"], UNFORMATTED);
    assert_eq!(run.status, 0);
    assert_eq!(run.stdout, FORMATTED);
    assert_eq!(run.stderr, "");
    let run = run_in(dir.path(), &["fmt", "--check", "-"], UNFORMATTED);
    assert_eq!(run.status, 1);
    assert!(run
        .stdout
        .starts_with("--- <stdin>\n+++ <stdin> (formatted)\n"));
    let run = run_in(dir.path(), &["fmt", "--check", "-"], FORMATTED);
    assert_eq!((run.status, run.stdout.as_str()), (0, ""));
}

#[test]
fn syntax_errors_are_reported_and_the_file_is_not_touched() {
    let broken =
        "playbook \"Broken\"\nstages\n  open\nrule r\n  when stage is\n  recommend \"x\"\n";
    let dir = temp_with(&[("broken.playbook", broken), ("ok.playbook", UNFORMATTED)]);
    let run = run_in(dir.path(), &["fmt", "broken.playbook", "ok.playbook"], "");
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("fmt_syntax_error", run.transcript());
    assert_eq!(read(dir.path(), "broken.playbook"), broken);
    assert_eq!(
        read(dir.path(), "ok.playbook"),
        FORMATTED,
        "the other files are still formatted"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["fmt"], "");
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("fmt_without_a_path", run.transcript());
    let run = run_in(dir.path(), &["fmt", "missing.playbook"], "");
    assert_eq!(run.status, 2);
    insta::assert_snapshot!("fmt_missing_file", run.transcript());
}

/// The effective user id, from /proc (root can write into a read-only
/// folder, so the test then runs the command as `nobody`).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|uid| uid == "0"))
        })
        .unwrap_or(false)
}

#[test]
fn read_only_folder_fails_clearly_and_leaves_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_with(&[("small.playbook", UNFORMATTED)]);
    let path = dir.path().join("small.playbook");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    // A copy of the binary that `nobody` may run wherever the checkout is.
    let bin = tempfile::tempdir().unwrap();
    let copy = bin.path().join("playbook");
    std::fs::copy(BINARY, &copy).unwrap();
    std::fs::set_permissions(bin.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut command = if running_as_root() {
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(&copy);
        hermetic(command)
    } else {
        hermetic(Command::new(BINARY))
    };
    command.current_dir(dir.path());
    let run = run(command, &["fmt", "small.playbook"], None);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.status, 2, "{}", run.transcript());
    insta::assert_snapshot!("fmt_read_only_folder", run.transcript());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), UNFORMATTED);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_docs_example_is_real_output() {
    let doc = std::fs::read_to_string("docs/fmt.md").unwrap();
    let before = common::fenced_after(&doc, "<!-- fmt-before -->");
    let after = common::fenced_after(&doc, "<!-- fmt-after -->");
    assert_eq!(format_text(&before, FileId(0)).unwrap(), after);
}
