//! The output of `jixiao score`: each declaration's or evaluation's table as text (one row per scored indicator
//! or node, a subtotal per level 1, the total and the grade), or all of them as one versioned JSON document.

use crate::diagnostic::Lang;
use crate::lint::score::{ScoreTable, Subtotal, VERSION};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// The score tables of one input.
#[derive(Debug, Clone, Serialize)]
pub struct Scored {
    /// The path shown.
    pub file: String,
    /// Its sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Its tables.
    pub tables: Vec<ScoreTable>,
}

/// The JSON document of a run: `{"version": 1, "declarations": [{"file", "name", "kind", "rows", … }]}`.
pub fn json(scored: &[Scored]) -> String {
    #[derive(Serialize)]
    struct Entry<'a> {
        file: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        sheet: Option<&'a str>,
        #[serde(flatten)]
        table: &'a ScoreTable,
    }
    #[derive(Serialize)]
    struct Document<'a> {
        version: u32,
        declarations: Vec<Entry<'a>>,
    }
    let declarations = scored
        .iter()
        .flat_map(|s| {
            s.tables.iter().map(move |table| Entry {
                file: &s.file,
                sheet: s.sheet.as_deref(),
                table,
            })
        })
        .collect();
    let document = Document {
        version: VERSION,
        declarations,
    };
    serde_json::to_string_pretty(&document).expect("score tables are plain data") + "\n"
}

/// The words of the table, by language.
struct Words {
    heads: [&'static str; 7],
    subtotal: &'static str,
    total: &'static str,
    grade: &'static str,
    stated: &'static str,
    evaluation: &'static str,
    declaration: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Zh => Words {
            heads: [
                "指标",
                "指标值",
                "实际完成值",
                "分值",
                "得分",
                "计算得分",
                "差",
            ],
            subtotal: "小计",
            total: "合计",
            grade: "等级",
            stated: "写作",
            evaluation: "评价",
            declaration: "申报",
        },
        Lang::En => Words {
            heads: [
                "indicator",
                "target",
                "actual",
                "weight",
                "stated",
                "computed",
                "difference",
            ],
            subtotal: "subtotal",
            total: "total",
            grade: "grade",
            stated: "stated",
            evaluation: "evaluation",
            declaration: "declaration",
        },
    }
}

fn number(value: Option<Decimal>) -> String {
    value.map_or_else(String::new, crate::lint::schema::score::shown)
}

/// The tables as text, one after the other, each headed by its file and name.
pub fn human(scored: &[Scored], lang: Lang) -> String {
    let w = words(lang);
    let mut out = String::new();
    for input in scored {
        for table in &input.tables {
            if !out.is_empty() {
                out.push('\n');
            }
            let what = if table.kind == "evaluation" {
                w.evaluation
            } else {
                w.declaration
            };
            let place = match &input.sheet {
                Some(sheet) => format!("{} [{sheet}]", input.file),
                None => input.file.clone(),
            };
            let _ = writeln!(out, "{place} · {what} “{}”", table.name);
            out.push('\n');
            out.push_str(&grid(table, &w));
            out.push_str(&summary(table, &w));
        }
    }
    out
}

/// The rows, the subtotals and the total, in aligned columns.
fn grid(table: &ScoreTable, w: &Words) -> String {
    let mut lines: Vec<[String; 7]> = vec![w.heads.map(str::to_string)];
    let evaluation = table.kind == "evaluation";
    let mut level1 = None;
    let subtotal = |s: &Subtotal| {
        sum_line(
            format!("{} {}", w.subtotal, s.level1),
            s.weight,
            s.stated,
            s.computed,
        )
    };
    for row in &table.rows {
        if !evaluation && level1.as_ref() != Some(&row.level1) {
            if let Some(done) = level1.take() {
                lines.extend(
                    table
                        .subtotals
                        .iter()
                        .filter(|s| s.level1 == done)
                        .map(subtotal),
                );
            }
            level1 = Some(row.level1.clone());
        }
        let indent = if evaluation {
            usize::from(row.level.saturating_sub(1)) * 2
        } else {
            2
        };
        lines.push([
            format!("{:indent$}{}", "", row.indicator),
            row.target.clone().unwrap_or_default(),
            row.actual.clone().unwrap_or_default(),
            number(row.weight),
            number(row.stated),
            number(row.computed),
            number(row.difference),
        ]);
    }
    if let Some(done) = level1 {
        lines.extend(
            table
                .subtotals
                .iter()
                .filter(|s| s.level1 == done)
                .map(subtotal),
        );
    }
    lines.push(sum_line(
        w.total.to_string(),
        table.weight,
        table.stated_total,
        table.total,
    ));
    let mut widths = [0usize; 7];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, (cell, width)) in line.iter().zip(widths).enumerate() {
            let fill = " ".repeat(width.saturating_sub(cell.width()));
            // Text columns are left-aligned, numbers right-aligned.
            if i < 3 {
                let _ = write!(text, "{cell}{fill}  ");
            } else {
                let _ = write!(text, "{fill}{cell}  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// `等级 良（写作 良）`.
fn summary(table: &ScoreTable, w: &Words) -> String {
    let mut line = format!("{} {}", w.grade, table.grade.unwrap_or("—"));
    if let Some(stated) = &table.stated_grade {
        let _ = match w.stated {
            "写作" => write!(line, "（写作 {stated}）"),
            other => write!(line, " ({other} {stated})"),
        };
    }
    line.push('\n');
    line
}

/// A subtotal or total line: its label, the weight, the stated and computed scores and their difference.
fn sum_line(
    label: String,
    weight: Decimal,
    stated: Option<Decimal>,
    computed: Option<Decimal>,
) -> [String; 7] {
    [
        label,
        String::new(),
        String::new(),
        number(Some(weight)),
        number(stated),
        number(computed),
        number(stated.zip(computed).map(|(a, b)| a - b)),
    ]
}
