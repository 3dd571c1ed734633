//! Running tests files: each case's deal evaluated on its date, the
//! expectations compared with what fired, and, over all cases of a
//! playbook, the rules no case made fire or kept silent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{diagnostic, layout, Case, CaseDeal, TestsFile, TestsProblem};
use crate::deal::{self, DealContext, DealFormat};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::ir;
use crate::loader::Compiled;
use crate::span::{FileId, Source, Sources, Span};
use crate::words::Unmet;

/// The outcome of one case that ran.
///
/// ```
/// use playbook::{compile_text, read_tests_file, run_test_case, Unmet, Source, Sources};
///
/// let text = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: a quiet deal\n    deal:\n      id: D-1\n      stage: open\n      close_date: 2026-11-09\n    expect: [follow-up]\n";
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("p.tests.yaml", None, text));
/// let case = &read_tests_file(&sources, file).unwrap().cases[0];
/// let compiled = compile_text("p.playbook", "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n");
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let outcome = run_test_case(case, playbook, &playbook.deal_context(), &mut sources, file).unwrap();
/// assert!(outcome.fired.is_empty());
/// assert!(!outcome.passed());
/// assert_eq!(outcome.failures, [Unmet::Fired("follow-up".into())]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// The rules that fired, in output order (one entry per action).
    pub fired: Vec<String>,
    /// The expectations not met, in the order written (`expect`,
    /// `absent`, `exact`); empty when the case passed.
    pub failures: Vec<Unmet>,
}

impl CaseOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// A case that could not run: its deal cannot be read, or it names a rule
/// the playbook does not have.
///
/// ```
/// use playbook::{run_tests, Code};
///
/// let dir = std::env::temp_dir().join(format!("playbook-doc-case-error-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// std::fs::write(dir.join("p.playbook"), "playbook \"P\"\nstages\n  open \"Open\"\nrule r\n  when stage is open\n  recommend \"x\"\n").unwrap();
/// let tests = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: no such deal\n    deal: missing.yaml\n    expect: [r]\n";
/// std::fs::write(dir.join("p.tests.yaml"), tests).unwrap();
/// let run = run_tests(&[dir.join("p.tests.yaml")]);
/// let error = run.files[0].cases[0].result.as_ref().unwrap_err();
/// assert_eq!(error.name, "no such deal");
/// assert_eq!(error.diagnostics[0].code, Code::DealUnreadable);
/// assert!(run.has_errors());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct CaseError {
    /// The case's name.
    pub name: String,
    /// What is wrong (located in the run's sources).
    pub diagnostics: Vec<Diagnostic>,
}

/// One case of a run.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&["playbooks/consultative-sales.tests.yaml".into()]);
/// let case = &run.files[0].cases[0];
/// assert!(case.name().starts_with("example prospect Globex"));
/// assert!(case.expect.contains(&"research-account".to_string()));
/// assert!(case.result.as_ref().unwrap().passed());
/// ```
#[derive(Debug, Clone)]
pub struct CaseRun {
    /// Where the case is written.
    pub span: Span,
    /// The rules it expects to fire, not to fire, and exactly.
    pub expect: Vec<String>,
    /// Rules that must not fire.
    pub absent: Vec<String>,
    /// Exactly these, in order, when given.
    pub exact: Option<Vec<String>>,
    /// What happened.
    pub result: Result<CaseOutcome, CaseError>,
}

impl CaseRun {
    /// The case's name.
    pub fn name(&self) -> &str {
        match &self.result {
            Ok(outcome) => &outcome.name,
            Err(error) => &error.name,
        }
    }
}

/// One tests file of a run.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&["playbooks/consultative-sales.tests.yaml".into()]);
/// let file = &run.files[0];
/// assert!(file.errors.is_empty());
/// let tested = &run.playbooks[file.playbook.unwrap()];
/// assert!(tested.name.ends_with("consultative-sales.playbook"));
/// assert_eq!(run.sources.get(file.file).unwrap().name, "playbooks/consultative-sales.tests.yaml");
/// ```
#[derive(Debug)]
pub struct FileRun {
    /// The file, in [`TestRun::sources`].
    pub file: FileId,
    /// The playbook it tests, an index into [`TestRun::playbooks`], when
    /// the file could be read.
    pub playbook: Option<usize>,
    /// Its cases, in order.
    pub cases: Vec<CaseRun>,
    /// Why the file (or its playbook) could not be used; located in
    /// [`TestRun::sources`].
    pub errors: Vec<Diagnostic>,
}

/// A playbook tested by one or more files, compiled once for all of them.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&[
///     "playbooks/consultative-sales.tests.yaml".into(),
///     "playbooks/consultative-sales.zh.tests.yaml".into(),
/// ]);
/// assert_eq!(run.playbooks.len(), 2);
/// let tested = &run.playbooks[0];
/// assert_eq!(tested.name, "playbooks/consultative-sales.playbook");
/// assert!(!tested.compiled.has_errors());
/// ```
#[derive(Debug)]
pub struct TestedPlaybook {
    /// Its path, as the first tests file named it (with `folder/..` taken out).
    pub name: String,
    /// Its path as resolved from that tests file.
    pub path: PathBuf,
    /// The compiled playbook and its diagnostics (located in its own sources).
    pub compiled: Compiled,
}

/// Which rules the cases of one playbook exercised.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&["playbooks/consultative-sales.tests.yaml".into()]);
/// let coverage = &run.coverage()[0];
/// assert_eq!(coverage.rules, 17);
/// // The shipped cases make every rule fire once and stay silent once.
/// assert!(coverage.never_fired.is_empty() && coverage.never_silent.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// The playbook's path.
    pub playbook: String,
    /// How many rules it has.
    pub rules: usize,
    /// How many cases ran on it.
    pub cases: usize,
    /// Rules that fired in no case, in playbook order.
    pub never_fired: Vec<String>,
    /// Rules that fired in every case (no case kept them silent).
    pub never_silent: Vec<String>,
}

/// Everything a run of tests files found.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&["playbooks/consultative-sales.tests.yaml".into()]);
/// assert!(run.passed() > 0);
/// assert_eq!(run.failed(), 0);
/// assert!(!run.has_errors());
/// ```
#[derive(Debug, Default)]
pub struct TestRun {
    /// The tests files and the deal files they read.
    pub sources: Sources,
    /// Each tests file, in the order run.
    pub files: Vec<FileRun>,
    /// Each playbook tested, compiled once.
    pub playbooks: Vec<TestedPlaybook>,
}

impl TestRun {
    /// Cases that passed.
    pub fn passed(&self) -> usize {
        self.outcomes().filter(|o| o.passed()).count()
    }

    /// Cases that failed.
    pub fn failed(&self) -> usize {
        self.outcomes().filter(|o| !o.passed()).count()
    }

    /// Whether a tests file, a playbook or a case could not be used.
    pub fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|f| !f.errors.is_empty() || f.cases.iter().any(|c| c.result.is_err()))
    }

    fn outcomes(&self) -> impl Iterator<Item = &CaseOutcome> {
        self.files
            .iter()
            .flat_map(|f| &f.cases)
            .filter_map(|c| c.result.as_ref().ok())
    }

    /// Rule coverage of each playbook that compiled, in the order first tested.
    pub fn coverage(&self) -> Vec<Coverage> {
        let mut out = Vec::new();
        for (index, tested) in self.playbooks.iter().enumerate() {
            let Some(playbook) = &tested.compiled.playbook else {
                continue;
            };
            let mut fired = BTreeSet::new();
            let mut silent = BTreeSet::new();
            let mut cases = 0;
            let runs = self
                .files
                .iter()
                .filter(|f| f.playbook == Some(index))
                .flat_map(|f| &f.cases)
                .filter_map(|c| c.result.as_ref().ok());
            for outcome in runs {
                cases += 1;
                for rule in &playbook.rules {
                    if outcome.fired.contains(&rule.id) {
                        fired.insert(rule.id.as_str());
                    } else {
                        silent.insert(rule.id.as_str());
                    }
                }
            }
            let ids = playbook.rules.iter().map(|r| r.id.as_str());
            out.push(Coverage {
                playbook: tested.name.clone(),
                rules: playbook.rules.len(),
                cases,
                never_fired: ids
                    .clone()
                    .filter(|id| !fired.contains(id))
                    .map(String::from)
                    .collect(),
                never_silent: ids
                    .filter(|id| !silent.contains(id))
                    .map(String::from)
                    .collect(),
            });
        }
        out
    }
}

/// The largest tests file read, in bytes.
pub(crate) const MAX_TESTS_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The tests files named by `paths`: files as given, folders searched
/// recursively for `*.tests.yaml` (sorted; hidden folders, `target` and
/// `node_modules` skipped). Returns the files and the paths that do not exist.
///
/// ```
/// use std::path::PathBuf;
/// use playbook::find_tests_files;
///
/// let (files, missing) = find_tests_files(&["playbooks".into(), "no-such-folder".into()]);
/// assert_eq!(files, [
///     PathBuf::from("playbooks/consultative-sales.tests.yaml"),
///     PathBuf::from("playbooks/consultative-sales.zh.tests.yaml"),
/// ]);
/// assert_eq!(missing, [PathBuf::from("no-such-folder")]);
/// ```
pub fn find(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found);
            found.sort();
            // `playbook test` in a folder names its files without `./`.
            files.extend(
                found
                    .into_iter()
                    .map(|p| p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p)),
            );
        } else if path.exists() {
            files.push(path.clone());
        } else {
            missing.push(path.clone());
        }
    }
    (files, missing)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            let skip = name.starts_with('.') || name == "target" || name == "node_modules";
            if !skip {
                walk(&path, found);
            }
        } else if kind.is_file() && (name.ends_with(".tests.yaml") || name.ends_with(".tests.yml"))
        {
            found.push(path);
        }
    }
}

/// Runs every tests file in `files`, in order: `playbook test`.
///
/// ```
/// use playbook::run_tests;
///
/// let run = run_tests(&["playbooks/consultative-sales.tests.yaml".into()]);
/// assert_eq!(run.files.len(), 1);
/// assert_eq!(run.failed(), 0);
/// assert_eq!(run.passed(), run.files[0].cases.len());
/// ```
pub fn run_paths(files: &[PathBuf]) -> TestRun {
    let mut run = TestRun::default();
    for path in files {
        let file_run = run_file(path, &mut run);
        run.files.push(file_run);
    }
    run
}

fn read_file(path: &Path, sources: &mut Sources) -> Result<FileId, Diagnostic> {
    let name = path.display().to_string();
    let text = std::fs::metadata(path)
        .map_err(|e| crate::files::io_message(&e))
        .and_then(|m| {
            if m.len() > MAX_TESTS_FILE_BYTES {
                Err(format!(
                    "it is {} bytes, more than the limit of {MAX_TESTS_FILE_BYTES}",
                    m.len()
                ))
            } else {
                std::fs::read(path).map_err(|e| crate::files::io_message(&e))
            }
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text; save it as UTF-8".into())
        });
    match text {
        Ok(text) => Ok(sources.add(Source::new(name, Some(path.to_path_buf()), text))),
        Err(reason) => {
            let file = sources.add(Source::new(name.clone(), Some(path.to_path_buf()), ""));
            let problem = TestsProblem::Unreadable { file: name, reason };
            Err(diagnostic(&problem, file, Span::new(0, 0)))
        }
    }
}

fn run_file(path: &Path, run: &mut TestRun) -> FileRun {
    let failed = |file, errors| FileRun {
        file,
        playbook: None,
        cases: Vec::new(),
        errors,
    };
    let file = match read_file(path, &mut run.sources) {
        Ok(file) => file,
        Err(diagnostic) => {
            let file = diagnostic
                .labels
                .first()
                .map(|l| l.file)
                .unwrap_or_default();
            return failed(file, vec![diagnostic]);
        }
    };
    let tests = match super::read(&run.sources, file) {
        Ok(tests) => tests,
        Err(errors) => return failed(file, errors),
    };
    let index = playbook_index(&tests.playbook, run);
    let mut file_run = FileRun {
        file,
        playbook: Some(index),
        cases: Vec::new(),
        errors: Vec::new(),
    };
    let Some(tested) = run.playbooks.get(index) else {
        return file_run;
    };
    let Some(playbook) = &tested.compiled.playbook else {
        file_run.errors.push(playbook_error(&tests, tested));
        return file_run;
    };
    let context = playbook.deal_context();
    for case in &tests.cases {
        let unknown = unknown_rules(case, playbook, &run.sources, file);
        let result = if unknown.is_empty() {
            run_case(case, playbook, &context, &mut run.sources, file).map_err(|d| vec![d])
        } else {
            Err(unknown)
        };
        file_run.cases.push(CaseRun {
            span: case.span,
            expect: case.expect.clone(),
            absent: case.absent.clone(),
            exact: case.exact.clone(),
            result: result.map_err(|diagnostics| CaseError {
                name: case.name.clone(),
                diagnostics,
            }),
        });
    }
    file_run
}

/// The index of the playbook at `path`, compiling it on first use.
fn playbook_index(path: &Path, run: &mut TestRun) -> usize {
    let key = path.canonicalize().ok();
    let same = |tested: &TestedPlaybook| match &key {
        Some(key) => tested.path.canonicalize().ok().as_ref() == Some(key),
        None => tested.path == path,
    };
    if let Some(index) = run.playbooks.iter().position(same) {
        return index;
    }
    run.playbooks.push(TestedPlaybook {
        name: tidy(path).display().to_string(),
        path: path.to_path_buf(),
        compiled: crate::loader::compile_path(path),
    });
    run.playbooks.len() - 1
}

/// A path with `folder/..` and `.` taken out, for showing.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// The error at a tests file's `playbook:` line for a playbook that cannot
/// be used.
fn playbook_error(tests: &TestsFile, tested: &TestedPlaybook) -> Diagnostic {
    let errors: Vec<&Diagnostic> = tested
        .compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    match errors.as_slice() {
        [only] if only.code == Code::Unreadable => {
            Diagnostic::new(Code::Unreadable, only.message.clone())
                .at(tests.file, tests.playbook_span, "")
                .help("the playbook path is relative to the tests file")
        }
        _ => Diagnostic::new(
            errors.first().map_or(Code::Syntax, |d| d.code),
            format!(
                "the playbook `{}` has {}",
                tested.name,
                crate::words::count_noun(errors.len(), "error")
            ),
        )
        .at(tests.file, tests.playbook_span, "")
        .help("fix the playbook (see `playbook validate`); no case of this file ran"),
    }
}

/// Rule IDs in a case's expectations that the playbook does not have.
fn unknown_rules(
    case: &Case,
    playbook: &ir::Playbook,
    sources: &Sources,
    file: FileId,
) -> Vec<Diagnostic> {
    let text = sources.get(file).map_or("", |s| &*s.text);
    let ids = || playbook.rules.iter().map(|r| r.id.as_str());
    let mut out = Vec::new();
    let none = Vec::new();
    let lists = [
        ("expect", &case.expect),
        ("absent", &case.absent),
        ("exact", case.exact.as_ref().unwrap_or(&none)),
    ];
    for (key, list) in lists {
        for id in list.iter().filter(|id| !ids().any(|r| r == id.as_str())) {
            let span = case.layout.find_in(text, key, id).unwrap_or(case.span);
            let problem = TestsProblem::UnknownRule {
                case: case.name.clone(),
                id: id.clone(),
                close: crate::diagnostic::suggest(id, ids()).map(str::to_string),
                rules: ids().map(str::to_string).collect(),
            };
            out.push(diagnostic(&problem, file, span));
        }
    }
    out
}

/// Runs one case against a compiled playbook. Deal files it reads are added
/// to `sources`. An inline deal needs no I/O, so a tool holding the tests
/// file in memory (an editor) runs cases this way.
///
/// ```
/// use playbook::{compile_text, read_tests_file, run_test_case, Source, Sources};
///
/// let text = "playbook: p.playbook\ntoday: 2026-11-10\ncases:\n  - name: a quiet deal\n    deal:\n      id: D-1\n      stage: open\n      close_date: 2026-11-09\n    expect: [follow-up]\n";
/// let mut sources = Sources::new();
/// let file = sources.add(Source::new("p.tests.yaml", None, text));
/// let case = &read_tests_file(&sources, file).unwrap().cases[0];
/// let compiled = compile_text("p.playbook", "playbook \"P\"\nstages\n  open \"Open\"\nrule follow-up\n  when stage is open and days since close_date > 14\n  recommend \"Call back\"\n");
/// let playbook = compiled.playbook.as_ref().unwrap();
/// let outcome = run_test_case(case, playbook, &playbook.deal_context(), &mut sources, file).unwrap();
/// // Nine days since the close date: the rule expected to fire did not.
/// assert!(!outcome.passed());
/// ```
pub fn run_case(
    case: &Case,
    playbook: &ir::Playbook,
    context: &DealContext,
    sources: &mut Sources,
    file: FileId,
) -> Result<CaseOutcome, Diagnostic> {
    let deal = match &case.deal {
        CaseDeal::Inline(deal) => inline_deal(case, &deal.0, context, sources, file)?,
        CaseDeal::Path(path) => deal_file(case, path, context, sources, file)?,
    };
    let result = crate::eval::evaluate(playbook, &deal, case.today);
    let fired: Vec<String> = result.actions.iter().map(|a| a.rule.clone()).collect();
    let mut failures = Vec::new();
    for rule in &case.expect {
        if !fired.contains(rule) {
            failures.push(Unmet::Fired(rule.clone()));
        }
    }
    for rule in &case.absent {
        if fired.contains(rule) {
            failures.push(Unmet::Silent(rule.clone()));
        }
    }
    if let Some(exact) = &case.exact {
        if *exact != fired {
            failures.push(Unmet::Exactly(exact.clone()));
        }
    }
    Ok(CaseOutcome {
        name: case.name.clone(),
        fired,
        failures,
    })
}

/// A deal written in the case. Should it not read, it is read again from
/// its own lines of the tests file, so the error points at the line.
fn inline_deal(
    case: &Case,
    value: &crate::yaml::YamlValue,
    context: &DealContext,
    sources: &Sources,
    file: FileId,
) -> Result<deal::Deal, Diagnostic> {
    let error = match deal::deal_from_yaml_value(value.clone(), context) {
        Ok(deal) => return Ok(deal),
        Err(problem) => problem,
    };
    let located = sources.get(file).and_then(|source| {
        let value = case.layout.value(&source.text, "deal")?;
        let isolated = Source::new(
            source.name.clone(),
            None,
            layout::isolate(&source.text, value),
        );
        deal::load_text(&isolated, file, DealFormat::Yaml, context)
            .into_iter()
            .find_map(Result::err)
    });
    Err(located.unwrap_or_else(|| {
        let case_name = case.name.clone();
        let problem = TestsProblem::InlineDeal {
            case: case_name,
            problem: error,
        };
        diagnostic(&problem, file, case.span)
    }))
}

/// A deal file named by the case: it must hold exactly one deal.
fn deal_file(
    case: &Case,
    path: &Path,
    context: &DealContext,
    sources: &mut Sources,
    file: FileId,
) -> Result<deal::Deal, Diagnostic> {
    let text = sources.get(file).map_or("", |s| &*s.text);
    let at = case
        .layout
        .value(text, "deal")
        .map_or(case.span, |value| layout::first_line(text, value));
    let format = DealFormat::from_path(path).unwrap_or(DealFormat::Yaml);
    let mut loaded = deal::load_path(path, format, context, sources);
    if loaded.len() == 1 {
        return match loaded.remove(0) {
            Ok(loaded) => Ok(loaded.deal),
            Err(mut diagnostic) => {
                let label = Label {
                    file,
                    span: at,
                    message: "the deal of this case".to_string(),
                };
                if diagnostic.code == Code::DealUnreadable {
                    // The file has no text to show: point at the case.
                    label_first(&mut diagnostic, label);
                    diagnostic.help = Some("deal paths are relative to the tests file".into());
                } else {
                    diagnostic.labels.push(label);
                }
                Err(diagnostic)
            }
        };
    }
    let problem = TestsProblem::DealCount {
        case: case.name.clone(),
        deals: loaded.len(),
    };
    Err(diagnostic(&problem, file, at))
}

fn label_first(diagnostic: &mut Diagnostic, mut label: Label) {
    label.message.clear();
    diagnostic.labels.insert(0, label);
}
