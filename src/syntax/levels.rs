//! The indicator framework: level-1 and level-2 names, their aliases, and where each level 2 belongs.
//!
//! Both frameworks are accepted: the current one (财预〔2021〕101号: 成本/产出/效益/满意度, with 经济成本 … under 成本)
//! and the older one (财预〔2015〕88号: 成本 under 产出, 可持续影响 under 效益), with the legacy labels seen in real
//! tables (进度 = 时效, 效果 = 效益, 数量目标 = 数量 …).

use serde::Serialize;

/// A level-1 indicator (一级指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level1 {
    /// 成本指标 (cost), level 1 in the 2021 framework.
    Cost,
    /// 产出指标 (output).
    Output,
    /// 效益指标 (benefit).
    Benefit,
    /// 满意度指标 (satisfaction).
    Satisfaction,
}

/// A level-2 indicator (二级指标).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level2 {
    /// 经济成本 (under 成本).
    EconomicCost,
    /// 社会成本 (under 成本).
    SocialCost,
    /// 生态环境成本 (under 成本).
    EcologicalCost,
    /// 数量 (under 产出).
    Quantity,
    /// 质量 (under 产出).
    Quality,
    /// 时效 (under 产出; legacy 进度).
    Timeliness,
    /// 成本 (under 产出, the older framework).
    OutputCost,
    /// 经济效益 (under 效益).
    Economic,
    /// 社会效益 (under 效益).
    Social,
    /// 生态效益 (under 效益).
    Ecological,
    /// 可持续影响 (under 效益).
    Sustainability,
    /// 服务对象满意度 (under 满意度).
    ServiceRecipient,
}

/// A level-1 heading of an evaluation's index system (财预〔2020〕10号): 决策, 过程, 产出, 效益.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EvalPart {
    /// 决策 (decision; also 投入, 项目决策).
    Decision,
    /// 过程 (process; also 管理, 项目过程).
    Process,
    /// 产出 (output).
    Output,
    /// 效益 (benefit; also 效果).
    Benefit,
}

/// The level-1 headings of evaluations as evaluators write them, with what each means.
const EVALUATION_PARTS: &[(&str, EvalPart)] = &[
    ("决策", EvalPart::Decision),
    ("决策指标", EvalPart::Decision),
    ("项目决策", EvalPart::Decision),
    ("投入", EvalPart::Decision),
    ("投入指标", EvalPart::Decision),
    ("项目投入", EvalPart::Decision),
    ("decision", EvalPart::Decision),
    ("过程", EvalPart::Process),
    ("过程指标", EvalPart::Process),
    ("项目过程", EvalPart::Process),
    ("管理", EvalPart::Process),
    ("管理指标", EvalPart::Process),
    ("项目管理", EvalPart::Process),
    ("process", EvalPart::Process),
    ("产出", EvalPart::Output),
    ("产出指标", EvalPart::Output),
    ("项目产出", EvalPart::Output),
    ("output", EvalPart::Output),
    ("效益", EvalPart::Benefit),
    ("效益指标", EvalPart::Benefit),
    ("项目效益", EvalPart::Benefit),
    ("效果", EvalPart::Benefit),
    ("效果指标", EvalPart::Benefit),
    ("项目效果", EvalPart::Benefit),
    ("benefit", EvalPart::Benefit),
];

impl EvalPart {
    /// The part a level-1 heading of an evaluation names, if it is one of the four (numbering such as `1.`
    /// before it is ignored).
    pub fn lookup(label: &str) -> Option<EvalPart> {
        let label = label.trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十、.．)）(（ ".contains(c)
        });
        EVALUATION_PARTS
            .iter()
            .find(|(name, _)| *name == label)
            .map(|&(_, part)| part)
    }

    /// The canonical Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            EvalPart::Decision => "决策",
            EvalPart::Process => "过程",
            EvalPart::Output => "产出",
            EvalPart::Benefit => "效益",
        }
    }

    /// The English name, as rules read it.
    pub fn name_en(self) -> &'static str {
        match self {
            EvalPart::Decision => "decision",
            EvalPart::Process => "process",
            EvalPart::Output => "output",
            EvalPart::Benefit => "benefit",
        }
    }
}

/// Every accepted level-1 heading of an evaluation with its meaning, for documentation.
pub fn evaluation_parts() -> &'static [(&'static str, EvalPart)] {
    EVALUATION_PARTS
}

/// What a level-1 label turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level1Lookup {
    /// A level 1 of a target declaration.
    Known(Level1),
    /// A heading of the evaluation framework (财预〔2020〕10号), which has no place in a target table.
    Evaluation,
    /// Not a level-1 name.
    Unknown,
}

/// What a level-2 label turned out to be under a given level 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level2Lookup {
    /// Known and in the right place.
    Known(Level2),
    /// Known, but it belongs under another level 1.
    Misplaced(Level2),
    /// Not a level-2 name.
    Unknown,
}

const LEVEL1_NAMES: &[(&str, Level1)] = &[
    ("成本", Level1::Cost),
    ("成本指标", Level1::Cost),
    ("cost", Level1::Cost),
    ("产出", Level1::Output),
    ("产出指标", Level1::Output),
    ("output", Level1::Output),
    ("效益", Level1::Benefit),
    ("效益指标", Level1::Benefit),
    ("效果", Level1::Benefit),
    ("效果指标", Level1::Benefit),
    ("benefit", Level1::Benefit),
    ("满意度", Level1::Satisfaction),
    ("满意度指标", Level1::Satisfaction),
    ("satisfaction", Level1::Satisfaction),
];

/// Headings of the evaluation framework, never level 1 of a target declaration.
const EVALUATION_HEADINGS: &[&str] = &[
    "决策",
    "决策指标",
    "项目决策",
    "过程",
    "过程指标",
    "项目过程",
    "投入",
    "投入指标",
    "项目投入",
    "管理",
    "项目管理",
    "项目产出",
    "项目效益",
];

const LEVEL2_NAMES: &[(&str, Level2)] = &[
    ("经济成本", Level2::EconomicCost),
    ("经济成本指标", Level2::EconomicCost),
    ("economic-cost", Level2::EconomicCost),
    ("社会成本", Level2::SocialCost),
    ("社会成本指标", Level2::SocialCost),
    ("social-cost", Level2::SocialCost),
    ("生态环境成本", Level2::EcologicalCost),
    ("生态环境成本指标", Level2::EcologicalCost),
    ("生态成本", Level2::EcologicalCost),
    ("ecological-cost", Level2::EcologicalCost),
    // Under the 2021 level-1 成本, a bare 成本 means its economic cost.
    ("成本", Level2::EconomicCost),
    ("成本指标", Level2::EconomicCost),
    ("数量", Level2::Quantity),
    ("数量指标", Level2::Quantity),
    ("数量目标", Level2::Quantity),
    ("产出数量", Level2::Quantity),
    ("quantity", Level2::Quantity),
    ("质量", Level2::Quality),
    ("质量指标", Level2::Quality),
    ("质量目标", Level2::Quality),
    ("产出质量", Level2::Quality),
    ("quality", Level2::Quality),
    ("时效", Level2::Timeliness),
    ("时效指标", Level2::Timeliness),
    ("时效目标", Level2::Timeliness),
    ("产出时效", Level2::Timeliness),
    ("进度", Level2::Timeliness),
    ("进度指标", Level2::Timeliness),
    ("timeliness", Level2::Timeliness),
    ("成本", Level2::OutputCost),
    ("成本指标", Level2::OutputCost),
    ("成本目标", Level2::OutputCost),
    ("产出成本", Level2::OutputCost),
    ("cost", Level2::OutputCost),
    ("经济效益", Level2::Economic),
    ("经济效益指标", Level2::Economic),
    ("economic", Level2::Economic),
    ("社会效益", Level2::Social),
    ("社会效益指标", Level2::Social),
    ("social", Level2::Social),
    ("生态效益", Level2::Ecological),
    ("生态效益指标", Level2::Ecological),
    ("生态环境效益", Level2::Ecological),
    ("ecological", Level2::Ecological),
    ("可持续影响", Level2::Sustainability),
    ("可持续影响指标", Level2::Sustainability),
    ("可持续发展", Level2::Sustainability),
    ("可持续发展指标", Level2::Sustainability),
    ("sustainability", Level2::Sustainability),
    ("服务对象满意度", Level2::ServiceRecipient),
    ("服务对象满意度指标", Level2::ServiceRecipient),
    ("社会公众或服务对象满意度", Level2::ServiceRecipient),
    ("社会公众或服务对象满意度指标", Level2::ServiceRecipient),
    ("公众满意度", Level2::ServiceRecipient),
    ("满意度", Level2::ServiceRecipient),
    ("满意度指标", Level2::ServiceRecipient),
    ("service-recipient", Level2::ServiceRecipient),
];

/// The satisfaction level 2 of the 2015 template (财预〔2015〕88号), which put it under 效益: there it is the
/// satisfaction group, not a misplaced one, and its indicators count as satisfaction indicators.
const BENEFIT_SATISFACTION: &[&str] = &[
    "社会公众或服务对象满意度指标",
    "社会公众或服务对象满意度",
    "服务对象满意度指标",
    "服务对象满意度",
];

impl Level1 {
    /// Looks up a level-1 label.
    pub fn lookup(label: &str) -> Level1Lookup {
        if let Some(&(_, level)) = LEVEL1_NAMES.iter().find(|(name, _)| *name == label) {
            Level1Lookup::Known(level)
        } else if EVALUATION_HEADINGS.contains(&label) {
            Level1Lookup::Evaluation
        } else {
            Level1Lookup::Unknown
        }
    }

    /// The canonical Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Level1::Cost => "成本",
            Level1::Output => "产出",
            Level1::Benefit => "效益",
            Level1::Satisfaction => "满意度",
        }
    }

    /// The English name (also the keyword alias).
    pub fn name_en(self) -> &'static str {
        match self {
            Level1::Cost => "cost",
            Level1::Output => "output",
            Level1::Benefit => "benefit",
            Level1::Satisfaction => "satisfaction",
        }
    }

    /// Every level 1, in the order of the 2021 framework.
    pub const ALL: [Level1; 4] = [
        Level1::Cost,
        Level1::Output,
        Level1::Benefit,
        Level1::Satisfaction,
    ];

    /// The level 2s that belong under this level 1.
    pub fn children(self) -> &'static [Level2] {
        match self {
            Level1::Cost => &[
                Level2::EconomicCost,
                Level2::SocialCost,
                Level2::EcologicalCost,
            ],
            Level1::Output => &[
                Level2::Quantity,
                Level2::Quality,
                Level2::Timeliness,
                Level2::OutputCost,
            ],
            Level1::Benefit => &[
                Level2::Economic,
                Level2::Social,
                Level2::Ecological,
                Level2::Sustainability,
            ],
            Level1::Satisfaction => &[Level2::ServiceRecipient],
        }
    }
}

impl Level2 {
    /// Looks up a level-2 label under `parent`.
    pub fn lookup(label: &str, parent: Level1) -> Level2Lookup {
        let mut found = LEVEL2_NAMES
            .iter()
            .filter(|(name, _)| *name == label)
            .map(|&(_, level)| level)
            .peekable();
        let Some(&first) = found.peek() else {
            return Level2Lookup::Unknown;
        };
        match found.find(|level| level.parent() == parent) {
            Some(level) => Level2Lookup::Known(level),
            None if parent == Level1::Benefit && BENEFIT_SATISFACTION.contains(&label) => {
                Level2Lookup::Known(Level2::ServiceRecipient)
            }
            None => Level2Lookup::Misplaced(first),
        }
    }

    /// Looks up a level-2 label without its level 1 (the first meaning when a label has several).
    pub fn lookup_alone(label: &str) -> Option<Level2> {
        LEVEL2_NAMES
            .iter()
            .find(|(name, _)| *name == label)
            .map(|&(_, level)| level)
    }

    /// The level 1 this level 2 belongs under.
    pub fn parent(self) -> Level1 {
        match self {
            Level2::EconomicCost | Level2::SocialCost | Level2::EcologicalCost => Level1::Cost,
            Level2::Quantity | Level2::Quality | Level2::Timeliness | Level2::OutputCost => {
                Level1::Output
            }
            Level2::Economic | Level2::Social | Level2::Ecological | Level2::Sustainability => {
                Level1::Benefit
            }
            Level2::ServiceRecipient => Level1::Satisfaction,
        }
    }

    /// The canonical Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Level2::EconomicCost => "经济成本",
            Level2::SocialCost => "社会成本",
            Level2::EcologicalCost => "生态环境成本",
            Level2::Quantity => "数量",
            Level2::Quality => "质量",
            Level2::Timeliness => "时效",
            Level2::OutputCost => "成本",
            Level2::Economic => "经济效益",
            Level2::Social => "社会效益",
            Level2::Ecological => "生态效益",
            Level2::Sustainability => "可持续影响",
            Level2::ServiceRecipient => "服务对象满意度",
        }
    }

    /// The English name (also the keyword alias).
    pub fn name_en(self) -> &'static str {
        match self {
            Level2::EconomicCost => "economic-cost",
            Level2::SocialCost => "social-cost",
            Level2::EcologicalCost => "ecological-cost",
            Level2::Quantity => "quantity",
            Level2::Quality => "quality",
            Level2::Timeliness => "timeliness",
            Level2::OutputCost => "cost",
            Level2::Economic => "economic",
            Level2::Social => "social",
            Level2::Ecological => "ecological",
            Level2::Sustainability => "sustainability",
            Level2::ServiceRecipient => "service-recipient",
        }
    }
}

/// Every accepted level-1 label with its meaning, for documentation.
pub fn level1_aliases() -> &'static [(&'static str, Level1)] {
    LEVEL1_NAMES
}

/// Every accepted level-2 label with its meaning, for documentation.
pub fn level2_aliases() -> &'static [(&'static str, Level2)] {
    LEVEL2_NAMES
}

/// The evaluation-framework headings that are refused as level 1.
pub fn evaluation_headings() -> &'static [&'static str] {
    EVALUATION_HEADINGS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_level2_under_output_in_the_older_framework() {
        assert_eq!(
            Level2::lookup("成本", Level1::Output),
            Level2Lookup::Known(Level2::OutputCost)
        );
        assert_eq!(
            Level2::lookup("经济效益", Level1::Output),
            Level2Lookup::Misplaced(Level2::Economic)
        );
        assert_eq!(
            Level2::lookup("宣传", Level1::Output),
            Level2Lookup::Unknown
        );
    }

    #[test]
    fn evaluation_headings_are_not_level1() {
        assert_eq!(Level1::lookup("决策"), Level1Lookup::Evaluation);
        assert_eq!(
            Level1::lookup("效果指标"),
            Level1Lookup::Known(Level1::Benefit)
        );
        assert_eq!(Level1::lookup("投资"), Level1Lookup::Unknown);
    }

    #[test]
    fn every_level2_has_its_canonical_name_as_an_alias() {
        for (_, level) in LEVEL2_NAMES {
            assert_eq!(
                Level2::lookup(level.name_zh(), level.parent()),
                Level2Lookup::Known(*level)
            );
            assert_eq!(
                Level2::lookup(level.name_en(), level.parent()),
                Level2Lookup::Known(*level)
            );
        }
    }
}
