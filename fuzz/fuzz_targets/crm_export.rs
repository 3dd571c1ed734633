//! CRM exports from arbitrary bytes: a mapping file's text and a deals
//! CSV (split at the first NUL byte), read as `check --map` reads them.
//! Every deal that loads is evaluated; every error is rendered.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use playbook::Date;
use playbook::diagnostics_to_text as to_text;
use playbook::Sources;
use playbook::Lang;

fn playbook() -> &'static playbook::Playbook {
    static PLAYBOOK: OnceLock<playbook::Playbook> = OnceLock::new();
    PLAYBOOK.get_or_init(|| playbook::builtin(Lang::En))
}

fuzz_target!(|data: &[u8]| {
    let (mapping, csv) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        // No mapping of its own: the Salesforce preset, so the CSV side is
        // fuzzed through a real mapping.
        None => (&b"extends: salesforce\n"[..], data),
    };
    let Ok(mapping) = std::str::from_utf8(mapping) else {
        return;
    };
    let playbook = playbook();
    let today = Date::from_ymd(2026, 11, 28).unwrap();
    let mut sources = Sources::new();
    let deals = playbook::read_crm_export(mapping, csv, &playbook.deal_context(), &mut sources);
    for deal in deals {
        match deal {
            Ok(loaded) => {
                let result = playbook::evaluate(playbook, &loaded.deal, today);
                let _ = to_text(&sources, &result.errors);
            }
            Err(diagnostic) => {
                let _ = to_text(&sources, &[diagnostic]);
            }
        }
    }
});
