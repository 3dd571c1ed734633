//! The result of validating playbooks (`playbook validate`) as data: for
//! each file its name, its playbook, how many rules, errors and warnings,
//! and whether it fails the run; then its renderings (the one-line text
//! summary, the JSON report, the SARIF log). The command line only picks
//! the format and writes.

use serde::Serialize;

use crate::diagnostic::render::JsonDiagnostic;
use crate::diagnostic::{sarif, Diagnostic, Severity};
use crate::loader::Compiled;
use crate::words::{Lang, Message, Validation};

/// What validating one playbook file found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FileValidation {
    /// The file's name as shown in diagnostics.
    file: String,
    /// The playbook's name, when it compiled.
    playbook: Option<String>,
    /// How many rules it has (0 when it did not compile).
    rules: usize,
    /// How many errors were found.
    errors: usize,
    /// How many warnings were found.
    warnings: usize,
}

impl FileValidation {
    /// The counts of one compiled playbook file.
    pub(crate) fn of(compiled: &Compiled) -> FileValidation {
        let count = |severity| {
            compiled
                .diagnostics
                .iter()
                .filter(|d: &&Diagnostic| d.severity == severity)
                .count()
        };
        FileValidation {
            file: compiled
                .sources
                .get(compiled.root)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            playbook: compiled.playbook.as_ref().map(|p| p.name.clone()),
            rules: compiled.playbook.as_ref().map_or(0, |p| p.rules.len()),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    /// Whether the warnings fail this file (`--deny-warnings`).
    fn denied(&self, deny_warnings: bool) -> bool {
        deny_warnings && self.warnings > 0
    }

    /// Whether this file fails the run: it has errors, or warnings that
    /// are denied.
    pub(crate) fn failed(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || self.denied(deny_warnings)
    }

    /// The text summary line, without its newline: `NAME: ok, 12 rules, 0
    /// warnings`, or the counts of what failed.
    pub(crate) fn summary(&self, deny_warnings: bool, lang: Lang) -> String {
        let counts = if self.errors > 0 {
            Validation::Failed {
                errors: self.errors,
                warnings: self.warnings,
            }
        } else if self.denied(deny_warnings) {
            Validation::Denied {
                warnings: self.warnings,
            }
        } else {
            Validation::Ok {
                rules: self.rules,
                warnings: self.warnings,
            }
        };
        let summary = Message::ValidateSummary(counts).render(lang);
        format!("{}: {summary}", self.file)
    }
}

/// The JSON report: every file's counts, then every diagnostic.
#[derive(Serialize)]
struct JsonReport {
    files: Vec<FileValidation>,
    diagnostics: Vec<JsonDiagnostic>,
}

/// The JSON report of validating these playbooks, pretty-printed, without
/// a final newline.
pub(crate) fn json(compiled: &[Compiled]) -> serde_json::Result<String> {
    let report = JsonReport {
        files: compiled.iter().map(FileValidation::of).collect(),
        diagnostics: compiled
            .iter()
            .flat_map(|result| {
                result
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic::new(&result.sources, d))
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report)
}

/// The SARIF 2.1.0 log of every diagnostic of these playbooks,
/// pretty-printed, without a final newline.
pub(crate) fn sarif(compiled: &[Compiled]) -> serde_json::Result<String> {
    let log = sarif::log(
        compiled
            .iter()
            .flat_map(|result| result.diagnostics.iter().map(move |d| (&result.sources, d))),
    );
    serde_json::to_string_pretty(&log)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &str =
        "playbook \"P\"\nstages\n  a\nrule r\n  when missing_name\n  recommend \"x\"\n";

    #[test]
    fn counts_and_summary_of_a_playbook_with_an_error() {
        let compiled = crate::compile_text("p.playbook", BROKEN);
        let validation = FileValidation::of(&compiled);
        assert_eq!(validation.playbook, None);
        assert_eq!(validation.rules, 0);
        assert!(validation.errors > 0);
        assert!(validation.failed(false));
        assert!(validation
            .summary(false, Lang::En)
            .starts_with("p.playbook: "));
        assert!(validation.summary(false, Lang::En).contains("error"));
    }

    #[test]
    fn warnings_fail_only_when_denied() {
        let validation = FileValidation {
            file: "p.playbook".to_string(),
            playbook: Some("P".to_string()),
            rules: 1,
            errors: 0,
            warnings: 1,
        };
        assert!(!validation.failed(false));
        assert!(validation.failed(true));
        assert_eq!(
            validation.summary(false, Lang::En),
            "p.playbook: ok, 1 rule, 1 warning"
        );
        assert_eq!(
            validation.summary(true, Lang::En),
            "p.playbook: 1 warning (denied by --deny-warnings)"
        );
    }

    #[test]
    fn the_json_report_lists_files_then_diagnostics() {
        let compiled = [crate::compile_builtin(crate::Lang::En)];
        let report: serde_json::Value = serde_json::from_str(&json(&compiled).unwrap()).unwrap();
        assert_eq!(report["files"][0]["playbook"], "Consultative sales path");
        assert_eq!(report["files"][0]["errors"], 0);
        assert!(report["diagnostics"].is_array());
    }
}
