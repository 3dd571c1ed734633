//! `fmt --check`: what formatting would change, as a unified diff.

use std::time::Duration;

/// How long the diff may search for the smallest set of changes; past it
/// the diff is still correct, only possibly longer than it needs to be.
const DIFF_TIME: Duration = Duration::from_millis(500);

/// A unified diff from `old` to `new` with three lines of context, headed
/// `--- NAME` / `+++ NAME (formatted)`; empty when they are equal.
pub(crate) fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::configure()
        .timeout(DIFF_TIME)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .missing_newline_hint(true)
        .to_string()
}
