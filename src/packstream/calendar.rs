//! Proleptic Gregorian calendar arithmetic for temporal values, which Bolt sends as day and
//! second counts from the Unix epoch while applications read years, months and days.

/// Days from 0000-03-01, the start of the calendar's 400-year cycles, to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in 400 years.
const DAYS_PER_ERA: i64 = 146_097;

/// (year, month, day) in the proleptic Gregorian calendar of a day count since 1970-01-01.
/// In 64-bit arithmetic throughout: 128-bit division would add its runtime helper to the module.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // `days + EPOCH_SHIFT` split into 400-year eras without overflowing at the extremes.
    let shifted = days.rem_euclid(DAYS_PER_ERA) + EPOCH_SHIFT % DAYS_PER_ERA;
    let era = days.div_euclid(DAYS_PER_ERA)
        + EPOCH_SHIFT / DAYS_PER_ERA
        + shifted.div_euclid(DAYS_PER_ERA);
    let day_of_era = shifted.rem_euclid(DAYS_PER_ERA);
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
    // |era| is below 2^63 / 146 097, so 400 eras fit.
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (months outside 1..=12 roll over);
/// saturates where the count leaves the 64-bit range.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let saturated = |negative: bool| if negative { i64::MIN } else { i64::MAX };
    let months = year.checked_mul(12).zip(month.checked_sub(1));
    let Some(months) = months.and_then(|(a, b)| a.checked_add(b)) else {
        return saturated(
            year.saturating_mul(12)
                .saturating_add(month.saturating_sub(1))
                < 0,
        );
    };
    let (year, month) = (months.div_euclid(12), months.rem_euclid(12) + 1);
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // |era| is below 2^63 / 4800, so the day of its era added to it cannot overflow.
    let Some(first_day) = era.checked_mul(DAYS_PER_ERA) else {
        return saturated(era < 0);
    };
    (first_day + day_of_era - EPOCH_SHIFT)
        .checked_add(day)
        .unwrap_or(saturated(day < 0))
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
        assert_eq!(days_from_civil(2000, 1, i64::MIN), i64::MIN + 10_956);
        assert_eq!(days_from_civil(2000, 1, i64::MAX), i64::MAX);
        assert_eq!(days_from_civil(-2000, 1, i64::MIN), i64::MIN);
        assert_eq!(days_from_civil(0, i64::MIN, 1), i64::MIN);
        assert_eq!(days_from_civil(1, i64::MAX, 1), i64::MAX);
    }
}
