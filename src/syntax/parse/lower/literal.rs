//! Lowering the literals of the language: comparators, exact numbers, units, names, texts, years and dates
//! checked against the calendar.

use super::Lowerer;
use crate::diagnostic::{codes, Text};
use crate::source::{unescape, Span};
use crate::syntax::ast::*;
use crate::syntax::parse::grammar::Rule;
use pest::iterators::Pair;
use rust_decimal::Decimal;

impl Lowerer<'_> {
    pub(super) fn comparator(&mut self, pair: &Pair<'_, Rule>) -> Spanned<Comparator> {
        let comparator = match pair.as_str() {
            ">=" | "≥" | "不低于" | "不少于" | "不小于" => Comparator::Ge,
            "<=" | "≤" | "不高于" | "不超过" | "不多于" | "不大于" => Comparator::Le,
            ">" | "大于" | "高于" | "超过" => Comparator::Gt,
            "<" | "小于" | "低于" => Comparator::Lt,
            _ => Comparator::Eq,
        };
        Spanned::new(comparator, self.span_of(pair))
    }

    /// An exact decimal; a literal that does not fit is reported and read as zero.
    pub(super) fn number(&mut self, pair: Pair<'_, Rule>) -> Spanned<Decimal> {
        self.number_text(pair.as_str(), self.span_of(&pair))
    }

    /// The exact decimal of a number's text (`1,961.50`) at `span`.
    pub(super) fn number_text(&mut self, text: &str, span: Span) -> Spanned<Decimal> {
        // Most numbers have no thousands separator or plus sign to drop, and are read as written.
        let digits: std::borrow::Cow<'_, str> = if text.contains([',', '+']) {
            text.chars().filter(|&c| c != ',' && c != '+').collect()
        } else {
            text.into()
        };
        let value = Decimal::from_str_exact(&digits).unwrap_or_else(|_| {
            self.error(
                codes::INVALID_NUMBER,
                span,
                Text::new(
                    format!("数字“{text}”超出精确小数的范围（最多 28 位有效数字）"),
                    format!(
                        "the number `{text}` does not fit an exact decimal (at most 28 significant digits)"
                    ),
                ),
                Text::new(
                    "检查是否多打了数字，或换用更大的单位（如 万元、亿元）",
                    "check for extra digits, or use a larger unit (万元, 亿元)",
                ),
            );
            Decimal::ZERO
        });
        Spanned::new(value, span)
    }

    pub(super) fn unit(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span_of(&pair))
    }

    pub(super) fn name(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span_of(&pair))
    }

    /// A quoted text, unescaped, or a bare name where the grammar allows one; the span covers the quotes.
    pub(super) fn text(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span_of(&pair);
        let value = match pair.clone().into_inner().next() {
            Some(inner) if inner.as_rule() == Rule::ascii_text => unescape(inner.as_str()),
            Some(inner) => inner.as_str().to_string(),
            None => pair.as_str().to_string(),
        };
        Spanned::new(value, span)
    }

    pub(super) fn year(&mut self, pair: &Pair<'_, Rule>) -> i32 {
        let year: i32 = pair.as_str().parse().expect("a year is four digits");
        if !(1900..=2100).contains(&year) {
            self.invalid_date(
                self.span_of(pair),
                format!("年份 {year} 不在 1900–2100 之间"),
                format!("the year {year} is not between 1900 and 2100"),
            );
        }
        year
    }

    /// A date of any form: `2022-12-31`, `2022年12月`, `2022.12.31`, `2023.07`.
    pub(super) fn date(&mut self, pair: Pair<'_, Rule>) -> Spanned<Date> {
        let span = self.span_of(&pair);
        let mut date = Date {
            year: 0,
            month: None,
            day: None,
        };
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::year => date.year = self.year(&part),
                Rule::month => {
                    let month: u8 = part.as_str().parse().expect("one or two digits");
                    if !(1..=12).contains(&month) {
                        self.invalid_date(
                            self.span_of(&part),
                            format!("月份 {month} 不存在"),
                            format!("there is no month {month}"),
                        );
                    }
                    date.month = Some(month);
                }
                Rule::day => {
                    let day: u8 = part.as_str().parse().expect("one or two digits");
                    let last = date
                        .month
                        .map_or(31, |month| days_in_month(date.year, month));
                    if day == 0 || day > last {
                        self.invalid_date(
                            self.span_of(&part),
                            format!(
                                "日期 {}年{}月{}日 不存在",
                                date.year,
                                date.month.unwrap_or(0),
                                day
                            ),
                            format!(
                                "the date {}-{:02}-{:02} does not exist",
                                date.year,
                                date.month.unwrap_or(0),
                                day
                            ),
                        );
                    }
                    date.day = Some(day);
                }
                _ => {}
            }
        }
        Spanned::new(date, span)
    }

    pub(super) fn invalid_date(&mut self, span: Span, zh: String, en: String) {
        self.error(
            codes::INVALID_DATE,
            span,
            Text::new(zh, en),
            Text::new(
                "写一个真实存在的日期，如 2022-12-31 或 2022年12月31日前",
                "write a date that exists, such as 2022-12-31 or 2022年12月31日前",
            ),
        );
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn february_follows_the_leap_years() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2022, 2), 28);
    }
}
