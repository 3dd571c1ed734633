//! `playbook test` results as text (failures, counts, rule coverage),
//! JSON, and JUnit XML for CI systems.

use std::fmt::Write as _;
use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
use serde::Serialize;

use crate::diagnostic::render::{to_text, JsonDiagnostic};
use crate::span::{FileId, Sources, Span};
use crate::tests_file::{CaseRun, Coverage, FileRun, TestRun};
use crate::words::{self, Lang, Message, Unmet};

fn file_name(sources: &Sources, file: FileId) -> &str {
    sources.get(file).map_or("?", |s| s.name.as_str())
}

fn line(sources: &Sources, file: FileId, span: Span) -> usize {
    sources
        .get(file)
        .map_or(0, |s| s.line_col(span.start as usize).0)
}

/// The counts of one file: passed, failed, could not run.
fn counts(file: &FileRun) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for case in &file.cases {
        match &case.result {
            Ok(outcome) if outcome.passed() => counts.0 += 1,
            Ok(_) => counts.1 += 1,
            Err(_) => counts.2 += 1,
        }
    }
    counts
}

/// The lines under the counts for one playbook's rule coverage.
fn coverage_text(coverage: &Coverage) -> String {
    let line = |line: words::Coverage| Message::Coverage(line).render(Lang::En);
    let playbook = &coverage.playbook;
    if coverage.cases == 0 {
        return format!("{}\n", line(words::Coverage::NoCases { playbook }));
    }
    if coverage.never_fired.is_empty() && coverage.never_silent.is_empty() {
        let rules = coverage.rules;
        return format!("{}\n", line(words::Coverage::Complete { playbook, rules }));
    }
    let mut out = line(words::Coverage::Partial {
        playbook,
        rules: coverage.rules,
        cases: coverage.cases,
    });
    out.push('\n');
    if !coverage.never_fired.is_empty() {
        let never = line(words::Coverage::NeverFired(&coverage.never_fired));
        let _ = writeln!(out, "  {never}");
    }
    if !coverage.never_silent.is_empty() {
        let never = line(words::Coverage::NeverSilent(&coverage.never_silent));
        let _ = writeln!(out, "  {never}");
    }
    out
}

/// Writes the run as text: each failing case (its name, what fired in
/// order, what was expected), a line per file, then `N passed, N failed`
/// alone on its line, then the rule coverage of each playbook. Errors are
/// not written here: they go to stderr as diagnostics.
pub(crate) fn test_text(out: &mut dyn WriteColor, run: &TestRun, quiet: bool) -> io::Result<()> {
    let mut red = ColorSpec::new();
    red.set_fg(Some(Color::Red)).set_bold(true);
    let mut green = ColorSpec::new();
    green.set_fg(Some(Color::Green));
    for file in &run.files {
        let name = file_name(&run.sources, file.file);
        for case in &file.cases {
            let at = line(&run.sources, file.file, case.span);
            match &case.result {
                Ok(outcome) if outcome.passed() => {}
                Ok(outcome) => {
                    out.set_color(&red)?;
                    write!(out, "{}", Message::CaseFailed.render(Lang::En))?;
                    out.reset()?;
                    writeln!(out, " {name}:{at}: {}", outcome.name)?;
                    let fired = Message::FiredInOrder(&outcome.fired);
                    writeln!(out, "  {}", fired.render(Lang::En))?;
                    for failure in &outcome.failures {
                        writeln!(out, "  {}", failure.sentence(Lang::En))?;
                    }
                    writeln!(out)?;
                }
                Err(error) => {
                    out.set_color(&red)?;
                    write!(out, "{}", Message::CaseError.render(Lang::En))?;
                    out.reset()?;
                    let why = error.diagnostics.first().map_or("", |d| d.message.as_str());
                    let why = Message::CouldNotRun { why }.render(Lang::En);
                    writeln!(out, " {name}:{at}: {}: {why}", error.name)?;
                    writeln!(out)?;
                }
            }
        }
        if quiet {
            continue;
        }
        let (passed, failed, not_run) = counts(file);
        let status = if file.errors.is_empty() {
            Message::TestCounts {
                passed,
                failed,
                not_run,
            }
        } else {
            Message::TestsNotRun
        };
        writeln!(out, "{name}: {}", status.render(Lang::En))?;
    }
    if !quiet {
        writeln!(out)?;
    }
    let (passed, failed) = (run.passed(), run.failed());
    out.set_color(if failed > 0 { &red } else { &green })?;
    let counts = Message::TestCounts {
        passed,
        failed,
        not_run: 0,
    };
    write!(out, "{}", counts.render(Lang::En))?;
    out.reset()?;
    writeln!(out)?;
    if !quiet {
        for coverage in run.coverage() {
            write!(out, "{}", coverage_text(&coverage))?;
        }
    }
    Ok(())
}

/// One case as JSON.
#[derive(Serialize, Debug)]
pub(crate) struct JsonCase<'a> {
    /// The case's name.
    pub name: &'a str,
    /// The 1-based line of the case in the tests file.
    pub line: usize,
    /// `passed`, `failed` or `error`.
    pub status: &'static str,
    /// The rules that fired, in output order (absent when the case could not run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fired: Option<&'a [String]>,
    /// The rules expected to fire.
    pub expect: &'a [String],
    /// The rules expected not to fire.
    pub absent: &'a [String],
    /// Exactly these, in order, when given.
    pub exact: Option<&'a [String]>,
    /// The expectations not met, in words.
    pub failures: Vec<String>,
    /// Why the case could not run.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<JsonDiagnostic>,
}

/// One tests file as JSON.
#[derive(Serialize, Debug)]
pub(crate) struct JsonTestsFile<'a> {
    /// The tests file, as named.
    pub file: &'a str,
    /// The playbook it tests, when it could be read.
    pub playbook: Option<&'a str>,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Every case, in order.
    pub cases: Vec<JsonCase<'a>>,
    /// Why the file (or its playbook) could not be used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<JsonDiagnostic>,
}

/// A whole test run as JSON.
#[derive(Serialize, Debug)]
pub(crate) struct JsonTestRun<'a> {
    /// Every tests file, in the order run.
    pub files: Vec<JsonTestsFile<'a>>,
    /// Cases that passed.
    pub passed: usize,
    /// Cases that failed.
    pub failed: usize,
    /// Tests files and cases that could not be used.
    pub errors: usize,
    /// Rule coverage, per playbook.
    pub coverage: Vec<Coverage>,
}

/// Unmet expectations in English, one sentence each.
fn sentences(failures: &[Unmet]) -> Vec<String> {
    failures.iter().map(|f| f.sentence(Lang::En)).collect()
}

fn json_case<'a>(sources: &Sources, file: FileId, case: &'a CaseRun) -> JsonCase<'a> {
    let (status, fired, failures, errors) = match &case.result {
        Ok(outcome) if outcome.passed() => {
            ("passed", Some(&outcome.fired[..]), Vec::new(), Vec::new())
        }
        Ok(outcome) => (
            "failed",
            Some(&outcome.fired[..]),
            sentences(&outcome.failures),
            Vec::new(),
        ),
        Err(error) => (
            "error",
            None,
            Vec::new(),
            error
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic::new(sources, d))
                .collect(),
        ),
    };
    JsonCase {
        name: case.name(),
        line: line(sources, file, case.span),
        status,
        fired,
        expect: &case.expect,
        absent: &case.absent,
        exact: case.exact.as_deref(),
        failures,
        errors,
    }
}

/// The errors of a file, with its playbook's own diagnostics when the
/// playbook could not be compiled.
fn file_errors(run: &TestRun, file: &FileRun) -> Vec<JsonDiagnostic> {
    let mut errors: Vec<JsonDiagnostic> = file
        .errors
        .iter()
        .map(|d| JsonDiagnostic::new(&run.sources, d))
        .collect();
    if !file.errors.is_empty() {
        if let Some(tested) = file.playbook.and_then(|i| run.playbooks.get(i)) {
            let compiled = &tested.compiled;
            errors.extend(
                compiled
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.is_error()
                            && compiled
                                .sources
                                .get(compiled.root)
                                .is_some_and(|s| !s.text.is_empty())
                    })
                    .map(|d| JsonDiagnostic::new(&compiled.sources, d)),
            );
        }
    }
    errors
}

/// The run's JSON value.
pub(crate) fn test_json(run: &TestRun) -> JsonTestRun<'_> {
    let files: Vec<JsonTestsFile> = run
        .files
        .iter()
        .map(|file| {
            let (passed, failed, _) = counts(file);
            JsonTestsFile {
                file: file_name(&run.sources, file.file),
                playbook: file
                    .playbook
                    .and_then(|i| run.playbooks.get(i))
                    .map(|p| p.name.as_str()),
                passed,
                failed,
                cases: file
                    .cases
                    .iter()
                    .map(|c| json_case(&run.sources, file.file, c))
                    .collect(),
                errors: file_errors(run, file),
            }
        })
        .collect();
    let errors = run
        .files
        .iter()
        .map(|f| usize::from(!f.errors.is_empty()) + counts(f).2)
        .sum();
    JsonTestRun {
        files,
        passed: run.passed(),
        failed: run.failed(),
        errors,
        coverage: run.coverage(),
    }
}

/// Text made safe for XML attributes and content: markup characters
/// escaped, characters XML 1.0 cannot hold replaced.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The run as JUnit XML: one `testsuite` per tests file, one `testcase`
/// per case, a `failure` for each failing case and an `error` for each
/// case or file that could not be used. Rule coverage goes in each
/// suite's `system-out`.
pub(crate) fn test_junit(run: &TestRun) -> String {
    let mut out = String::new();
    let total: usize = run
        .files
        .iter()
        .map(|f| f.cases.len().max(usize::from(!f.errors.is_empty())))
        .sum();
    let errors: usize = run
        .files
        .iter()
        .map(|f| usize::from(!f.errors.is_empty()) + counts(f).2)
        .sum();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"playbook test\" tests=\"{total}\" failures=\"{}\" errors=\"{errors}\">",
        run.failed()
    );
    let coverage = run.coverage();
    for file in &run.files {
        let name = file_name(&run.sources, file.file);
        let class = name
            .strip_suffix(".tests.yaml")
            .or_else(|| name.strip_suffix(".tests.yml"))
            .unwrap_or(name);
        let (_, failed, case_errors) = counts(file);
        let file_error = usize::from(!file.errors.is_empty());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\" errors=\"{}\" skipped=\"0\">",
            xml_escape(name),
            file.cases.len() + file_error,
            case_errors + file_error
        );
        if !file.errors.is_empty() {
            let details = to_text(&run.sources, &file.errors);
            let _ = writeln!(
                out,
                "    <testcase classname=\"{}\" name=\"read the tests file\" file=\"{}\">\n      <error message=\"{}\" type=\"invalid\">{}</error>\n    </testcase>",
                xml_escape(class),
                xml_escape(name),
                xml_escape(file.errors.first().map_or("", |d| d.message.as_str())),
                xml_escape(&details)
            );
        }
        for case in &file.cases {
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                xml_escape(class),
                xml_escape(case.name()),
                xml_escape(name),
                line(&run.sources, file.file, case.span)
            );
            match &case.result {
                Ok(outcome) if outcome.passed() => out.push_str("/>\n"),
                Ok(outcome) => {
                    let fired = Message::FiredInOrder(&outcome.fired).render(Lang::En);
                    let mut body = format!("{fired}\n");
                    let failures = sentences(&outcome.failures);
                    for failure in &failures {
                        body.push_str(failure);
                        body.push('\n');
                    }
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\" type=\"expectation\">{}</failure>\n    </testcase>",
                        xml_escape(&failures.join("; ")),
                        xml_escape(&body)
                    );
                }
                Err(error) => {
                    let details = to_text(&run.sources, &error.diagnostics);
                    let _ = writeln!(
                        out,
                        ">\n      <error message=\"{}\" type=\"invalid\">{}</error>\n    </testcase>",
                        xml_escape(error.diagnostics.first().map_or("", |d| d.message.as_str())),
                        xml_escape(&details)
                    );
                }
            }
        }
        let tested = file.playbook.and_then(|i| run.playbooks.get(i));
        if let Some(covered) = tested.and_then(|t| coverage.iter().find(|c| c.playbook == t.name)) {
            let _ = writeln!(
                out,
                "    <system-out>{}</system-out>",
                xml_escape(&coverage_text(covered))
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            xml_escape("a < b & \"c\" > 'd'"),
            "a &lt; b &amp; &quot;c&quot; &gt; &apos;d&apos;"
        );
        assert_eq!(
            xml_escape("bell\u{7}\ttab\nline"),
            "bell\u{FFFD}\ttab\nline"
        );
        assert_eq!(xml_escape("需求分析"), "需求分析");
    }
}
