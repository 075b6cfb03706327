//! What a generated declaration says, before it is written as .jx or as a CSV table: its header, and its
//! indicators with their targets, each sound or planted with one defect of a real table.

use super::indicators::Planner;
use super::words::{self, Sector};
use super::Defect;
use fastrand::Rng;

/// A uniformly chosen element of a non-empty slice. Indices are drawn as `u32` so that a seed gives the same
/// corpus on every platform.
pub fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.u32(..items.len() as u32) as usize]
}

/// True with a chance of `percent` in a hundred.
pub fn chance(rng: &mut Rng, percent: u32) -> bool {
    rng.u32(..100) < percent
}

/// The level-2 groups, in the order a declaration lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    EconomicCost,
    Quantity,
    Quality,
    Timeliness,
    OutputCost,
    Economic,
    Social,
    Ecological,
    Sustainable,
    Satisfaction,
}

/// The level-1 groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level1 {
    Cost,
    Output,
    Benefit,
    Satisfaction,
}

impl Group {
    /// The level-1 group this one belongs to.
    pub fn level1(self) -> Level1 {
        match self {
            Group::EconomicCost => Level1::Cost,
            Group::Quantity | Group::Quality | Group::Timeliness | Group::OutputCost => {
                Level1::Output
            }
            Group::Economic | Group::Social | Group::Ecological | Group::Sustainable => {
                Level1::Benefit
            }
            Group::Satisfaction => Level1::Satisfaction,
        }
    }

    /// The label in one of three styles: short (数量), with 指标 (数量指标), or the Shuozhou table's (产出数量).
    pub fn label(self, style: usize) -> &'static str {
        let labels: [&str; 3] = match self {
            Group::EconomicCost => ["经济成本", "经济成本指标", "经济成本"],
            Group::Quantity => ["数量", "数量指标", "产出数量"],
            Group::Quality => ["质量", "质量指标", "产出质量"],
            Group::Timeliness => ["时效", "时效指标", "产出时效"],
            Group::OutputCost => ["成本", "成本指标", "产出成本"],
            Group::Economic => ["经济效益", "经济效益指标", "经济效益"],
            Group::Social => ["社会效益", "社会效益指标", "社会效益"],
            Group::Ecological => ["生态效益", "生态效益指标", "生态效益"],
            Group::Sustainable => ["可持续影响", "可持续影响指标", "可持续发展"],
            Group::Satisfaction => ["服务对象满意度", "服务对象满意度指标", "公众满意度"],
        };
        labels[style]
    }
}

impl Level1 {
    /// The label: 产出 or 产出指标.
    pub fn label(self, style: usize) -> &'static str {
        let labels = match self {
            Level1::Cost => ["成本", "成本指标"],
            Level1::Output => ["产出", "产出指标"],
            Level1::Benefit => ["效益", "效益指标"],
            Level1::Satisfaction => ["满意度", "满意度指标"],
        };
        labels[usize::from(style == 1)]
    }
}

/// The direction of a quantitative target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Le,
    Eq,
    /// No comparator written.
    Bare,
}

/// A target value.
#[derive(Debug, Clone)]
pub enum Value {
    /// Comparator, number as written, unit (empty when missing).
    Quant {
        cmp: Cmp,
        number: String,
        unit: String,
    },
    /// A deadline or a period, as written.
    Date(String),
    /// Qualitative text with its grades (none for an ungraded one).
    Qual {
        text: String,
        grades: &'static [(&'static str, &'static str)],
    },
    /// No target.
    Missing,
}

/// One indicator of a plan.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub group: Group,
    pub name: String,
    pub value: Value,
    pub defect: Option<Defect>,
    /// 分值.
    pub weight: Option<u32>,
    /// 实际完成值 (written without comparator) and 得分, in a self-evaluation.
    pub actual: Option<String>,
    pub score: Option<String>,
    pub deviation: Option<&'static str>,
    pub basis: Option<&'static str>,
    pub source: Option<&'static str>,
}

/// What a declaration declares: its header and its indicators.
#[derive(Debug, Clone)]
pub struct Declaration {
    /// 部门整体 rather than 项目.
    pub department: bool,
    pub name: String,
    pub project: &'static str,
    pub supervisor: Option<String>,
    pub implementer: Option<String>,
    pub year: u32,
    pub write_year: bool,
    /// In 万元, as written; and the funding sources when given.
    pub funds: Option<String>,
    pub sources: Vec<(&'static str, String)>,
    pub period: Option<String>,
    pub goal: Option<String>,
    pub overall: Option<String>,
    /// Level-1 cost first (the 2021 framework's order).
    pub cost_first: bool,
    pub indicators: Vec<Indicator>,
}

/// Where the declarations of one file come from: one department of one place in one year.
pub struct Context {
    pub region: &'static str,
    pub sector: &'static Sector,
    pub year: u32,
    /// Numbers ≥ 1000 written with thousands separators.
    pub thousands: bool,
}

impl Context {
    /// A department of a random place and sector in 2019–2025.
    pub fn new(rng: &mut Rng) -> Context {
        Context {
            region: pick(rng, words::REGIONS),
            sector: &words::SECTORS[rng.u32(..words::SECTORS.len() as u32) as usize],
            year: 2019 + rng.u32(..7),
            thousands: chance(rng, 15),
        }
    }

    /// `n` as the department writes numbers.
    pub fn number(&self, n: u32) -> String {
        if self.thousands && n >= 1000 {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        }
    }
}

/// A number in `lo..=hi`.
pub fn between(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    rng.u32(lo..=hi.max(lo))
}

/// The last day of each month (February as in a common year).
pub const MONTH_ENDS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Plans one declaration of the context's department (部门整体 when `department`): 10–29 indicators, of which
/// a share drawn between 5 and 55 % carry a defect.
pub fn declaration(rng: &mut Rng, cx: &Context, department: bool) -> Declaration {
    let sector = cx.sector;
    let project = pick(rng, sector.projects);
    let budget = between(rng, 10, 3000);
    let funds = if chance(rng, 30) {
        format!("{budget}.{}", between(rng, 10, 99))
    } else {
        cx.number(budget)
    };
    let defect_rate = between(rng, 5, 55);
    let new_cost = chance(rng, 25);
    let mut counts = vec![
        (Group::Quantity, between(rng, 3, 7)),
        (Group::Quality, between(rng, 2, 4)),
        (Group::Timeliness, between(rng, 1, 3)),
        (
            if new_cost {
                Group::EconomicCost
            } else {
                Group::OutputCost
            },
            between(rng, 1, 3),
        ),
        (Group::Economic, between(rng, 0, 2)),
        (Group::Social, between(rng, 1, 3)),
        (
            Group::Ecological,
            if sector.ecological.is_empty() {
                0
            } else {
                between(rng, 0, 2)
            },
        ),
        (Group::Sustainable, between(rng, 0, 2)),
        (Group::Satisfaction, between(rng, 1, 3)),
    ];
    counts.sort();
    let mut planner = Planner::new(rng, cx, project, budget);
    let mut indicators = Vec::new();
    for (group, n) in counts {
        for _ in 0..n {
            indicators.push(planner.indicator(group, defect_rate));
        }
    }
    let weighted = chance(rng, 35);
    if weighted {
        weigh(rng, cx, &mut indicators);
    }
    for indicator in &mut indicators {
        // An industry or historical basis excuses an acceptance rate below 100 %: not on the planted one.
        if chance(rng, 25) && indicator.defect != Some(Defect::QualityBelow100) {
            indicator.basis = Some(pick(rng, words::BASES));
        }
        if chance(rng, 15) {
            indicator.source = Some(pick(rng, words::SOURCES));
        }
    }
    let (unit_town, region) = (pick(rng, words::TOWNS), cx.region);
    let implementer = if chance(rng, 15) {
        format!("{region}{unit_town}人民政府")
    } else {
        format!("{region}{}", pick(rng, sector.units))
    };
    let name = if department {
        format!("{region}{}{}年度部门整体支出", sector.bureau, cx.year)
    } else {
        let suffix = pick(rng, &["项目", "项目", "工程", "专项资金"]);
        format!("{}年{region}{project}{suffix}", cx.year)
    };
    let goal = goal(rng, cx, &funds, &indicators);
    // Sources only beside a whole amount, so that they add up to it.
    let sources = if chance(rng, 35) && !funds.contains('.') {
        let own = budget / 3;
        vec![
            ("本级财政", cx.number(budget - own)),
            ("上级补助", cx.number(own)),
        ]
    } else {
        Vec::new()
    };
    Declaration {
        department,
        name,
        project,
        supervisor: chance(rng, 95).then(|| format!("{region}{}", sector.bureau)),
        implementer: chance(rng, 85).then_some(implementer),
        year: cx.year,
        write_year: chance(rng, 97),
        funds: chance(rng, 95).then_some(funds),
        sources,
        period: chance(rng, 30).then(|| format!("{}-01-01 至 {}-12-31", cx.year, cx.year)),
        goal,
        overall: chance(rng, 20).then(|| {
            format!(
                "到{}年{}，{}",
                cx.year + 2,
                pick(rng, sector.aims),
                "建成长效运行机制，服务对象满意度保持在90%以上"
            )
        }),
        cost_first: chance(rng, 50),
        indicators,
    }
}

/// The annual goal: sound (numbers and a deadline), vague, a restatement of the money, a template leftover, or
/// none.
fn goal(rng: &mut Rng, cx: &Context, funds: &str, indicators: &[Indicator]) -> Option<String> {
    let roll = rng.u32(..100);
    let aims = cx.sector.aims;
    if roll < 52 {
        let quantity = indicators
            .iter()
            .find(|i| i.group == Group::Quantity && i.defect.is_none());
        let mut goal = match quantity.map(|i| (&i.name, &i.value)) {
            Some((name, Value::Quant { number, unit, .. })) => format!("完成{name}{number}{unit}"),
            _ => format!("完成{}年度建设任务", pick(rng, cx.sector.projects)),
        };
        goal.push_str(&format!(
            "，{}年12月31日前通过验收，服务对象满意度达到90%以上。",
            cx.year
        ));
        Some(goal)
    } else if roll < 74 {
        Some(format!(
            "{}，{}，进一步提升群众获得感",
            pick(rng, aims),
            pick(rng, aims)
        ))
    } else if roll < 86 {
        Some(format!(
            "申请预算资金{funds}万元，其中{}万元用于{}",
            between(rng, 1, 9),
            pick(rng, words::TASKS)
        ))
    } else if roll < 87 {
        Some("完成XX项目建设，XX率达到XX%".to_string())
    } else {
        None
    }
}

/// Gives every indicator a weight: satisfaction 10 in all, the rest 90 (or 100 without satisfaction); in a
/// self-evaluation (half of them) also the actual value and the score.
fn weigh(rng: &mut Rng, cx: &Context, indicators: &mut [Indicator]) {
    let satisfaction = indicators
        .iter()
        .filter(|i| i.group == Group::Satisfaction)
        .count() as u32;
    let others = indicators.len() as u32 - satisfaction;
    let rest = if satisfaction == 0 { 100 } else { 90 };
    let (mut s, mut o) = (0, 0);
    let self_evaluation = chance(rng, 50);
    for indicator in indicators.iter_mut() {
        let weight = if indicator.group == Group::Satisfaction {
            s += 1;
            share(10, satisfaction, s)
        } else {
            o += 1;
            share(rest, others, o)
        };
        indicator.weight = Some(weight);
        if self_evaluation {
            evaluate(rng, cx, indicator, weight);
        }
    }
}

/// The `k`-th (1-based) of `n` near-equal integer shares of `total`.
fn share(total: u32, n: u32, k: u32) -> u32 {
    total / n + u32::from(k <= total % n)
}

/// The actual value and score of a self-evaluation: met, or missed with a deviation note.
fn evaluate(rng: &mut Rng, cx: &Context, indicator: &mut Indicator, weight: u32) {
    indicator.score = Some(weight.to_string());
    let Value::Quant { cmp, number, unit } = &indicator.value else {
        return;
    };
    let (Ok(target), false) = (number.replace(',', "").parse::<u32>(), unit.is_empty()) else {
        return;
    };
    if indicator.defect.is_some() || *cmp == Cmp::Bare {
        return;
    }
    let missed = chance(rng, 10) && *cmp != Cmp::Le && target > 10;
    let actual = match cmp {
        Cmp::Le => target - target / 20,
        _ if missed => target - target / 10,
        Cmp::Eq => target,
        _ => (target + target * between(rng, 0, 10) / 100).min(if unit == "%" {
            100
        } else {
            u32::MAX
        }),
    };
    indicator.actual = Some(format!("{} {unit}", cx.number(actual)));
    if missed {
        indicator.score = Some(format!(
            "{:.1}",
            f64::from(weight) * f64::from(actual) / f64::from(target)
        ));
        indicator.deviation = Some(pick(rng, &words::DEVIATIONS[..3]));
    }
}
