//! `fmt --check`: what formatting would change, as a unified diff.

/// A unified diff from `old` to `new` with three lines of context, headed
/// `--- NAME` / `+++ NAME (formatted)`; empty when they are equal.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .missing_newline_hint(true)
        .to_string()
}
