//! A sheet's indicator table written as a .jx declaration, with a map from every piece of the .jx text back to
//! the cell it came from. Every row after the header is placed (see [`super::tree`]): an indicator, a level
//! heading, a repeated header, or the footer that ends the table; a row with text that is none of these is a
//! [`Problem`], never dropped in silence.

use super::facts::{self, Fact, Facts};
use super::funds::{self, Block};
use super::header::{self, Role};
use super::table::Sheet;
use super::tree::Tree;
use super::value;
pub use super::writer::{header_texts, label, Problem, Segment};
use super::writer::{Table, Writer};
use crate::diagnostic::Text;
use std::fmt::Write;
use std::ops::Range;

/// The .jx text of one sheet and where each piece came from.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The .jx text: one declaration.
    pub jx: String,
    /// Pieces of `jx` by cell, in text order.
    pub segments: Vec<Segment>,
    /// The cell that stands for the whole table (the first header cell).
    pub anchor: (usize, usize),
    /// Rows that could not be read, with what was expected.
    pub problems: Vec<Problem>,
    /// How many indicators were written.
    pub indicators: usize,
}
/// What to write from a sheet: the header row and its columns, the runs of rows that hold indicators, and
/// whether they are the long-term (中长期) targets of a table whose annual targets are written too.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The header row.
    pub header_row: usize,
    /// The columns, by role.
    pub columns: Vec<(usize, Role)>,
    /// The rows to read.
    pub sections: Vec<Range<usize>>,
    /// The long-term twin of the annual declaration.
    pub long_term: bool,
    /// In a table that lists several projects (a 项目名称 column), the row that names this one: its name, money
    /// and goal come from that row's cells instead of the header block.
    pub project: Option<usize>,
}

/// The columns of row `r` if it is a header row.
pub fn header_columns(sheet: &Sheet, r: usize) -> Option<Vec<(usize, Role)>> {
    let texts: Vec<&str> = sheet.rows.get(r)?.iter().map(|c| c.text.as_str()).collect();
    let columns = header::columns(&texts);
    header::is_indicator_table(&columns).then(|| levels_a_column_over(sheet, r, columns))
}

/// Some tables write the level-2 names in the 一级指标 column and the indicators in the 二级指标 column, with
/// no third column that holds anything: read them one level down, as a person does.
fn levels_a_column_over(
    sheet: &Sheet,
    header_row: usize,
    columns: Vec<(usize, Role)>,
) -> Vec<(usize, Role)> {
    use crate::syntax::levels::{Level1, Level1Lookup, Level2};
    let column = |role| columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c);
    let (Some(level1), Some(level2)) = (column(Role::Level1), column(Role::Level2)) else {
        return columns;
    };
    let rows = &sheet.rows[header_row + 1..sheet.rows.len().min(header_row + 80)];
    let texts = |c: usize| -> Vec<String> {
        rows.iter()
            .filter_map(|row| row.get(c))
            .map(|cell| label(&super::layout::level_score(&cell.text).0))
            .filter(|t| t != "未填")
            .collect()
    };
    let names_empty = column(Role::Name).is_none_or(|c| texts(c).is_empty());
    let firsts = texts(level1);
    let is_level1 = |t: &String| !matches!(Level1::lookup(t), Level1Lookup::Unknown);
    let as_level2 = firsts
        .iter()
        .filter(|t| Level2::lookup_alone(t).is_some())
        .count();
    // Most of the cells name a level 2 (a footer or a note may sit in the column too), and some name only a
    // level 2 (成本指标 names both).
    let only_level2 = firsts
        .iter()
        .any(|t| !is_level1(t) && Level2::lookup_alone(t).is_some());
    if !names_empty || !only_level2 || as_level2 * 5 < firsts.len() * 4 {
        return columns;
    }
    let mut shifted: Vec<(usize, Role)> = columns
        .into_iter()
        .filter(|(_, role)| *role != Role::Name)
        .map(|(c, role)| match role {
            Role::Level1 if c == level1 => (c, Role::Level2),
            Role::Level2 if c == level2 => (c, Role::Name),
            other => (c, other),
        })
        .collect();
    shifted.sort();
    shifted
}

/// The first header row of a sheet within its first 40 rows, if the sheet holds an indicator table. A header of
/// two rows (`绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分` over `一级指标 | 二级指标 | 三级指标 | 指标性质 |
/// 指标值 | 度量单位`) is read as one: its second row, with the first row's columns that span both.
pub fn find_header(sheet: &Sheet) -> Option<(usize, Vec<(usize, Role)>)> {
    let (r, columns) =
        (0..sheet.rows.len().min(40)).find_map(|r| header_columns(sheet, r).map(|c| (r, c)))?;
    Some(match header_columns(sheet, r + 1) {
        Some(under) if header::is_group_heading(&columns, &under) => {
            (r + 1, header::merged(&under, &columns))
        }
        _ => (r, columns),
    })
}
/// Writes `sheet` as `plan` says, as a declaration named `default_name` unless the sheet names its project;
/// the long-term twin's name ends in （中长期）.
pub fn generate(sheet: &Sheet, plan: &Plan, default_name: &str) -> Generated {
    let mut out = Writer::default();
    let header_row = plan.header_row;
    let columns = &plan.columns;
    let anchor = (header_row, columns.first().map_or(0, |(c, _)| *c));
    let mut facts = facts::facts(sheet, header_row);
    let mut block = None;
    if let Some(row) = plan.project {
        listed_project(&mut facts, sheet, columns, row);
    } else if !plan.long_term {
        block = funds::block(sheet, header_row);
        if let Some(block) = &block {
            facts.set_funds(block.budget.clone(), block.sources.clone());
        }
    }
    out.text.push_str("项目 ");
    let suffix = if plan.long_term {
        "（中长期）"
    } else {
        ""
    };
    match &facts.name {
        Some(name) if suffix.is_empty() => out.quoted(&name.text, name.row, name.column, sheet),
        Some(name) => {
            let start = out.text.len();
            out.text
                .push_str(&value::quote(&format!("{}{suffix}", name.text)));
            out.segment(start, name.row, name.column, None);
        }
        None => {
            let start = out.text.len();
            out.text
                .push_str(&value::quote(&format!("{default_name}{suffix}")));
            out.segment(start, anchor.0, anchor.1, None);
        }
    }
    out.text.push_str(" {\n");
    header_fields(&mut out, &facts, sheet, plan.long_term);
    if let Some(block) = &block {
        execution(&mut out, block, facts.unit);
    }
    let table = Table {
        sheet,
        columns,
        value_column: None,
        header: header_row,
    };
    let mut tree = Tree::new(plan.long_term);
    for section in &plan.sections {
        tree.read(&mut out, table, section.clone());
    }
    tree.open.close(&mut out);
    out.text.push_str("}\n");
    if tree.indicators == 0 && !plan.long_term {
        tree.problems
            .insert(0, no_indicator(sheet, header_row, columns));
    }
    let mut problems = tree.problems;
    if let Some(block) = block {
        problems.extend(block.problems);
    }
    Generated {
        jx: out.text,
        segments: out.segments,
        anchor,
        problems,
        indicators: tree.indicators,
    }
}

/// The name, money and goal of a project in a table that lists several, from the cells of the row that names it.
fn listed_project(facts: &mut Facts, sheet: &Sheet, columns: &[(usize, Role)], row: usize) {
    let fact = |role| {
        let (c, _) = columns.iter().find(|(_, r)| *r == role)?;
        let cell = sheet
            .cell(row, *c)
            .filter(|cell| !cell.text.trim().is_empty())?;
        Some(Fact {
            text: cell.text.clone(),
            row,
            column: *c,
        })
    };
    facts.name = fact(Role::Project);
    facts.funds = fact(Role::Budget).map(|f| (f, facts.unit));
    facts.clear_sources();
    facts.goal = fact(Role::Goal);
    facts.overall_goal = None;
}

/// The problem of a table from which no indicator could be read.
fn no_indicator(sheet: &Sheet, header_row: usize, columns: &[(usize, Role)]) -> Problem {
    let found = header_texts(sheet, header_row);
    Problem {
        code: crate::diagnostic::codes::UNREAD_TABLE_ROW,
        row: header_row,
        column: columns.first().map_or(0, |(c, _)| *c),
        message: Text::new(
            format!("表头“{found}”下没有读到任何指标"),
            format!("no indicator could be read under the headers `{found}`"),
        ),
        help: Text::new(
            "表头下的每一行应有三级指标名称或指标值；若指标写在别处，请改成一行一个指标",
            "each row under the header should hold an indicator name or a target value, one indicator a row",
        ),
    }
}
/// The declaration's header: the departments, the year, the funds and their sources, the period and the goals
/// found above the table; what the language has no field for (项目属性), and a period it cannot read, as comments.
fn header_fields(out: &mut Writer, facts: &Facts, sheet: &Sheet, long_term: bool) {
    for (keyword, fact) in [
        ("主管部门", &facts.supervisor),
        ("实施单位", &facts.implementer),
    ] {
        if let Some(f) = fact {
            let _ = write!(out.text, "  {keyword} ");
            out.quoted(&f.text, f.row, f.column, sheet);
            out.text.push('\n');
        }
    }
    if long_term {
        if let Some(f) = &facts.overall_goal {
            out.text.push_str("  总体目标 ");
            out.quoted(&f.text, f.row, f.column, sheet);
            out.text.push('\n');
        }
        return;
    }
    if let Some(f) = &facts.year {
        let digits: String = f.text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 4 {
            out.text.push_str("  年度 ");
            let start = out.text.len();
            out.text.push_str(&digits);
            out.segment(start, f.row, f.column, None);
            out.text.push('\n');
        }
    }
    funds(out, facts);
    if let Some(f) = &facts.period {
        let period = f.text.trim();
        if value::fits_header(&format!("实施期 {period}")) {
            out.text.push_str("  实施期 ");
            let start = out.text.len();
            out.text.push_str(period);
            out.segment(start, f.row, f.column, None);
            out.text.push('\n');
        } else {
            out.comment("实施期", &f.text);
        }
    }
    if let Some(f) = &facts.attribute {
        out.comment("项目属性", &f.text);
    }
    for (keyword, fact) in [("年度目标", &facts.goal), ("总体目标", &facts.overall_goal)] {
        if let Some(f) = fact {
            let _ = write!(out.text, "  {keyword} ");
            out.quoted(&f.text, f.row, f.column, sheet);
            out.text.push('\n');
        }
    }
}

/// `资金 N 万元`, with its sources in braces when the funds block lists them.
fn funds(out: &mut Writer, facts: &Facts) {
    let Some((f, unit)) = &facts.funds else {
        return;
    };
    let Some(amount) = facts::money(&f.text, unit) else {
        return;
    };
    out.text.push_str("  资金 ");
    let start = out.text.len();
    out.text.push_str(&amount);
    out.segment(start, f.row, f.column, None);
    let sources: Vec<(&str, &Fact, String)> = facts
        .sources()
        .into_iter()
        .filter_map(|(label, f, unit)| Some((label, f, facts::money(&f.text, unit)?)))
        .collect();
    if !sources.is_empty() {
        out.text.push_str(" {");
        for (label, f, amount) in sources {
            out.text.push_str("\n    ");
            out.text.push_str(&value::quote(label));
            out.text.push(' ');
            let start = out.text.len();
            out.text.push_str(&amount);
            out.segment(start, f.row, f.column, None);
        }
        out.text.push_str("\n  }");
    }
    out.text.push('\n');
}

/// The funds block's money spent and execution rate, with its weight and score: `支出 90 万元`,
/// `执行率 75 % { 分值 10  得分 7.5 }`, each piece mapped to its cell.
fn execution(out: &mut Writer, block: &Block, unit: &str) {
    if let Some(amount) = block
        .spent
        .as_ref()
        .and_then(|f| Some((f, facts::money(&f.text, unit)?)))
    {
        let (fact, amount) = amount;
        out.text.push_str("  支出 ");
        let start = out.text.len();
        out.text.push_str(&amount);
        out.segment(start, fact.row, fact.column, None);
        out.text.push('\n');
    }
    let attributes: Vec<(&str, &Fact)> = [("分值", &block.weight), ("得分", &block.score)]
        .into_iter()
        .filter_map(|(keyword, fact)| Some((keyword, fact.as_ref()?)))
        .collect();
    if block.rate.is_none() && attributes.is_empty() {
        return;
    }
    out.text.push_str("  执行率");
    if let Some(rate) = &block.rate {
        out.text.push(' ');
        let start = out.text.len();
        let _ = write!(out.text, "{} %", rate.text);
        out.segment(start, rate.row, rate.column, None);
    }
    if !attributes.is_empty() {
        out.text.push_str(" {");
        for (keyword, fact) in attributes {
            let _ = write!(out.text, "\n    {keyword} ");
            let start = out.text.len();
            out.text.push_str(&fact.text);
            out.segment(start, fact.row, fact.column, None);
        }
        out.text.push_str("\n  }");
    }
    out.text.push('\n');
}
