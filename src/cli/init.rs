//! `playbook init [DIR]`: a starter playbook, an example deal and a tests
//! file that passes, so a trainer starts from something that works.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::output::{Output, Status};
use super::Cli;

/// Arguments of `init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to write into (created if needed).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// The files `init` writes: path in the folder, content.
pub(crate) const FILES: [(&str, &str); 3] = [
    (
        "sales.playbook",
        include_str!("../../templates/init/sales.playbook"),
    ),
    (
        "sales.tests.yaml",
        include_str!("../../templates/init/sales.tests.yaml"),
    ),
    (
        "deals/example.yaml",
        include_str!("../../templates/init/deals/example.yaml"),
    ),
];

/// Runs `init`.
pub(crate) fn run(cli: &Cli, args: &InitArgs, output: &mut Output) -> io::Result<Status> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        output.error(&format!(
            "`{}` is a file; `init` needs a folder to write into",
            dir.display()
        ))?;
        return Ok(Status::Usage);
    }
    let taken: Vec<String> = FILES
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|path| path.exists())
        .map(|path| format!("`{}`", path.display()))
        .collect();
    if !taken.is_empty() {
        output.error(&format!(
            "{} already exist{}; `init` never overwrites a file, so nothing was written",
            taken.join(", "),
            if taken.len() == 1 { "s" } else { "" }
        ))?;
        writeln!(
            output.stderr,
            "help: run `playbook init NEW-FOLDER`, or move the files away first"
        )?;
        return Ok(Status::Usage);
    }
    let mut written = Vec::new();
    for (name, content) in FILES {
        let path = dir.join(name);
        if let Err(error) = create(&path, content) {
            // Leave the folder as it was: remove what this run wrote.
            for path in &written {
                let _ = fs::remove_file(path);
            }
            output.error(&format!(
                "cannot write `{}`: {}; nothing was written",
                path.display(),
                crate::files::io_message(&error)
            ))?;
            return Ok(Status::Usage);
        }
        written.push(path);
    }
    for path in &written {
        writeln!(output.stdout, "created {}", path.display())?;
    }
    if !cli.quiet {
        let cd = if dir == Path::new(".") {
            String::new()
        } else {
            format!("  cd {}\n", dir.display())
        };
        write!(
            output.stdout,
            "\nNext:\n{cd}  playbook test                                     run the cases in sales.tests.yaml\n  playbook check --playbook sales.playbook deals/   the example deal's next actions\n  playbook show sales.playbook                      the sales path as reps will see it\n  playbook fmt sales.playbook                       tidy the layout after you edit it\n"
        )?;
    }
    output.stdout.flush()?;
    Ok(Status::Ok)
}

/// Writes a new file (and its folder); fails if the file exists.
fn create(path: &Path, content: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(content.as_bytes())
}
