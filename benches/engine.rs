//! Micro-benchmarks of the engine's stages: parse + check of playbooks, and
//! per-deal parsing, evaluation and rendering. Run with `cargo bench`.
//! Whole-process figures against the parse-only floor come from
//! `scripts/bench.sh`.

use playbook::DealFormat;
use playbook::Lang;
use playbook::{FileId, Source};

fn main() {
    divan::main();
}

const ACME: &str = include_str!("../examples/deals/needs-analysis-acme.yaml");

/// A playbook of `count` rules: the default playbook's rules repeated under
/// new IDs.
fn generated_playbook(count: usize) -> String {
    let (_, default) = playbook::builtin_text(Lang::En);
    let first = default.find("\nrule ").unwrap_or(0);
    let (head, rules) = default.split_at(first + 1);
    let blocks: Vec<&str> = rules.split("\nrule ").collect();
    let mut text = head.to_string();
    for i in 0..count {
        let block = blocks[i % blocks.len()].trim_start_matches("rule ");
        let (id, rest) = block.split_once(' ').unwrap_or((block, ""));
        text.push_str(&format!("rule {id}-{i} {rest}\n"));
    }
    text
}

#[divan::bench]
fn compile_default_playbook() -> playbook::Compiled {
    playbook::compile_builtin(Lang::En)
}

#[divan::bench(sample_count = 20)]
fn compile_1000_rules(bencher: divan::Bencher) {
    let text = generated_playbook(1000);
    bencher.bench(|| playbook::compile_text("p1000.playbook", divan::black_box(&text)));
}

fn acme_json() -> String {
    let value: serde_json::Value = serde_yaml::from_str(ACME).unwrap_or_default();
    serde_json::to_string(&value).unwrap_or_default()
}

#[divan::bench]
fn parse_one_deal_json(bencher: divan::Bencher) {
    let playbook = playbook::builtin(Lang::En);
    let context = playbook.deal_context();
    let source = Source::new("acme.json", None, acme_json());
    bencher.bench(|| playbook::load_deals(&source, FileId(0), DealFormat::Ndjson, &context));
}

#[divan::bench]
fn parse_one_deal_yaml(bencher: divan::Bencher) {
    let playbook = playbook::builtin(Lang::En);
    let context = playbook.deal_context();
    let source = Source::new("acme.yaml", None, ACME);
    bencher.bench(|| playbook::load_deals(&source, FileId(0), DealFormat::Yaml, &context));
}

#[divan::bench]
fn evaluate_one_deal(bencher: divan::Bencher) {
    let playbook = playbook::builtin(Lang::En);
    let source = Source::new("acme.yaml", None, ACME);
    let loaded = playbook::load_deals(
        &source,
        FileId(0),
        DealFormat::Yaml,
        &playbook.deal_context(),
    );
    let Some(Ok(deal)) = loaded.into_iter().next() else {
        return;
    };
    let today = playbook::Date::parse("2026-11-28").unwrap_or(playbook::Date::EPOCH);
    bencher.bench(|| playbook::evaluate(&playbook, divan::black_box(&deal.deal), today));
}

#[divan::bench]
fn render_one_deal_json(bencher: divan::Bencher) {
    let playbook = playbook::builtin(Lang::En);
    let source = Source::new("acme.yaml", None, ACME);
    let loaded = playbook::load_deals(
        &source,
        FileId(0),
        DealFormat::Yaml,
        &playbook.deal_context(),
    );
    let Some(Ok(deal)) = loaded.into_iter().next() else {
        return;
    };
    let today = playbook::Date::parse("2026-11-28").unwrap_or(playbook::Date::EPOCH);
    let result = playbook::evaluate(&playbook, &deal.deal, today);
    let sources = playbook::Sources::new();
    bencher.bench(|| serde_json::to_vec(&playbook::deal_json(&sources, &result)));
}
