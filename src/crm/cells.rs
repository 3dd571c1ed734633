//! One cell as a value of the deal model: missing spellings, numbers with
//! thousands separators and currencies, percentages, booleans, dates in
//! the mapping's formats. A cell that cannot be read says so; it is never
//! guessed.

use crate::date::Date;

/// How a mapping says values are written.
#[derive(Clone, Debug)]
pub(crate) struct Spelling {
    /// Date formats tried in order (`MM/DD/YYYY`).
    pub(crate) dates: Vec<String>,
    /// `1.200.000,50` rather than `1,200,000.50`.
    pub(crate) decimal_comma: bool,
}

/// Whether a cell says "no value": empty, `-`, `—`, `N/A` (and nothing
/// else: `NA` may be a name).
pub(crate) fn is_missing(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty() || cell == "-" || cell == "—" || cell.eq_ignore_ascii_case("n/a")
}

/// The currency symbols read before or after an amount.
const SYMBOLS: &[&str] = &["$", "¥", "￥", "€", "£", "₹", "₩", "R$", "元"];

/// A number and the ISO currency code written with it (`CNY 1,200,000`).
/// `percent` allows a trailing `%` (probability).
pub(crate) fn number(
    cell: &str,
    spelling: &Spelling,
    percent: bool,
) -> Option<(f64, Option<String>)> {
    let mut text = cell.trim();
    let mut code = None;
    if percent {
        text = text.strip_suffix('%').map_or(text, str::trim_end);
    }
    // An ISO code before or after: three capital letters.
    let iso = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    if let Some((first, rest)) = text.split_once(' ') {
        if iso(first) {
            code = Some(first.to_string());
            text = rest.trim_start();
        }
    }
    if code.is_none() {
        if let Some((rest, last)) = text.rsplit_once(' ') {
            if iso(last) {
                code = Some(last.to_string());
                text = rest.trim_end();
            }
        }
    }
    if code.is_none() && text.len() > 3 {
        if let (Some(head), Some(tail)) = (text.get(..3), text.get(3..)) {
            if iso(head) && tail.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                code = Some(head.to_string());
                text = tail;
            }
        }
    }
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let mut text = unsigned;
    for symbol in SYMBOLS {
        if let Some(rest) = text.strip_prefix(symbol) {
            text = rest.trim_start();
            break;
        }
        if let Some(rest) = text.strip_suffix(symbol) {
            text = rest.trim_end();
            break;
        }
    }
    let (thousands, decimal) = if spelling.decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let mut plain = String::with_capacity(text.len() + 1);
    if negative {
        plain.push('-');
    }
    let mut seen_decimal = false;
    let mut digits = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                digits += 1;
                plain.push(c);
            }
            c if c == decimal && !seen_decimal => {
                seen_decimal = true;
                plain.push('.');
            }
            c if (c == thousands || c == ' ' || c == '\u{a0}' || c == '\u{202f}')
                && !seen_decimal
                && digits > 0 =>
            {
                // A separator between digit groups.
            }
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    plain
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(|n| (n, code))
}

/// A boolean in one of the spellings exports use.
pub(crate) fn boolean(cell: &str) -> Option<bool> {
    let cell = cell.trim();
    const TRUE: &[&str] = &["true", "yes", "y", "1", "checked", "是", "对", "√"];
    const FALSE: &[&str] = &["false", "no", "n", "0", "unchecked", "否", "不", "×"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(cell)) {
        Some(true)
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(cell)) {
        Some(false)
    } else {
        None
    }
}

/// A date in one of the formats; a date-time keeps its date part as
/// written (`2026-11-02T10:00:00.000Z`, `11/02/2026 10:00 AM`).
pub(crate) fn date(cell: &str, spelling: &Spelling) -> Option<Date> {
    let cell = cell.trim();
    let day_part = cell.split_once(['T', ' ']).map_or(cell, |(date, _)| date);
    spelling
        .dates
        .iter()
        .find_map(|format| with_format(day_part, format))
}

/// A date written in `format`: `YYYY`, `MM`, `DD` (one or two digits for
/// `MM` and `DD`) and separators as written.
fn with_format(text: &str, format: &str) -> Option<Date> {
    let (mut year, mut month, mut day) = (None, None, None);
    let mut text = text;
    let mut format = format;
    while !format.is_empty() {
        let (token, width) = if let Some(rest) = format.strip_prefix("YYYY") {
            format = rest;
            ('Y', 4..=4)
        } else if let Some(rest) = format.strip_prefix("MM") {
            format = rest;
            ('M', 1..=2)
        } else if let Some(rest) = format.strip_prefix("DD") {
            format = rest;
            ('D', 1..=2)
        } else {
            let separator = format.chars().next()?;
            format = format.get(separator.len_utf8()..)?;
            text = text.strip_prefix(separator)?;
            continue;
        };
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if !width.contains(&digits) {
            return None;
        }
        let value: u32 = text.get(..digits)?.parse().ok()?;
        text = text.get(digits..)?;
        match token {
            'Y' => year = Some(value as i32),
            'M' => month = Some(value),
            _ => day = Some(value),
        }
    }
    if !text.is_empty() {
        return None;
    }
    Date::from_ymd(year?, month?, day?)
}

/// Whether `format` is a date format this reads.
pub(crate) fn is_date_format(format: &str) -> bool {
    format.contains("YYYY") && format.contains("MM") && format.contains("DD")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Spelling {
        Spelling {
            dates: vec!["MM/DD/YYYY".to_string(), "YYYY-MM-DD".to_string()],
            decimal_comma: false,
        }
    }

    #[test]
    fn numbers() {
        let s = us();
        let n = |t: &str| number(t, &s, false);
        assert_eq!(n("1200000"), Some((1_200_000.0, None)));
        assert_eq!(n("1,200,000.50"), Some((1_200_000.5, None)));
        assert_eq!(n("$120,000"), Some((120_000.0, None)));
        assert_eq!(n("¥1,200,000"), Some((1_200_000.0, None)));
        assert_eq!(
            n("CNY 1,200,000"),
            Some((1_200_000.0, Some("CNY".to_string())))
        );
        assert_eq!(n("1200 EUR"), Some((1200.0, Some("EUR".to_string()))));
        assert_eq!(n("USD120"), Some((120.0, Some("USD".to_string()))));
        assert_eq!(n("-5"), Some((-5.0, None)));
        assert_eq!(n("12x"), None);
        assert_eq!(n("1.2.3"), None);
        assert_eq!(n("40%"), None);
        assert_eq!(number("40%", &s, true), Some((40.0, None)));
        let eu = Spelling {
            decimal_comma: true,
            ..us()
        };
        assert_eq!(
            number("1.200.000,50", &eu, false),
            Some((1_200_000.5, None))
        );
        assert_eq!(
            number("1 200 000,50 €", &eu, false),
            Some((1_200_000.5, None))
        );
    }

    #[test]
    fn dates_and_booleans_and_missing() {
        let s = us();
        let d = |t: &str| date(t, &s).map(|d| d.ymd());
        assert_eq!(d("11/2/2026"), Some((2026, 11, 2)));
        assert_eq!(d("2026-11-02"), Some((2026, 11, 2)));
        assert_eq!(d("2026-11-02T10:00:00.000Z"), Some((2026, 11, 2)));
        assert_eq!(d("2026-11-02 10:00"), Some((2026, 11, 2)));
        assert_eq!(d("02/30/2026"), None);
        assert_eq!(d("31.12.2026"), None);
        assert_eq!(boolean("TRUE"), Some(true));
        assert_eq!(boolean("否"), Some(false));
        assert_eq!(boolean("maybe"), None);
        assert!(is_missing(" N/A ") && is_missing("—") && !is_missing("0"));
    }
}
