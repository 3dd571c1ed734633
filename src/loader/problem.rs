//! What can go wrong reading a playbook and its imports, as data: the file
//! or import, why, and where.
//!
//! [`LoadProblem::describe`] is the one place that turns one into a code,
//! a message, a label and a help. The words are English today; a `Lang`
//! argument joins `describe` when the catalogue has them in Chinese.

use super::MAX_IMPORTS;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

/// One problem reading a playbook's files.
#[derive(Clone, Debug)]
pub(crate) enum LoadProblem {
    /// The playbook itself cannot be read.
    Unreadable {
        /// The file as named.
        name: String,
        /// Why, in words (from [`crate::files`]).
        reason: String,
        /// The file (its start).
        file: FileId,
    },
    /// An import that leads back to a file importing it.
    ImportCycle {
        /// The files from the one imported again to it.
        chain: Vec<String>,
        /// The import that closes the cycle.
        at: (FileId, Span),
    },
    /// More than [`MAX_IMPORTS`] files.
    TooManyImports {
        /// The import too many.
        at: (FileId, Span),
    },
    /// An imported file that cannot be read.
    ImportUnreadable {
        /// The import as written.
        import: String,
        /// The path it was looked for at.
        looked_for: String,
        /// Why, in words (from [`crate::files`]).
        reason: String,
        /// The import.
        at: (FileId, Span),
    },
}

impl LoadProblem {
    /// The diagnostic of the problem: the one place where a load problem
    /// becomes words.
    pub(crate) fn describe(&self) -> Diagnostic {
        match self {
            LoadProblem::Unreadable { name, reason, file } => Diagnostic::new(
                Code::Unreadable,
                format!("cannot read playbook `{name}`: {reason}"),
            )
            .at(*file, Span::new(0, 0), ""),
            LoadProblem::ImportCycle { chain, at } => Diagnostic::new(
                Code::ImportCycle,
                format!("this import leads back to itself: {}", chain.join(" → ")),
            )
            .at(at.0, at.1, "cycle closes here")
            .help("move what both files need into a third file that both import"),
            LoadProblem::TooManyImports { at } => Diagnostic::new(
                Code::Limit,
                format!("more than {MAX_IMPORTS} imported files"),
            )
            .at(at.0, at.1, "one import too many"),
            LoadProblem::ImportUnreadable {
                import,
                looked_for,
                reason,
                at,
            } => Diagnostic::new(
                Code::Unreadable,
                format!("cannot import `{import}`: {reason}"),
            )
            .at(at.0, at.1, format!("looked for {looked_for}"))
            .help("import paths are relative to the importing file"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LoadProblem;
    use crate::span::{FileId, Span};

    /// (code, message, label messages, help) of a problem.
    fn described(problem: LoadProblem) -> (&'static str, String, Vec<String>, Option<String>) {
        let d = problem.describe();
        (
            d.code.as_str(),
            d.message,
            d.labels.into_iter().map(|l| l.message).collect(),
            d.help,
        )
    }

    fn at() -> (FileId, Span) {
        (FileId::default(), Span::new(0, 9))
    }

    #[test]
    fn files_that_cannot_be_read_are_named_with_the_reason() {
        assert_eq!(
            described(LoadProblem::Unreadable {
                name: "sales.playbook".into(),
                reason: "no such file".into(),
                file: FileId::default(),
            }),
            (
                "E110",
                "cannot read playbook `sales.playbook`: no such file".into(),
                vec![String::new()],
                None
            )
        );
        assert_eq!(
            described(LoadProblem::ImportUnreadable {
                import: "common.playbook".into(),
                looked_for: "team/common.playbook".into(),
                reason: "no such file".into(),
                at: at(),
            }),
            (
                "E110",
                "cannot import `common.playbook`: no such file".into(),
                vec!["looked for team/common.playbook".to_string()],
                Some("import paths are relative to the importing file".to_string())
            )
        );
    }

    #[test]
    fn imports_in_a_circle_or_too_many() {
        assert_eq!(
            described(LoadProblem::ImportCycle {
                chain: vec![
                    "a.playbook".into(),
                    "b.playbook".into(),
                    "a.playbook".into()
                ],
                at: at(),
            }),
            (
                "E206",
                "this import leads back to itself: a.playbook → b.playbook → a.playbook".into(),
                vec!["cycle closes here".to_string()],
                Some("move what both files need into a third file that both import".to_string())
            )
        );
        assert_eq!(
            described(LoadProblem::TooManyImports { at: at() }),
            (
                "E109",
                "more than 256 imported files".into(),
                vec!["one import too many".to_string()],
                None
            )
        );
    }
}
