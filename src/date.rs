//! Calendar dates as day numbers: cheap to compare and subtract.

use std::fmt;

/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01:
/// the deal's dates and the `today` a playbook is evaluated on.
///
/// ```
/// use playbook::Date;
///
/// let today = Date::parse("2026-11-28").unwrap();
/// assert_eq!(today.add_days(3), Date::from_ymd(2026, 12, 1));
/// assert_eq!(today.to_string(), "2026-11-28");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// The years a date may have: far beyond any deal, small enough that day
/// arithmetic never overflows.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date(0);

    /// The date for a year, month and day, if that day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !YEARS.contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes.get(4) == Some(&b'-')
            && bytes.get(7) == Some(&b'-')
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Shape);
        }
        let number = |range: std::ops::Range<usize>| {
            text.get(range)
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let year = i32::try_from(year).unwrap_or(0);
        Date::from_ymd(year, month, day).ok_or(DateError::NoSuchDay)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date `days` after this one, if still within `YEARS`.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let total = i64::from(self.0).checked_add(days)?;
        let min = i64::from(days_from_civil(*YEARS.start(), 1, 1));
        let max = i64::from(days_from_civil(*YEARS.end(), 12, 31));
        if (min..=max).contains(&total) {
            i32::try_from(total).ok().map(Date)
        } else {
            None
        }
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Why a date did not parse.
///
/// ```
/// use playbook::{Date, DateError};
///
/// assert!(matches!(Date::parse("28/11/2026"), Err(DateError::Shape)));
/// assert!(matches!(Date::parse("2026-02-30"), Err(DateError::NoSuchDay)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Shape,
    /// Well-formed, but the day does not exist (`2026-02-30`).
    NoSuchDay,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Shape => f.write_str("a date must be written YYYY-MM-DD"),
            DateError::NoSuchDay => f.write_str("there is no such day in the calendar"),
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms (public domain): exact for every Gregorian date.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::try_from(month).unwrap_or(1);
    let d = i32::try_from(day).unwrap_or(1);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_cases() {
        let cases = [
            ("2026-11-28", Ok("2026-11-28")),
            ("2024-02-29", Ok("2024-02-29")),
            ("2026-02-29", Err(DateError::NoSuchDay)),
            ("2026-02-30", Err(DateError::NoSuchDay)),
            ("2026-13-01", Err(DateError::NoSuchDay)),
            ("2026-00-10", Err(DateError::NoSuchDay)),
            ("0000-01-01", Err(DateError::NoSuchDay)),
            ("2026-1-01", Err(DateError::Shape)),
            ("2026/01/01", Err(DateError::Shape)),
            ("２０２６-01-01", Err(DateError::Shape)),
            ("", Err(DateError::Shape)),
        ];
        for (text, expected) in cases {
            let got = Date::parse(text).map(|d| d.to_string());
            assert_eq!(got, expected.map(str::to_string), "{text}");
        }
    }

    #[test]
    fn round_trip_and_arithmetic() {
        let d = Date::parse("1970-01-01").unwrap();
        assert_eq!(d.days(), 0);
        let a = Date::parse("2026-11-01").unwrap();
        let b = Date::parse("2026-11-28").unwrap();
        assert_eq!(b.days() - a.days(), 27);
        assert_eq!(a.add_days(30).unwrap().to_string(), "2026-12-01");
        assert_eq!(Date::parse("9999-12-31").unwrap().add_days(1), None);
        for days in (-700_000..2_900_000).step_by(997) {
            let date = Date(days);
            let (y, m, d) = date.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(date));
        }
    }
}
