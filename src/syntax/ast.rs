//! The typed model of a target declaration, with a byte [`Span`] on every node.
//!
//! Built by the lowering pass in [`crate::syntax::parse`]; no pest type appears here. Numbers are exact
//! [`Decimal`]s. Names follow the domain: 指标 = [`Indicator`], 指标值 = [`Target`], 计量单位 = unit,
//! 一级/二级 = [`Level1`]/[`Level2`].

use crate::source::Span;
use crate::syntax::levels::{EvalPart, Level1, Level2};
use rust_decimal::Decimal;
use serde::Serialize;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// A whole .jx file: one or more declarations and evaluations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The declarations, in file order.
    pub declarations: Vec<Declaration>,
    /// The evaluations (评价), in file order.
    pub evaluations: Vec<Evaluation>,
    /// The `# jixiao: allow(…)` comments, each with the node it covers.
    pub suppressions: Vec<Suppression>,
    /// The parts of the text left out after syntax errors, so that the rest could be read; empty when the
    /// file parsed as it is.
    pub gaps: Vec<Span>,
}

/// What a declaration declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DeclarationKind {
    /// 项目: a project's spending.
    Project,
    /// 部门整体: a department's overall spending.
    Department,
}

/// One target declaration (绩效目标申报表): a header and the indicator tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declaration {
    /// 项目 or 部门整体.
    pub kind: Spanned<DeclarationKind>,
    /// The project's or department's name.
    pub name: Spanned<String>,
    /// The header fields.
    pub header: Header,
    /// The level-1 groups, in file order.
    pub groups: Vec<Level1Group>,
    /// The whole declaration.
    pub span: Span,
}

/// The header of a declaration. Every field is optional: rules report what is missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Header {
    /// 主管部门: the supervising department.
    pub supervisor: Option<Spanned<String>>,
    /// 实施单位: the implementing unit.
    pub implementer: Option<Spanned<String>>,
    /// 年度: the budget year.
    pub year: Option<Spanned<i32>>,
    /// 资金: the total budget and its sources.
    pub funds: Option<Funds>,
    /// 实施期: the implementation period.
    pub period: Option<Spanned<Period>>,
    /// 年度目标: the annual goal.
    pub annual_goal: Option<Spanned<String>>,
    /// 总体目标: the overall (multi-year) goal.
    pub overall_goal: Option<Spanned<String>>,
    /// The money beyond the budget: received, spent, left, allocations, contracts.
    pub ledger: Ledger,
}

/// 资金: an amount of money and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Funds {
    /// The total.
    pub total: Quantity,
    /// Funding sources (资金来源), when given.
    pub sources: Vec<FundSource>,
    /// The whole field.
    pub span: Span,
}

/// One funding source and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FundSource {
    /// e.g. 财政拨款, 上级补助.
    pub name: Spanned<String>,
    /// The amount.
    pub amount: Quantity,
    /// The whole entry.
    pub span: Span,
}

/// A number with an optional unit: `1961 万元`, `32 个`, `100 %`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// The exact value.
    pub value: Spanned<Decimal>,
    /// The unit as written (any text: %, 个, 人次, 万元, 元/亩, 次/月 …), absent when none was written.
    pub unit: Option<Spanned<String>>,
}

/// The ledger of a declaration or an evaluation: the money received, spent and left beside the budget (资金), the
/// stated execution rate, the allocations by year and the contracts. Every part is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Ledger {
    /// 到位: the money received.
    pub received: Option<Quantity>,
    /// 支出: the money spent (executed).
    pub spent: Option<Spent>,
    /// 结余: the money left.
    pub balance: Option<Quantity>,
    /// 执行率: the stated budget execution rate, with its weight and score in a self-evaluation.
    pub execution: Option<Execution>,
    /// 下达: the allocations by year, in file order (a year may be given twice).
    pub allocations: Vec<Allocation>,
    /// 合同: the contracts, in file order.
    pub contracts: Vec<Contract>,
    /// 合同合计: the stated total of the contracts.
    pub contracted: Option<Quantity>,
    /// 支付合计: the stated total paid on the contracts.
    pub paid: Option<Quantity>,
    /// 支付进度: the stated share of the contracts paid.
    pub progress: Option<Quantity>,
}

impl Ledger {
    /// Whether nothing of the ledger is written.
    pub fn is_empty(&self) -> bool {
        *self == Ledger::default()
    }
}

/// 支出: a total, the items it is made of, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spent {
    /// The total, when written.
    pub total: Option<Quantity>,
    /// The items (name and amount), when written.
    pub items: Vec<FundSource>,
    /// The whole field.
    pub span: Span,
}

/// 执行率 95 % { 分值 10 得分 9.5 }.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Execution {
    /// The stated rate, in %, when given.
    pub rate: Option<Quantity>,
    /// Its weight and score (a self-evaluation scores budget execution).
    pub attributes: Attributes,
    /// The whole field.
    pub span: Span,
}

/// 下达 2023 1456 万元: money allocated for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allocation {
    /// The year.
    pub year: Spanned<i32>,
    /// The amount.
    pub amount: Quantity,
    /// The whole field.
    pub span: Span,
}

/// 合同 "…" { 预算 … 中标 … 已支付 … 支付比例 … }: a contract let for the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contract {
    /// What the contract is for.
    pub name: Spanned<String>,
    /// 预算: what the budget set aside for it.
    pub budget: Option<Quantity>,
    /// 中标 / 合同金额: the amount awarded.
    pub award: Option<Quantity>,
    /// 已支付: what has been paid.
    pub paid: Option<Quantity>,
    /// 支付比例: the share of the award said to be paid, in %.
    pub share: Option<Quantity>,
    /// The whole contract.
    pub span: Span,
}

/// An evaluation (绩效评价, 财预〔2020〕10号): the header of the project evaluated, the evaluator, the stated
/// total, score rate and grade, and the index system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The keyword as written (评价, 绩效评价, evaluation).
    pub keyword: Spanned<String>,
    /// The evaluation's name.
    pub name: Spanned<String>,
    /// The header fields (年度, 资金, the ledger …), as in a declaration.
    pub header: Header,
    /// 评价机构.
    pub evaluator: Option<Spanned<String>>,
    /// 总分: the stated total score.
    pub total: Option<Spanned<Decimal>>,
    /// 得分率: the stated total as a share of the weights, in %.
    pub rate: Option<Quantity>,
    /// 等级: the stated grade as written.
    pub grade: Option<Spanned<String>>,
    /// The level-1 nodes, in file order.
    pub nodes: Vec<EvalNode>,
    /// The whole evaluation.
    pub span: Span,
}

/// A node of an evaluation's index system: a level-1 heading, a level 2, an indicator, or deeper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalNode {
    /// The label as written.
    pub label: Spanned<String>,
    /// How deep it is: 1 for a level-1 heading.
    pub level: u8,
    /// The part of the evaluation framework its level-1 heading names (决策 …), when known.
    pub part: Option<EvalPart>,
    /// 分值.
    pub weight: Option<Spanned<Decimal>>,
    /// 得分.
    pub score: Option<Spanned<Decimal>>,
    /// 得分率, in %.
    pub rate: Option<Quantity>,
    /// The nodes under it.
    pub children: Vec<EvalNode>,
    /// The whole node.
    pub span: Span,
}

impl Quantity {
    /// From the number to the end of its unit.
    pub fn span(&self) -> Span {
        self.unit
            .as_ref()
            .map_or(self.value.span, |unit| self.value.span.cover(unit.span))
    }
}

impl Ledger {
    /// The spans of its fields, each a node a suppression can cover.
    pub fn spans(&self) -> Vec<Span> {
        let quantities = [
            &self.received,
            &self.balance,
            &self.contracted,
            &self.paid,
            &self.progress,
        ];
        let mut spans: Vec<Span> = quantities
            .into_iter()
            .flatten()
            .map(Quantity::span)
            .collect();
        spans.extend(self.spent.iter().map(|s| s.span));
        spans.extend(self.execution.iter().map(|e| e.span));
        spans.extend(self.allocations.iter().map(|a| a.span));
        spans.extend(self.contracts.iter().map(|c| c.span));
        spans
    }
}

impl EvalNode {
    /// This node and every node under it, depth first.
    pub fn walk(&self) -> Vec<&EvalNode> {
        let mut out = vec![self];
        for child in &self.children {
            out.extend(child.walk());
        }
        out
    }
}

/// A level-1 group (一级指标): 成本, 产出, 效益 or 满意度.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level1Group {
    /// The label as written (产出, 产出指标, output …).
    pub label: Spanned<String>,
    /// What the label means; `None` when the label is unknown (already reported).
    pub level: Option<Level1>,
    /// `分值 70` after the label: the weight of the whole group.
    pub weight: Option<GroupWeight>,
    /// The level-2 groups, in file order.
    pub groups: Vec<Level2Group>,
    /// The whole group.
    pub span: Span,
}

/// `分值 70` after a group's label: the keyword as written (分值, 权重, weight) and the weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupWeight {
    /// The keyword as written.
    pub keyword: Spanned<String>,
    /// The weight.
    pub value: Spanned<Decimal>,
}

/// A level-2 group (二级指标), e.g. 数量 under 产出.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Level2Group {
    /// The label as written (数量, 数量指标, 进度 …).
    pub label: Spanned<String>,
    /// What the label means; `None` when unknown or misplaced (already reported).
    pub level: Option<Level2>,
    /// `分值 30` after the label: the weight of the whole group.
    pub weight: Option<GroupWeight>,
    /// The level-3 indicators.
    pub indicators: Vec<Indicator>,
    /// Whether it was written inline (`数量 "名称" = 32 个`) rather than as a block (`数量 { … }`).
    pub inline: bool,
    /// The whole group.
    pub span: Span,
}

/// A level-3 indicator (三级指标): the unit's own name and its target value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// The name as written.
    pub name: Spanned<String>,
    /// The target value (指标值); `None` when the declaration leaves it blank.
    pub target: Option<Target>,
    /// The optional attributes.
    pub attributes: Attributes,
    /// The whole indicator.
    pub span: Span,
}

/// A comparator (≥ ≤ = > <), whichever way it was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Comparator {
    /// ≥ (>=, ≧, 不低于, 不少于, 不小于).
    Ge,
    /// ≤ (<=, ≦, 不高于, 不超过, 不多于, 不大于).
    Le,
    /// = (==, 等于).
    Eq,
    /// > (大于, 高于, 超过).
    Gt,
    /// < (小于, 低于).
    Lt,
}

impl Comparator {
    /// The canonical sign.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Le => "≤",
            Comparator::Eq => "=",
            Comparator::Gt => ">",
            Comparator::Lt => "<",
        }
    }
}

/// A calendar date, possibly only to the month or the year, as a deadline or a period's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month (1–12), when given.
    pub month: Option<u8>,
    /// Day of the month, when given.
    pub day: Option<u8>,
}

/// A period `from – to` (实施期, or a timeliness target such as 2023.07-2024.01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First date.
    pub from: Date,
    /// Last date.
    pub to: Date,
}

/// A target value (指标值).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// What kind of target.
    pub kind: TargetKind,
    /// The whole target.
    pub span: Span,
}

/// The forms a target value takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TargetKind {
    /// 定量: comparator + number + unit; comparator and unit may be missing (the rules judge that).
    Quantitative {
        /// The comparator, if written.
        comparator: Option<Spanned<Comparator>>,
        /// The number and unit.
        quantity: Quantity,
    },
    /// A deadline: `2022-12-31`, `2022年12月31日前`, `≤ 2023-06-30`.
    Deadline {
        /// The comparator, if written.
        comparator: Option<Spanned<Comparator>>,
        /// The date.
        date: Spanned<Date>,
        /// Whether it was written as "before" (前, 之前, 以前).
        before: bool,
    },
    /// A period: `2023.07-2024.01`, `2022-01-01 至 2022-12-31`.
    Period(Spanned<Period>),
    /// 定性: a text, optionally graded.
    Qualitative {
        /// The text.
        text: Spanned<String>,
        /// The grading scale (分档), empty when none was given.
        grades: Vec<Grade>,
    },
}

/// One grade of a qualitative scale: a label (优, 良, 达到 …) and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// The label.
    pub label: Spanned<String>,
    /// What the grade means.
    pub meaning: Spanned<String>,
    /// The whole grade.
    pub span: Span,
}

/// 取值依据: where a target value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Basis {
    /// 计划标准.
    Plan,
    /// 行业标准.
    Industry,
    /// 历史标准.
    History,
    /// 其他标准.
    Other,
}

/// The optional attributes of an indicator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Attributes {
    /// 取值依据.
    pub basis: Option<Spanned<Basis>>,
    /// 数据来源.
    pub source: Option<Spanned<String>>,
    /// 分值: the indicator's weight.
    pub weight: Option<Spanned<Decimal>>,
    /// 实际完成值: the actual value, in a self-evaluation.
    pub actual: Option<Target>,
    /// 得分: the score, in a self-evaluation.
    pub score: Option<Spanned<Decimal>>,
    /// 偏差说明: why the actual value differs from the target.
    pub deviation: Option<Spanned<String>>,
    /// 说明 / 指标解释.
    pub note: Option<Spanned<String>>,
    /// 评分标准.
    pub scoring: Option<Spanned<String>>,
}

/// A `# jixiao: allow(RULE, …) 原因` comment and what it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// The rule codes or names listed, each with its span in the comment.
    pub rules: Vec<Spanned<String>>,
    /// The reason given after the list, if any.
    pub reason: Option<String>,
    /// The comment.
    pub comment: Span,
    /// The node it covers: the indicator or block on its line (trailing comment) or right after it;
    /// `None` when nothing follows.
    pub scope: Option<Span>,
}
