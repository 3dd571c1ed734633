//! The formatter: any playbook that parses formats to text that parses to
//! the same declarations and comments, and formatting that text again
//! changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook::ast::IgnoringSpans;
use playbook::FileId;
use playbook::{comment_texts, format_text, FormatError};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match format_text(text, FileId(0)) {
        Ok(once) => {
            let (before, _) = playbook::parse(text, FileId(0));
            let (after, diagnostics) = playbook::parse(&once, FileId(0));
            assert!(
                diagnostics.iter().all(|d| !d.is_error()),
                "the formatted text has errors:\n{once}"
            );
            assert_eq!(
                IgnoringSpans(&before.declarations),
                IgnoringSpans(&after.declarations),
                "meaning changed"
            );
            assert_eq!(
                comment_texts(&before),
                comment_texts(&after),
                "comments changed"
            );
            let twice = format_text(&once, FileId(0)).expect("formatted text formats");
            assert_eq!(once, twice, "not idempotent");
        }
        Err(FormatError::Syntax(_)) => {}
        Err(FormatError::Unstable) => panic!("unstable formatting of:\n{text}"),
    }
});
