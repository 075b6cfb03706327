//! A sheet's indicator table written as a .jx declaration, with a map from every piece of the .jx text back to
//! the cell it came from.

use super::header::{self, Role};
use super::table::Sheet;
use super::value::{self, Context};
use crate::source::Span;
use std::fmt::Write;

/// A piece of generated .jx text and the cell it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// The piece of .jx text.
    pub jx: Span,
    /// The cell: row and column, 0-based.
    pub row: usize,
    /// The column.
    pub column: usize,
    /// Where in `jx` an exact copy of the cell's text starts, if the piece quotes the cell verbatim.
    pub copy_at: Option<usize>,
}

/// The .jx text of one sheet and where each piece came from.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The .jx text: one declaration.
    pub jx: String,
    /// Pieces of `jx` by cell, in text order.
    pub segments: Vec<Segment>,
    /// The cell that stands for the whole table (the first header cell).
    pub anchor: (usize, usize),
}

/// Header facts found above the table: key → (value text, row, column).
#[derive(Debug, Default)]
struct Facts {
    name: Option<(String, usize, usize)>,
    supervisor: Option<(String, usize, usize)>,
    implementer: Option<(String, usize, usize)>,
    year: Option<(String, usize, usize)>,
    funds: Option<(String, usize, usize, &'static str)>,
    goal: Option<(String, usize, usize)>,
    overall_goal: Option<(String, usize, usize)>,
}

/// The header row of a sheet and its columns, if the sheet holds an indicator table.
pub fn find_header(sheet: &Sheet) -> Option<(usize, Vec<(usize, Role)>)> {
    sheet.rows.iter().take(40).enumerate().find_map(|(r, row)| {
        let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
        let columns = header::columns(&texts);
        header::is_indicator_table(&columns).then_some((r, columns))
    })
}

/// The columns of one sheet's indicator table, by role.
#[derive(Clone, Copy)]
struct Table<'a> {
    sheet: &'a Sheet,
    columns: &'a [(usize, Role)],
}

impl<'a> Table<'a> {
    /// The column that holds `role`, if the table has one.
    fn column(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, r)| *r == role)
            .map(|(c, _)| *c)
    }

    /// The text of `row`'s cell in the column of `role`, and that column, unless it is empty.
    fn text(&self, row: usize, role: Role) -> Option<(&'a str, usize)> {
        let c = self.column(role)?;
        let cell = self.sheet.cell(row, c)?;
        (!cell.text.is_empty()).then_some((cell.text.as_str(), c))
    }
}

/// Writes `sheet` (header row `header_row`, columns `columns`) as a declaration named `default_name` unless the
/// sheet names its project.
pub fn generate(
    sheet: &Sheet,
    header_row: usize,
    columns: &[(usize, Role)],
    default_name: &str,
) -> Generated {
    let mut out = Writer::default();
    let anchor = (header_row, columns.first().map_or(0, |(c, _)| *c));
    let facts = facts(sheet, header_row);
    out.text.push_str("项目 ");
    match &facts.name {
        Some((name, r, c)) => out.quoted(name, *r, *c, sheet),
        None => {
            let start = out.text.len();
            out.text.push_str(&value::quote(default_name));
            out.segment(start, anchor.0, anchor.1, None);
        }
    }
    out.text.push_str(" {\n");
    header_fields(&mut out, &facts, sheet);
    indicator_tree(&mut out, Table { sheet, columns }, header_row);
    out.text.push_str("}\n");
    Generated {
        jx: out.text,
        segments: out.segments,
        anchor,
    }
}

/// The declaration's header: the departments, the year, the funds and the goals found above the table.
fn header_fields(out: &mut Writer, facts: &Facts, sheet: &Sheet) {
    for (keyword, fact) in [
        ("主管部门", &facts.supervisor),
        ("实施单位", &facts.implementer),
    ] {
        if let Some((text, r, c)) = fact {
            let _ = write!(out.text, "  {keyword} ");
            out.quoted(text, *r, *c, sheet);
            out.text.push('\n');
        }
    }
    if let Some((text, r, c)) = &facts.year {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 4 {
            out.text.push_str("  年度 ");
            let start = out.text.len();
            out.text.push_str(&digits);
            out.segment(start, *r, *c, None);
            out.text.push('\n');
        }
    }
    if let Some((text, r, c, unit)) = &facts.funds {
        if let Some(amount) = money(text, unit) {
            out.text.push_str("  资金 ");
            let start = out.text.len();
            out.text.push_str(&amount);
            out.segment(start, *r, *c, None);
            out.text.push('\n');
        }
    }
    for (keyword, fact) in [("年度目标", &facts.goal), ("总体目标", &facts.overall_goal)] {
        if let Some((text, r, c)) = fact {
            let _ = write!(out.text, "  {keyword} ");
            out.quoted(text, *r, *c, sheet);
            out.text.push('\n');
        }
    }
}

/// A level label and the cell it came from.
type Label = (String, usize, usize);

/// The indicator tree: blank level cells continue the row above (merged cells), and consecutive rows with the
/// same labels share their groups, whether the cells repeat or are merged.
fn indicator_tree(out: &mut Writer, table: Table<'_>, header_row: usize) {
    let mut level1: Option<Label> = None;
    let mut level2: Option<Label> = None;
    let mut open = OpenGroups::default();
    for row in header_row + 1..table.sheet.rows.len() {
        let cells = &table.sheet.rows[row];
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        if let Some((text, c)) = table.text(row, Role::Level1) {
            level1 = Some((text.to_string(), row, c));
            level2 = None;
        }
        if let Some((text, c)) = table.text(row, Role::Level2) {
            level2 = Some((text.to_string(), row, c));
        }
        let holds_indicator = table.text(row, Role::Name).is_some()
            || table.text(row, Role::Value).is_some()
            || table.text(row, Role::Level2).is_some();
        if !holds_indicator {
            // A row with only a level 1 (a merged heading) or only other columns holds no indicator.
            continue;
        }
        let label2 = level2.clone().unwrap_or_else(|| {
            let c = table.column(Role::Level2).unwrap_or(0);
            ("未填二级指标".to_string(), row, c)
        });
        let label1 = level1.clone().unwrap_or_else(|| {
            let inferred = crate::syntax::levels::Level2::lookup_alone(&label(&label2.0))
                .map_or("未填一级指标", |l| l.parent().name_zh());
            let c = table.column(Role::Level1).unwrap_or(label2.2);
            (inferred.to_string(), label2.1, c)
        });
        open.enter(out, &label1, &label2);
        indicator(out, table, row);
    }
    open.close(out);
}

/// The level-1 and level-2 groups open in the text, by label.
#[derive(Default)]
struct OpenGroups {
    level1: Option<String>,
    level2: Option<String>,
}

impl OpenGroups {
    /// Opens the groups of `label1` and `label2`, closing those open unless they are the same.
    fn enter(&mut self, out: &mut Writer, label1: &Label, label2: &Label) {
        if self.level1.as_ref() != Some(&label1.0) {
            self.close(out);
            out.text.push_str("  ");
            out.label(&label1.0, label1.1, label1.2);
            out.text.push_str(" {\n");
            self.level1 = Some(label1.0.clone());
        }
        if self.level2.as_ref() != Some(&label2.0) {
            if self.level2.take().is_some() {
                out.text.push_str("    }\n");
            }
            out.text.push_str("    ");
            out.label(&label2.0, label2.1, label2.2);
            out.text.push_str(" {\n");
            self.level2 = Some(label2.0.clone());
        }
    }

    /// Closes the open groups.
    fn close(&mut self, out: &mut Writer) {
        if self.level2.take().is_some() {
            out.text.push_str("    }\n");
        }
        if self.level1.take().is_some() {
            out.text.push_str("  }\n");
        }
    }
}

/// One attribute of an indicator: its keyword, its .jx value, the column it came from and whether it is quoted.
type Attribute = (&'static str, String, usize, bool);

/// One indicator row: `"name" target { attributes }`.
fn indicator(out: &mut Writer, table: Table<'_>, row: usize) {
    let sheet = table.sheet;
    let text = |role: Role| table.text(row, role);
    out.text.push_str("      ");
    match text(Role::Name) {
        Some((name, c)) => out.quoted(name, row, c, sheet),
        None => {
            let start = out.text.len();
            out.text.push_str("\"\"");
            let c = table
                .column(Role::Name)
                .or_else(|| table.column(Role::Level2))
                .unwrap_or(0);
            out.segment(start, row, c, None);
        }
    }
    let context = Context {
        unit: text(Role::Unit).map(|(t, _)| t),
        comparator: text(Role::Comparator).map(|(t, _)| t),
        kind: text(Role::Kind).map(|(t, _)| t),
    };
    if let Some((cell, c)) = text(Role::Value) {
        if let Some(target) = value::target(cell, context) {
            out.text.push(' ');
            out.target(&target, cell, row, c, sheet);
        }
    }
    let attributes = attributes(table, row, context);
    if !attributes.is_empty() {
        // One attribute a line: a number without a unit ends its line, or the next keyword would be its unit.
        out.text.push_str(" {");
        for (keyword, value, c, _) in attributes {
            let _ = write!(out.text, "\n        {keyword} ");
            let start = out.text.len();
            out.text.push_str(&value);
            let copy = sheet
                .cell(row, c)
                .filter(|cell| value.contains(&cell.text) && cell.verbatim)
                .and_then(|cell| value.find(&cell.text))
                .map(|i| start + i);
            out.segment(start, row, c, copy);
        }
        out.text.push_str("\n      }");
    }
    out.text.push('\n');
}

/// The attributes of one indicator row, in the order they are written.
fn attributes(table: Table<'_>, row: usize, context: Context<'_>) -> Vec<Attribute> {
    let text = |role: Role| table.text(row, role);
    let mut attributes = Vec::new();
    if let Some((cell, c)) = text(Role::Basis) {
        let basis = ["计划标准", "行业标准", "历史标准", "其他标准"]
            .into_iter()
            .find(|b| cell.contains(b) || cell == &b[..6]);
        match basis {
            Some(b) => attributes.push(("依据", b.to_string(), c, false)),
            None => attributes.push(("说明", value::quote(cell), c, true)),
        }
    }
    for (role, keyword) in [(Role::Weight, "分值"), (Role::Score, "得分")] {
        if let Some((cell, c)) = text(role) {
            let number: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
            if number.parse::<rust_decimal::Decimal>().is_ok() {
                attributes.push((keyword, number, c, false));
            }
        }
    }
    if let Some((cell, c)) = text(Role::Actual) {
        let actual_context = Context {
            comparator: None,
            ..context
        };
        if let Some(target) = value::target(cell, actual_context) {
            let quoted = target.starts_with("定性");
            attributes.push(("实际完成值", target, c, quoted));
        }
    }
    for (role, keyword) in [
        (Role::Deviation, "偏差说明"),
        (Role::Note, "说明"),
        (Role::Scoring, "评分标准"),
    ] {
        if let Some((cell, c)) = text(role) {
            if !attributes.iter().any(|(k, ..)| *k == keyword) {
                attributes.push((keyword, value::quote(cell), c, true));
            }
        }
    }
    attributes
}

/// An amount of money from a header cell: `300` (in the key's unit, else 万元), `300万元`, `1,961.50 元`.
fn money(text: &str, unit: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let digits_end = compact
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(compact.len());
    let number = &compact[..digits_end];
    number.parse::<rust_decimal::Decimal>().ok()?;
    let rest = &compact[digits_end..];
    let unit = ["亿元", "万元", "千元", "元"]
        .into_iter()
        .find(|u| rest.starts_with(u))
        .unwrap_or(unit);
    Some(format!("{number} {unit}"))
}

/// A level label as a name of the language: only letters, Chinese characters, digits, `_` and `-`, leading
/// numbering (`1.`, `一、`) dropped.
pub fn label(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十、.．)）(（ ".contains(c)
    });
    let name: String = trimmed
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        "未填".to_string()
    } else {
        name
    }
}

/// Facts written above the header: a key cell and the next non-empty cell of its row, or `key：value` in one.
fn facts(sheet: &Sheet, header_row: usize) -> Facts {
    let mut facts = Facts::default();
    for (r, row) in sheet.rows.iter().enumerate().take(header_row) {
        for (c, cell) in row.iter().enumerate() {
            let (key, inline) = match cell.text.split_once(['：', ':']) {
                Some((k, v)) if !v.trim().is_empty() => (k, Some(v.trim())),
                Some((k, _)) => (k, None),
                None => (cell.text.as_str(), None),
            };
            let key = header::normalize(key);
            let value = inline.map(|v| (v.to_string(), r, c)).or_else(|| {
                row.iter()
                    .enumerate()
                    .skip(c + 1)
                    .find(|(_, cell)| !cell.text.is_empty())
                    .map(|(vc, cell)| (cell.text.clone(), r, vc))
            });
            let Some(value) = value else { continue };
            let unit_of_key = if cell.text.contains("万元") {
                "万元"
            } else if cell.text.contains("亿元") {
                "亿元"
            } else if cell.text.contains("(元)") || cell.text.contains("（元）") {
                "元"
            } else {
                "万元"
            };
            match key.as_str() {
                "项目名称" | "项目" | "部门名称" | "单位名称" => {
                    facts.name = facts.name.or(Some(value))
                }
                "主管部门" | "主管部门及代码" | "主管单位" => {
                    facts.supervisor = facts.supervisor.or(Some(value))
                }
                "实施单位" | "项目实施单位" => {
                    facts.implementer = facts.implementer.or(Some(value))
                }
                "年度" | "预算年度" | "项目年度" => {
                    facts.year = facts.year.or(Some(value))
                }
                "项目资金" | "资金总额" | "年度资金总额" | "预算金额" | "资金" | "项目总金额"
                | "项目金额" | "预算资金" => {
                    facts.funds = facts
                        .funds
                        .or(Some((value.0, value.1, value.2, unit_of_key)))
                }
                "年度目标" | "年度绩效目标" | "年度总体目标" | "绩效目标" => {
                    facts.goal = facts.goal.or(Some(value))
                }
                "总体目标" | "中长期目标" | "总体绩效目标" => {
                    facts.overall_goal = facts.overall_goal.or(Some(value))
                }
                _ => {}
            }
        }
    }
    facts
}

#[derive(Default)]
struct Writer {
    text: String,
    segments: Vec<Segment>,
}

impl Writer {
    fn segment(&mut self, start: usize, row: usize, column: usize, copy_at: Option<usize>) {
        self.segments.push(Segment {
            jx: Span::new(start, self.text.len()),
            row,
            column,
            copy_at,
        });
    }

    /// A quoted copy of a cell's text.
    fn quoted(&mut self, text: &str, row: usize, column: usize, sheet: &Sheet) {
        let start = self.text.len();
        let quoted = value::quote(text);
        self.text.push_str(&quoted);
        let exact =
            quoted.len() == text.len() + 2 && sheet.cell(row, column).is_some_and(|c| c.verbatim);
        self.segment(start, row, column, exact.then_some(start + 1));
    }

    /// A level label.
    fn label(&mut self, text: &str, row: usize, column: usize) {
        let start = self.text.len();
        let name = label(text);
        let exact = name == text;
        self.text.push_str(&name);
        self.segment(start, row, column, exact.then_some(start));
    }

    /// A target read from a value cell.
    fn target(&mut self, target: &str, cell: &str, row: usize, column: usize, sheet: &Sheet) {
        let start = self.text.len();
        self.text.push_str(target);
        let verbatim = sheet.cell(row, column).is_some_and(|c| c.verbatim);
        let copy = if target == cell {
            Some(start)
        } else {
            target
                .strip_prefix("定性 \"")
                .filter(|inner| inner.strip_suffix('"') == Some(cell))
                .map(|_| start + "定性 \"".len())
        };
        self.segment(start, row, column, copy.filter(|_| verbatim));
    }
}
