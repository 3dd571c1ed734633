//! "Did you mean": the closest known name within a small edit distance.

/// The candidate closest to `wrong`, if one is close enough to be a typo.
///
/// Distance is counted in characters (so Chinese names work), and a candidate
/// must be within a third of the longer name's length (at least 1), the rule
/// of thumb that keeps suggestions useful rather than random.
///
/// ```
/// use playbook::suggest;
///
/// let stages = ["prospecting", "contact", "closing"];
/// assert_eq!(suggest("clsoing", stages), Some("closing"));
/// assert_eq!(suggest("won", stages), None);
/// ```
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Nobody mistypes a name this long, and the distance takes time and
    // memory in the product of the two lengths: a deal's 16 MiB key against
    // a playbook's long rule ID must not cost gigabytes.
    if wrong.len() > MAX_SUGGEST_BYTES {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == wrong || candidate.len() > MAX_SUGGEST_BYTES {
            continue;
        }
        let distance = edit_distance(&wrong_lower, &candidate.to_lowercase());
        let longest = wrong.chars().count().max(candidate.chars().count());
        let limit = (longest / 3).max(1);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Names longer than this (in bytes) get no suggestion.
pub(crate) const MAX_SUGGEST_BYTES: usize = 256;

/// Edit distance over characters counting a swap of two neighbours as one
/// edit (`hihg` → `high`), with `_`/`-` treated alike so `needs_analysis`
/// finds `needs-analysis`.
// Every index is in range: `i <= a.len()`, `j <= b.len()`, the `- 1` and
// `- 2` are guarded by `i`/`j` tests, and `rows` has `(a.len() + 1) * width`
// entries.
#[allow(clippy::indexing_slicing)]
fn edit_distance(a: &str, b: &str) -> usize {
    let norm = |c: char| if c == '_' { '-' } else { c };
    let a: Vec<char> = a.chars().map(norm).collect();
    let b: Vec<char> = b.chars().map(norm).collect();
    let width = b.len() + 1;
    // rows[i * width + j]: distance between a[..i] and b[..j].
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (rows[(i - 1) * width + j] + 1)
                    .min(rows[i * width + j - 1] + 1)
                    .min(rows[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(rows[(i - 2) * width + j - 2] + 1);
                }
                best
            };
            rows[i * width + j] = value;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        let names = ["stage", "amount", "account", "needs-analysis", "close_date"];
        let cases = [
            ("stag", Some("stage")),
            ("ammount", Some("amount")),
            ("needs_analysis", Some("needs-analysis")),
            ("closedate", Some("close_date")),
            ("stgae", Some("stage")),
            ("xyz", None),
            ("stage", None),
        ];
        for (wrong, expected) in cases {
            assert_eq!(suggest(wrong, names), expected, "for {wrong}");
        }
    }

    #[test]
    fn chinese_names() {
        assert_eq!(
            suggest("开放问题们", ["开放问题", "最近联系"]),
            Some("开放问题")
        );
    }
}
