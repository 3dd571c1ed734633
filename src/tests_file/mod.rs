//! Playbook tests files (`NAME.tests.yaml`, LANGUAGE.md "Tests"): cases of a
//! deal, a date, and the rules that must or must not fire.
//!
//! This module reads them ([`read`]) and runs them ([`run_case`],
//! [`run_paths`]); renderers and the `test` command show the outcomes.
//! Every problem in a tests file points at its line: the YAML layout is
//! read alongside the values (see `layout`), so even an error inside an
//! inline deal is shown where it stands in the tests file.

mod layout;
mod problem;
mod run;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
use crate::diagnostic::{suggest, Code, Diagnostic};
use crate::span::{FileId, Source, Sources, Span};
use crate::yaml::{YamlError, YamlProblem, YamlValue};
pub(crate) use problem::TestsProblem;
use problem::{Level, Shape};

pub(crate) use layout::CaseLayout;
pub use run::{
    find, run_case, run_paths, CaseError, CaseOutcome, CaseRun, Coverage, FileRun, TestRun,
    TestedPlaybook,
};

/// The keys of a tests file.
const FILE_KEYS: &[&str] = &["playbook", "today", "cases"];
/// The keys of a case.
const CASE_KEYS: &[&str] = &["name", "deal", "today", "expect", "absent", "exact"];

/// A tests file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    playbook: Option<String>,
    today: Option<String>,
    cases: Option<Vec<RawCase>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Option<String>,
    deal: Option<YamlValue>,
    today: Option<String>,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    exact: Option<Vec<String>>,
}

/// A tests file, read: the playbook it tests and its cases.
///
/// ```
/// use playbook::{read_tests_file, Source, Sources};
///
/// let text = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: a quiet deal\n    deal:\n      id: D-1\n      stage: open\n    absent: [follow-up]\n  - name: a deal from a file\n    deal: deals/cold.yaml\n    expect: [follow-up]\n";
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("p.tests.yaml", None, text));
/// let tests = read_tests_file(&sources, file).unwrap();
/// assert_eq!(tests.playbook.to_str(), Some("p.playbook"));
/// assert_eq!(tests.cases.len(), 2);
/// ```
#[derive(Debug)]
pub struct TestsFile {
    /// The playbook the cases test, resolved against the tests file's folder.
    pub playbook: PathBuf,
    /// The cases, in order.
    pub cases: Vec<Case>,
    /// The file, for locating problems.
    pub file: FileId,
    /// Where `playbook:` names the playbook.
    pub playbook_span: Span,
}

/// One case: a deal, a date, and the rules expected to fire or not.
///
/// ```
/// use playbook::Date;
/// use playbook::{read_tests_file, Source, Sources};
///
/// let text = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: a quiet deal\n    deal:\n      id: D-1\n      stage: open\n    absent: [follow-up]\n  - name: a deal from a file\n    deal: deals/cold.yaml\n    expect: [follow-up]\n";
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("p.tests.yaml", None, text));
/// let tests = read_tests_file(&sources, file).unwrap();
/// let case = &tests.cases[0];
/// assert_eq!(case.name, "a quiet deal");
/// assert_eq!(case.today, Date::parse("2026-11-10").unwrap());
/// assert_eq!(case.absent, ["follow-up"]);
/// assert!(case.expect.is_empty() && case.exact.is_none());
/// ```
#[derive(Debug)]
pub struct Case {
    /// Its name.
    pub name: String,
    /// The deal: a file path, or inline.
    pub deal: CaseDeal,
    /// The date of the case.
    pub today: Date,
    /// Rules that must fire.
    pub expect: Vec<String>,
    /// Rules that must not fire.
    pub absent: Vec<String>,
    /// Exactly these, in this order, when given.
    pub exact: Option<Vec<String>>,
    /// Where the case is written (its `name:` line).
    pub span: Span,
    /// Where its parts are written.
    pub(crate) layout: CaseLayout,
}

/// Where a case's deal comes from.
///
/// ```
/// use playbook::{read_tests_file, CaseDeal, Source, Sources};
///
/// let text = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: a quiet deal\n    deal:\n      id: D-1\n      stage: open\n    absent: [follow-up]\n  - name: a deal from a file\n    deal: deals/cold.yaml\n    expect: [follow-up]\n";
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("p.tests.yaml", None, text));
/// let tests = read_tests_file(&sources, file).unwrap();
/// assert!(matches!(tests.cases[0].deal, CaseDeal::Inline(_)));
/// assert!(matches!(&tests.cases[1].deal, CaseDeal::Path(path) if path.ends_with("cold.yaml")));
/// ```
#[derive(Debug)]
pub enum CaseDeal {
    /// A deal file, relative to the tests file.
    Path(PathBuf),
    /// A deal written in the case.
    Inline(InlineDeal),
}

/// A deal written in a case, as the tests file holds it; it is read
/// against the playbook when the case runs.
///
/// ```
/// use std::path::Path;
/// use playbook::{load_tests_file, read_tests_file, CaseDeal, Sources};
///
/// let mut sources = Sources::new();
/// let file = load_tests_file(Path::new("playbooks/consultative-sales.tests.yaml"), &mut sources).unwrap();
/// let tests = read_tests_file(&sources, file).unwrap();
/// assert!(tests.cases.iter().any(|case| matches!(case.deal, CaseDeal::Inline(_))));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InlineDeal(pub(crate) YamlValue);

/// A problem as a diagnostic at `span`.
fn diagnostic(problem: &TestsProblem, file: FileId, span: Span) -> Diagnostic {
    let (code, message, help) = problem.describe();
    let mut diagnostic = Diagnostic::new(code, message).at(file, span, "");
    diagnostic.help = help;
    diagnostic
}

/// A YAML error as a diagnostic at its position in the file.
fn yaml_error(source: &Source, file: FileId, error: YamlError) -> Diagnostic {
    let offset = match (error.position, error.offset) {
        (Some((line, column)), _) => source.offset(line, column),
        (None, offset) => offset.unwrap_or(0),
    };
    let problem = match error.problem {
        YamlProblem::TooDeep => TestsProblem::TooDeep,
        YamlProblem::AliasRepetition => TestsProblem::AliasRepetition,
        YamlProblem::WrongType { found, .. } => TestsProblem::WrongType {
            found,
            expected: Shape::at(&error.path),
        },
        YamlProblem::InvalidValue(what) | YamlProblem::Words(what) => TestsProblem::Syntax { what },
    };
    let rest = source.text.get(offset..).unwrap_or("");
    let len = rest.find('\n').unwrap_or(rest.len());
    let span = Span::new(offset, offset + rest[..len].trim_end().len());
    diagnostic(&problem, file, span)
}

/// Unknown keys, each with "did you mean" and its place in the file.
fn unknown_keys(value: &YamlValue, layout: &layout::Layout, file: FileId) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let unknown = |key: &str, known: &'static [&'static str], span: Span, level: Level| {
        let problem = TestsProblem::UnknownKey {
            key: key.to_string(),
            level,
            known,
            close: suggest(key, known.iter().copied()),
        };
        diagnostic(&problem, file, span)
    };
    let Some(map) = value.as_mapping() else {
        return out;
    };
    for key in map.keys().filter_map(YamlValue::as_str) {
        if !FILE_KEYS.contains(&key) {
            let span = layout.entry(key).map_or(Span::new(0, 0), |e| e.key);
            out.push(unknown(key, FILE_KEYS, span, Level::File));
        }
    }
    let cases = map
        .get("cases")
        .and_then(YamlValue::as_sequence)
        .map_or(&[][..], Vec::as_slice);
    for (index, case) in cases.iter().enumerate() {
        let Some(case) = case.as_mapping() else {
            continue;
        };
        let case_layout = layout.cases.get(index);
        for key in case.keys().filter_map(YamlValue::as_str) {
            if !CASE_KEYS.contains(&key) {
                let span = case_layout
                    .and_then(|c| c.entry(key).map(|e| e.key).or(Some(c.span)))
                    .unwrap_or_default();
                out.push(unknown(key, CASE_KEYS, span, Level::Case));
            }
        }
    }
    out
}

fn parse_date(
    text: &str,
    file: FileId,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Date> {
    match Date::parse(text) {
        Ok(date) => Some(date),
        Err(error) => {
            let text = text.to_string();
            diagnostics.push(diagnostic(
                &TestsProblem::BadDate { text, error },
                file,
                span,
            ));
            None
        }
    }
}

/// Reads a tests file whose text is already in `sources`. Returns every
/// problem found when it cannot be run.
///
/// ```
/// use playbook::{read_tests_file, Code, Source, Sources};
///
/// let mut sources = Sources::new();
/// let good = sources.add(Source::new("a.tests.yaml", None, "playbook: p.playbook\ntoday: 2026-11-10\ncases: []\n"));
/// assert!(read_tests_file(&sources, good).is_ok());
/// let bad = sources.add(Source::new("b.tests.yaml", None, "playbook: p.playbook\ncases: [\n"));
/// let errors = read_tests_file(&sources, bad).unwrap_err();
/// assert!(errors.iter().all(|e| e.is_error()));
/// ```
pub fn read(sources: &Sources, file: FileId) -> Result<TestsFile, Vec<Diagnostic>> {
    let Some(source) = sources.get(file) else {
        return Err(vec![Diagnostic::new(
            Code::TestsSyntax,
            "tests file not loaded",
        )]);
    };
    let text: &str = &source.text;
    let layout = layout::read(text);
    let value: YamlValue =
        crate::yaml::from_yaml(text).map_err(|e| vec![yaml_error(source, file, e)])?;
    let unknown = unknown_keys(&value, &layout, file);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let raw: RawFile =
        crate::yaml::from_yaml(text).map_err(|e| vec![yaml_error(source, file, e)])?;
    let mut diagnostics = Vec::new();
    let start = layout::first_line(text, Span::new(0, text.len()));
    let missing = |problem: TestsProblem, span: Span| diagnostic(&problem, file, span);
    let playbook_span = layout.entry("playbook").map_or(start, |e| e.value);
    if raw.playbook.is_none() {
        diagnostics.push(missing(TestsProblem::NoPlaybook, start));
    }
    if raw.cases.is_none() {
        diagnostics.push(missing(TestsProblem::NoCases, start));
    }
    let file_today = match (&raw.today, layout.entry("today")) {
        (Some(text), entry) => parse_date(
            text,
            file,
            entry.map_or(start, |e| e.value),
            &mut diagnostics,
        ),
        (None, _) => None,
    };
    let base = source
        .path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    let mut cases = Vec::new();
    for (index, case) in raw.cases.into_iter().flatten().enumerate() {
        let case_layout = layout.cases.get(index).cloned().unwrap_or_default();
        let span = case_layout.anchor(text);
        let label = case
            .name
            .as_deref()
            .map_or_else(|| format!("case {}", index + 1), |n| format!("case `{n}`"));
        if case.name.is_none() {
            let label = label.clone();
            diagnostics.push(missing(TestsProblem::NoName { label }, span));
        }
        if case.deal.is_none() {
            let label = label.clone();
            diagnostics.push(missing(TestsProblem::NoDeal { label }, span));
        }
        let today = match &case.today {
            Some(date) => {
                let at = case_layout.entry("today").map_or(span, |e| e.value);
                parse_date(date, file, at, &mut diagnostics)
            }
            None if file_today.is_none() && raw.today.is_none() => {
                diagnostics.push(missing(TestsProblem::NoDate { label }, span));
                None
            }
            None => file_today,
        };
        let (Some(name), Some(deal), Some(today)) = (case.name, case.deal, today) else {
            continue;
        };
        let deal = match deal {
            YamlValue::String(path) => CaseDeal::Path(base.join(path)),
            other => CaseDeal::Inline(InlineDeal(other)),
        };
        cases.push(Case {
            name,
            deal,
            today,
            expect: case.expect,
            absent: case.absent,
            exact: case.exact,
            span,
            layout: case_layout,
        });
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(TestsFile {
        playbook: base.join(raw.playbook.unwrap_or_default()),
        cases,
        file,
        playbook_span,
    })
}

/// Adds a tests file's text to `sources`, to read with
/// [`read`](crate::read_tests_file).
///
/// ```
/// use playbook::{load_tests_file, read_tests_file, Sources};
///
/// let mut sources = Sources::new();
/// let file = load_tests_file("playbooks/consultative-sales.tests.yaml".as_ref(), &mut sources).unwrap();
/// let tests = read_tests_file(&sources, file).unwrap();
/// assert!(tests.playbook.ends_with("consultative-sales.playbook"));
/// ```
pub fn load(path: &Path, sources: &mut Sources) -> std::io::Result<FileId> {
    let text = std::fs::read_to_string(path)?;
    Ok(sources.add(Source::new(
        path.display().to_string(),
        Some(path.to_path_buf()),
        text,
    )))
}

#[cfg(test)]
mod tests {
    use crate::span::{Source, Sources};

    /// The message and the (line, column) of the first problem of a tests file.
    fn first_problem(text: &str) -> (String, (usize, usize)) {
        let mut sources = Sources::new();
        let file = sources.add(Source::new("t.tests.yaml", None, text));
        let errors = super::read(&sources, file).err().unwrap_or_default();
        let first = errors.first().expect("a problem");
        let at = first.labels.first().map_or(0, |l| l.span.start as usize);
        let position = sources
            .get(file)
            .map(|s| s.line_col(at))
            .unwrap_or_default();
        (first.message.clone(), position)
    }

    #[test]
    fn parser_words_are_the_same_as_in_deal_files() {
        // Bug fixed: tests files reworded parser messages with a table of
        // their own that left this one as libyaml wrote it.
        let (message, _) = first_problem("playbook: p.playbook\ncases:\n\t- name: x\n");
        assert_eq!(
            message,
            "this tests file cannot be read: found a character that cannot start any YAML token (a tab? YAML indents with spaces only)"
        );
    }

    #[test]
    fn a_position_given_in_words_is_underlined() {
        // Bug fixed: `at position N` stayed in the words and the underline
        // was on the first line.
        let (message, position) =
            first_problem("playbook: p.playbook\ncases:\n  - name: \"a\u{1}\"\n");
        assert_eq!(
            message,
            "this tests file cannot be read: control characters are not allowed"
        );
        assert_eq!(position, (3, 13));
    }

    #[test]
    fn the_layout_finds_every_case_of_the_shipped_tests_files() {
        for text in [
            include_str!("../../playbooks/consultative-sales.tests.yaml"),
            include_str!("../../playbooks/consultative-sales.zh.tests.yaml"),
        ] {
            let value: super::YamlValue = crate::yaml::from_yaml(text).unwrap();
            let cases = value["cases"].as_sequence().unwrap();
            let layout = super::layout::read(text);
            assert_eq!(layout.cases.len(), cases.len());
            for (case, found) in cases.iter().zip(&layout.cases) {
                let name = case["name"].as_str().unwrap();
                let entry = found.entry("name").unwrap();
                assert_eq!(&text[entry.value.range()], name);
                assert!(found.entry("deal").is_some(), "{name}");
            }
        }
    }
}
