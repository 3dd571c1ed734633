//! Playbook text → parse → check → lint, and every diagnostic rendered as
//! a person sees it. Nothing may panic, overflow the stack or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook::{diagnostics_to_text as to_text, JsonDiagnostic};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let compiled = playbook::compile_text("fuzz.playbook", &text);
    let _ = to_text(&compiled.sources, &compiled.diagnostics);
    for diagnostic in &compiled.diagnostics {
        let _ = JsonDiagnostic::new(&compiled.sources, diagnostic);
    }
    if let Some(playbook) = &compiled.playbook {
        // A playbook that checks reads the shipped example deal.
        let _ = playbook.deal_context();
    }
});
