//! The indicator tree of a table read row by row as a person reads it: blank level cells continue the row
//! above (merged cells), scores written in level cells become group weights, a level 1 centred on its block is
//! the same level 1, the 2015 template's satisfaction level 2 under 效益 goes under 满意度, the footer ends
//! the table, and a row with text that has no place in the tree is a [`Problem`].

use super::header::Role;
use super::layout;
use super::value::{self, Context};
use super::writer::{header_texts, label, Problem, Table, Writer};
use crate::diagnostic::Text;
use crate::syntax::levels::{Level1, Level1Lookup, Level2};
use std::fmt::Write;
use std::ops::Range;

/// A level label, the cell it came from and the score written into it (`产出指标(70分)`).
#[derive(Debug, Clone)]
struct Label {
    text: String,
    row: usize,
    column: usize,
    weight: Option<String>,
}

impl Label {
    /// The label of a level cell, its score taken out; `None` for a cell that is only a score (`(50分)`),
    /// whose score is then kept in `orphan`.
    pub fn read(
        text: &str,
        row: usize,
        column: usize,
        orphan: &mut Option<String>,
    ) -> Option<Label> {
        let (text, weight) = layout::level_score(&layout::without_fill_note(text));
        let text = layout::without_fill_note(&text);
        if text.is_empty() {
            *orphan = weight;
            return None;
        }
        let weight = weight.or_else(|| orphan.take());
        *orphan = None;
        Some(Label {
            text,
            row,
            column,
            weight,
        })
    }
}

/// The indicator tree as it is read: the levels in force, the groups open in the text, what was found.
#[derive(Default)]
pub struct Tree {
    level1: Option<Label>,
    level2: Option<Label>,
    /// A score written in a level-1 cell with no label (`(50分)`), for the level 1 inferred below it.
    orphan: Option<String>,
    /// The groups open in the text.
    pub open: OpenGroups,
    /// Rows that could not be placed.
    pub problems: Vec<Problem>,
    /// Indicators written.
    pub indicators: usize,
    /// Whether the rows are read for the long-term twin.
    pub long_term: bool,
}

impl Tree {
    /// A tree with nothing read yet; `long_term` for the long-term twin.
    pub fn new(long_term: bool) -> Tree {
        Tree {
            long_term,
            ..Tree::default()
        }
    }

    /// Reads `rows`: blank level cells continue the row above (merged cells), consecutive rows with the same
    /// labels share their groups, and the footer (填报人, 合计, 说明：…) ends the table.
    pub fn read(&mut self, out: &mut Writer, table: Table<'_>, rows: Range<usize>) {
        let mut value_column = None;
        for row in rows {
            let cells = &table.sheet.rows[row];
            if cells.iter().all(|c| layout::is_placeholder(&c.text)) {
                continue;
            }
            if layout::is_footer(cells) {
                break;
            }
            if let Some(column) = layout::sub_header_value(cells, table.columns) {
                value_column = Some(column);
                continue;
            }
            let table = Table {
                value_column: value_column.or(table.value_column),
                ..table
            };
            if let Some((text, c)) = table.text(row, Role::Level1) {
                self.level1_cell(text, row, c);
            }
            if let Some((text, c)) = table.text(row, Role::Level2) {
                self.level2 = Label::read(text, row, c, &mut None);
            }
            // A level 2 alone is an empty indicator of the annual table; in a long-term twin whose names and
            // values are left empty it is only the level of the annual row beside it.
            let holds_indicator = table.text(row, Role::Name).is_some()
                || table.text(row, Role::Value).is_some()
                || (!self.long_term && table.text(row, Role::Level2).is_some());
            if !holds_indicator {
                // A level heading, or a label column left of the table (绩效指标 repeated after a page
                // break, a unit's summary row in a list layout), holds no indicator; other text is a problem.
                // The columns of a project list (项目名称, 预算数, 年度目标) stand left of the table too.
                let first = table
                    .columns
                    .iter()
                    .filter(|(_, r)| !matches!(r, Role::Project | Role::Budget | Role::Goal))
                    .map(|(c, _)| *c)
                    .min()
                    .unwrap_or(0);
                let beside = cells.iter().skip(first).any(|c| !c.text.is_empty());
                if table.text(row, Role::Level1).is_none() && beside {
                    self.problems.push(unplaced(table, row));
                }
                continue;
            }
            let (label1, label2) = self.labels(table, row);
            self.open.enter(out, &label1, &label2);
            indicator(out, table, row);
            self.problems.extend(not_numbers(table, row));
            self.indicators += 1;
        }
    }

    /// A level-1 cell: a new level 1 starts a new level 2, unless it names the level 1 already in force (a
    /// merged cell centred on its block shows its text on a middle row, below rows read with the level 1
    /// inferred from their level 2).
    fn level1_cell(&mut self, text: &str, row: usize, column: usize) {
        let Some(new) = Label::read(text, row, column, &mut self.orphan) else {
            return self.level1 = None;
        };
        let known = |text: &str| match Level1::lookup(&label(text)) {
            Level1Lookup::Known(level) => Some(level),
            _ => None,
        };
        let current = self.open.level1.as_deref().and_then(known);
        if self.level1.is_none() && current.is_some() && current == known(&new.text) {
            return;
        }
        self.level1 = Some(new);
        self.level2 = None;
    }

    /// The level 1 and level 2 of an indicator row: a missing level 1 is inferred from the level 2, and a
    /// satisfaction level 2 under 效益 (the 2015 template's 社会公众或服务对象满意度指标) is written under 满意度.
    fn labels(&mut self, table: Table<'_>, row: usize) -> (Label, Label) {
        let label2 = self.level2.clone().unwrap_or_else(|| Label {
            text: "未填二级指标".to_string(),
            row,
            column: table.column(Role::Level2).unwrap_or(0),
            weight: None,
        });
        let level2 = Level2::lookup_alone(&label(&label2.text));
        let label1 = match self.level1.clone() {
            Some(l1) => {
                let benefit =
                    Level1::lookup(&label(&l1.text)) == Level1Lookup::Known(Level1::Benefit);
                match level2.filter(|l| benefit && l.parent() == Level1::Satisfaction) {
                    Some(l) => Label {
                        text: l.parent().name_zh().to_string(),
                        weight: None,
                        ..label2.clone()
                    },
                    None => l1,
                }
            }
            None => {
                let inferred = level2.map_or("未填一级指标", |l| l.parent().name_zh());
                Label {
                    text: inferred.to_string(),
                    row: label2.row,
                    column: table.column(Role::Level1).unwrap_or(label2.column),
                    weight: self.orphan.clone(),
                }
            }
        };
        (label1, label2)
    }
}

/// The problem of a row with text that is no indicator, no level heading and no footer.
fn unplaced(table: Table<'_>, row: usize) -> Problem {
    let cells = &table.sheet.rows[row];
    let (column, text) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| !c.text.is_empty())
        .map_or((0, String::new()), |(i, c)| (i, c.text.clone()));
    let expected: Vec<&str> = [Role::Level1, Role::Level2, Role::Name, Role::Value]
        .into_iter()
        .filter_map(|role| table.column(role))
        .filter_map(|c| table.sheet.cell(table.header_row(), c))
        .map(|c| c.text.as_str())
        .collect();
    let expected = expected.join("、");
    let found = header_texts(table.sheet, table.header_row());
    Problem {
        code: crate::diagnostic::codes::UNREAD_TABLE_ROW,
        row,
        column,
        message: Text::new(
            format!("这一行（“{text}”）不是指标，也不是表尾：表头“{found}”下它不能放进指标树"),
            format!("this row (`{text}`) is neither an indicator nor a footer: under the headers `{found}` it has no place in the indicator tree"),
        ),
        help: Text::new(
            format!("指标行要在“{expected}”列中写上三级指标名称或指标值；不是指标的文字请移到表格之外"),
            format!("an indicator row holds a name or a target in the columns `{expected}`; move other text out of the table"),
        ),
    }
}

/// The level-1 and level-2 groups open in the text, by label.
#[derive(Default)]
pub struct OpenGroups {
    level1: Option<String>,
    level2: Option<String>,
}

impl OpenGroups {
    /// Opens the groups of `label1` and `label2`, closing those open unless they are the same.
    fn enter(&mut self, out: &mut Writer, label1: &Label, label2: &Label) {
        if self.level1.as_ref() != Some(&label1.text) {
            self.close(out);
            out.text.push_str("  ");
            out.label(&label1.text, label1.row, label1.column);
            group_weight(out, label1);
            out.text.push_str(" {\n");
            self.level1 = Some(label1.text.clone());
        }
        if self.level2.as_ref() != Some(&label2.text) {
            if self.level2.take().is_some() {
                out.text.push_str("    }\n");
            }
            out.text.push_str("    ");
            out.label(&label2.text, label2.row, label2.column);
            group_weight(out, label2);
            out.text.push_str(" {\n");
            self.level2 = Some(label2.text.clone());
        }
    }

    /// Closes the open groups.
    pub fn close(&mut self, out: &mut Writer) {
        if self.level2.take().is_some() {
            out.text.push_str("    }\n");
        }
        if self.level1.take().is_some() {
            out.text.push_str("  }\n");
        }
    }
}

/// The weight of a group, from the score in its level cell: ` 分值 70` after the label, mapped to that cell.
fn group_weight(out: &mut Writer, label: &Label) {
    let Some(weight) = label
        .weight
        .as_deref()
        .and_then(|w| w.parse::<rust_decimal::Decimal>().ok())
    else {
        return;
    };
    out.text.push_str(" 分值 ");
    let start = out.text.len();
    out.text.push_str(&weight.to_string());
    out.segment(start, label.row, label.column, None);
}

/// One attribute of an indicator: its keyword, its .jx value, the column it came from and whether it is quoted.
type Attribute = (&'static str, String, usize, bool);

/// One indicator row: `"name" target { attributes }`.
fn indicator(out: &mut Writer, table: Table<'_>, row: usize) {
    let sheet = table.sheet;
    let text = |role: Role| table.text(row, role);
    out.text.push_str("      ");
    match text(Role::Name) {
        Some((name, c)) => out.quoted(&value::unwrapped(name), row, c, sheet),
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
    // 指标性质 often holds the comparator (≧ ═ ≤) rather than 定量/定性.
    let kind = text(Role::Kind).map(|(t, _)| t);
    let context = Context {
        unit: text(Role::Unit).map(|(t, _)| t),
        comparator: text(Role::Comparator)
            .map(|(t, _)| t)
            .or(kind.filter(|k| value::is_comparator(k))),
        kind,
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

/// A weight or score as written in its cell (`10`, `8.5分`), as an exact number; `None` for anything else.
fn points(cell: &str) -> Option<String> {
    let number: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    let number = number.strip_suffix('分').unwrap_or(&number);
    // Digits with at most one point between them: `4753.` parses as a decimal but is no number of the .jx
    // language (found by fuzzing).
    let plain = number.split('.').count() <= 2
        && number
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    plain.then(|| number.to_string())
}

/// The weight and score cells of an indicator row that hold something other than a number (or a placeholder
/// such as — or /): each a cell that cannot be read, never dropped in silence.
fn not_numbers(table: Table<'_>, row: usize) -> Vec<Problem> {
    [
        (Role::Weight, "分值", "weight"),
        (Role::Score, "得分", "score"),
    ]
    .into_iter()
    .filter_map(|(role, zh, en)| {
        let (cell, column) = table.text(row, role)?;
        if points(cell).is_some() || layout::is_placeholder(cell) {
            return None;
        }
        Some(Problem {
            code: crate::diagnostic::codes::UNREADABLE_CELL,
            row,
            column,
            message: Text::new(
                format!("{zh}“{cell}”不是数字，这个指标的{zh}无法核对"),
                format!(
                    "the {en} `{cell}` is not a number, so the indicator's {en} cannot be checked"
                ),
            ),
            help: Text::new(
                format!("{zh}写数字，如 10 或 8.5"),
                format!("write the {en} as a number, such as 10 or 8.5"),
            ),
        })
    })
    .collect()
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
            if let Some(number) = points(cell) {
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
