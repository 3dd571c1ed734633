//! Which playbook a run uses: `--playbook`, `PLAYBOOK`, or the built-in one.

use std::path::Path;

use super::output::{Output, Status};
use super::Cli;
use crate::diagnostic::{render::write_text, Diagnostic};
use crate::{ir, Compiled};

/// The playbook of the run: `--playbook`/`PLAYBOOK`, or the built-in one.
/// Prints the diagnostics of an invalid playbook and returns `Err`.
pub(crate) fn playbook(
    cli: &Cli,
    output: &mut Output,
) -> std::io::Result<Result<ir::Playbook, Status>> {
    let compiled = compile(cli, None);
    Ok(usable(compiled, "before checking deals", output)?.map(|(playbook, _)| playbook))
}

/// Compiles `path`, else `--playbook`/`PLAYBOOK`, else the built-in playbook
/// in the language of `--lang`.
pub(crate) fn compile(cli: &Cli, path: Option<&Path>) -> Compiled {
    match path.or(cli.playbook.as_deref()) {
        Some(path) => crate::compile_path(path),
        None => crate::compile_builtin(cli.lang.into()),
    }
}

/// The compiled playbook and its sources, or, when it has errors, the
/// errors printed and the exit status. `purpose` ends the closing message
/// ("before checking deals").
pub(crate) fn usable(
    compiled: Compiled,
    purpose: &str,
    output: &mut Output,
) -> std::io::Result<Result<(ir::Playbook, Compiled), Status>> {
    let Some(playbook) = compiled.playbook.clone() else {
        let errors: Vec<Diagnostic> = compiled
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        write_text(&mut output.stderr, &compiled.sources, &errors)?;
        output.error(&format!(
            "the playbook has {}; fix it (see `playbook validate`) {purpose}",
            crate::words::count_noun(errors.len(), "error")
        ))?;
        return Ok(Err(Status::Usage));
    };
    Ok(Ok((playbook, compiled)))
}

/// The playbook of the run and its sources (to show the text of its parts).
pub(crate) fn playbook_and_sources(
    cli: &Cli,
    output: &mut Output,
) -> std::io::Result<Result<(ir::Playbook, crate::span::Sources), Status>> {
    let compiled = compile(cli, None);
    Ok(usable(compiled, "before explaining deals", output)?
        .map(|(playbook, compiled)| (playbook, compiled.sources)))
}
