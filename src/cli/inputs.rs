//! Which deal files a run reads, and which playbook it uses.

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::{render::write_text, Diagnostic};
use crate::{ir, Compiled};

/// The playbook of the run: `--playbook`/`PLAYBOOK`, or the built-in one.
/// Prints the diagnostics of an invalid playbook and returns `Err`.
pub fn playbook(cli: &Cli, output: &mut Output) -> std::io::Result<Result<ir::Playbook, Status>> {
    let compiled: Compiled = match &cli.playbook {
        Some(path) => crate::compile_path(path),
        None => crate::compile_builtin(cli.lang.into()),
    };
    let Compiled {
        playbook,
        diagnostics,
        sources,
        ..
    } = compiled;
    match playbook {
        Some(playbook) => Ok(Ok(playbook)),
        None => {
            let errors: Vec<Diagnostic> = diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            write_text(&mut output.stderr, &sources, &errors)?;
            output.error(&format!(
                "the playbook has {} error{}; fix it (see `playbook validate`) before checking deals",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            ))?;
            Ok(Err(Status::Usage))
        }
    }
}
