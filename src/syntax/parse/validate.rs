//! Validation: level-1 and level-2 names against the indicator framework.
//!
//! These are not lints: a tree whose levels cannot be resolved cannot be judged by the rules, so an unknown or
//! misplaced level is an error of the declaration itself, reported with the same span machinery as syntax.

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::Span;
use crate::syntax::ast::{Document, EvalNode, Header, Level1Group, Quantity};
use crate::syntax::levels::{EvalPart, Level1, Level1Lookup, Level2, Level2Lookup};

/// Resolves every level label in `document`, reporting the ones that do not fit, and checks every amount of
/// money.
pub(super) fn validate(document: &mut Document, diagnostics: &mut Vec<Diagnostic>) {
    for declaration in &mut document.declarations {
        money(&declaration.header, diagnostics);
        for group in &mut declaration.groups {
            level1(group, diagnostics);
        }
    }
    for evaluation in &mut document.evaluations {
        money(&evaluation.header, diagnostics);
        for node in &mut evaluation.nodes {
            let part = EvalPart::lookup(&node.label.value);
            set_part(node, part);
        }
    }
}

/// Every amount of money in a header: its unit one of money's, its value not below zero.
fn money(header: &Header, diagnostics: &mut Vec<Diagnostic>) {
    let ledger = &header.ledger;
    let funds = header.funds.iter().flat_map(|funds| {
        std::iter::once(&funds.total).chain(funds.sources.iter().map(|s| &s.amount))
    });
    let spent = ledger.spent.iter().flat_map(|spent| {
        spent
            .total
            .iter()
            .chain(spent.items.iter().map(|item| &item.amount))
    });
    let contracts = ledger.contracts.iter().flat_map(|contract| {
        [&contract.budget, &contract.award, &contract.paid]
            .into_iter()
            .flatten()
    });
    let amounts = funds
        .chain(spent)
        .chain(
            [
                &ledger.received,
                &ledger.balance,
                &ledger.contracted,
                &ledger.paid,
            ]
            .into_iter()
            .flatten(),
        )
        .chain(ledger.allocations.iter().map(|a| &a.amount))
        .chain(contracts);
    for amount in amounts {
        money_unit(amount, diagnostics);
        if amount.value.value.is_sign_negative() && !amount.value.value.is_zero() {
            diagnostics.push(negative(amount));
        }
    }
}

/// A negative amount of money.
fn negative(amount: &Quantity) -> Diagnostic {
    let unit = amount.unit.as_ref().map_or("", |u| u.value.as_str());
    let written = format!("{} {unit}", amount.value.value)
        .trim_end()
        .to_string();
    Diagnostic::new(
        codes::NEGATIVE_AMOUNT,
        Severity::Error,
        amount.value.span,
        Text::new(
            format!("金额 {written} 小于零"),
            format!("the amount {written} is below zero"),
        ),
    )
    .with_help(Text::new(
        "资金、到位、支出、结余、下达和合同的金额都不小于零：删去负号，或把退回的款项写在说明里",
        "amounts of money (资金, 到位, 支出, 结余, 下达, contracts) are never below zero: remove the minus sign, or explain a refund in a comment",
    ))
}

/// Sets the part of the evaluation framework on a node and every node under it.
fn set_part(node: &mut EvalNode, part: Option<EvalPart>) {
    node.part = part;
    for child in &mut node.children {
        set_part(child, part);
    }
}

fn level1(group: &mut Level1Group, diagnostics: &mut Vec<Diagnostic>) {
    let label = group.label.value.as_str();
    let span = group.label.span;
    let level = match Level1::lookup(label) {
        Level1Lookup::Known(level) => level,
        Level1Lookup::Evaluation => {
            diagnostics.push(evaluation_level1(label, span));
            resolve_children_alone(group);
            return;
        }
        Level1Lookup::Unknown => {
            diagnostics.push(unknown_level1(label, span));
            resolve_children_alone(group);
            return;
        }
    };
    group.level = Some(level);
    for child in &mut group.groups {
        let label = child.label.value.as_str();
        let span = child.label.span;
        match Level2::lookup(label, level) {
            Level2Lookup::Known(level2) => child.level = Some(level2),
            Level2Lookup::Misplaced(level2) => {
                diagnostics.push(misplaced_level2(label, span, level2, level));
            }
            Level2Lookup::Unknown => diagnostics.push(unknown_level2(label, span, level)),
        }
    }
}

/// 决策 or 过程 as a level 1: a heading of the evaluation framework.
fn evaluation_level1(label: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        codes::EVALUATION_LEVEL1,
        Severity::Error,
        span,
        Text::new(
            format!("“{label}”是绩效评价指标体系的一级指标，不属于绩效目标申报表"),
            format!(
                "`{label}` is a level 1 of the evaluation framework, not of a target declaration"
            ),
        ),
    )
    .with_label(Text::new("评价指标", "evaluation heading"))
    .with_help(Text::new(
        "绩效目标的一级指标是 成本、产出、效益、满意度；决策、过程 是事后评价的内容，删去或将指标移入对应的一级指标",
        "the level 1s of a target declaration are 成本 (cost), 产出 (output), 效益 (benefit) and 满意度 (satisfaction); 决策 and 过程 belong to the evaluation: remove them or move the indicators",
    ))
}

/// A level-1 label that is none of the framework's.
fn unknown_level1(label: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        codes::UNKNOWN_LEVEL1,
        Severity::Error,
        span,
        Text::new(
            format!("“{label}”不是一级指标"),
            format!("`{label}` is not a level-1 indicator"),
        ),
    )
    .with_help(Text::new(
        "一级指标写 成本、产出、效益 或 满意度（也可写 产出指标 等全称）",
        "write 成本 (cost), 产出 (output), 效益 (benefit) or 满意度 (satisfaction)",
    ))
}

/// A level 2 under a level 1 it does not belong to.
fn misplaced_level2(label: &str, span: Span, level2: Level2, level: Level1) -> Diagnostic {
    Diagnostic::new(
        codes::MISPLACED_LEVEL2,
        Severity::Error,
        span,
        Text::new(
            format!(
                "二级指标“{label}”属于一级指标“{}”，不应放在“{}”下",
                level2.parent().name_zh(),
                level.name_zh()
            ),
            format!(
                "the level 2 `{label}` belongs under `{}`, not under `{}`",
                level2.parent().name_en(),
                level.name_en()
            ),
        ),
    )
    .with_help(Text::new(
        format!("把它移到“{}”下", level2.parent().name_zh()),
        format!(
            "move it under `{}` ({})",
            level2.parent().name_zh(),
            level2.parent().name_en()
        ),
    ))
}

/// A level-2 label that is none of its level 1's.
fn unknown_level2(label: &str, span: Span, level: Level1) -> Diagnostic {
    Diagnostic::new(
        codes::UNKNOWN_LEVEL2,
        Severity::Error,
        span,
        Text::new(
            format!("“{label}”不是“{}”下的二级指标", level.name_zh()),
            format!("`{label}` is not a level 2 under `{}`", level.name_en()),
        ),
    )
    .with_help(Text::new(
        format!(
            "“{}”下的二级指标有：{}",
            level.name_zh(),
            children_zh(level)
        ),
        format!(
            "the level 2s under `{}` are {}",
            level.name_en(),
            children_en(level)
        ),
    ))
}

/// Under a level 1 that is already reported, a level-2 label is resolved on its own (数量指标 is still a quantity),
/// so that the rules can judge the indicators; an unknown label stays unresolved without a second report.
fn resolve_children_alone(group: &mut Level1Group) {
    for child in &mut group.groups {
        child.level = Level2::lookup_alone(&child.label.value);
    }
}

fn children_zh(level: Level1) -> String {
    let names: Vec<_> = level.children().iter().map(|c| c.name_zh()).collect();
    names.join("、")
}

fn children_en(level: Level1) -> String {
    let names: Vec<_> = level
        .children()
        .iter()
        .map(|c| format!("{} ({})", c.name_zh(), c.name_en()))
        .collect();
    names.join(", ")
}

/// The units a funding amount may take.
const MONEY_UNITS: &[&str] = &["元", "千元", "万元", "亿元"];

fn money_unit(amount: &Quantity, diagnostics: &mut Vec<Diagnostic>) {
    let Some(unit) = &amount.unit else { return };
    if MONEY_UNITS.contains(&unit.value.as_str()) {
        return;
    }
    let word = &unit.value;
    diagnostics.push(
        Diagnostic::new(
            codes::INVALID_MONEY_UNIT,
            Severity::Error,
            unit.span,
            Text::new(
                format!("资金的单位“{word}”不是货币单位"),
                format!("`{word}` is not a unit of money"),
            ),
        )
        .with_help(Text::new(
            "资金写 元、千元、万元 或 亿元，如 资金 1961 万元",
            "write the amount in 元, 千元, 万元 or 亿元, such as 资金 1961 万元",
        )),
    );
}
