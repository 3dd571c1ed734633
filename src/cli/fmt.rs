//! `playbook fmt [--check] [PLAYBOOK...]`: rewrite playbooks in canonical
//! layout (see docs/fmt.md), or with `--check` show what would change.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::render::write_text;
use crate::format::{format_text, unified_diff, write_in_place, FormatError};
use crate::span::{Source, Sources};

/// Arguments of `fmt`.
#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Playbook files or folders (searched for `*.playbook`); `-` formats
    /// standard input to standard output (default: `--playbook`).
    #[arg(value_name = "PLAYBOOK")]
    pub playbooks: Vec<PathBuf>,

    /// Change nothing: print a diff of what would change and exit 1 if any
    /// file is not formatted.
    #[arg(long)]
    pub check: bool,
}

/// What happened to one file.
enum Outcome {
    Unchanged,
    Changed,
    Failed,
}

/// Runs `fmt`.
pub(crate) fn run(cli: &Cli, args: &FmtArgs, output: &mut Output) -> io::Result<Status> {
    let named: Vec<PathBuf> = if !args.playbooks.is_empty() {
        args.playbooks.clone()
    } else if let Some(path) = &cli.playbook {
        vec![path.clone()]
    } else {
        output.error(
            "`fmt` needs a playbook file: `playbook fmt PLAYBOOK`, `--playbook PATH`, or `-` for standard input",
        )?;
        return Ok(Status::Usage);
    };
    let mut paths = Vec::new();
    for path in &named {
        if path.is_dir() {
            let before = paths.len();
            find_playbooks(path, &mut paths);
            if paths.len() == before {
                output.error(&format!(
                    "no `.playbook` files in folder `{}`",
                    path.display()
                ))?;
                return Ok(Status::Usage);
            }
        } else {
            paths.push(path.clone());
        }
    }
    let (mut changed, mut unchanged, mut failed) = (0, 0, 0);
    for path in &paths {
        let outcome = if path.as_os_str() == "-" {
            stdin(args.check, output)?
        } else {
            file(path, args.check, output)?
        };
        match outcome {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
        }
    }
    output.stdout.flush()?;
    let files = |n: usize| crate::words::count_noun(n, "file");
    let to_stdin = paths.iter().all(|p| p.as_os_str() == "-");
    if !cli.quiet && !to_stdin {
        let verb = if args.check {
            "would be reformatted"
        } else {
            "reformatted"
        };
        let parts: Vec<String> = [
            (changed, verb),
            (unchanged, "already formatted"),
            (failed, "not formatted because of errors"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", files(*n)))
        .collect();
        let summary = parts.join(", ");
        if !summary.is_empty() {
            writeln!(output.stderr, "{summary}")?;
        }
    }
    Ok(if failed > 0 {
        Status::Usage
    } else if args.check && changed > 0 {
        Status::Findings
    } else {
        Status::Ok
    })
}

/// Every `*.playbook` file under `dir`, sorted.
fn find_playbooks(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut here = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => find_playbooks(&path, &mut here),
                Ok(_) if path.extension().is_some_and(|e| e == "playbook") => here.push(path),
                _ => {}
            }
        }
    }
    here.sort();
    found.extend(here);
}

/// Formats `text`; prints its syntax errors, or the diff under `--check`.
/// `Ok(None)` when the text cannot be formatted.
fn formatted(
    name: &str,
    path: Option<&Path>,
    text: String,
    output: &mut Output,
) -> io::Result<Option<String>> {
    let mut sources = Sources::new();
    let id = sources.add(Source::new(
        name,
        path.map(Path::to_path_buf),
        text.as_str(),
    ));
    match format_text(&text, id) {
        Ok(formatted) => Ok(Some(formatted)),
        Err(FormatError::Syntax(diagnostics)) => {
            write_text(&mut output.stderr, &sources, &diagnostics)?;
            output.error(&format!(
                "`{name}` has syntax errors and was not formatted; fix them first (see `playbook validate`)"
            ))?;
            Ok(None)
        }
        Err(FormatError::Unstable) => {
            output.error(&format!(
                "`{name}` was not formatted: the result would not read back as the same playbook (a bug in `playbook fmt`; please report it with the file)"
            ))?;
            Ok(None)
        }
    }
}

fn stdin(check: bool, output: &mut Output) -> io::Result<Outcome> {
    let limit = crate::syntax::MAX_SOURCE_BYTES;
    let Some(bytes) = crate::files::read_stdin_bounded(limit as u64)? else {
        output.error(&format!(
            "standard input is larger than the limit of {limit} bytes"
        ))?;
        return Ok(Outcome::Failed);
    };
    let Ok(text) = String::from_utf8(bytes) else {
        output.error("standard input is not UTF-8 text")?;
        return Ok(Outcome::Failed);
    };
    let Some(new) = formatted("<stdin>", None, text.clone(), output)? else {
        return Ok(Outcome::Failed);
    };
    if check {
        output
            .stdout
            .write_all(unified_diff("<stdin>", &text, &new).as_bytes())?;
    } else {
        output.stdout.write_all(new.as_bytes())?;
    }
    Ok(if new == text {
        Outcome::Unchanged
    } else {
        Outcome::Changed
    })
}

fn file(path: &Path, check: bool, output: &mut Output) -> io::Result<Outcome> {
    let name = path.display().to_string();
    let text = match crate::loader::read_text(path) {
        Ok(text) => text,
        Err(message) => {
            output.error(&format!("cannot read `{name}`: {message}"))?;
            return Ok(Outcome::Failed);
        }
    };
    let Some(new) = formatted(&name, Some(path), text.clone(), output)? else {
        return Ok(Outcome::Failed);
    };
    if new == text {
        return Ok(Outcome::Unchanged);
    }
    if check {
        output
            .stdout
            .write_all(unified_diff(&name, &text, &new).as_bytes())?;
        return Ok(Outcome::Changed);
    }
    if let Err(error) = write_in_place(path, &new) {
        let reason = match error.kind() {
            io::ErrorKind::PermissionDenied => {
                "permission denied (is the file or its folder read-only?)".to_string()
            }
            io::ErrorKind::StorageFull => "the disk is full".to_string(),
            _ => error.to_string(),
        };
        output.error(&format!(
            "cannot write `{name}`: {reason}; the file was left as it was"
        ))?;
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Changed)
}
