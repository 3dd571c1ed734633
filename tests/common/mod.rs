//! Running the `playbook` binary as users do, for the CLI snapshot tests:
//! no colour, a fixed width, no `PLAYBOOK` from the environment, paths
//! relative to the crate root unless a test names another folder.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run printed and how it exited.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit status, stdout and stderr, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// Runs `playbook ARGS` in the crate root.
pub fn playbook(args: &[&str]) -> Run {
    playbook_with(args, &[], None)
}

/// Runs `playbook ARGS` in `dir`.
pub fn playbook_in(dir: &Path, args: &[&str]) -> Run {
    run(dir, args, &[], None)
}

/// Runs `playbook ARGS` in the crate root with more environment and
/// standard input.
pub fn playbook_with(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    run(Path::new(env!("CARGO_MANIFEST_DIR")), args, env, stdin)
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_playbook"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("PLAYBOOK")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
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
