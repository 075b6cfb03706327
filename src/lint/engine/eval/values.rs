//! The built-in functions whose value depends on their first argument alone: no node, no lexicon, no match.

use crate::lint::schema::value::Value;
use crate::syntax::ast::Date;
use rust_decimal::Decimal;

/// `has-digit(text)`: full-width digits count (the user's words inside quotes are not normalised); a number
/// has digits.
pub(super) fn has_digit(first: &Value<'_>) -> Value<'static> {
    match first {
        Value::Text(text) => Value::Bool(
            text.text
                .chars()
                .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)),
        ),
        Value::Num(..) => Value::Bool(true),
        _ => Value::Bool(false),
    }
}

/// `len(text)`: characters.
pub(super) fn len(first: &Value<'_>) -> Value<'static> {
    match first {
        Value::Text(text) => Value::Num(Decimal::from(text.text.chars().count()), None),
        _ => Value::Null,
    }
}

/// `year(date)`.
pub(super) fn year(first: Value<'_>) -> Value<'static> {
    match first {
        Value::Date(d) => Value::Num(Decimal::from(d.year), None),
        _ => Value::Null,
    }
}

/// `excel-date(number)`: the date an Excel serial number stands for.
pub(super) fn excel_date(first: Value<'_>) -> Value<'static> {
    match first {
        Value::Num(n, _) => Date::from_excel_serial(n).map_or(Value::Null, Value::Date),
        _ => Value::Null,
    }
}

/// `abs(number)`.
pub(super) fn abs(first: Value<'_>) -> Value<'_> {
    match first {
        Value::Num(n, unit) => Value::Num(n.abs(), unit),
        _ => Value::Null,
    }
}

/// `number(text)`: the first number written in a text (`达标率100%` → 100, `１２.５` → 12.5), without a unit; a
/// number stays itself without its unit; anything else, or a text with no number, is null.
pub(super) fn number(first: &Value<'_>) -> Value<'static> {
    let text = match first {
        Value::Text(text) => &text.text,
        Value::Num(n, _) => return Value::Num(*n, None),
        _ => return Value::Null,
    };
    let half: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(u32::from(c) - u32::from('０'), 10).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .collect();
    let Some(start) = half.find(|c: char| c.is_ascii_digit()) else {
        return Value::Null;
    };
    let digits: String = half[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits
        .trim_end_matches('.')
        .parse::<Decimal>()
        .map_or(Value::Null, |n| Value::Num(n, None))
}

/// `unitless(number)`: the number without its unit.
pub(super) fn unitless(first: Value<'_>) -> Value<'static> {
    match first {
        Value::Num(n, _) => Value::Num(n, None),
        _ => Value::Null,
    }
}
