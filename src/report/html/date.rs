//! The brief's date: a civil (proleptic Gregorian, UTC) date from seconds since the Unix epoch, so
//! `SOURCE_DATE_EPOCH` can pin it without a date-time crate.

/// `YYYY-MM-DD` (UTC) of `secs` seconds since 1970-01-01T00:00:00Z; negative seconds are before it.
///
/// Days to civil date after Howard Hinnant's `civil_from_days` (chrono-compatible algorithms,
/// <https://howardhinnant.github.io/date_algorithms.html>): eras of 400 years (146,097 days), each
/// starting on 1 March so the leap day falls at the end of the year.
pub fn civil_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year (from 1 March), 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn known_dates() {
        // Reference values from GNU date: `date -u -d @SECS +%F`.
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(86_399), "1970-01-01");
        assert_eq!(civil_date(86_400), "1970-01-02");
        assert_eq!(civil_date(-1), "1969-12-31");
        assert_eq!(civil_date(951_782_400), "2000-02-29"); // a leap day of a century divisible by 400
        assert_eq!(civil_date(951_868_800), "2000-03-01");
        assert_eq!(civil_date(1_700_000_000), "2023-11-14");
        assert_eq!(civil_date(4_107_542_400), "2100-03-01"); // 2100 is not a leap year
        assert_eq!(civil_date(4_107_456_000), "2100-02-28");
        assert_eq!(civil_date(1_796_083_200), "2026-12-01");
    }

    #[test]
    fn consecutive_days_step_by_one() {
        // Every day of 1968-2032 follows the previous one: month and year roll over correctly.
        let mut prev = civil_date(-2 * 365 * 86_400);
        for d in (-2 * 365 + 1)..(62 * 365) {
            let next = civil_date(d * 86_400);
            assert!(next > prev, "{prev} then {next}");
            let (p, n) = (&prev[8..], &next[8..]);
            assert!(n == "01" || n.parse::<u32>().unwrap() == p.parse::<u32>().unwrap() + 1, "{prev} -> {next}");
            prev = next;
        }
    }
}
