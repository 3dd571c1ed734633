//! "Did you mean": the closest known name within a small edit distance.

/// The candidate closest to `wrong`, if one is close enough to be a typo.
///
/// Distance is counted in characters (so Chinese names work), and a candidate
/// must be within a third of the longer name's length (at least 1), the rule
/// of thumb that keeps suggestions useful rather than random.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == wrong {
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

/// Levenshtein distance over characters, with `_`/`-` swaps counting as free
/// so `needs_analysis` finds `needs-analysis`.
fn edit_distance(a: &str, b: &str) -> usize {
    let norm = |c: char| if c == '_' { '-' } else { c };
    let a: Vec<char> = a.chars().map(norm).collect();
    let b: Vec<char> = b.chars().map(norm).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
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
