//! The indicators of a planned declaration, group by group: sound ones in every target form, and the defects of
//! real tables, each written the way reviewers meet it.

use super::plan::{between, chance, pick, Cmp, Context, Group, Indicator, Value, MONTH_ENDS};
use super::words::{self, Measure};
use super::Defect;
use fastrand::Rng;
use std::collections::BTreeSet;

/// Plans the indicators of one declaration, each name once.
pub struct Planner<'a> {
    rng: &'a mut Rng,
    cx: &'a Context,
    project: &'static str,
    budget: u32,
    names: BTreeSet<String>,
}

impl<'a> Planner<'a> {
    /// Plans indicators for a declaration of `project` with `budget` (万元), drawing from `rng`.
    pub fn new(rng: &'a mut Rng, cx: &'a Context, project: &'static str, budget: u32) -> Self {
        Planner {
            rng,
            cx,
            project,
            budget,
            names: BTreeSet::new(),
        }
    }

    /// One indicator of `group`: with a defect at a chance of `defect_rate` per cent, else sound.
    pub fn indicator(&mut self, group: Group, defect_rate: u32) -> Indicator {
        let defective = chance(self.rng, defect_rate);
        let (name, value, defect) = match group {
            Group::Quantity => self.quantity(defective),
            Group::Quality => self.quality(defective),
            Group::Timeliness => self.timeliness(defective),
            Group::OutputCost | Group::EconomicCost => self.cost(defective),
            Group::Economic | Group::Social | Group::Ecological => self.benefit(group, defective),
            Group::Sustainable => self.sustainable(defective),
            Group::Satisfaction => self.satisfaction(defective),
        };
        let name = self.unique(name);
        Indicator {
            group,
            name,
            value,
            defect,
            weight: None,
            actual: None,
            score: None,
            deviation: None,
            basis: None,
            source: None,
        }
    }

    /// `name`, qualified by a town (or numbered) when the declaration has it already.
    fn unique(&mut self, name: String) -> String {
        let mut candidate = name.clone();
        let mut n = 2;
        while self.names.contains(&candidate) {
            candidate = if n < 5 {
                format!("{}{name}", pick(self.rng, words::TOWNS))
            } else {
                format!("{name}（{n}）")
            };
            n += 1;
        }
        self.names.insert(candidate.clone());
        candidate
    }

    /// A measure's name, sometimes qualified as real tables do (a town, 第一批, 年度).
    fn qualified(&mut self, name: &str) -> String {
        match self.rng.u32(..10) {
            0 | 1 => format!("{}{name}", pick(self.rng, words::TOWNS)),
            2 => format!("第一批{name}"),
            3 => format!("年度{name}"),
            _ => name.to_string(),
        }
    }

    /// A quantitative target of `measure`.
    fn measured(&mut self, measure: Measure, cmp: Cmp) -> Value {
        let (_, unit, lo, hi) = measure;
        Value::Quant {
            cmp,
            number: self.cx.number(between(self.rng, lo, hi)),
            unit: unit.to_string(),
        }
    }

    fn quantity(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let measure = pick(self.rng, self.cx.sector.counts);
        let name = self.qualified(measure.0);
        let cmp = if chance(self.rng, 60) {
            Cmp::Ge
        } else {
            Cmp::Eq
        };
        if !defective {
            return (name, self.measured(measure, cmp), None);
        }
        let defect = pick(
            self.rng,
            &[
                Defect::VagueValue,
                Defect::MissingTarget,
                Defect::MissingUnit,
                Defect::MoneyAsQuantity,
                Defect::InputAsOutput,
                Defect::Placeholder,
                Defect::FundItem,
            ],
        );
        let value = match defect {
            Defect::VagueValue => qual(pick(
                self.rng,
                &["按计划完成", "满足需求", "应保尽保", "全面完成"],
            )),
            Defect::MissingTarget => Value::Missing,
            Defect::MissingUnit => Value::Quant {
                cmp,
                number: self.cx.number(between(self.rng, measure.2, measure.3)),
                unit: String::new(),
            },
            Defect::MoneyAsQuantity => {
                let name = format!(
                    "{}{}",
                    self.project,
                    pick(self.rng, &["资金", "建设资金", "补助经费"])
                );
                let value = Value::Quant {
                    cmp: Cmp::Eq,
                    number: self.cx.number(self.budget),
                    unit: "万元".into(),
                };
                return (name, value, Some(defect));
            }
            Defect::InputAsOutput => {
                let (name, unit) = pick(self.rng, words::INPUTS);
                let value = Value::Quant {
                    cmp: Cmp::Eq,
                    number: between(self.rng, 2, 20).to_string(),
                    unit: unit.into(),
                };
                return (name.to_string(), value, Some(defect));
            }
            Defect::Placeholder => {
                let placeholder = pick(self.rng, words::PLACEHOLDERS).replace("{unit}", measure.1);
                let value = self.measured(measure, Cmp::Ge);
                return (format!("{}{placeholder}", measure.0), value, Some(defect));
            }
            _ => {
                let value = Value::Quant {
                    cmp: Cmp::Eq,
                    number: "100".into(),
                    unit: "%".into(),
                };
                return (
                    pick(self.rng, words::FUND_ITEMS).to_string(),
                    value,
                    Some(Defect::FundItem),
                );
            }
        };
        (name, value, Some(defect))
    }

    fn quality(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let sector = self.cx.sector;
        let acceptance = !sector.acceptance.is_empty() && chance(self.rng, 40);
        let (name, rate) = if acceptance {
            (pick(self.rng, sector.acceptance).to_string(), 100)
        } else {
            let (name, _, lo, hi) = pick(self.rng, sector.rates);
            (name.to_string(), between(self.rng, lo, hi))
        };
        let percent = |cmp, n: u32| Value::Quant {
            cmp,
            number: n.to_string(),
            unit: "%".into(),
        };
        if !defective {
            return (
                name,
                percent(if acceptance { Cmp::Eq } else { Cmp::Ge }, rate),
                None,
            );
        }
        let defect = pick(
            self.rng,
            &[
                Defect::CappedRateOver,
                Defect::QualityBelow100,
                Defect::VagueValue,
                Defect::Ungraded,
                Defect::MissingUnit,
                Defect::Placeholder,
                Defect::MissingTarget,
            ],
        );
        let value = match defect {
            Defect::CappedRateOver => percent(Cmp::Ge, 100),
            Defect::QualityBelow100 => {
                let name = pick(
                    self.rng,
                    &["工程验收合格率", "项目验收合格率", "设备验收合格率"],
                )
                .to_string();
                return (
                    self.unique_name(name),
                    percent(Cmp::Ge, between(self.rng, 90, 98)),
                    Some(defect),
                );
            }
            Defect::VagueValue => qual(pick(
                self.rng,
                &["按质按量完成", "质量明显提升", "效果明显"],
            )),
            Defect::Ungraded => qual(pick(self.rng, words::UNGRADED)),
            Defect::MissingUnit => Value::Quant {
                cmp: Cmp::Ge,
                number: rate.to_string(),
                unit: String::new(),
            },
            Defect::Placeholder => {
                return (
                    format!("{name}(≥**%)"),
                    percent(Cmp::Ge, rate),
                    Some(defect),
                )
            }
            _ => Value::Missing,
        };
        (name, value, Some(defect))
    }

    /// A name that another indicator of the declaration may have taken: qualified by the project.
    fn unique_name(&mut self, name: String) -> String {
        if self.names.contains(&name) {
            format!("{}{name}", self.project)
        } else {
            name
        }
    }

    fn timeliness(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let year = self.cx.year;
        let task = pick(self.rng, words::TASKS);
        let month = between(self.rng, 6, 12);
        let day = MONTH_ENDS[month as usize - 1];
        if !defective {
            let value = match self.rng.u32(..8) {
                0 | 1 => Value::Date(format!("{year}年{month}月{day}日前")),
                2 => Value::Date(format!("{year}-{month:02}-{day:02}")),
                3 => Value::Date(format!("{year}年底前")),
                4 => Value::Date(format!("{year}.{month:02}前")),
                5 => {
                    return (
                        format!("{task}按期完成率"),
                        Value::Quant {
                            cmp: Cmp::Eq,
                            number: "100".into(),
                            unit: "%".into(),
                        },
                        None,
                    )
                }
                6 => {
                    let (n, unit) = pick(
                        self.rng,
                        &[(5, "个工作日"), (10, "个工作日"), (2, "小时"), (24, "小时")],
                    );
                    let value = Value::Quant {
                        cmp: Cmp::Le,
                        number: n.to_string(),
                        unit: unit.into(),
                    };
                    return ("服务需求响应时限".to_string(), value, None);
                }
                _ => Value::Date(format!("{year}.01-{year}.{month:02}")),
            };
            return (format!("{task}完成时间"), value, None);
        }
        let defect = pick(
            self.rng,
            &[
                Defect::VagueTime,
                Defect::VagueTime,
                Defect::ExcelSerial,
                Defect::CappedRateOver,
                Defect::MissingTarget,
            ],
        );
        let value = match defect {
            Defect::VagueTime => qual(pick(self.rng, words::VAGUE_TIMES)),
            Defect::ExcelSerial => Value::Quant {
                cmp: Cmp::Bare,
                number: excel_serial(year, month, day).to_string(),
                unit: String::new(),
            },
            Defect::CappedRateOver => {
                return (
                    "完成及时率".to_string(),
                    Value::Quant {
                        cmp: Cmp::Ge,
                        number: "100".into(),
                        unit: "%".into(),
                    },
                    Some(defect),
                );
            }
            _ => Value::Missing,
        };
        (format!("{task}完成时间"), value, Some(defect))
    }

    fn cost(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let budget = self.budget;
        let whole = || Value::Quant {
            cmp: Cmp::Le,
            number: budget.to_string(),
            unit: "万元".into(),
        };
        if !defective {
            let (name, value) = match self.rng.u32(..4) {
                0 => ("项目总成本".to_string(), whole()),
                1 => (
                    "成本节约率".to_string(),
                    Value::Quant {
                        cmp: Cmp::Ge,
                        number: "0".into(),
                        unit: "%".into(),
                    },
                ),
                _ => {
                    let (name, unit, lo, hi) = pick(self.rng, self.cx.sector.unit_costs);
                    let cents = between(self.rng, 0, 99);
                    let value = Value::Quant {
                        cmp: Cmp::Le,
                        number: format!("{}.{cents:02}", between(self.rng, lo, hi)),
                        unit: unit.into(),
                    };
                    (name.to_string(), value)
                }
            };
            return (name, value, None);
        }
        let defect = pick(
            self.rng,
            &[
                Defect::CostEquals,
                Defect::CostNotMoney,
                Defect::CostAgainstDirection,
                Defect::IncompleteUnit,
                Defect::MissingComparator,
            ],
        );
        let amount = |cmp| Value::Quant {
            cmp,
            number: budget.to_string(),
            unit: "万元".into(),
        };
        let value = match defect {
            Defect::CostEquals => amount(Cmp::Eq),
            Defect::CostNotMoney => qual(pick(self.rng, words::COST_WORDS)),
            Defect::CostAgainstDirection => amount(Cmp::Ge),
            Defect::MissingComparator => amount(Cmp::Bare),
            _ => {
                let (name, unit, lo, hi) = pick(self.rng, self.cx.sector.unit_costs);
                let tail = unit.split_once('/').map_or(unit, |(_, per)| per);
                let value = Value::Quant {
                    cmp: Cmp::Le,
                    number: format!("{}.40", between(self.rng, lo, hi)),
                    unit: format!("/{tail}"),
                };
                return (name.to_string(), value, Some(defect));
            }
        };
        (
            format!(
                "{}成本",
                pick(self.rng, &["项目", "建设", "运行维护", "服务采购"])
            ),
            value,
            Some(defect),
        )
    }

    fn benefit(&mut self, group: Group, defective: bool) -> (String, Value, Option<Defect>) {
        let sector = self.cx.sector;
        let measures = match group {
            Group::Economic => sector.economic,
            Group::Ecological => sector.ecological,
            _ => sector.social,
        };
        let measure = pick(self.rng, measures);
        if !defective {
            return (measure.0.to_string(), self.measured(measure, Cmp::Ge), None);
        }
        let defect = pick(
            self.rng,
            &[
                Defect::VagueValue,
                Defect::VagueValue,
                Defect::VagueName,
                Defect::MissingTarget,
                Defect::Ungraded,
            ],
        );
        let value = match defect {
            Defect::VagueValue => qual(pick(self.rng, words::VAGUE_VALUES)),
            Defect::VagueName => {
                return (
                    pick(self.rng, sector.aims).to_string(),
                    Value::Missing,
                    Some(defect),
                )
            }
            Defect::Ungraded => qual(pick(self.rng, words::UNGRADED)),
            _ => Value::Missing,
        };
        (measure.0.to_string(), value, Some(defect))
    }

    fn sustainable(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let name = pick(self.rng, self.cx.sector.sustainable).to_string();
        if !defective {
            let (text, grades) = pick(self.rng, words::GRADED);
            return (
                name,
                Value::Qual {
                    text: text.into(),
                    grades,
                },
                None,
            );
        }
        match self.rng.u32(..3) {
            0 => (
                pick(
                    self.rng,
                    &["人员机构安排可持续性发展", "项目可持续发展", "持续发挥效益"],
                )
                .to_string(),
                Value::Missing,
                Some(Defect::VagueName),
            ),
            1 => (
                name,
                qual(pick(self.rng, &["持续发展", "长期", "持续发挥作用"])),
                Some(Defect::VagueValue),
            ),
            _ => (
                name,
                qual(pick(self.rng, words::UNGRADED)),
                Some(Defect::Ungraded),
            ),
        }
    }

    fn satisfaction(&mut self, defective: bool) -> (String, Value, Option<Defect>) {
        let name = format!("{}满意度", pick(self.rng, self.cx.sector.recipients));
        let percent = |cmp, n: u32| Value::Quant {
            cmp,
            number: n.to_string(),
            unit: "%".into(),
        };
        if !defective {
            return (
                name,
                percent(Cmp::Ge, pick(self.rng, &[80, 85, 90, 90, 95])),
                None,
            );
        }
        let defect = pick(
            self.rng,
            &[
                Defect::MissingComparator,
                Defect::SatisfactionLow,
                Defect::SatisfactionFull,
                Defect::Placeholder,
                Defect::VagueValue,
            ],
        );
        let value = match defect {
            Defect::MissingComparator => percent(Cmp::Bare, 90),
            Defect::SatisfactionLow => percent(Cmp::Ge, between(self.rng, 60, 75)),
            Defect::SatisfactionFull => percent(Cmp::Eq, 100),
            Defect::Placeholder => {
                return (format!("{name}(≥**%)"), percent(Cmp::Ge, 95), Some(defect))
            }
            _ => qual(pick(self.rng, &["满意", "群众满意", "满意度较高"])),
        };
        (name, value, Some(defect))
    }
}

/// An ungraded qualitative target.
fn qual(text: &str) -> Value {
    Value::Qual {
        text: text.to_string(),
        grades: &[],
    }
}

/// The Excel serial number of a date (days since 1899-12-30; 44561 is 2021-12-31).
fn excel_serial(year: u32, month: u32, day: u32) -> u32 {
    let leap = |y: u32| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days_before_year: u32 = (1900..year).map(|y| if leap(y) { 366 } else { 365 }).sum();
    let days_before_month: u32 =
        MONTH_ENDS[..month as usize - 1].iter().sum::<u32>() + u32::from(month > 2 && leap(year));
    // Excel counts 1900-02-29, a day that never was: serial 1 is 1900-01-01, so 1899-12-31 is 0 and one more.
    days_before_year + days_before_month + day + 1
}
