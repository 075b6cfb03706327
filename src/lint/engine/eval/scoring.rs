//! The functions of the check language that score: `computed-score` and `score-formula` on an indicator,
//! `grade` of a total, `round`. The arithmetic is [`crate::lint::schema::score`]'s, shared with `jixiao score`.

use crate::lint::schema::expr::Function;
use crate::lint::schema::node::Node;
use crate::lint::schema::score::{self, Bands, Grades};
use crate::lint::schema::value::Value;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// A parameter given in % (`80 %`) as a fraction (0.8); a number without a unit as it is.
fn fraction(value: &Value<'_>) -> Option<Decimal> {
    match value {
        Value::Num(n, Some(unit)) if unit == "%" => n.checked_div(Decimal::ONE_HUNDRED),
        Value::Num(n, _) => Some(*n),
        _ => None,
    }
}

fn decimal(value: &Value<'_>) -> Option<Decimal> {
    match value {
        Value::Num(n, _) => Some(*n),
        _ => None,
    }
}

/// `computed-score(upper, lower)` and `score-formula(upper, lower)` on the indicator of `node`: the score
/// nearest the stated one (a qualitative band holds many), or how it is computed; null elsewhere, or when the
/// indicator has no weight or no actual value it can be scored by.
pub(super) fn indicator<'a>(
    function: &Function,
    upper: &Value<'_>,
    lower: &Value<'_>,
    node: &Node<'a>,
) -> Value<'a> {
    let (Some(upper), Some(lower), Some(indicator)) =
        (fraction(upper), fraction(lower), node.indicator)
    else {
        return Value::Null;
    };
    let Some(computed) = score::indicator_score(indicator, Bands { upper, lower }) else {
        return Value::Null;
    };
    match function {
        Function::ScoreFormula => Value::owned_text(computed.formula),
        _ => {
            let stated = indicator.attributes.score.as_ref().map(|s| s.value);
            Value::Num(computed.nearest(stated), None)
        }
    }
}

/// `grade(total, excellent, good, pass)`: 优, 良, 中 or 差; null when an argument is no number.
pub(super) fn grade(values: &[Value<'_>]) -> Value<'static> {
    let numbers: Option<Vec<Decimal>> = values.iter().map(decimal).collect();
    match numbers.as_deref() {
        Some(&[total, excellent, good, pass]) => {
            let grades = Grades {
                excellent,
                good,
                pass,
            };
            Value::owned_text(score::grade(total, grades).to_string())
        }
        _ => Value::Null,
    }
}

/// `round(number, digits)`: half away from zero, the unit kept; null when either is no number.
pub(super) fn round<'a>(value: Value<'a>, digits: &Value<'_>) -> Value<'a> {
    let digits = decimal(digits).and_then(|d| d.trunc().to_u32());
    match (value, digits) {
        (Value::Num(n, unit), Some(digits)) => Value::Num(
            n.round_dp_with_strategy(
                digits.min(28),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
            .normalize(),
            unit,
        ),
        _ => Value::Null,
    }
}
