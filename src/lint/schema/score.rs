//! Scores as 财预〔2020〕10号 computes them, in exact decimals: an indicator's score from its weight, target and
//! actual value, the score of budget execution, the grade of a total, and the subtotals of an evaluation's
//! index system. The rules read these through fields and functions; `jixiao score` prints them.
//!
//! - A quantitative target met earns its weight; one missed earns weight × actual ÷ target, or weight × target
//!   ÷ actual for a `≤` or `<` target (less is better).
//! - A deadline (or a period's end) met earns the weight, one missed nothing.
//! - A qualitative target earns a share of the weight by the band its actual value names: achieved 100–80 %,
//!   partly achieved 80–60 %, missed 60–0 % (the edges are parameters: Hubei uses 80 and 50).
//! - Budget execution earns min(weight, spent ÷ budget × weight).
//! - A total grades 优 from 90, 良 from 80, 中 from 60, else 差 (the edges are parameters, inclusive).

use super::value::money_factor;
use crate::syntax::ast::{Comparator, Date, EvalNode, Grade, Indicator, Quantity, TargetKind};
use rust_decimal::Decimal;

/// The edges of the qualitative bands, as shares of the weight: `upper` (default 80 %) divides achieved from
/// partly achieved, `lower` (default 60 %) partly achieved from missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bands {
    /// Between the first and second band, a fraction (0.8).
    pub upper: Decimal,
    /// Between the second and third band, a fraction (0.6).
    pub lower: Decimal,
}

impl Default for Bands {
    fn default() -> Self {
        Bands {
            upper: Decimal::new(8, 1),
            lower: Decimal::new(6, 1),
        }
    }
}

/// An indicator's computed score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    /// The least score the indicator can have earned: the score itself, or the bottom of a qualitative band.
    pub low: Decimal,
    /// The most: the score itself, or the top of a qualitative band.
    pub high: Decimal,
    /// How it was computed, in numbers and signs that read the same in both languages:
    /// `10 × 250 ÷ 280 = 8.93`, `300 ≥ 280 → 10`, `10 × 60%–80% = 6–8`.
    pub formula: String,
}

impl Computed {
    fn exact(score: Decimal, formula: String) -> Self {
        Computed {
            low: score,
            high: score,
            formula,
        }
    }

    /// The computed score nearest `stated`: the score itself, or, for a band, `stated` kept within it (its top
    /// when nothing is stated).
    pub fn nearest(&self, stated: Option<Decimal>) -> Decimal {
        match stated {
            Some(stated) => stated.clamp(self.low, self.high),
            None => self.high,
        }
    }
}

/// Two decimals, for showing: `8.928571…` is `8.93`.
pub fn shown(value: Decimal) -> String {
    value
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// The score an indicator earns by its target and actual value; `None` without a weight or an actual value, or
/// when they cannot be compared (other units, a number against a text).
pub fn indicator_score(indicator: &Indicator, bands: Bands) -> Option<Computed> {
    let weight = indicator.attributes.weight.as_ref()?.value;
    let actual = &indicator.attributes.actual.as_ref()?.kind;
    match (&indicator.target.as_ref()?.kind, actual) {
        (
            TargetKind::Quantitative {
                comparator,
                quantity: target,
            },
            TargetKind::Quantitative {
                quantity: actual, ..
            },
        ) => quantitative(weight, comparator.as_ref().map(|c| c.value), target, actual),
        (TargetKind::Deadline { date, .. }, _) => deadline(weight, date.value, actual),
        (TargetKind::Period(period), _) => deadline(weight, period.value.to, actual),
        (TargetKind::Qualitative { grades, .. }, TargetKind::Qualitative { text, .. }) => {
            qualitative(weight, &text.value, grades, bands)
        }
        _ => None,
    }
}

/// The two numbers in one unit: the same unit, money converted, or a side without a unit.
fn aligned(target: &Quantity, actual: &Quantity) -> Option<(Decimal, Decimal)> {
    fn unit(q: &Quantity) -> Option<&str> {
        q.unit.as_ref().map(|u| u.value.as_str())
    }
    match (unit(target), unit(actual)) {
        (Some(a), Some(b)) if a != b => Some((
            target.value.value.checked_mul(money_factor(a)?)?,
            actual.value.value.checked_mul(money_factor(b)?)?,
        )),
        _ => Some((target.value.value, actual.value.value)),
    }
}

fn quantitative(
    weight: Decimal,
    comparator: Option<Comparator>,
    target: &Quantity,
    actual: &Quantity,
) -> Option<Computed> {
    let (t, a) = aligned(target, actual)?;
    let less_is_better = matches!(comparator, Some(Comparator::Le | Comparator::Lt));
    let sign = comparator.map_or("≥", |c| match c {
        Comparator::Eq => "≥",
        other => other.symbol(),
    });
    let met = match comparator {
        Some(Comparator::Gt) => a > t,
        Some(Comparator::Lt) => a < t,
        Some(Comparator::Le) => a <= t,
        _ => a >= t,
    };
    let (tv, av) = (
        target.value.value.normalize(),
        actual.value.value.normalize(),
    );
    if met {
        return Some(Computed::exact(
            weight,
            format!("{av} {sign} {tv} → {}", shown(weight)),
        ));
    }
    let (numerator, denominator, nv, dv) = if less_is_better {
        (t, a, tv, av)
    } else {
        (a, t, av, tv)
    };
    if denominator <= Decimal::ZERO || numerator < Decimal::ZERO {
        return Some(Computed::exact(
            Decimal::ZERO,
            format!("{av} {} {tv} → 0", if less_is_better { ">" } else { "<" }),
        ));
    }
    let score = weight.checked_mul(numerator)?.checked_div(denominator)?;
    Some(Computed::exact(
        score,
        format!("{} × {nv} ÷ {dv} = {}", shown(weight), shown(score)),
    ))
}

/// A deadline met earns the weight, one missed nothing; the actual value is a date or a period's end.
fn deadline(weight: Decimal, due: Date, actual: &TargetKind) -> Option<Computed> {
    let done = match actual {
        TargetKind::Deadline { date, .. } => date.value,
        TargetKind::Period(period) => period.value.to,
        _ => return None,
    };
    let key = |d: Date| (d.year, d.month.unwrap_or(12), d.day.unwrap_or(31));
    Some(if key(done) <= key(due) {
        Computed::exact(weight, format!("{done} ≤ {due} → {}", shown(weight)))
    } else {
        Computed::exact(Decimal::ZERO, format!("{done} > {due} → 0"))
    })
}

/// The band of a qualitative actual value: 0 achieved, 1 partly achieved, 2 missed.
pub fn band(actual: &str, grades: &[Grade]) -> Option<usize> {
    let actual = actual.trim();
    if let Some(position) = grades.iter().position(|g| g.label.value == actual) {
        let last = grades.len() - 1;
        return Some(match position {
            0 => 0,
            p if p == last => 2,
            _ => 1,
        });
    }
    const MISSED: &[&str] = &[
        "未达到",
        "未达成",
        "未完成",
        "没有完成",
        "不合格",
        "不达标",
        "否",
        "差",
        "较差",
        "不满意",
    ];
    const PARTLY: &[&str] = &[
        "部分达到",
        "部分达成",
        "部分完成",
        "基本达到",
        "基本达成",
        "基本完成",
        "基本合格",
        "基本满意",
        "中",
        "一般",
        "较好",
    ];
    const ACHIEVED: &[&str] = &[
        "达到", "达成", "完成", "实现", "合格", "达标", "是", "优", "优秀", "良", "良好", "满意",
        "有效", "好",
    ];
    // Missed first: 未达到 holds 达到, 部分达到 too.
    let lists = [MISSED, PARTLY, ACHIEVED];
    let exact = lists.iter().position(|words| words.contains(&actual));
    let found = exact.or_else(|| {
        lists.iter().position(|words| {
            words
                .iter()
                .any(|w| w.chars().count() > 1 && actual.contains(w))
        })
    });
    found.map(|list| 2 - list)
}

fn qualitative(weight: Decimal, actual: &str, grades: &[Grade], bands: Bands) -> Option<Computed> {
    let one = Decimal::ONE;
    let (from, to) = match band(actual, grades)? {
        0 => (bands.upper, one),
        1 => (bands.lower, bands.upper),
        _ => (Decimal::ZERO, bands.lower),
    };
    let (low, high) = (weight.checked_mul(from)?, weight.checked_mul(to)?);
    let percent = |f: Decimal| shown(f * Decimal::ONE_HUNDRED);
    Some(Computed {
        low,
        high,
        formula: format!(
            "{} × {}%–{}% = {}–{}",
            shown(weight),
            percent(from),
            percent(to),
            shown(low),
            shown(high)
        ),
    })
}

/// The score of budget execution: min(weight, spent ÷ budget × weight), with its formula; `None` when the
/// budget is not above zero.
pub fn execution_score(spent: Decimal, budget: Decimal, weight: Decimal) -> Option<Computed> {
    if budget <= Decimal::ZERO {
        return None;
    }
    let score = spent.checked_mul(weight)?.checked_div(budget)?.min(weight);
    Some(Computed::exact(
        score,
        format!(
            "min({}, {} ÷ {} × {}) = {}",
            shown(weight),
            spent.normalize(),
            budget.normalize(),
            shown(weight),
            shown(score)
        ),
    ))
}

/// The lower edges of the grades 优, 良, 中 (default 90, 80, 60), each inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grades {
    /// 优 from here.
    pub excellent: Decimal,
    /// 良 from here.
    pub good: Decimal,
    /// 中 from here; below it 差.
    pub pass: Decimal,
}

impl Default for Grades {
    fn default() -> Self {
        Grades {
            excellent: Decimal::from(90),
            good: Decimal::from(80),
            pass: Decimal::from(60),
        }
    }
}

/// The grade of a total: 优, 良, 中 or 差; no rounding first (89.6 is 良).
pub fn grade(total: Decimal, grades: Grades) -> &'static str {
    if total >= grades.excellent {
        "优"
    } else if total >= grades.good {
        "良"
    } else if total >= grades.pass {
        "中"
    } else {
        "差"
    }
}

/// A grade as written (优秀, 良好, excellent …), as 优, 良, 中 or 差; `None` for anything else.
pub fn grade_word(written: &str) -> Option<&'static str> {
    Some(match written.trim() {
        "优" | "优秀" | "excellent" => "优",
        "良" | "良好" | "good" => "良",
        "中" | "中等" | "合格" | "一般" | "fair" => "中",
        "差" | "较差" | "不合格" | "poor" => "差",
        _ => return None,
    })
}

/// The score of a node as it counts in its parent: its stated score, else the sum of its children's.
pub fn node_effective(node: &EvalNode) -> Option<Decimal> {
    node.score
        .as_ref()
        .map(|s| s.value)
        .or_else(|| node_computed(node))
}

/// The sum of the children's scores (each stated, or computed from its own children); `None` for a node
/// without children or with a child that has no score.
pub fn node_computed(node: &EvalNode) -> Option<Decimal> {
    sum_scores(&node.children)
}

/// The sum of the scores of `nodes`, each stated or computed; `None` when there are none or one has no score.
pub fn sum_scores(nodes: &[EvalNode]) -> Option<Decimal> {
    if nodes.is_empty() {
        return None;
    }
    nodes
        .iter()
        .map(node_effective)
        .try_fold(Decimal::ZERO, |sum, score| sum.checked_add(score?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::syntax::parse::parse;

    fn indicator(text: &str) -> Indicator {
        let source = SourceFile::new("t.jx", &format!("项目 \"t\" {{ 产出 {{ 数量 {text} }} }}"));
        let parsed = parse(&source);
        let document = parsed.document.expect("parses");
        document.declarations[0].groups[0].groups[0].indicators[0].clone()
    }

    fn score(text: &str) -> Option<(String, String, String)> {
        indicator_score(&indicator(text), Bands::default())
            .map(|c| (shown(c.low), shown(c.high), c.formula))
    }

    #[test]
    fn a_quantity_met_earns_the_weight_and_one_missed_its_share() {
        let met = score(r#""培训人次" ≥ 280 人次 { 分值 10  实际完成值 300 人次 }"#).unwrap();
        assert_eq!(met, ("10".into(), "10".into(), "300 ≥ 280 → 10".into()));
        let missed = score(r#""培训人次" ≥ 280 人次 { 分值 10  实际完成值 250 人次 }"#).unwrap();
        assert_eq!(missed.0, "8.93");
        assert_eq!(missed.2, "10 × 250 ÷ 280 = 8.93");
    }

    #[test]
    fn less_is_better_under_a_ceiling() {
        let missed = score(r#""人均成本" ≤ 300 元 { 分值 10  实际完成值 320 元 }"#).unwrap();
        assert_eq!(missed.2, "10 × 300 ÷ 320 = 9.38");
        let money = score(r#""总成本" ≤ 1 万元 { 分值 10  实际完成值 9000 元 }"#).unwrap();
        assert_eq!(money.0, "10");
    }

    #[test]
    fn deadlines_are_met_or_not() {
        let late =
            score(r#""验收时间" 2024年12月31日前 { 分值 5  实际完成值 2025-03-15 }"#).unwrap();
        assert_eq!(late.0, "0");
        let done = score(r#""验收时间" 2024年12月 { 分值 5  实际完成值 2024-12-31 }"#).unwrap();
        assert_eq!(done.0, "5");
    }

    #[test]
    fn qualitative_targets_score_by_band() {
        let partly =
            score(r#""运行" 定性 "稳定" { 分值 10  实际完成值 定性 "部分达到" }"#).unwrap();
        assert_eq!(
            partly,
            ("6".into(), "8".into(), "10 × 60%–80% = 6–8".into())
        );
        let graded = score(
            r#""运行" 定性 "稳定" 分档 { 优 "a" 良 "b" 差 "c" } { 分值 10  实际完成值 定性 "差" }"#,
        )
        .unwrap();
        assert_eq!((graded.0.as_str(), graded.1.as_str()), ("0", "6"));
        assert_eq!(band("未达到预期", &[]), Some(2));
        assert_eq!(band("达成预期指标", &[]), Some(0));
        assert_eq!(band("按期", &[]), None);
    }

    #[test]
    fn units_that_do_not_convert_give_no_score() {
        assert_eq!(
            score(r#""覆盖率" ≥ 95 % { 分值 10  实际完成值 3 个 }"#),
            None
        );
        assert_eq!(score(r#""覆盖率" ≥ 95 % { 分值 10 }"#), None);
    }

    #[test]
    fn execution_and_grades() {
        let c = execution_score(Decimal::from(95), Decimal::from(100), Decimal::TEN).unwrap();
        assert_eq!(shown(c.low), "9.5");
        let over = execution_score(Decimal::from(120), Decimal::from(100), Decimal::TEN).unwrap();
        assert_eq!(shown(over.low), "10");
        assert_eq!(grade(Decimal::new(896, 1), Grades::default()), "良");
        assert_eq!(grade(Decimal::from(90), Grades::default()), "优");
        assert_eq!(grade(Decimal::from(59), Grades::default()), "差");
        assert_eq!(grade_word("良好"), Some("良"));
    }
}
