//! Standard output and error, with the colour choice applied once.

use std::io::{self, IsTerminal, Write};

use codespan_reporting::term::termcolor::{self, StandardStream, WriteColor};

use super::ColorChoice;

/// The exit status of a run (see docs/cli.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Ran; nothing to report as a failure.
    Ok,
    /// Findings: `--fail-on` matched, `validate` found errors, ...
    Findings,
    /// Bad usage, or an unreadable or invalid playbook or deal.
    Usage,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::Usage => 2,
        }
    }
}

/// Where results and messages go.
pub(crate) struct Output {
    /// Results.
    pub stdout: StandardStream,
    /// Errors, warnings and progress.
    pub stderr: StandardStream,
}

fn choice(color: ColorChoice, terminal: bool) -> termcolor::ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match color {
        ColorChoice::Always => termcolor::ColorChoice::Always,
        ColorChoice::Never => termcolor::ColorChoice::Never,
        ColorChoice::Auto if terminal && !no_color => termcolor::ColorChoice::Auto,
        ColorChoice::Auto => termcolor::ColorChoice::Never,
    }
}

impl Output {
    /// Streams with colour as chosen.
    pub(crate) fn new(color: ColorChoice) -> Output {
        Output {
            stdout: StandardStream::stdout(choice(color, io::stdout().is_terminal())),
            stderr: StandardStream::stderr(choice(color, io::stderr().is_terminal())),
        }
    }

    /// Prints `error: message` on stderr.
    pub(crate) fn error(&mut self, message: &str) -> io::Result<()> {
        let mut spec = termcolor::ColorSpec::new();
        spec.set_fg(Some(termcolor::Color::Red)).set_bold(true);
        self.stderr.set_color(&spec)?;
        write!(self.stderr, "error")?;
        self.stderr.reset()?;
        writeln!(self.stderr, ": {message}")
    }
}
