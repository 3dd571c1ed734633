//! The warnings' edges, as tables: conditions that can be true must never
//! draw W005 (the analysis only warns when certain), conditions that cannot
//! must; values in the vocabulary draw nothing; which rules pin a stage.
//! The rendered warnings themselves are snapshotted from
//! `tests/fixtures/check/w*.playbook` by tests/it/diagnostics.rs.

use std::time::{Duration, Instant};

use playbook::diagnostics_to_text as to_text;
use playbook::Code;

/// A playbook with three stages, a rule pinning each, a define and a
/// declared field, and one more rule `probe` with `condition`.
fn with_rule(condition: &str) -> String {
    format!(
        r#"playbook "Probe"
stages
  prospecting
  contact
  closing
fields
  custom.vip  bool
define n = count questions
define big = amount > 100000
define last_touch = latest activities.date
rule first
  when stage is prospecting and n > 0 and big and custom.vip and last_touch is present
  recommend "first"
  because "first"
rule second
  when stage is contact
  recommend "second"
  because "second"
rule third
  when stage is closing
  recommend "third"
  because "third"
rule probe
  when {condition}
  recommend "probe"
  because "probe"
"#
    )
}

/// The codes reported for the `probe` rule's playbook; fails on errors.
fn codes(condition: &str) -> Vec<Code> {
    let compiled = playbook::compile_text("probe.playbook", &with_rule(condition));
    assert!(
        !compiled.has_errors(),
        "`{condition}` does not compile:\n{}",
        to_text(&compiled.sources, &compiled.diagnostics)
    );
    compiled.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn the_probe_playbook_is_clean() {
    assert_eq!(codes("amount > 0"), []);
}

#[test]
fn conditions_that_can_be_true_draw_no_never_fires_warning() {
    let conditions = [
        "stage is contact or stage is closing",
        "stage is at least contact and stage is at most contact",
        "stage is not contact and stage is not closing",
        "stage is before closing and stage is after prospecting",
        "count questions < 0.5",
        "count questions <= 0",
        "count questions >= 0",
        "n = 0",
        "n < 1 and n > -1",
        "amount > 5 and amount < 6",
        "amount >= 5 and amount <= 5",
        // A missing amount makes both comparisons false, so both `not`s true.
        "not (amount > 5) and not (amount <= 5)",
        // Only a value that is not a number meets this; it can be read from YAML.
        "amount is present and not (amount > 5) and not (amount <= 5)",
        "amount is missing and not (amount > 5)",
        "amount != 5 and amount != 6",
        "not (amount is one of [1, 2]) and amount > 0",
        "account.industry is not retail and account.industry is not banking",
        "account.industry is one of [retail, banking] and account.industry is not retail",
        "account.industry < \"m\" and account.industry > \"n\"",
        "not (custom.vip is true) and not (custom.vip is false)",
        "not custom.vip and not (custom.vip is false)",
        "any competitors or no competitors",
        "no competitors and no competitors",
        "1 = 1",
        "1 < 2 and not (1 > 2)",
        "days since close_date > 3 and days since close_date < 5",
        "close_date > 2026-01-01 and close_date < 2026-01-03",
        "close_date - today > 3 days and close_date - today < 5 days",
        "big and amount < 200000",
        "count (contacts where engaged) > count contacts",
        "(stage is contact or amount > 5) and stage is closing",
        "not (stage is contact and amount > 5) and stage is contact",
    ];
    for condition in conditions {
        let found = codes(condition);
        assert!(
            !found.contains(&Code::NeverFires),
            "`{condition}` can be true, yet: {found:?}"
        );
    }
}

#[test]
fn conditions_that_are_never_true_draw_w005() {
    let conditions = [
        "stage is contact and stage is closing",
        "stage is before contact and stage is after closing",
        "stage is before prospecting",
        "stage is after closing",
        "stage is one of [contact, closing] and stage is prospecting",
        "stage is not prospecting and stage is not contact and stage is not closing",
        "not (stage is at least prospecting)",
        "stage is missing",
        "count questions < 0",
        "count questions <= -1",
        "count questions = 1.5",
        "n < 0",
        "n > 1 and n < 2",
        "count questions > 2 and count questions < 1",
        "1 = 2",
        "\"open\" is \"closed\"",
        "not (1 = 1)",
        "1 + 1 = 3",
        "amount > 5 and amount < 3",
        "amount >= 5 and amount <= 5 and amount != 5",
        "amount is missing and amount > 5",
        "amount is one of [1, 2] and amount > 2",
        "big and amount < 100",
        "account.industry is retail and account.industry is banking",
        "account.industry is one of [retail, banking] and not (account.industry is one of [retail, banking])",
        "custom.vip and custom.vip is false",
        // A missing value fails both `is not`s; a present one fails one.
        "custom.vip is not true and custom.vip is not false",
        "custom.vip and not custom.vip",
        "any competitors and no competitors",
        "close_date > 2026-01-01 and close_date < 2026-01-02",
        // Whole days: nothing between 3 and 4.
        "days since close_date > 3 and days since close_date < 4",
        "(amount > 5 or stage is contact) and amount < 3 and stage is closing",
        "(1 = 2 or stage is contact) and stage is closing",
    ];
    for condition in conditions {
        let found = codes(condition);
        assert_eq!(
            found,
            [Code::NeverFires],
            "`{condition}` is never true: expected W005 alone"
        );
    }
}

#[test]
fn a_rule_pins_the_stages_its_condition_allows() {
    // `probe` is the only rule for `contact` once `second` is gone.
    let alone = |condition: &str| {
        let text =
            with_rule(condition).replacen("  when stage is contact\n", "  when amount > 1\n", 1);
        let compiled = playbook::compile_text("probe.playbook", &text);
        assert!(!compiled.has_errors());
        compiled
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnpinnedStage)
            .count()
    };
    for pins_contact in [
        "stage is contact",
        "stage is at most contact",
        "stage is not closing and amount > 5",
        "not (stage is prospecting or stage is closing)",
        "(stage is contact and big) or (stage is closing and n > 2)",
        "any questions where stage is contact",
    ] {
        assert_eq!(alone(pins_contact), 0, "`{pins_contact}` pins `contact`");
    }
    for pins_nothing in [
        "amount > 5",
        "stage is contact or amount > 5",
        "not (stage is contact and amount > 5)",
        "no questions where stage is contact",
    ] {
        assert_eq!(
            alone(pins_nothing),
            1,
            "`{pins_nothing}` applies at every stage"
        );
    }
}

#[test]
fn values_in_the_vocabulary_draw_nothing() {
    for condition in [
        "any questions where kind is open",
        "any questions where kind is \"closed\"",
        "activities.type contains \"demo\"",
        "any activities where type is one of [case-study, follow-up]",
        "any activities where outcome = \"negative\"",
        "any contacts where role != \"gatekeeper\"",
        // Free text fields have no vocabulary.
        "account.industry is anything-at-all",
        // Substrings of one activity's type are not values of the list.
        "any activities where type contains \"dem\"",
    ] {
        assert_eq!(codes(condition), [], "`{condition}`");
    }
    for (condition, count) in [
        ("any questions where kind is opne", 1),
        (
            "any activities where outcome is one of [positive, great, bad]",
            2,
        ),
        ("any contacts where \"boss\" = role", 1),
    ] {
        let found = codes(condition);
        assert_eq!(found, vec![Code::UnknownSymbol; count], "`{condition}`");
    }
}

#[test]
fn warnings_wait_for_the_errors_to_be_fixed() {
    // A rule without `because` and an unknown stage: only the error.
    let text = "playbook \"p\"\nstages\n  a\nrule r\n  when stage is b\n  recommend \"x\"\n";
    let compiled = playbook::compile_text("p.playbook", text);
    let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::UnknownStage]);
    // A syntax error in one rule: the playbook is not usable at all.
    let text = "playbook \"p\"\nstages\n  a\nrule r\n  recommend \"x\"\nrule s\n  when stage is a\n  recommend \"y\"\n";
    let compiled = playbook::compile_text("p.playbook", text);
    assert!(compiled.has_errors());
    assert!(
        compiled.playbook.is_none(),
        "a playbook with an error is not used"
    );
}

/// `head`, then `line(i, i - 1)` for `i` in 1..60 (defines each built on
/// the one before), then `tail`.
fn chained(head: &str, line: impl Fn(usize, usize) -> String, tail: &str) -> String {
    let mut text = head.to_string();
    for i in 1..60 {
        text.push_str(&line(i, i - 1));
    }
    text.push_str(tail);
    text
}

/// Large and adversarial playbooks: many rules (conditions bucketed, not
/// compared pairwise), many stages (kept as ranges), and defines that double
/// at each step (the analysis has a budget). Each validates quickly.
#[test]
fn warnings_stay_fast_on_large_playbooks() {
    let mut rules = String::from("playbook \"big\"\nstages\n");
    for i in 0..3000 {
        rules.push_str(&format!("  s{i}\n"));
    }
    for i in 0..3000 {
        rules.push_str(&format!(
            "rule r{i}\n  when stage is s{i} and amount > {i} and not (amount > {i})\n  recommend \"x\"\n  because \"y\"\n"
        ));
    }
    let doubling = chained(
        "playbook \"doubling\"\nstages\n  a\n  b\ndefine d0 = amount > 1 or stage is a\n",
        |i, prev| format!("define d{i} = (d{prev} and d{prev}) or not d{prev}\n"),
        &(0..500)
            .map(|i| {
                format!("rule r{i}\n  when d59 and stage is b and amount > {i}\n  recommend \"x\"\n  because \"y\"\n")
            })
            .collect::<String>(),
    );
    // Constants and `where` lists that double through defines.
    let folding = chained(
        "playbook \"folding\"\nstages\n  a\n  b\ndefine c0 = 1\ndefine l0 = contacts where stage is a\n",
        |i, prev| {
            format!("define c{i} = c{prev} + c{prev}\ndefine l{i} = contacts where (any l{prev} and any l{prev})\n")
        },
        "rule r\n  when count questions > c59 and any l59\n  recommend \"x\"\n  because \"y\"\n\
         rule s\n  when stage is b\n  recommend \"x\"\n  because \"y\"\n",
    );
    for (name, text) in [
        ("rules", rules),
        ("doubling", doubling),
        ("folding", folding),
    ] {
        let start = Instant::now();
        let compiled = playbook::compile_text(name, &text);
        let took = start.elapsed();
        assert!(!compiled.has_errors(), "{name}");
        assert!(
            took < Duration::from_secs(20),
            "{name}: validating took {took:?}"
        );
        if name == "folding" {
            // The analysis gave up on `r` before seeing that it pins `a`:
            // it then claims nothing about stages rather than guess.
            assert!(
                compiled
                    .diagnostics
                    .iter()
                    .all(|d| d.code != Code::UnpinnedStage),
                "{}",
                to_text(&compiled.sources, &compiled.diagnostics)
            );
        }
        if name == "rules" {
            let never = compiled
                .diagnostics
                .iter()
                .filter(|d| d.code == Code::NeverFires)
                .count();
            assert_eq!(never, 3000, "every rule of `rules` contradicts itself");
        }
    }
}

/// The fenced blocks of a Markdown text, as (language, content), per `## `
/// section, keyed by the section's first word (`W005:` → `W005`).
fn sections(markdown: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut block: Option<(String, String)> = None;
    for line in markdown.lines() {
        if let Some((language, content)) = &mut block {
            if line == "```" {
                let finished = (language.clone(), content.trim_end().to_string());
                if let Some((_, blocks)) = sections.last_mut() {
                    blocks.push(finished);
                }
                block = None;
            } else {
                content.push_str(line);
                content.push('\n');
            }
        } else if let Some(language) = line.strip_prefix("```") {
            block = Some((language.to_string(), String::new()));
        } else if let Some(title) = line.strip_prefix("## ") {
            let code = title.split(':').next().unwrap_or_default().to_string();
            sections.push((code, Vec::new()));
        }
    }
    sections
}

fn without_trailing_spaces(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// docs/warnings.md shows, for each code, an example and the output
/// `validate` really prints for it; and every warning code has a section.
#[test]
fn docs_warnings_md_shows_real_output() {
    let markdown = std::fs::read_to_string("docs/warnings.md").expect("docs/warnings.md reads");
    let sections = sections(&markdown);
    let documented: Vec<&str> = sections.iter().map(|(code, _)| code.as_str()).collect();
    let warnings: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| c.starts_with('W'))
        // W009 is about CRM exports, not playbooks or deal files: its page
        // is docs/codes/W009.md, its example tests/it/crm.rs.
        .filter(|c| *c != "W009")
        .collect();
    assert_eq!(
        documented, warnings,
        "one section per warning code, in order"
    );
    for (code, blocks) in &sections {
        let examples: Vec<_> = blocks
            .windows(2)
            .filter(|pair| pair[1].0 == "text" && pair[0].0 != "text")
            .collect();
        assert_eq!(examples.len(), 1, "{code}: one example and its output");
        let [(language, input), (_, shown)] = examples[0] else {
            continue;
        };
        let (printed, codes) = match language.as_str() {
            "playbook" => {
                let compiled = playbook::compile_text("example.playbook", input);
                (
                    to_text(&compiled.sources, &compiled.diagnostics),
                    compiled.diagnostics.iter().map(|d| d.code).collect(),
                )
            }
            "yaml" => deal_warnings(input),
            other => panic!("{code}: an example in `{other}`"),
        };
        assert!(
            !codes.is_empty() && codes.iter().all(|c: &Code| c.as_str() == code),
            "{code}: the example draws {codes:?}"
        );
        assert_eq!(
            without_trailing_spaces(&printed),
            *shown,
            "{code}: docs/warnings.md shows other output than `validate` prints"
        );
    }
}

/// The warnings of a deal checked with the built-in playbook.
fn deal_warnings(deal: &str) -> (String, Vec<Code>) {
    use playbook::{load_deals as load_text, DealFormat};
    use playbook::{Source, Sources};
    let builtin = playbook::builtin(playbook::Lang::En);
    let mut sources = Sources::new();
    let file = sources.add(Source::new("deal.yaml", None, deal));
    let source = sources.get(file).cloned().expect("the deal is there");
    let loaded = load_text(&source, file, DealFormat::Yaml, &builtin.deal_context());
    let deal = match loaded.first() {
        Some(Ok(loaded)) => &loaded.deal,
        other => panic!("the example deal does not load: {other:?}"),
    };
    let today = playbook::Date::parse("2026-11-28").expect("a date");
    let result = playbook::evaluate(&builtin, deal, today);
    (
        to_text(&sources, &result.warnings),
        result.warnings.iter().map(|d| d.code).collect(),
    )
}
