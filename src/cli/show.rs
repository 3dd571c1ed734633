//! `playbook show [PLAYBOOK]`: the sales path as a document for reps.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::output::{Output, Status};
use super::playbook_choice;
use super::Cli;
use crate::render::show::{html, markdown, mermaid, text, ShowLabels};
use crate::sales_path::sales_path;

/// Arguments of `show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    // Named `file`: an argument named `playbook` would clash with the
    // global `--playbook`.
    /// The playbook (default: `--playbook`, else the built-in playbook in
    /// the language of `--lang`).
    #[arg(value_name = "PLAYBOOK")]
    pub file: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// `show --format`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    /// For a terminal.
    Text,
    /// For a wiki or a README.
    Markdown,
    /// One self-contained page, for the screen and for print.
    Html,
    /// A Mermaid flowchart of the stages.
    Mermaid,
}

/// Runs `show`.
pub(crate) fn run(cli: &Cli, args: &ShowArgs, output: &mut Output) -> std::io::Result<Status> {
    let compiled = playbook_choice::compile(cli, args.file.as_deref());
    let compiled = match playbook_choice::usable(compiled, "before showing it", output)? {
        Ok((_, compiled)) => compiled,
        Err(status) => return Ok(status),
    };
    // `usable` has printed the errors of a playbook that has any.
    let Some(path) = sales_path(&compiled) else {
        return Ok(Status::Usage);
    };
    let labels = ShowLabels::new(cli.lang.into());
    match args.format {
        ShowFormat::Text => text(&mut output.stdout, &path, &labels)?,
        ShowFormat::Markdown => output
            .stdout
            .write_all(markdown(&path, &labels).as_bytes())?,
        ShowFormat::Html => output.stdout.write_all(html(&path, &labels).as_bytes())?,
        ShowFormat::Mermaid => output
            .stdout
            .write_all(mermaid(&path, &labels).as_bytes())?,
    }
    output.stdout.flush()?;
    Ok(Status::Ok)
}
