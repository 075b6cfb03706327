//! Dates as the model holds them: how one is shown, and the date an Excel serial number stands for.

use super::ast::Date;
use rust_decimal::Decimal;
use std::fmt;

impl fmt::Display for Date {
    /// `2022-12-31`, `2022-12` or `2022`, as far as the date is given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{}-{m:02}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

impl Date {
    /// The date an Excel serial number stands for (1900 system: 1 = 1900-01-01, with Excel's phantom 1900-02-29).
    pub fn from_excel_serial(serial: Decimal) -> Option<Date> {
        if !serial.fract().is_zero() || serial < Decimal::ONE {
            return None;
        }
        let serial: i64 = serial.try_into().ok()?;
        // Days since 1899-12-30 for serials after Excel's phantom leap day.
        let days = if serial > 60 { serial } else { serial + 1 };
        // Civil-from-days (Howard Hinnant), from 1970-01-01; 1899-12-30 is day -25569.
        let z = days - 25569 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: i32::try_from(year).ok()?,
            month: Some(u8::try_from(month).ok()?),
            day: Some(u8::try_from(day).ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_display_as_far_as_they_are_given() {
        let date = |month, day| {
            Date {
                year: 2022,
                month,
                day,
            }
            .to_string()
        };
        assert_eq!(date(Some(12), Some(31)), "2022-12-31");
        assert_eq!(date(Some(7), None), "2022-07");
        assert_eq!(date(None, None), "2022");
    }

    #[test]
    fn excel_serials_become_dates() {
        let date = |s: i64| Date::from_excel_serial(Decimal::from(s)).map(|d| d.to_string());
        assert_eq!(date(44561).as_deref(), Some("2021-12-31"));
        assert_eq!(date(45291).as_deref(), Some("2023-12-31"));
        assert_eq!(date(1).as_deref(), Some("1900-01-01"));
        assert_eq!(Date::from_excel_serial(Decimal::new(445615, 1)), None);
    }
}
