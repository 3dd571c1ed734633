//! Helpers shared by the integration tests: running the binary hermetically
//! (no colour, no `PLAYBOOK` from the environment, a fixed width) and
//! running a tests file through the library as `playbook test` does.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use playbook::diagnostics_to_text as to_text;
use playbook::Sources;

/// What a run of the binary did.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit status and both streams, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// The binary's path.
pub const BINARY: &str = env!("CARGO_BIN_EXE_playbook");

/// `command` with the environment of a hermetic run.
pub fn hermetic(mut command: Command) -> Command {
    command
        .env_remove("PLAYBOOK")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    command
}

/// Runs `command` with `args` and `stdin` (empty when `None`).
pub fn run(mut command: Command, args: &[&str], stdin: Option<&str>) -> Run {
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    // A command that does not read stdin may exit first: not an error.
    let _ = input.write_all(stdin.unwrap_or("").as_bytes());
    drop(input);
    let output = child.wait_with_output().expect("the binary finishes");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `playbook ARGS` in the crate root.
pub fn playbook(args: &[&str]) -> Run {
    playbook_with(args, &[], None)
}

/// `playbook ARGS` in the crate root, with extra environment and stdin.
pub fn playbook_with(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut command = hermetic(Command::new(BINARY));
    for (key, value) in env {
        command.env(key, value);
    }
    run(command, args, stdin)
}

/// `playbook ARGS` in `dir`.
pub fn playbook_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = hermetic(Command::new(BINARY));
    command.current_dir(dir);
    run(command, args, stdin)
}

/// What running a tests file found.
pub struct TestsRun {
    /// One line per failing case.
    pub failures: Vec<String>,
    /// Rules no case made fire.
    pub never_fired: Vec<String>,
    /// Rules no case kept silent.
    pub never_silent: Vec<String>,
    /// How many rules the playbook has.
    pub rules: usize,
}

/// Reads a tests file, compiles its playbook (which must have no
/// diagnostic at all) and runs every case.
pub fn run_tests_file(path: &Path) -> TestsRun {
    let mut sources = Sources::new();
    let file = playbook::load_tests_file(path, &mut sources).unwrap();
    let tests = playbook::read_tests_file(&sources, file).unwrap();
    let compiled = playbook::compile_path(&tests.playbook);
    assert!(
        compiled.diagnostics.is_empty(),
        "{}",
        to_text(&compiled.sources, &compiled.diagnostics)
    );
    let playbook = compiled.playbook.unwrap();
    let context = playbook.deal_context();
    let mut fired_somewhere = BTreeSet::new();
    let mut silent_somewhere = BTreeSet::new();
    let mut failures = Vec::new();
    for case in &tests.cases {
        let outcome = playbook::run_test_case(case, &playbook, &context, &mut sources, file)
            .unwrap_or_else(|d| panic!("{}", to_text(&sources, &[d])));
        if !outcome.passed() {
            failures.push(format!(
                "{}: fired [{}]; {}",
                outcome.name,
                outcome.fired.join(", "),
                unmet(&outcome)
            ));
        }
        for rule in playbook.rules() {
            if outcome.fired.contains(&rule.id) {
                fired_somewhere.insert(rule.id.clone());
            } else {
                silent_somewhere.insert(rule.id.clone());
            }
        }
    }
    let missing = |seen: &BTreeSet<String>| {
        playbook
            .rules()
            .iter()
            .filter(|r| !seen.contains(&r.id))
            .map(|r| r.id.clone())
            .collect()
    };
    TestsRun {
        failures,
        never_fired: missing(&fired_somewhere),
        never_silent: missing(&silent_somewhere),
        rules: playbook.rules().len(),
    }
}

/// The content of the first fenced code block after `marker` (an HTML
/// comment) in a docs page, so tests can check that the docs show real
/// output.
pub fn fenced_after(doc: &str, marker: &str) -> String {
    let after = doc
        .split_once(marker)
        .unwrap_or_else(|| panic!("no `{marker}` in the page"))
        .1;
    let block = after.split_once("```").expect("a code block").1;
    let block = block.split_once('\n').expect("a fence line").1;
    block
        .split_once("```")
        .expect("a closing fence")
        .0
        .to_string()
}

/// Runs every `$ playbook ...` command of the ```` ```console ```` blocks of
/// a Markdown page (path from the crate root) and checks that it prints
/// what the page shows: errors, then results. Returns how many it ran.
pub fn check_console_blocks(page: &str) -> usize {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(page);
    let text = std::fs::read_to_string(&path).expect("the page exists");
    let mut checked = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        let args: Vec<&str> = command
            .strip_prefix("$ playbook ")
            .unwrap_or_else(|| panic!("{page}: `{command}` is not a `$ playbook` command"))
            .split_whitespace()
            .collect();
        let mut expected = String::new();
        for line in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            expected.push_str(line);
            expected.push('\n');
        }
        let run = playbook(&args);
        let actual = format!("{}{}", run.stderr, run.stdout);
        assert_eq!(
            actual, expected,
            "{page}: `{command}` prints something else than the page shows"
        );
        checked += 1;
    }
    checked
}

/// A failed case's unmet expectations, in English, joined by `; `.
pub fn unmet(outcome: &playbook::CaseOutcome) -> String {
    let sentences: Vec<String> = outcome
        .failures
        .iter()
        .map(|f| f.sentence(playbook::Lang::En))
        .collect();
    sentences.join("; ")
}
