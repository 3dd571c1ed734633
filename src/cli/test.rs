//! `playbook test [PATH...]`: run tests files, print failures, counts and
//! rule coverage.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::render::write_text;
use crate::render;
use crate::tests_file;

/// Arguments of `test`.
#[derive(Args, Debug)]
pub struct TestArgs {
    /// Tests files, or folders searched for `*.tests.yaml` (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
}

/// `test --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum TestFormat {
    /// Failing cases, `N passed, N failed`, then rule coverage.
    Text,
    /// One JSON document with every case and the coverage.
    Json,
    /// JUnit XML, for CI systems.
    Junit,
}

/// Runs `test`.
pub(crate) fn run(cli: &Cli, args: &TestArgs, output: &mut Output) -> std::io::Result<Status> {
    if cli.today.is_some() {
        writeln!(
            output.stderr,
            "warning: `--today` does not apply to `playbook test`: each tests file sets its own `today:`"
        )?;
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (files, missing) = tests_file::find(&paths);
    for path in &missing {
        output.error(&format!(
            "cannot read `{}`: no such file or folder",
            path.display()
        ))?;
    }
    if files.is_empty() {
        if missing.is_empty() {
            output.error(&format!(
                "no tests files (`*.tests.yaml`) in {}",
                paths
                    .iter()
                    .map(|p| format!("`{}`", p.display()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))?;
        }
        return Ok(Status::Usage);
    }
    let run = tests_file::run_paths(&files);

    // Problems go to stderr, each once: the tests files' own, then those
    // of each playbook that could not be compiled.
    for file in &run.files {
        write_text(&mut output.stderr, &run.sources, &file.errors)?;
        for case in &file.cases {
            if let Err(error) = &case.result {
                write_text(&mut output.stderr, &run.sources, &error.diagnostics)?;
            }
        }
    }
    for tested in &run.playbooks {
        let compiled = &tested.compiled;
        let readable = compiled
            .sources
            .get(compiled.root)
            .is_some_and(|s| !s.text.is_empty());
        if compiled.playbook.is_none() && readable {
            let errors: Vec<_> = compiled
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            write_text(&mut output.stderr, &compiled.sources, &errors)?;
        }
    }

    match args.format {
        TestFormat::Text => render::test_text(&mut output.stdout, &run, cli.quiet)?,
        TestFormat::Json => {
            let json = serde_json::to_string_pretty(&render::test_json(&run))
                .map_err(std::io::Error::other)?;
            writeln!(output.stdout, "{json}")?;
        }
        TestFormat::Junit => write!(output.stdout, "{}", render::test_junit(&run))?,
    }
    output.stdout.flush()?;
    Ok(if run.has_errors() || !missing.is_empty() {
        Status::Usage
    } else if run.failed() > 0 {
        Status::Findings
    } else {
        Status::Ok
    })
}
