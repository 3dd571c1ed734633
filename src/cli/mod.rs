//! The command line: argument parsing and wiring. Each subcommand is a file;
//! none holds logic the library should own.

mod check;
mod completions;
mod crm_inputs;
mod explain;
mod fmt;
mod import;
mod init;
mod output;
mod playbook_choice;
mod show;
mod test;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::Lang;

pub use output::Status;

/// Turns a sales methodology into next actions on real deals.
#[derive(Parser, Debug)]
#[command(name = "playbook", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The playbook file to use (default: the built-in consultative sales path).
    #[arg(long, global = true, env = "PLAYBOOK", value_name = "PATH")]
    pub playbook: Option<PathBuf>,

    /// The date to evaluate as of (default: today's local date).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<Date>,

    /// The language of the built-in playbook and of `check`'s text output.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,

    /// When to use colour (`NO_COLOR` turns it off in `auto`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only results and errors, no summary or progress.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--lang`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum LangArg {
    /// English.
    En,
    /// Chinese.
    Zh,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// `--color`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate deals and print each deal's next actions.
    Check(check::CheckArgs),
    /// Show why each rule fired or not on a deal: each part of its condition and its value.
    Explain(explain::ExplainArgs),
    /// Parse and type-check playbooks; print every problem.
    Validate(validate::ValidateArgs),
    /// Rewrite playbooks in canonical layout, keeping every comment.
    Fmt(fmt::FmtArgs),
    /// Run `*.tests.yaml` cases; print failures, counts and rule coverage.
    Test(test::TestArgs),
    /// The sales path as a document: stages in order, each with its rules.
    Show(show::ShowArgs),
    /// Write a starter playbook, an example deal and a tests file.
    Init(init::InitArgs),
    /// Convert a CRM export (CSV, through a mapping) into deals: NDJSON or YAML.
    Import(import::ImportArgs),
    /// Print a shell completion script.
    Completions(completions::CompletionsArgs),
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| format!("`{text}`: {e}"))
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                Status::Usage.code()
            } else {
                0
            });
        }
    };
    let status = run(&cli);
    ExitCode::from(status.code())
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Status {
    let mut output = output::Output::new(cli.color);
    let result = match &cli.command {
        Command::Check(args) => check::run(cli, args, &mut output),
        Command::Explain(args) => explain::run(cli, args, &mut output),
        Command::Validate(args) => validate::run(cli, args, &mut output),
        Command::Fmt(args) => fmt::run(cli, args, &mut output),
        Command::Show(args) => show::run(cli, args, &mut output),
        Command::Init(args) => init::run(cli, args, &mut output),
        Command::Import(args) => import::run(cli, args, &mut output),
        Command::Completions(args) => completions::run(args, &mut output),
        Command::Test(args) => test::run(cli, args, &mut output),
    };
    match result {
        Ok(status) => status,
        // Someone closed the pipe (`playbook check ... | head`): not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(error) => {
            let _ = output.error(&format!("cannot write the output: {error}"));
            Status::Usage
        }
    }
}

/// The date of the run: `--today`, else the local date.
fn today(cli: &Cli) -> Date {
    cli.today.unwrap_or_else(|| {
        use chrono::Datelike;
        let now = chrono::Local::now().date_naive();
        // Out of range only for a clock set before year 1 or after 9999.
        Date::from_ymd(now.year(), now.month(), now.day()).unwrap_or(Date::EPOCH)
    })
}
