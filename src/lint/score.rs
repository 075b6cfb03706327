//! What `jixiao score` shows: for each declaration or evaluation of a document, a table of its scored rows
//! (indicator, target, actual value, weight, stated score, computed score, difference), the subtotals of each
//! level 1, the total and the grade, computed in exact decimals by [`crate::lint::schema::score`]. The grade
//! edges and the qualitative bands are the parameters of the rules that check them (JX347 grade-mismatch,
//! JX350 score-mismatch), as a configuration sets them. A declaration with no weight cannot be scored: a finding
//! at its name (JX023).

use super::registry::RuleSet;
use super::schema::score::{self, Bands, Grades};
use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::SourceFile;
use crate::syntax::ast::{Declaration, DeclarationKind, Document, EvalNode, Evaluation, Header};
use rust_decimal::Decimal;
use serde::Serialize;

/// The version of `jixiao score --format json`; a change of its fields changes it.
pub const VERSION: u32 = 1;

/// The scores of one declaration or evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreTable {
    /// The declaration's or evaluation's name.
    pub name: String,
    /// `project`, `department` or `evaluation`.
    pub kind: &'static str,
    /// The scored rows, in file order: an evaluation's nodes (depth first), a declaration's indicators with a
    /// weight, then budget execution when its score is given.
    pub rows: Vec<Row>,
    /// The weight, stated and computed score of each level 1.
    pub subtotals: Vec<Subtotal>,
    /// The sum of the weights.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// The total as stated (an evaluation's 总分, else the sum of the stated scores), when there is one.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated_total: Option<Decimal>,
    /// The computed total: the sum of the computed scores (the stated one where none can be computed).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// The grade of the computed total: 优, 良, 中 or 差.
    pub grade: Option<&'static str>,
    /// The grade as stated (an evaluation's 等级).
    pub stated_grade: Option<String>,
}

/// One scored row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// How deep it is: 1 for a level-1 node of an evaluation, 3 for an indicator of a declaration.
    pub level: u8,
    /// Its level 1 as written.
    pub level1: String,
    /// The indicator's name or the node's label.
    pub indicator: String,
    /// The target as written.
    pub target: Option<String>,
    /// The actual value as written.
    pub actual: Option<String>,
    /// 分值.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 得分 as stated.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated: Option<Decimal>,
    /// The score computed: from the actual value (the point of a qualitative band nearest the stated score),
    /// or an evaluation node's children's sum.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub computed: Option<Decimal>,
    /// stated − computed.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
    /// How the computed score was reached (`20 × 250 ÷ 280 = 17.86`).
    pub formula: Option<String>,
}

/// The weight and scores of one level 1.
#[derive(Debug, Clone, Serialize)]
pub struct Subtotal {
    /// The level 1 as written.
    pub level1: String,
    /// The sum of its weights.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight: Decimal,
    /// The sum of its stated scores.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub stated: Option<Decimal>,
    /// The sum of its computed scores.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub computed: Option<Decimal>,
}

/// The parameters `jixiao score` computes with: the grade edges and the qualitative bands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// 优, 良, 中 from.
    pub grades: Grades,
    /// The edges of the qualitative bands.
    pub bands: Bands,
}

impl Settings {
    /// The settings the rules of `rules` check with: JX347's grade edges and JX350's bands, as configured.
    pub fn of(rules: &RuleSet) -> Settings {
        let mut settings = Settings::default();
        let param = |code: &str, name: &str| -> Option<Decimal> {
            let rule = rules.find(code)?;
            let value = &rule.params.iter().find(|p| p.name == name)?.value;
            let (number, percent) = match value.strip_suffix('%') {
                Some(number) => (number.trim(), true),
                None => (value.trim(), false),
            };
            let number: Decimal = number.parse().ok()?;
            Some(if percent {
                number / Decimal::ONE_HUNDRED
            } else {
                number
            })
        };
        let grades = &mut settings.grades;
        grades.excellent = param("JX347", "excellent").unwrap_or(grades.excellent);
        grades.good = param("JX347", "good").unwrap_or(grades.good);
        grades.pass = param("JX347", "pass").unwrap_or(grades.pass);
        settings.bands.upper = param("JX350", "upper").unwrap_or(settings.bands.upper);
        settings.bands.lower = param("JX350", "lower").unwrap_or(settings.bands.lower);
        settings
    }
}

/// The score tables of a document in file order, and a finding for each declaration or evaluation with no
/// weight (at its name).
pub fn score_document(
    source: &SourceFile,
    document: &Document,
    settings: Settings,
) -> (Vec<ScoreTable>, Vec<Diagnostic>) {
    let mut tables: Vec<(usize, ScoreTable)> = Vec::new();
    let mut findings = Vec::new();
    for declaration in &document.declarations {
        let table = declaration_table(source, declaration, settings);
        if table.rows.iter().all(|r| r.weight.is_none()) {
            findings.push(no_weights(declaration.name.span, &table.name));
        } else {
            tables.push((declaration.span.start, table));
        }
    }
    for evaluation in &document.evaluations {
        let table = evaluation_table(evaluation, settings);
        if table.rows.iter().all(|r| r.weight.is_none()) {
            findings.push(no_weights(evaluation.name.span, &table.name));
        } else {
            tables.push((evaluation.span.start, table));
        }
    }
    tables.sort_by_key(|(start, _)| *start);
    (tables.into_iter().map(|(_, t)| t).collect(), findings)
}

fn no_weights(span: crate::source::Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::NO_WEIGHTS,
        Severity::Error,
        span,
        Text::new(
            format!("“{name}”的指标都没有分值，无法计分"),
            format!("no indicator of `{name}` has a weight, so it cannot be scored"),
        ),
    )
    .with_help(Text::new(
        "给每个指标写上分值（{ 分值 10 }），评价的指标写在名称后（决策 分值 20）；表格中填“分值”列",
        "give every indicator its weight ({ 分值 10 }), an evaluation's nodes after their label (决策 分值 20); in a table, fill the 分值 column",
    ))
}

fn sum(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    let mut total = None;
    for value in values.flatten() {
        total = Some(total.unwrap_or(Decimal::ZERO) + value);
    }
    total
}

fn difference(stated: Option<Decimal>, computed: Option<Decimal>) -> Option<Decimal> {
    Some(stated? - computed?)
}

/// A declaration's rows: each indicator with a weight, then budget execution.
fn declaration_table(
    source: &SourceFile,
    declaration: &Declaration,
    settings: Settings,
) -> ScoreTable {
    let text = |span: crate::source::Span| source.slice(span).to_string();
    let mut rows = Vec::new();
    let mut subtotals = Vec::new();
    for level1 in &declaration.groups {
        let first = rows.len();
        for indicator in level1.groups.iter().flat_map(|g| &g.indicators) {
            let weight = indicator.attributes.weight.as_ref().map(|w| w.value);
            if weight.is_none() {
                continue;
            }
            let stated = indicator.attributes.score.as_ref().map(|s| s.value);
            let computed = score::indicator_score(indicator, settings.bands);
            let value = computed.as_ref().map(|c| c.nearest(stated));
            rows.push(Row {
                level: 3,
                level1: level1.label.value.clone(),
                indicator: indicator.name.value.clone(),
                target: indicator.target.as_ref().map(|t| text(t.span)),
                actual: indicator.attributes.actual.as_ref().map(|a| text(a.span)),
                weight,
                stated,
                computed: value,
                difference: difference(stated, value),
                formula: computed.map(|c| c.formula),
            });
        }
        let group = &rows[first..];
        if !group.is_empty() {
            subtotals.push(Subtotal {
                level1: level1.label.value.clone(),
                weight: sum(group.iter().map(|r| r.weight)).unwrap_or_default(),
                stated: sum(group.iter().map(|r| r.stated)),
                computed: sum(group.iter().map(|r| r.computed.or(r.stated))),
            });
        }
    }
    if let Some(row) = execution_row(&declaration.header) {
        rows.push(row);
    }
    let kind = match declaration.kind.value {
        DeclarationKind::Project => "project",
        DeclarationKind::Department => "department",
    };
    let stated_total = sum(rows.iter().map(|r| r.stated));
    let total = sum(rows.iter().map(|r| r.computed.or(r.stated)));
    ScoreTable {
        name: declaration.name.value.clone(),
        kind,
        weight: sum(rows.iter().map(|r| r.weight)).unwrap_or_default(),
        grade: total.map(|t| score::grade(t, settings.grades)),
        rows,
        subtotals,
        stated_total,
        total,
        stated_grade: None,
    }
}

/// Budget execution as a row, when its score or its weight is given: min(weight, spent ÷ budget × weight).
fn execution_row(header: &Header) -> Option<Row> {
    let execution = header.ledger.execution.as_ref()?;
    let weight = execution.attributes.weight.as_ref().map(|w| w.value);
    let stated = execution.attributes.score.as_ref().map(|s| s.value);
    weight.or(stated)?;
    let budget = header.funds.as_ref().map(|f| in_yuan(&f.total));
    let spent = header.ledger.spent.as_ref().and_then(|s| match &s.total {
        Some(total) => Some(in_yuan(total)),
        None => sum(s.items.iter().map(|i| Some(in_yuan(&i.amount)))),
    });
    let computed = match (spent, budget) {
        (Some(spent), Some(budget)) => {
            score::execution_score(spent, budget, weight.unwrap_or(Decimal::TEN))
        }
        _ => None,
    };
    let value = computed.as_ref().map(|c| c.low);
    Some(Row {
        level: 3,
        level1: "预算执行率".to_string(),
        indicator: "预算执行率".to_string(),
        target: None,
        actual: execution
            .rate
            .as_ref()
            .map(|r| format!("{}%", r.value.value.normalize())),
        weight,
        stated,
        computed: value,
        difference: difference(stated, value),
        formula: computed.map(|c| c.formula),
    })
}

/// An amount in 元 (万元 × 10000 …); a number without a money unit as it is.
fn in_yuan(q: &crate::syntax::ast::Quantity) -> Decimal {
    let factor = q
        .unit
        .as_ref()
        .and_then(|u| super::schema::value::money_factor(&u.value))
        .unwrap_or(Decimal::ONE);
    q.value.value * factor
}

/// An evaluation's rows: every node, depth first; its level 1s are its subtotals.
fn evaluation_table(evaluation: &Evaluation, settings: Settings) -> ScoreTable {
    let mut rows = Vec::new();
    for node in &evaluation.nodes {
        for below in node.walk() {
            rows.push(node_row(below, &node.label.value));
        }
    }
    let subtotals = evaluation
        .nodes
        .iter()
        .map(|node| Subtotal {
            level1: node.label.value.clone(),
            weight: node.weight.as_ref().map(|w| w.value).unwrap_or_default(),
            stated: node.score.as_ref().map(|s| s.value),
            computed: score::node_effective(node),
        })
        .collect();
    let total = score::sum_scores(&evaluation.nodes);
    let stated_total = evaluation.total.as_ref().map(|t| t.value).or_else(|| {
        sum(evaluation
            .nodes
            .iter()
            .map(|n| n.score.as_ref().map(|s| s.value)))
    });
    ScoreTable {
        name: evaluation.name.value.clone(),
        kind: "evaluation",
        rows,
        subtotals,
        weight: sum(evaluation
            .nodes
            .iter()
            .map(|n| n.weight.as_ref().map(|w| w.value)))
        .unwrap_or_default(),
        stated_total,
        grade: total
            .or(stated_total)
            .map(|t| score::grade(t, settings.grades)),
        total,
        stated_grade: evaluation.grade.as_ref().map(|g| g.value.clone()),
    }
}

fn node_row(node: &EvalNode, level1: &str) -> Row {
    let stated = node.score.as_ref().map(|s| s.value);
    let computed = score::node_computed(node).or(stated);
    Row {
        level: node.level,
        level1: level1.to_string(),
        indicator: node.label.value.clone(),
        target: None,
        actual: None,
        weight: node.weight.as_ref().map(|w| w.value),
        stated,
        computed,
        difference: difference(stated, computed),
        formula: None,
    }
}
