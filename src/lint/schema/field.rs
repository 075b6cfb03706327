//! The fields of the typed model that rules can read, by scope, and how each is read from a node.
//!
//! Paths are resolved once, when rules are compiled ([`Field::resolve`]); evaluation only matches on the
//! resolved [`Field`].

use super::node::Node;
use super::scope::Scope;
use super::value::Value;
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::levels::Level2;
use rust_decimal::Decimal;
use std::borrow::Cow;

mod key;
mod more;

pub use key::Key;

/// A field a rule can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The indicator's name.
    Name,
    /// quantitative, deadline, period, qualitative or missing.
    Kind,
    /// ≥ ≤ = > <, or null.
    Comparator,
    /// The comparator as written (`>=`, `不低于` …), or null.
    ComparatorText,
    /// The number with its unit.
    Value,
    /// The unit as written.
    Unit,
    /// The qualitative text.
    Text,
    /// The number of grades of a qualitative target.
    Grades,
    /// The deadline, or the end of a period.
    Date,
    /// The start of a period.
    PeriodStart,
    /// The target as written.
    Target,
    /// 取值依据: plan, industry, history, other.
    Basis,
    /// 数据来源.
    Source,
    /// 分值.
    Weight,
    /// 得分.
    Score,
    /// 实际完成值 (a number, date or text).
    Actual,
    /// 偏差说明.
    Deviation,
    /// 说明.
    Note,
    /// 评分标准.
    Scoring,
    /// How many indicators of the declaration carry the same name.
    SameNameCount,
    /// The level 1: cost, output, benefit, satisfaction.
    Level1,
    /// The level 2: quantity, quality, timeliness, cost, economic …
    Level2,
    /// The level-1 label as written.
    Level1Label,
    /// The level-2 label as written.
    Level2Label,
    /// The label of the current group (level 1 or level 2) as written.
    Label,
    /// 分值 of the current group (level 1 or level 2), written after its label.
    GroupWeight,
    /// The declaration's name.
    DeclarationName,
    /// project or department.
    DeclarationKind,
    /// The budget year.
    Year,
    /// The total budget.
    Budget,
    /// The annual goal.
    Goal,
    /// The overall goal.
    OverallGoal,
    /// 主管部门.
    Supervisor,
    /// 实施单位.
    Implementer,
    /// 评价机构.
    Evaluator,
    /// An evaluation's stated total (总分).
    EvalTotal,
    /// An evaluation's stated score rate (得分率).
    EvalRate,
    /// An evaluation's stated grade, as 优, 良, 中 or 差 when it is one of them.
    EvalGrade,
    /// The sum of an evaluation's level-1 scores.
    EvalComputedTotal,
    /// A node's label.
    NodeLabel,
    /// A node's depth: 1 for a level-1 heading.
    NodeLevel,
    /// The part of the framework a node's level 1 names: decision, process, output, benefit.
    NodePart,
    /// A node's weight.
    NodeWeight,
    /// A node's stated score.
    NodeScore,
    /// A node's stated score rate.
    NodeRate,
    /// The sum of a node's children's scores.
    NodeComputedScore,
    /// 到位.
    Received,
    /// 支出: the total as stated, else the sum of the items.
    Spent,
    /// 支出's stated total.
    SpentTotal,
    /// The sum of 支出's items.
    SpentItems,
    /// 结余.
    Balance,
    /// 执行率 as stated.
    ExecutionRate,
    /// The weight of budget execution.
    ExecutionWeight,
    /// The stated score of budget execution.
    ExecutionScore,
    /// min(weight, spent ÷ budget × weight).
    ComputedExecutionScore,
    /// 合同合计.
    Contracted,
    /// 支付合计.
    PaidTotal,
    /// 支付进度.
    Progress,
    /// A funding source's name.
    SourceName,
    /// A funding source's amount.
    SourceAmount,
    /// An allocation's year.
    AllocationYear,
    /// An allocation's amount.
    AllocationAmount,
    /// The amount first allocated for the same year.
    FirstAmount,
    /// A contract's name.
    ContractName,
    /// A contract's budget.
    ContractBudget,
    /// A contract's award.
    ContractAward,
    /// What was paid on a contract.
    ContractPaid,
    /// The share of a contract said to be paid.
    ContractShare,
}

impl Field {
    /// How many fields there are: `field as usize` is below it.
    pub const COUNT: usize = Field::ContractShare as usize + 1;
}

/// Every field, with its name and the scopes it can be read at without the `declaration.` prefix.
const FIELDS: &[(&str, Field, &[Scope])] = {
    use Scope::*;
    const IND: &[Scope] = &[Indicator];
    const G: &[Scope] = &[Indicator, Group];
    const L1: &[Scope] = &[Indicator, Group, Level1];
    const DECL: &[Scope] = &[Declaration];
    const LABEL: &[Scope] = &[Group, Level1];
    const OWNER: &[Scope] = &[Declaration, Evaluation, Ledger];
    const HEAD: &[Scope] = &[Declaration, Evaluation];
    &[
        ("name", Field::Name, IND),
        ("kind", Field::Kind, IND),
        ("comparator", Field::Comparator, IND),
        ("comparator-text", Field::ComparatorText, IND),
        ("value", Field::Value, IND),
        ("unit", Field::Unit, IND),
        ("text", Field::Text, IND),
        ("grades", Field::Grades, IND),
        ("date", Field::Date, IND),
        ("period-start", Field::PeriodStart, IND),
        ("target", Field::Target, IND),
        ("basis", Field::Basis, IND),
        ("source", Field::Source, IND),
        ("weight", Field::Weight, IND),
        ("score", Field::Score, IND),
        ("actual", Field::Actual, IND),
        ("deviation", Field::Deviation, IND),
        ("note", Field::Note, IND),
        ("scoring", Field::Scoring, IND),
        ("same-name-count", Field::SameNameCount, IND),
        ("level1", Field::Level1, L1),
        ("level2", Field::Level2, G),
        ("level1-label", Field::Level1Label, L1),
        ("level2-label", Field::Level2Label, G),
        ("label", Field::Label, LABEL),
        ("weight", Field::GroupWeight, LABEL),
        ("name", Field::DeclarationName, OWNER),
        ("kind", Field::DeclarationKind, DECL),
        ("year", Field::Year, OWNER),
        ("budget", Field::Budget, OWNER),
        ("goal", Field::Goal, DECL),
        ("overall-goal", Field::OverallGoal, DECL),
        ("supervisor", Field::Supervisor, HEAD),
        ("implementer", Field::Implementer, HEAD),
    ]
};

/// Every field, in the order the documentation lists them: the declarations' and the others'.
fn all_fields() -> impl Iterator<Item = &'static (&'static str, Field, &'static [Scope])> {
    FIELDS.iter().chain(more::FIELDS)
}

impl Field {
    /// Resolves a path (`name`, `declaration.budget`) at `scope`; `Err` lists what is available there.
    pub fn resolve(path: &[String], scope: Scope) -> Result<Field, Vec<String>> {
        Field::lookup(path, scope).ok_or_else(|| Field::available(scope))
    }

    /// The field a path names at `scope`, if any; [`Field::resolve`] without the list of what is available.
    pub fn lookup(path: &[String], scope: Scope) -> Option<Field> {
        let (scope, name) = match path {
            [name] => (scope, name.as_str()),
            [prefix, name] if prefix == "declaration" && scope != Scope::File => {
                (Scope::Declaration, name.as_str())
            }
            _ => return None,
        };
        all_fields()
            .find(|(n, _, scopes)| *n == name && scopes.contains(&scope))
            .map(|&(_, field, _)| field)
    }

    /// Whether `name` is a field at some scope.
    pub fn is_field_name(name: &str) -> bool {
        all_fields().any(|(n, _, _)| *n == name)
    }

    /// The paths readable at `scope`.
    pub fn available(scope: Scope) -> Vec<String> {
        let mut names: Vec<String> = all_fields()
            .filter(|(_, _, scopes)| scopes.contains(&scope))
            .map(|(n, _, _)| n.to_string())
            .collect();
        if scope.is_below(Scope::Declaration) {
            names.extend(
                FIELDS
                    .iter()
                    .filter(|(_, _, scopes)| scopes.contains(&Scope::Declaration))
                    .map(|(n, _, _)| format!("declaration.{n}")),
            );
        }
        names
    }

    /// Whether the field takes one of few values, shared by many nodes, that the node's place in the tree and
    /// its target's form decide (kind, level1, level2, comparator, unit): conditions on these alone are decided
    /// once per [`Key`].
    pub fn is_discrete(self) -> bool {
        matches!(
            self,
            Field::Kind | Field::Level1 | Field::Level2 | Field::Comparator | Field::Unit
        )
    }

    /// Whether an indicator's [`Key`] says if it has the field: `weight is null`, `score is not null` … are
    /// decided once per key in an indicator's rule.
    pub fn is_present_in_key(self) -> bool {
        matches!(
            self,
            Field::Weight | Field::Score | Field::Actual | Field::Deviation
        )
    }

    /// Reads the field from `node`.
    pub fn read<'a>(self, node: &Node<'a>) -> Value<'a> {
        // The indicator's own fields, the ones read most, go straight to it: no other node has them.
        if let (Some(indicator), true) = (node.indicator, self.is_indicator_field()) {
            return self.read_indicator(indicator, node);
        }
        if let Some(value) = self.read_more(node) {
            return value;
        }
        if let Some(value) = self.read_declaration(node) {
            return value;
        }
        match self {
            Field::Level1 => node
                .level1_kind()
                .map_or(Value::Null, |l| word(l.name_en())),
            Field::Level2 => node
                .group
                .and_then(|g| g.level)
                .map_or(Value::Null, |l| word(level2_word(l))),
            Field::Level1Label => node.level1.map_or(Value::Null, |l| spanned_text(&l.label)),
            Field::Level2Label => node.group.map_or(Value::Null, |g| spanned_text(&g.label)),
            Field::Label => match (node.group, node.level1) {
                (Some(g), _) => spanned_text(&g.label),
                (None, Some(l)) => spanned_text(&l.label),
                _ => Value::Null,
            },
            Field::GroupWeight => {
                group_weight(node).map_or(Value::Null, |w| Value::Num(w.value, None))
            }
            _ => node.indicator.map_or(Value::Null, |indicator| {
                self.read_indicator(indicator, node)
            }),
        }
    }

    fn read_declaration<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        if let Some(value) = self.read_owner(node) {
            return Some(value);
        }
        let facts = node.declaration?;
        let d = facts.declaration;
        let h = &d.header;
        Some(match self {
            Field::DeclarationKind => word(match d.kind.value {
                DeclarationKind::Project => "project",
                DeclarationKind::Department => "department",
            }),
            Field::Goal => h
                .annual_goal
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            Field::OverallGoal => h
                .overall_goal
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            _ => return None,
        })
    }

    fn read_indicator<'a>(self, indicator: &'a Indicator, node: &Node<'a>) -> Value<'a> {
        match self {
            Field::Name => quoted_text(node.text, &indicator.name),
            Field::Target => indicator.target.as_ref().map_or(Value::Null, |t| {
                Value::text_at(&node.text[t.span.range()], Some(t.span.start))
            }),
            Field::SameNameCount => {
                let count = node
                    .declaration
                    .and_then(|f| f.name_counts.get(indicator.name.value.as_str()))
                    .copied()
                    .unwrap_or(1);
                Value::Num(Decimal::from(count), None)
            }
            _ => self
                .read_target(indicator.target.as_ref().map(|t| &t.kind), node)
                .or_else(|| self.read_attribute(&indicator.attributes, node))
                .unwrap_or(Value::Null),
        }
    }

    /// The fields of an indicator's target; `None` for the other fields.
    fn read_target<'a>(self, target: Option<&'a TargetKind>, node: &Node<'a>) -> Option<Value<'a>> {
        Some(match self {
            Field::Kind => word(match target {
                None => "missing",
                Some(TargetKind::Quantitative { .. }) => "quantitative",
                Some(TargetKind::Deadline { .. }) => "deadline",
                Some(TargetKind::Period(_)) => "period",
                Some(TargetKind::Qualitative { .. }) => "qualitative",
            }),
            Field::Comparator => match target {
                Some(
                    TargetKind::Quantitative {
                        comparator: Some(c),
                        ..
                    }
                    | TargetKind::Deadline {
                        comparator: Some(c),
                        ..
                    },
                ) => word(c.value.symbol()),
                _ => Value::Null,
            },
            Field::ComparatorText => match target {
                Some(
                    TargetKind::Quantitative {
                        comparator: Some(c),
                        ..
                    }
                    | TargetKind::Deadline {
                        comparator: Some(c),
                        ..
                    },
                ) => Value::text_at(&node.text[c.span.range()], Some(c.span.start)),
                _ => Value::Null,
            },
            Field::Value => match target {
                Some(TargetKind::Quantitative { quantity: q, .. }) => quantity(q),
                _ => Value::Null,
            },
            Field::Unit => match target {
                Some(TargetKind::Quantitative { quantity: q, .. }) => {
                    q.unit.as_ref().map_or(Value::Null, |u| {
                        Value::text_at(&u.value, Some(u.span.start))
                    })
                }
                _ => Value::Null,
            },
            Field::Text => match target {
                Some(TargetKind::Qualitative { text, .. }) => quoted_text(node.text, text),
                _ => Value::Null,
            },
            Field::Grades => match target {
                Some(TargetKind::Qualitative { grades, .. }) => {
                    Value::Num(Decimal::from(grades.len()), None)
                }
                _ => Value::Num(Decimal::ZERO, None),
            },
            Field::Date => match target {
                Some(TargetKind::Deadline { date, .. }) => Value::Date(date.value),
                Some(TargetKind::Period(p)) => Value::Date(p.value.to),
                _ => Value::Null,
            },
            Field::PeriodStart => match target {
                Some(TargetKind::Period(p)) => Value::Date(p.value.from),
                _ => Value::Null,
            },
            _ => return None,
        })
    }

    /// The fields of an indicator's attributes; `None` for the other fields.
    fn read_attribute<'a>(self, attrs: &'a Attributes, node: &Node<'a>) -> Option<Value<'a>> {
        Some(match self {
            Field::Basis => attrs.basis.as_ref().map_or(Value::Null, |b| {
                word(match b.value {
                    Basis::Plan => "plan",
                    Basis::Industry => "industry",
                    Basis::History => "history",
                    Basis::Other => "other",
                })
            }),
            Field::Source => attrs
                .source
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            Field::Weight => attrs
                .weight
                .as_ref()
                .map_or(Value::Null, |w| Value::Num(w.value, None)),
            Field::Score => attrs
                .score
                .as_ref()
                .map_or(Value::Null, |s| Value::Num(s.value, None)),
            Field::Actual => match attrs.actual.as_ref().map(|t| &t.kind) {
                Some(TargetKind::Quantitative { quantity: q, .. }) => quantity(q),
                Some(TargetKind::Deadline { date, .. }) => Value::Date(date.value),
                Some(TargetKind::Period(p)) => Value::Date(p.value.to),
                Some(TargetKind::Qualitative { text, .. }) => quoted_text(node.text, text),
                None => Value::Null,
            },
            Field::Deviation => attrs
                .deviation
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            Field::Note => attrs
                .note
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            Field::Scoring => attrs
                .scoring
                .as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t)),
            _ => return None,
        })
    }

    /// Where the field was written in `node`, for `at <field>`.
    pub fn span(self, node: &Node<'_>) -> Option<Span> {
        if let Some(span) = self.span_more(node) {
            return span;
        }
        let indicator = node.indicator;
        let target = indicator.and_then(|i| i.target.as_ref());
        match self {
            Field::Name => indicator.map(|i| i.name.span),
            Field::Target | Field::Kind | Field::Text | Field::Grades | Field::Date => {
                target.map(|t| t.span)
            }
            Field::Comparator | Field::ComparatorText => match target.map(|t| &t.kind) {
                Some(
                    TargetKind::Quantitative {
                        comparator: Some(c),
                        ..
                    }
                    | TargetKind::Deadline {
                        comparator: Some(c),
                        ..
                    },
                ) => Some(c.span),
                _ => target.map(|t| t.span),
            },
            Field::Value => match target.map(|t| &t.kind) {
                Some(TargetKind::Quantitative { quantity, .. }) => Some(quantity.value.span),
                _ => target.map(|t| t.span),
            },
            Field::Unit => match target.map(|t| &t.kind) {
                Some(TargetKind::Quantitative { quantity, .. }) => Some(
                    quantity
                        .unit
                        .as_ref()
                        .map_or(quantity.value.span, |u| u.span),
                ),
                _ => target.map(|t| t.span),
            },
            Field::Weight => indicator.and_then(|i| i.attributes.weight.as_ref().map(|w| w.span)),
            Field::Score => indicator.and_then(|i| i.attributes.score.as_ref().map(|s| s.span)),
            Field::Actual => indicator.and_then(|i| i.attributes.actual.as_ref().map(|a| a.span)),
            Field::Basis => indicator.and_then(|i| i.attributes.basis.as_ref().map(|b| b.span)),
            Field::Level1Label | Field::Level1 => node.level1.map(|l| l.label.span),
            Field::Level2Label | Field::Level2 => node.group.map(|g| g.label.span),
            Field::Label => node
                .group
                .map(|g| g.label.span)
                .or_else(|| node.level1.map(|l| l.label.span)),
            Field::GroupWeight => group_weight(node).map(|w| w.span),
            Field::DeclarationName | Field::DeclarationKind => node.owner_name().map(|n| n.span),
            Field::Year => node.header().and_then(|h| h.year.as_ref().map(|y| y.span)),
            Field::Budget => node
                .header()
                .and_then(|h| h.funds.as_ref().map(|b| b.total.value.span)),
            Field::Goal => node
                .declaration
                .and_then(|f| f.declaration.header.annual_goal.as_ref().map(|g| g.span)),
            Field::OverallGoal => node
                .declaration
                .and_then(|f| f.declaration.header.overall_goal.as_ref().map(|g| g.span)),
            _ => None,
        }
    }
}

fn word(w: &'static str) -> Value<'static> {
    Value::Text(super::value::Text {
        text: Cow::Borrowed(w),
        origin: None,
    })
}

/// The level-2 word of the check language: the English name, `output-cost` for 成本 under 产出.
fn level2_word(level: Level2) -> &'static str {
    match level {
        Level2::OutputCost => "output-cost",
        other => other.name_en(),
    }
}

fn quantity(q: &Quantity) -> Value<'_> {
    Value::Num(
        q.value.value,
        q.unit.as_ref().map(|u| Cow::Borrowed(u.value.as_str())),
    )
}

fn spanned_text(s: &Spanned<String>) -> Value<'_> {
    Value::text_at(&s.value, Some(s.span.start))
}

/// A quoted text: its content starts after the opening quote (`"` is one byte, `“` three). A text whose escapes
/// were resolved (`"\人员"`) is not its source byte for byte: it has no origin, so that a place found in it is
/// never mapped to the wrong bytes of the source (the finding falls back to the node's place).
fn quoted_text<'a>(source: &str, s: &'a Spanned<String>) -> Value<'a> {
    let quote = source[s.span.start..]
        .chars()
        .next()
        .map_or(1, char::len_utf8);
    // The span covers both quotes, of the same width; each escape is at least one byte longer than what it
    // stands for, so the lengths tell a text with escapes.
    let as_written = s.value.len() + 2 * quote == s.span.len();
    Value::text_at(&s.value, as_written.then_some(s.span.start + quote))
}

/// The weight of the group a group- or level-1-scope node stands for (`产出 分值 70 { … }`).
fn group_weight<'a>(node: &Node<'a>) -> Option<&'a Spanned<Decimal>> {
    match (node.group, node.level1) {
        (Some(g), _) => g.weight.as_ref().map(|w| &w.value),
        (None, Some(l)) => l.weight.as_ref().map(|w| &w.value),
        _ => None,
    }
}
