//! The compiled evaluator against the reference evaluator: a playbook and
//! a deal from the fuzzer's bytes, both evaluated, the answers compared.
//!
//! Input: the playbook text, a NUL byte, then the deal as YAML (several
//! deals may follow one another as YAML documents, `---`). Bytes that are
//! not UTF-8 are replaced. Without a NUL byte there is no deal and nothing
//! to compare. A playbook that does not check, or a deal that does not
//! load, is skipped; so is a deal the compiled evaluator refuses for its
//! step budget (E309) or the reference gives up on (its own work bound, a
//! message longer than the compiled evaluator keeps).
#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook::Date;
use playbook::DealFormat;
use playbook::{FileId, Source};

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (playbook_bytes, deal_bytes) = data.split_at(split);
    let playbook_text = String::from_utf8_lossy(playbook_bytes);
    let deal_text = String::from_utf8_lossy(&deal_bytes[1..]);
    let compiled = playbook::compile_text("fuzz.playbook", &playbook_text);
    let Some(playbook) = &compiled.playbook else {
        return;
    };
    let source = Source::new("deal.yaml", None, &*deal_text);
    let today = Date::from_ymd(2026, 11, 28).unwrap();
    let deals = playbook::load_deals(
        &source,
        FileId(0),
        DealFormat::Yaml,
        &playbook.deal_context(),
    );
    for loaded in deals.iter().flatten() {
        let compiled_result = playbook::evaluate(playbook, &loaded.deal, today);
        if compiled_result.is_error() {
            continue;
        }
        let Some(reference) = playbook::evaluate_reference(playbook, &loaded.deal, today) else {
            continue;
        };
        assert_eq!(
            compiled_result.actions, reference.actions,
            "actions differ\n--- playbook\n{playbook_text}\n--- deal\n{deal_text}"
        );
        assert_eq!(
            compiled_result.snoozed, reference.snoozed,
            "snoozed actions differ\n--- playbook\n{playbook_text}\n--- deal\n{deal_text}"
        );
        let codes = |result: &playbook::DealResult| {
            result.warnings.iter().map(|w| w.code).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&compiled_result),
            codes(&reference),
            "warnings differ"
        );
    }
});
