//! Playbook tests files (`NAME.tests.yaml`, LANGUAGE.md "Tests"): cases of a
//! deal, a date, and the rules that must or must not fire.
//!
//! This module reads and runs them; renderers and the `test` command show
//! the outcomes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::Date;
use crate::deal::{self, DealContext, DealFormat};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir;
use crate::span::{FileId, Source, Sources, Span};

/// A tests file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    playbook: String,
    today: Option<String>,
    cases: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    deal: deal::YamlValue,
    today: Option<String>,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    exact: Option<Vec<String>>,
}

/// A tests file, read.
#[derive(Debug)]
pub struct TestsFile {
    /// The playbook the cases test, resolved against the tests file's folder.
    pub playbook: PathBuf,
    /// The cases, in order.
    pub cases: Vec<Case>,
    /// The file, for locating problems.
    pub file: FileId,
}

/// One case.
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
    /// Where the case is written.
    pub span: Span,
}

/// Where a case's deal comes from.
#[derive(Debug)]
pub enum CaseDeal {
    /// A deal file, relative to the tests file.
    Path(PathBuf),
    /// A deal written in the case.
    Inline(deal::YamlValue),
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// The rules that fired, in output order (one entry per action).
    pub fired: Vec<String>,
    /// What went wrong; empty when the case passed.
    pub failures: Vec<String>,
}

impl CaseOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Where case `name` is written: the first `name:` line at or after `from`
/// that holds it (cases are searched in order, so the whole file is read
/// once, however many cases it has).
fn locate_case(text: &str, name: &str, from: usize) -> Span {
    let rest = text.get(from..).unwrap_or("");
    let found = rest.match_indices("name:").find(|(i, _)| {
        rest.get(*i..)
            .and_then(|tail| tail.lines().next())
            .is_some_and(|line| line.contains(name))
    });
    match found {
        Some((i, _)) => {
            let line = rest
                .get(i..)
                .and_then(|t| t.lines().next())
                .map_or(0, str::len);
            Span::new(from + i, from + i + line)
        }
        None => Span::new(0, 0),
    }
}

fn parse_date(text: &str, file: FileId, span: Span) -> Result<Date, Diagnostic> {
    Date::parse(text).map_err(|e| {
        Diagnostic::new(Code::DealDate, format!("`{text}` is not a valid date: {e}")).at(
            file,
            span,
            "in this case",
        )
    })
}

/// Reads a tests file whose text is already in `sources`.
pub fn read(sources: &Sources, file: FileId) -> Result<TestsFile, Diagnostic> {
    let Some(source) = sources.get(file) else {
        return Err(Diagnostic::new(
            Code::DealUnreadable,
            "tests file not loaded",
        ));
    };
    let raw: RawFile = deal::from_yaml(&source.text).map_err(|(message, position)| {
        let offset = position.map_or(0, |(line, column)| source.offset(line, column));
        Diagnostic::new(Code::DealSyntax, format!("this tests file cannot be read: {message}"))
            .at(file, Span::new(offset, offset), "")
            .help("a tests file has `playbook:`, an optional `today:`, and `cases:`, each with `name`, `deal`, and `expect`/`absent`/`exact`")
    })?;
    let base = source
        .path
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    let file_today = match &raw.today {
        Some(text) => Some(parse_date(text, file, Span::new(0, 0))?),
        None => None,
    };
    let mut cases = Vec::new();
    let mut searched_from = 0;
    for case in raw.cases {
        let span = locate_case(&source.text, &case.name, searched_from);
        if span.end > 0 {
            searched_from = span.end as usize;
        }
        let today = match (&case.today, file_today) {
            (Some(text), _) => parse_date(text, file, span)?,
            (None, Some(today)) => today,
            (None, None) => {
                return Err(Diagnostic::new(Code::DealRequired, format!("case `{}` has no date", case.name))
                    .at(file, span, "")
                    .help("give the file a `today:` line, or the case a `today:` field, so the case gives the same answer every day"))
            }
        };
        let deal = match case.deal {
            deal::YamlValue::String(path) => CaseDeal::Path(base.join(path)),
            other => CaseDeal::Inline(other),
        };
        cases.push(Case {
            name: case.name,
            deal,
            today,
            expect: case.expect,
            absent: case.absent,
            exact: case.exact,
            span,
        });
    }
    Ok(TestsFile {
        playbook: base.join(raw.playbook),
        cases,
        file,
    })
}

/// Runs one case against a compiled playbook. Deal files it reads are added
/// to `sources`.
pub fn run_case(
    case: &Case,
    playbook: &ir::Playbook,
    context: &DealContext,
    sources: &mut Sources,
    file: FileId,
) -> Result<CaseOutcome, Diagnostic> {
    let deal = match &case.deal {
        CaseDeal::Inline(value) => {
            deal::deal_from_yaml_value(value.clone(), context).map_err(|(code, message)| {
                let (message, help) = match message.split_once("; ") {
                    Some((message, help)) => (message.to_string(), Some(help.to_string())),
                    None => (message, None),
                };
                let mut diagnostic = Diagnostic::new(
                    code,
                    format!("the deal of case `{}` cannot be read: {message}", case.name),
                )
                .at(file, case.span, "in this case");
                diagnostic.help = help;
                diagnostic
            })?
        }
        CaseDeal::Path(path) => {
            let format = DealFormat::from_path(path).unwrap_or(DealFormat::Yaml);
            let mut loaded = deal::load_path(path, format, context, sources);
            match loaded.len() {
                1 => loaded.remove(0)?.deal,
                n => {
                    return Err(Diagnostic::new(
                        Code::DealUnreadable,
                        format!(
                            "case `{}` names a file with {n} deals; a case needs exactly one",
                            case.name
                        ),
                    )
                    .at(file, case.span, "in this case"))
                }
            }
        }
    };
    let result = crate::evaluate(playbook, &deal, case.today);
    let fired: Vec<String> = result.actions.iter().map(|a| a.rule.clone()).collect();
    let mut failures = Vec::new();
    for rule in &case.expect {
        if !fired.contains(rule) {
            failures.push(format!("expected `{rule}` to fire"));
        }
    }
    for rule in &case.absent {
        if fired.contains(rule) {
            failures.push(format!("expected `{rule}` not to fire"));
        }
    }
    if let Some(exact) = &case.exact {
        if *exact != fired {
            failures.push(format!("expected exactly [{}]", exact.join(", ")));
        }
    }
    Ok(CaseOutcome {
        name: case.name.clone(),
        fired,
        failures,
    })
}

/// The largest tests file read, in bytes (inline deals included).
pub const MAX_TESTS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Adds a tests file's text to `sources`.
pub fn load(path: &Path, sources: &mut Sources) -> std::io::Result<FileId> {
    let bytes = deal::read_bounded(path, MAX_TESTS_FILE_BYTES).map_err(std::io::Error::other)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| std::io::Error::other("it is not UTF-8 text; save it as UTF-8"))?;
    Ok(sources.add(Source::new(
        path.display().to_string(),
        Some(path.to_path_buf()),
        text,
    )))
}
