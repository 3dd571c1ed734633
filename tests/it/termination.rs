//! Evaluation always ends, quickly: defines built on defines are computed
//! once per deal, and nested walks over long lists stop at a step budget
//! with a clear error.

use playbook::Code;
use playbook::DealFormat;
use playbook::{FileId, Source};

fn evaluate(playbook_text: &str, deal_yaml: &str) -> playbook::DealResult {
    let compiled = playbook::compile_text("t.playbook", playbook_text);
    let errors: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let playbook = compiled.playbook.unwrap();
    let source = Source::new("deal.yaml", None, deal_yaml);
    let mut loaded = playbook::load_deals(
        &source,
        FileId(0),
        DealFormat::Yaml,
        &playbook.deal_context(),
    );
    let deal = loaded.remove(0).unwrap().deal;
    let today = playbook::Date::parse("2026-11-28").unwrap();
    playbook::evaluate(&playbook, &deal, today)
}

#[test]
fn defines_that_double_at_each_level_stay_linear() {
    let mut text = String::from("playbook \"p\"\nstages\n  open\ndefine d0 = stage is open\n");
    for i in 1..=60 {
        let p = i - 1;
        text.push_str(&format!("define d{i} = (d{p} and d{p}) or not d{p}\n"));
    }
    text.push_str("rule r\n  when d60\n  recommend \"x\"\n  because \"y\"\n");
    let started = std::time::Instant::now();
    let result = evaluate(&text, "id: A\nstage: open\n");
    assert_eq!(result.actions.len(), 1);
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn list_defines_are_walked_once_per_use() {
    let text = "playbook \"p\"\nstages\n  open\ndefine engaged_people = contacts where engaged\n\
                define many = count engaged_people > 1 and any engaged_people\n\
                rule r\n  when many\n  recommend \"{count engaged_people} engaged: {engaged_people.name}\"\n  because \"y\"\n";
    let deal = "id: A\nstage: open\ncontacts:\n  - name: Li\n    engaged: true\n  - name: Wu\n    engaged: true\n  - name: Zhao\n    engaged: false\n";
    let result = evaluate(text, deal);
    assert_eq!(result.actions[0].message, "2 engaged: Li, Wu");
}

#[test]
fn nested_walks_over_long_lists_stop_with_an_error() {
    let text = "playbook \"p\"\nstages\n  open\n\
                rule r\n  when count (contacts where count (contacts where count (contacts where engaged) > 0) > 0) > 0\n  recommend \"x\"\n  because \"y\"\n";
    let mut deal = String::from("id: A\nstage: open\ncontacts:\n");
    for i in 0..3000 {
        deal.push_str(&format!("  - name: C{i}\n    engaged: true\n"));
    }
    let result = evaluate(text, &deal);
    assert!(result.is_error());
    assert_eq!(result.errors[0].code, Code::EvaluationLimit);
    assert_eq!(result.deal.as_deref(), Some("A"));
}
