//! The values that rule expressions compute with: exact numbers with units, texts that remember where they were
//! written, dates, booleans and null.
//!
//! Money units convert (元, 千元, 万元, 亿元), so `value <= declaration.budget` compares 500 万元 with 1961 万元 or
//! 5000000 元 alike. A comparison between units that do not convert is false; a number without a unit compares
//! with any number by its value.

use crate::source::Span;
use crate::syntax::ast::Date;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cmp::Ordering;

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value: a missing field.
    Null,
    /// true or false.
    Bool(bool),
    /// An exact number with its unit.
    Num(Decimal, Option<Cow<'a, str>>),
    /// A text.
    Text(Text<'a>),
    /// A date.
    Date(Date),
}

/// A text and where its first character was written, when it was written in the checked file.
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The byte offset of the text's first character in the source, if the text is the source's own words.
    pub origin: Option<usize>,
}

impl<'a> Value<'a> {
    /// A text written at `origin` in the source.
    pub fn text_at(text: &'a str, origin: Option<usize>) -> Self {
        Value::Text(Text {
            text: Cow::Borrowed(text),
            origin,
        })
    }

    /// A text computed by the rules.
    pub fn owned_text(text: String) -> Self {
        Value::Text(Text {
            text: Cow::Owned(text),
            origin: None,
        })
    }

    /// The same value borrowing from this one: a constant of the rules, evaluated without copying its text.
    pub fn borrowed(&self) -> Value<'_> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Num(n, unit) => Value::Num(*n, unit.as_deref().map(Cow::Borrowed)),
            Value::Text(t) => Value::Text(Text {
                text: Cow::Borrowed(&t.text),
                origin: t.origin,
            }),
            Value::Date(d) => Value::Date(*d),
        }
    }

    /// A copy of this value: a text or unit borrowed from the source or the rules is copied as a reference, as
    /// the derived `clone` does, but inline (the evaluator copies the values of fields it keeps for a node).
    #[inline]
    pub fn copied(&self) -> Value<'a> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(*b),
            Value::Num(n, None) => Value::Num(*n, None),
            Value::Num(n, Some(Cow::Borrowed(unit))) => Value::Num(*n, Some(Cow::Borrowed(unit))),
            Value::Text(Text {
                text: Cow::Borrowed(text),
                origin,
            }) => Value::text_at(text, *origin),
            Value::Date(d) => Value::Date(*d),
            owned => owned.clone(),
        }
    }

    /// Truthiness: false, null, 0 and "" are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n, _) => !n.is_zero(),
            Value::Text(t) => !t.text.is_empty(),
            Value::Date(_) => true,
        }
    }

    /// The text, if this is one.
    pub fn as_text(&self) -> Option<&Text<'a>> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// Equality as `==` sees it: numbers by value (units converted), texts by content.
    pub fn equals(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Text(a), Value::Text(b)) => a.text == b.text,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::Num(..), Value::Num(..)) => self.compare(other) == Some(Ordering::Equal),
            _ => false,
        }
    }

    /// Ordering as `<`, `<=`, `>`, `>=` see it; `None` when the two cannot be compared.
    pub fn compare(&self, other: &Value<'_>) -> Option<Ordering> {
        match (self, other) {
            (Value::Num(a, ua), Value::Num(b, ub)) => {
                let (a, b) = align(*a, ua.as_deref(), *b, ub.as_deref())?;
                Some(a.cmp(&b))
            }
            (Value::Date(a), Value::Date(b)) => Some(date_key(a).cmp(&date_key(b))),
            (Value::Text(a), Value::Text(b)) => Some(a.text.cmp(&b.text)),
            _ => None,
        }
    }

    /// The value as it appears in a message.
    pub fn display(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n, None) => n.normalize().to_string(),
            Value::Num(n, Some(u)) if u == "%" => format!("{}%", n.normalize()),
            Value::Num(n, Some(u)) => format!("{} {u}", n.normalize()),
            Value::Text(t) => t.text.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }

    /// The span of `len` bytes of this text starting `offset` bytes in, if the text was written in the source.
    pub fn source_span(&self, offset: usize, len: usize) -> Option<Span> {
        let Value::Text(Text {
            origin: Some(origin),
            ..
        }) = self
        else {
            return None;
        };
        Some(Span::new(origin + offset, origin + offset + len))
    }
}

/// How many 元 one unit of money is.
pub fn money_factor(unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(Decimal::ONE),
        "千元" => Some(Decimal::from(1_000)),
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// Brings two numbers to a common unit: the same unit, money converted, or a side without a unit.
fn align(a: Decimal, ua: Option<&str>, b: Decimal, ub: Option<&str>) -> Option<(Decimal, Decimal)> {
    match (ua, ub) {
        (None, _) | (_, None) => Some((a, b)),
        (Some(x), Some(y)) if x == y => Some((a, b)),
        (Some(x), Some(y)) => {
            let (fx, fy) = (money_factor(x)?, money_factor(y)?);
            Some((a.checked_mul(fx)?, b.checked_mul(fy)?))
        }
    }
}

/// Dates to the month or the year compare as their last day, since a deadline "2022年12月" means its end.
fn date_key(date: &Date) -> (i32, u8, u8) {
    (date.year, date.month.unwrap_or(12), date.day.unwrap_or(31))
}

/// Arithmetic on two numbers; null when either side is not a number, the units clash or the result overflows.
pub fn arithmetic<'a>(
    op: fn(Decimal, Decimal) -> Option<Decimal>,
    keeps_unit: bool,
    a: &Value<'a>,
    b: &Value<'a>,
) -> Value<'a> {
    let (Value::Num(x, ux), Value::Num(y, uy)) = (a, b) else {
        return Value::Null;
    };
    let unit = ux.clone().or_else(|| uy.clone());
    let Some((x, y)) = align(*x, ux.as_deref(), *y, uy.as_deref()) else {
        return Value::Null;
    };
    // After aligning money, the result is in 元 when the units differed.
    let unit = match (ux, uy) {
        (Some(p), Some(q)) if p != q => Some(Cow::Borrowed("元")),
        _ => unit,
    };
    match op(x, y) {
        Some(result) => Value::Num(result, if keeps_unit { unit } else { None }),
        None => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: i64, unit: Option<&'static str>) -> Value<'static> {
        Value::Num(Decimal::from(n), unit.map(Cow::Borrowed))
    }

    #[test]
    fn money_converts_between_units() {
        assert_eq!(
            num(500, Some("万元")).compare(&num(1961, Some("万元"))),
            Some(Ordering::Less)
        );
        assert!(num(5_000_000, Some("元")).equals(&num(500, Some("万元"))));
        assert_eq!(
            num(2, Some("亿元")).compare(&num(1961, Some("万元"))),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn units_that_do_not_convert_do_not_compare() {
        assert_eq!(num(100, Some("%")).compare(&num(100, Some("个"))), None);
        assert!(!num(100, Some("%")).equals(&num(100, Some("个"))));
        assert_eq!(
            num(100, Some("%")).compare(&num(80, None)),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn months_compare_as_their_last_day() {
        let dec = Value::Date(Date {
            year: 2022,
            month: Some(12),
            day: None,
        });
        let new_year = Value::Date(Date {
            year: 2022,
            month: Some(12),
            day: Some(31),
        });
        assert_eq!(dec.compare(&new_year), Some(Ordering::Equal));
    }

    #[test]
    fn arithmetic_keeps_exact_decimals() {
        let a = Value::Num(Decimal::new(4756, 1), Some(Cow::Borrowed("万元")));
        let b = Value::Num(Decimal::new(1775, 2), Some(Cow::Borrowed("万元")));
        let sum = arithmetic(|x, y| x.checked_add(y), true, &a, &b);
        assert_eq!(sum.display(), "493.35 万元");
    }
}
