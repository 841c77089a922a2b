//! Proleptic Gregorian calendar arithmetic for temporal values, which Bolt sends as day and
//! second counts from the Unix epoch while applications read years, months and days.

/// (year, month, day) in the proleptic Gregorian calendar of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = i128::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    (saturate(year), saturate(month), saturate(day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (months outside 1..=12 roll over).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let months = i128::from(year) * 12 + i128::from(month) - 1;
    let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let year = year - i128::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + i128::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    saturate(era * 146_097 + day_of_era - 719_468)
}

fn saturate(n: i128) -> i64 {
    i64::try_from(n).unwrap_or(if n < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(0, 1, 1), -719_528);
        assert_eq!(days_from_civil(2024, 13, 1), days_from_civil(2025, 1, 1));
        for days in (-1_000_000..1_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn extremes_saturate_instead_of_overflowing() {
        let (y, _, _) = civil_from_days(i64::MIN);
        assert!(y < -20_000_000_000_000);
        let (y, _, _) = civil_from_days(i64::MAX);
        assert!(y > 20_000_000_000_000);
        assert_eq!(days_from_civil(i64::MAX, i64::MAX, i64::MAX), i64::MAX);
        assert_eq!(days_from_civil(i64::MIN, 1, 1), i64::MIN);
    }
}
