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
