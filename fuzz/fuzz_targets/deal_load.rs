//! Deal files from arbitrary bytes: as YAML, JSON and NDJSON, read whole
//! (`deal::load_text`) and cut by the stream splitter then read as the
//! batch workers do (`read_deal_stream`: the stream splitter and the batch workers' reading). Every deal that
//! loads is evaluated; every error is rendered with its location.
//!
//! The first byte picks the format and the path; the rest is the file.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use playbook::Date;
use playbook::Lang;
use playbook::{diagnostics_to_text as to_text, Diagnostic};
use playbook::{DealFormat, LoadedDeal};
use playbook::{FileId, Source, Sources};

fn playbook() -> &'static playbook::Playbook {
    static PLAYBOOK: OnceLock<playbook::Playbook> = OnceLock::new();
    PLAYBOOK.get_or_init(|| playbook::builtin(Lang::En))
}

fn finish(deals: Vec<Result<LoadedDeal, Diagnostic>>, sources: &Sources) {
    let playbook = playbook();
    let today = Date::from_ymd(2026, 11, 28).unwrap();
    for deal in deals {
        match deal {
            Ok(loaded) => {
                let result = playbook::evaluate(playbook, &loaded.deal, today);
                let _ = to_text(sources, &result.errors);
            }
            Err(diagnostic) => {
                let _ = to_text(sources, &[diagnostic]);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match selector % 3 {
        0 => DealFormat::Yaml,
        1 => DealFormat::Json,
        _ => DealFormat::Ndjson,
    };
    let context = playbook().deal_context();
    if selector & 0x80 == 0 {
        // A whole file.
        let Ok(text) = std::str::from_utf8(bytes) else {
            return;
        };
        let mut sources = Sources::new();
        let file = sources.add(Source::new("fuzz", None, text));
        let Some(source) = sources.get(file) else {
            return;
        };
        let deals = playbook::load_deals(source, FileId(file.0), format, &context);
        finish(deals, &sources);
    } else {
        // A stream, cut and read as the batch pipeline does.
        let mut sources = Sources::new();
        let deals = playbook::read_deal_stream(bytes, "<stdin>", format, &context, &mut sources);
        finish(deals, &sources);
    }
});
