//! `playbook completions SHELL`: a completion script for the shell, on
//! standard output.

use std::io::Write;

use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell;

use super::output::{Output, Status};
use super::Cli;

/// Arguments of `completions`.
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// The shells with completion scripts.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ShellArg {
    /// Bash: `playbook completions bash > ~/.local/share/bash-completion/completions/playbook`.
    Bash,
    /// Zsh: `playbook completions zsh > ~/.zfunc/_playbook` (with `~/.zfunc` in `fpath`).
    Zsh,
    /// Fish: `playbook completions fish > ~/.config/fish/completions/playbook.fish`.
    Fish,
}

/// Runs `completions`.
pub(crate) fn run(args: &CompletionsArgs, output: &mut Output) -> std::io::Result<Status> {
    let shell = match args.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "playbook", &mut script);
    output.stdout.write_all(&script)?;
    output.stdout.flush()?;
    Ok(Status::Ok)
}
