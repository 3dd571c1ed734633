//! The spec's own examples, copied verbatim into `tests/fixtures/spec/`:
//!
//! - `language-whole-playbook.playbook`: LANGUAGE.md, "A whole playbook";
//! - `language-tests-example.yaml`: LANGUAGE.md, "Tests" (named without
//!   `.tests.yaml` so that `playbook test` does not pick it up: the files it
//!   names do not exist beside it);
//! - `deals-example.yaml`: DEALS.md, "The model", comments included;
//! - `developers-ask-open-questions.playbook`: the developers' guide's
//!   `ask-open-questions` rule after a minimal header (the five default
//!   stages and the `open_questions` define).
//!
//! Each playbook compiles; the example deal loads with the built-in
//! playbook and with the LANGUAGE.md playbook; and evaluating it as of
//! 2026-11-28 gives the actions worked out from the spec by hand (see each
//! test). When `../shared/spec` exists beside the repository, the copies are
//! also compared with the spec's fenced code blocks, so the fixtures cannot
//! drift from the spec unnoticed; without it (as in CI) that comparison is
//! skipped with a note.

use std::path::{Path, PathBuf};

use playbook::Date;
use playbook::DealResult;
use playbook::Lang;
use playbook::Priority;
use playbook::Severity;
use playbook::{load_deals as load_text, CustomValue, Deal, DealContext, DealFormat};
use playbook::{FileId, Source, Sources};

const WHOLE_PLAYBOOK: &str = "language-whole-playbook.playbook";
const TESTS_EXAMPLE: &str = "language-tests-example.yaml";
const DEAL_EXAMPLE: &str = "deals-example.yaml";
const DEVELOPERS_RULE: &str = "developers-ask-open-questions.playbook";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spec")
        .join(name)
}

fn read(name: &str) -> String {
    let path = fixture(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn today() -> Date {
    Date::parse("2026-11-28").unwrap_or_else(|e| panic!("{e}"))
}

/// Compiles a fixture playbook; fails the test on any error.
fn compile(name: &str) -> playbook::Playbook {
    let compiled = playbook::compile_path(&fixture(name));
    let text = playbook::diagnostics_to_text(&compiled.sources, &compiled.diagnostics);
    assert!(!compiled.has_errors(), "{name} does not compile:\n{text}");
    if !compiled.diagnostics.is_empty() {
        println!("{name}: warnings:\n{text}");
    }
    compiled
        .playbook
        .unwrap_or_else(|| panic!("{name}: no playbook despite no errors"))
}

/// Reads the DEALS.md example deal with a playbook's stages and fields.
fn load_example_deal(context: &DealContext) -> Deal {
    let source = Source::new(DEAL_EXAMPLE, None, read(DEAL_EXAMPLE));
    let mut deals = load_text(&source, FileId(0), DealFormat::Yaml, context);
    assert_eq!(deals.len(), 1, "the example is one deal");
    match deals.remove(0) {
        Ok(loaded) => {
            assert_eq!(loaded.line, 1, "the deal starts on the first line");
            loaded.deal
        }
        Err(diagnostic) => panic!("the DEALS.md example deal does not load: {diagnostic:?}"),
    }
}

/// The actions as `(rule, priority, message)` triples.
fn actions(result: &DealResult) -> Vec<(&str, Priority, &str)> {
    result
        .actions
        .iter()
        .map(|a| (a.rule.as_str(), a.priority, a.message.as_str()))
        .collect()
}

fn rules(result: &DealResult) -> Vec<&str> {
    result.actions.iter().map(|a| a.rule.as_str()).collect()
}

// ---------------------------------------------------------------------------
// The playbooks compile
// ---------------------------------------------------------------------------

#[test]
fn the_whole_playbook_of_language_md_compiles() {
    let playbook = compile(WHOLE_PLAYBOOK);
    assert_eq!(playbook.name(), "Consultative sales path");
    assert_eq!(playbook.version(), Some("1.0"));
    let stages: Vec<&str> = playbook.stages().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        stages,
        [
            "prospecting",
            "contact",
            "needs-analysis",
            "value-delivery",
            "closing"
        ]
    );
    let ids: Vec<&str> = playbook.rules().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["ask-open-questions", "resolve-objection", "keep-in-touch"]
    );
    let priorities: Vec<Priority> = playbook.rules().iter().map(|r| r.priority).collect();
    assert_eq!(
        priorities,
        [Priority::High, Priority::High, Priority::Medium]
    );
}

/// Each diagnostic of a fixture playbook as its code and the source text its
/// primary label underlines, in file order.
fn diagnostics(name: &str) -> Vec<(&'static str, String)> {
    let compiled = playbook::compile_path(&fixture(name));
    let source = read(name);
    compiled
        .diagnostics
        .iter()
        .map(|d| {
            let subject = d
                .labels
                .first()
                .and_then(|label| source.get(label.span.range()))
                .unwrap_or_default();
            (d.code.as_str(), subject.to_string())
        })
        .collect()
}

fn owned(expected: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    expected.iter().map(|(c, s)| (*c, s.to_string())).collect()
}

/// The developers' guide shows one rule, for needs analysis, after the five
/// default stages: the playbook is fine (no error, and nothing to say about
/// the rule), and `validate` notes the four stages it writes no rule for.
#[test]
fn the_developers_guide_rule_warns_only_about_the_stages_it_leaves_out() {
    assert_eq!(
        diagnostics(DEVELOPERS_RULE),
        owned(&[
            ("W006", "prospecting"),
            ("W006", "contact"),
            ("W006", "value-delivery"),
            ("W006", "closing"),
        ])
    );
    let playbook = compile(DEVELOPERS_RULE);
    let ids: Vec<&str> = playbook.rules().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["ask-open-questions"]);
}

/// LANGUAGE.md: a rule without `because` gets a warning ("validate warns
/// when absent"): `resolve-objection`. Its other rules draw none: each can
/// fire and their symbols are known. Being an excerpt, the playbook also
/// leaves things unused, and LANGUAGE.md lists "a define never used" among
/// the warnings too: `days_in_stage` is defined but no rule reads it, nor
/// `custom.budget_confirmed`, and no rule is specific to `closing`
/// (`keep-in-touch` stops before it; `resolve-objection` applies at every
/// stage). (This test once expected the `because` warning alone, assuming
/// every define was used; `days_in_stage` is not.)
#[test]
fn the_whole_playbook_warns_about_the_rule_without_because_and_what_the_excerpt_leaves_unused() {
    let compiled = playbook::compile_path(&fixture(WHOLE_PLAYBOOK));
    assert!(
        compiled
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{}",
        playbook::diagnostics_to_text(&compiled.sources, &compiled.diagnostics)
    );
    assert_eq!(
        diagnostics(WHOLE_PLAYBOOK),
        owned(&[
            ("W006", "closing"),
            ("W004", "custom.budget_confirmed"),
            ("W003", "days_in_stage"),
            ("W002", "resolve-objection"),
        ])
    );
}

// ---------------------------------------------------------------------------
// The DEALS.md example deal
// ---------------------------------------------------------------------------

#[test]
fn the_example_deal_loads_with_the_builtin_playbook() {
    for lang in [Lang::En, Lang::Zh] {
        let playbook = playbook::builtin(lang);
        let deal = load_example_deal(&playbook.deal_context());
        assert_eq!(deal.id, "D-1042");
        assert_eq!(deal.name.as_deref(), Some("Acme Corp CRM rollout"));
        assert_eq!(deal.stage, "needs-analysis");
        assert_eq!(deal.amount, Some(120000.0));
        assert_eq!(deal.probability, Some(40.0));
        assert_eq!(deal.close_date, Date::parse("2026-12-20").ok());
        let account = deal.account.as_ref();
        assert_eq!(account.and_then(|a| a.name.as_deref()), Some("Acme Corp"));
        assert_eq!(account.and_then(|a| a.size), Some(1200.0));
        assert_eq!(deal.contacts.as_ref().map(Vec::len), Some(1));
        assert_eq!(deal.activities.as_ref().map(Vec::len), Some(1));
        let with = deal
            .activities
            .as_ref()
            .and_then(|a| a.first())
            .and_then(|a| a.with.clone());
        assert_eq!(with, Some(vec!["Zhang San".to_string()]));
        assert_eq!(deal.snoozed.as_ref().map(Vec::len), Some(1));
    }
}

#[test]
fn the_example_deal_loads_with_the_language_md_playbook() {
    let playbook = compile(WHOLE_PLAYBOOK);
    let deal = load_example_deal(&playbook.deal_context());
    assert_eq!(deal.id, "D-1042");
    // `custom.budget_confirmed bool` is declared, so its value is read.
    assert_eq!(deal.custom.0, vec![Some(CustomValue::Bool(true))]);
}

/// The built-in playbook (DEFAULT-PLAYBOOK.md's table) on the example deal,
/// as of 2026-11-28. The deal is at needs-analysis, entered 2026-10-28
/// (31 days), one open question, one confirmed need with its value, a
/// decision maker, one unresolved objection, last activity 2026-11-02
/// (26 days), close date 2026-12-20, next step due 2026-12-01, and
/// `follow-up` snoozed until 2026-12-05. So:
///
/// - 1-4 (prospecting, contact rules): stage is past them; silent.
/// - 5 `ask-open-questions`: needs-analysis and 1 open question < 2: fires, high.
/// - 6 `confirm-needs`: a confirmed need exists; silent.
/// - 7 `find-decision-maker`: Zhang San is the decision maker; silent.
/// - 8-11 (value-delivery and later): silent.
/// - 12 `agree-next-step`: not closing; silent.
/// - 13 `resolve-objection`: "price above budget" is unresolved: fires once, high.
/// - 14 `follow-up`: 26 days > 14 fires, but the snooze runs to 2026-12-05: hidden, reported.
/// - 15 `close-date-passed`: 2026-12-20 is not before today; silent.
/// - 16 `overdue-next-step`: due 2026-12-01 is not before today; silent.
/// - 17 `stalled-in-stage`: 31 days > 30: fires, medium.
///
/// Ordered high first, then by rule order, then medium.
#[test]
fn the_builtin_playbook_on_the_example_deal() {
    for lang in [Lang::En, Lang::Zh] {
        let playbook = playbook::builtin(lang);
        let deal = load_example_deal(&playbook.deal_context());
        let result = playbook::evaluate(&playbook, &deal, today());
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        assert_eq!(
            rules(&result),
            [
                "ask-open-questions",
                "resolve-objection",
                "stalled-in-stage"
            ],
            "{lang:?}"
        );
        let priorities: Vec<Priority> = result.actions.iter().map(|a| a.priority).collect();
        assert_eq!(
            priorities,
            [Priority::High, Priority::High, Priority::Medium],
            "{lang:?}"
        );
        // DEFAULT-PLAYBOOK.md: "say how many so far", "quote it", "say how
        // long it has been in the stage".
        let messages: Vec<&str> = result.actions.iter().map(|a| a.message.as_str()).collect();
        assert!(messages[0].contains('1'), "{lang:?}: {}", messages[0]);
        assert!(
            messages[1].contains("price above budget"),
            "{lang:?}: {}",
            messages[1]
        );
        assert!(messages[2].contains("31"), "{lang:?}: {}", messages[2]);
        assert!(
            result.actions.iter().all(|a| a.because.is_some()),
            "every built-in rule has a `because`"
        );
        assert_eq!(result.snoozed.len(), 1, "{lang:?}");
        let snoozed = &result.snoozed[0];
        assert_eq!(snoozed.rule, "follow-up");
        assert_eq!(Some(snoozed.until), Date::parse("2026-12-05").ok());
        assert_eq!(snoozed.reason, "CFO travelling until December");
    }
}

/// After the snooze (2026-12-06) `follow-up` is back, a medium action after
/// the high ones and before `stalled-in-stage` (rule 14 before rule 17);
/// the next step (due 2026-12-01) is now overdue (rule 16, high).
#[test]
fn the_builtin_playbook_on_the_example_deal_after_the_snooze() {
    let playbook = playbook::builtin(Lang::En);
    let deal = load_example_deal(&playbook.deal_context());
    let after = Date::parse("2026-12-06").unwrap_or_else(|e| panic!("{e}"));
    let result = playbook::evaluate(&playbook, &deal, after);
    assert_eq!(
        rules(&result),
        [
            "ask-open-questions",
            "resolve-objection",
            "overdue-next-step",
            "follow-up",
            "stalled-in-stage"
        ]
    );
    assert!(result.snoozed.is_empty());
}

/// The LANGUAGE.md playbook on the example deal, as of 2026-11-28:
///
/// - `ask-open-questions`: needs-analysis, 1 open question: fires, high, with
///   its title, the message interpolated and its reason.
/// - `resolve-objection`: one unresolved objection: fires, high, no title, no reason.
/// - `keep-in-touch`: needs-analysis is before closing, and the last
///   activity (2026-11-02) was 26 days ago: fires, medium. The deal's snooze
///   names `follow-up`, not `keep-in-touch`, so nothing is hidden; and as
///   this playbook has no `follow-up` rule the snooze is a warning (DEALS.md).
#[test]
fn the_language_md_playbook_on_the_example_deal() {
    let playbook = compile(WHOLE_PLAYBOOK);
    let deal = load_example_deal(&playbook.deal_context());
    let result = playbook::evaluate(&playbook, &deal, today());
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(
        actions(&result),
        [
            (
                "ask-open-questions",
                Priority::High,
                "Ask open questions to surface Acme Corp's real needs (1 so far)"
            ),
            (
                "resolve-objection",
                Priority::High,
                "Resolve the objection: price above budget"
            ),
            (
                "keep-in-touch",
                Priority::Medium,
                "Follow up: no contact for 26 days"
            ),
        ]
    );
    let titles: Vec<Option<&str>> = result.actions.iter().map(|a| a.title.as_deref()).collect();
    assert_eq!(titles, [Some("Ask open questions"), None, None]);
    let reasons: Vec<Option<&str>> = result
        .actions
        .iter()
        .map(|a| a.because.as_deref())
        .collect();
    assert_eq!(
        reasons,
        [
            Some("Needs analysis depends on the customer describing the need in their own words"),
            None,
            Some("Timely follow-up builds trust"),
        ]
    );
    assert!(result.actions.iter().all(|a| a.tags.is_empty()));
    assert!(result.snoozed.is_empty());
    assert_eq!(result.warnings.len(), 1, "{:?}", result.warnings);
    assert_eq!(result.warnings[0].severity, Severity::Warning);
    assert!(
        result.warnings[0].message.contains("follow-up"),
        "{}",
        result.warnings[0].message
    );
}

/// The developers' guide rule on the example deal: it fires, with its own reason.
#[test]
fn the_developers_guide_rule_on_the_example_deal() {
    let playbook = compile(DEVELOPERS_RULE);
    let deal = load_example_deal(&playbook.deal_context());
    let result = playbook::evaluate(&playbook, &deal, today());
    assert_eq!(
        actions(&result),
        [(
            "ask-open-questions",
            Priority::High,
            "Ask open questions to surface Acme Corp's real needs (1 so far)"
        )]
    );
    assert_eq!(
        result.actions[0].because.as_deref(),
        Some("Needs analysis depends on the customer's own words")
    );
    assert_eq!(
        result.actions[0].title.as_deref(),
        Some("Ask open questions")
    );
}

// ---------------------------------------------------------------------------
// The LANGUAGE.md tests-file example
// ---------------------------------------------------------------------------

#[test]
fn the_tests_file_example_reads() {
    let mut sources = Sources::new();
    let file = playbook::load_tests_file(&fixture(TESTS_EXAMPLE), &mut sources)
        .unwrap_or_else(|e| panic!("cannot read {TESTS_EXAMPLE}: {e}"));
    let tests = playbook::read_tests_file(&sources, file)
        .unwrap_or_else(|d| panic!("{TESTS_EXAMPLE} is not a valid tests file: {d:?}"));
    assert!(tests.playbook.ends_with("consultative.playbook"));
    assert_eq!(tests.cases.len(), 1);
    let case = &tests.cases[0];
    assert_eq!(case.name, "needs analysis without open questions");
    assert_eq!(Some(case.today), Date::parse("2026-11-28").ok());
    match &case.deal {
        playbook::CaseDeal::Path(path) => {
            assert!(path.ends_with("../examples/deals/acme.yaml"), "{path:?}")
        }
        other => panic!("the deal is a path, not {other:?}"),
    }
    assert_eq!(case.expect, ["ask-open-questions"]);
    assert_eq!(case.absent, ["follow-up"]);
    assert_eq!(case.exact, None);
}

/// Runs the tests-file example as written, in a folder laid out the way its
/// paths expect: `consultative.playbook` beside it (the LANGUAGE.md
/// playbook, then the built-in one) and the DEALS.md example (the Acme deal)
/// at `../examples/deals/acme.yaml`. Both pass: `ask-open-questions` fires
/// (one open question), and `follow-up` does not (the LANGUAGE.md playbook
/// has no such rule; in the built-in one it is snoozed).
#[test]
fn the_tests_file_example_passes_on_the_example_deal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |path: &Path, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    let tests_path = dir.path().join("playbooks/consultative.tests.yaml");
    write(&tests_path, &read(TESTS_EXAMPLE));
    write(
        &dir.path().join("examples/deals/acme.yaml"),
        &read(DEAL_EXAMPLE),
    );
    let builtin = playbook::builtin_text(Lang::En).1;
    for (label, text) in [
        ("LANGUAGE.md", read(WHOLE_PLAYBOOK)),
        ("built-in", builtin.to_string()),
    ] {
        write(&dir.path().join("playbooks/consultative.playbook"), &text);
        let mut sources = Sources::new();
        let file =
            playbook::load_tests_file(&tests_path, &mut sources).unwrap_or_else(|e| panic!("{e}"));
        let tests = playbook::read_tests_file(&sources, file).unwrap_or_else(|d| panic!("{d:?}"));
        let playbook = compile_at(&tests.playbook);
        let context = playbook.deal_context();
        for case in &tests.cases {
            let outcome = playbook::run_test_case(case, &playbook, &context, &mut sources, file)
                .unwrap_or_else(|d| panic!("{label}: {d:?}"));
            assert!(
                outcome.passed(),
                "{label}: `{}` fired [{}]: {}",
                outcome.name,
                outcome.fired.join(", "),
                crate::common::unmet(&outcome)
            );
        }
    }
}

fn compile_at(path: &Path) -> playbook::Playbook {
    let compiled = playbook::compile_path(path);
    assert!(
        !compiled.has_errors(),
        "{}",
        playbook::diagnostics_to_text(&compiled.sources, &compiled.diagnostics)
    );
    compiled
        .playbook
        .unwrap_or_else(|| panic!("{} did not compile", path.display()))
}

// ---------------------------------------------------------------------------
// The copies still match the spec
// ---------------------------------------------------------------------------

/// The fenced code blocks of a Markdown text, without their fences.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(String::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

/// The one block of `markdown` for which `pick` holds.
fn the_block(markdown: &str, what: &str, pick: impl Fn(&str) -> bool) -> String {
    let mut found: Vec<String> = code_blocks(markdown)
        .into_iter()
        .filter(|b| pick(b))
        .collect();
    assert_eq!(found.len(), 1, "expected one code block with {what}");
    found.remove(0)
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec")
}

#[test]
fn the_fixtures_are_the_spec_s_code_blocks() {
    let dir = spec_dir();
    if !dir.is_dir() {
        println!(
            "note: {} is absent; not comparing the spec fixtures with the spec",
            dir.display()
        );
        return;
    }
    let read_spec = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
    };
    let language = read_spec("LANGUAGE.md");
    let deals = read_spec("DEALS.md");
    let expected = [
        (
            WHOLE_PLAYBOOK,
            the_block(&language, "the whole playbook", |b| {
                b.contains("playbook \"Consultative sales path\"")
            }),
        ),
        (
            TESTS_EXAMPLE,
            the_block(&language, "the tests file", |b| {
                b.starts_with("playbook:") && b.contains("cases:")
            }),
        ),
        (
            DEAL_EXAMPLE,
            the_block(&deals, "the example deal", |b| b.contains("id: D-1042")),
        ),
    ];
    for (name, block) in expected {
        assert_eq!(
            read(name),
            block,
            "tests/fixtures/spec/{name} differs from the spec's code block"
        );
    }
}

/// The developers' guide is not in `../shared/spec`; when a Markdown file
/// named like it exists in `../shared` or `../shared/spec`, its
/// `ask-open-questions` rule must be the one in the fixture.
#[test]
fn the_developers_guide_rule_is_the_guide_s() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let guide = [shared.clone(), shared.join("spec")]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flat_map(|entries| entries.filter_map(Result::ok).map(|e| e.path()))
        .find(|path| {
            path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.to_ascii_lowercase().contains("developers") && n.ends_with(".md")
            })
        });
    let Some(guide) = guide else {
        println!(
            "note: no developers' guide in {}; not comparing {DEVELOPERS_RULE} with it",
            shared.display()
        );
        return;
    };
    let text = std::fs::read_to_string(&guide).unwrap_or_else(|e| panic!("{e}"));
    let block = the_block(&text, "the `ask-open-questions` rule", |b| {
        b.contains("rule ask-open-questions")
    });
    assert!(
        read(DEVELOPERS_RULE).contains(&block),
        "{DEVELOPERS_RULE} does not contain the rule of {}:\n{block}",
        guide.display()
    );
}
