//! Sheets of cells, the interface between reading a table ([`super::csv`], [`super::workbook`]) and importing it:
//! each cell knows where it is shown, each sheet carries the problems met while reading it.
//!
//! Every sheet has a *view*: the text findings are drawn on. For a CSV it is the file's own text, and a cell's
//! span is its bytes in it. For a workbook sheet it is one line per row (line 7 is row 7) with the cells joined
//! by ` | `, since a workbook has no text of its own; `Grid` builds it from the cells a workbook holds.
//!
//! Reading is bounded by the cells a table uses, never by the size it declares: at most [`MAX_ROWS`] rows,
//! [`MAX_COLUMNS`] columns and [`MAX_CELLS`] cells (empty ones between used ones included) are read from a sheet;
//! beyond them a located problem says what was left out.

use crate::diagnostic::{codes, CellLocation, Diagnostic, Severity, Text};
use crate::source::{SourceFile, Span};
use std::collections::BTreeMap;

/// The most rows read from one sheet (a performance target table has tens to hundreds).
pub const MAX_ROWS: usize = 100_000;
/// The most columns read from one sheet (column ALL; a target table has under thirty).
pub const MAX_COLUMNS: usize = 1_000;
/// The most cells read from one sheet, counting the empty cells to the left of used ones.
pub const MAX_CELLS: usize = 2_000_000;

/// How CSV bytes are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (with or without BOM) if the bytes are UTF-8, else GB18030 (which covers GBK) if they decode.
    #[default]
    Auto,
    /// UTF-8.
    Utf8,
    /// GBK / GB18030, as Chinese Windows writes CSV.
    Gbk,
}

/// One cell: its text and where the view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    /// The text, trimmed. A number cell is its shortest decimal (`1346.0088`), with a percent format the
    /// percent Excel shows (`95%` for a stored 0.95), a date cell `YYYY-MM-DD`, a formula its cached value; a
    /// formula saved without a value is its formula (`=SUM(E2:E4)`, see `formula_without_value`).
    pub text: String,
    /// The cell's text in the view (for a quoted CSV field, inside the quotes; for a cell covered by a merged
    /// region, the region's first cell).
    pub span: Span,
    /// Whether `text` is the view's bytes at `span` exactly (an offset inside it is an offset in the view).
    pub verbatim: bool,
    /// A workbook formula whose value the file does not hold (written by a program that does not calculate):
    /// `text` is the formula, and the sheet's `problems` name the cell. Never an empty target.
    pub formula_without_value: bool,
    /// For a cell covered by a merged region but its first: that first cell (row, column), whose value it shows.
    pub merged_from: Option<(usize, usize)>,
}

impl Cell {
    /// A cell of `value` written at `span` of `view`: trimmed, the span narrowed to the trimmed text when the
    /// value is the view's text there.
    pub fn located(value: &str, span: Span, view: &str) -> Cell {
        let text = value.trim().to_string();
        let raw = &view[span.range()];
        let verbatim = raw == value;
        let span = if verbatim {
            let start = span.start + (raw.len() - raw.trim_start().len());
            Span::new(start, start + text.len())
        } else {
            span
        };
        Cell {
            text,
            span,
            verbatim,
            ..Cell::default()
        }
    }
}

/// One sheet: rows of cells, 0-based, and the view they are shown in.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name, for workbooks.
    pub name: Option<String>,
    /// Rows of cells; row `r` is shown on line `r + 1`.
    pub rows: Vec<Vec<Cell>>,
    /// The text findings are drawn on.
    pub view: SourceFile,
    /// What went wrong while reading the sheet (an unclosed CSV quote, a formula without a value, cells beyond
    /// the caps): read errors located in the view and named by cell, reported with the sheet's findings.
    pub problems: Vec<Diagnostic>,
}

impl Sheet {
    /// The cell at (row, column), if there is one.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(column))
    }
}

/// The spreadsheet reference of a cell: column letters and 1-based row, e.g. `B7`.
pub fn cell_ref(row: usize, column: usize) -> String {
    let mut letters = String::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The (row, column), 0-based, of a cell reference such as `B7`; `None` for anything else.
pub fn parse_cell_ref(reference: &str) -> Option<(usize, usize)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let column = letters.bytes().try_fold(0usize, |n, b| {
        n.checked_mul(26)?.checked_add(usize::from(b - b'A') + 1)
    })?;
    let row: usize = digits.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

/// An error about a whole file that cannot be read.
pub(super) fn unreadable(zh: String, en: String, help: Text) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(
            codes::READ_ERROR,
            Severity::Error,
            Span::point(0),
            Text::new(zh, en),
        )
        .with_help(help),
    )
}

/// A read error at a cell of a sheet (`sheet` is `None` for a CSV).
pub(super) fn read_problem(
    sheet: Option<&str>,
    (row, column): (usize, usize),
    span: Span,
    message: Text,
    help: Text,
) -> Diagnostic {
    let mut diagnostic =
        Diagnostic::new(codes::UNREADABLE_CELL, Severity::Error, span, message).with_help(help);
    diagnostic.cell = Some(CellLocation {
        sheet: sheet.map(str::to_string),
        cell: cell_ref(row, column),
        ..CellLocation::default()
    });
    diagnostic
}

/// The problem of a sheet used beyond the caps, at the first cell left out.
pub(super) fn too_large(
    sheet: Option<&str>,
    (row, column): (usize, usize),
    span: Span,
) -> Diagnostic {
    let at = cell_ref(row, column);
    read_problem(
        sheet,
        (row, column),
        span,
        Text::new(
            format!(
                "表格太大：从 {at} 起的单元格没有读取（每个工作表最多读取 {MAX_ROWS} 行、{MAX_COLUMNS} 列、\
                 {MAX_CELLS} 个单元格）"
            ),
            format!(
                "the table is too large: the cells from {at} on were not read (at most {MAX_ROWS} rows, \
                 {MAX_COLUMNS} columns and {MAX_CELLS} cells are read from a sheet)"
            ),
        ),
        Text::new(
            "删去指标表以外的内容（远处的单元格、整行整列的数据），或把指标表复制到新的工作表",
            "delete what is not the target table (far-away cells, whole rows or columns of data), or copy the \
             table to a new sheet",
        ),
    )
}

/// Decodes CSV bytes as `encoding` says.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, Box<Diagnostic>> {
    let utf8 = |bytes: &[u8]| {
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map(str::to_string)
            .ok()
    };
    let gbk = |bytes: &[u8]| {
        let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
        (!had_errors).then(|| text.into_owned())
    };
    let decoded = match encoding {
        Encoding::Utf8 => utf8(bytes),
        Encoding::Gbk => gbk(bytes),
        Encoding::Auto => utf8(bytes).or_else(|| gbk(bytes)),
    };
    decoded.ok_or_else(|| {
        Box::new(
            Diagnostic::new(
                codes::NOT_UTF8,
                Severity::Error,
                Span::point(0),
                Text::new(
                    "表格既不是 UTF-8 也不是 GBK 编码",
                    "the table is neither UTF-8 nor GBK",
                ),
            )
            .with_help(Text::new(
                "在 Excel 或 WPS 中另存为“CSV UTF-8”，或用 --encoding 指定编码",
                "save it as “CSV UTF-8” in Excel or WPS, or give the encoding with --encoding",
            )),
        )
    })
}

/// The cells a workbook sheet holds, gathered sparsely (by position, never by the sheet's declared size) and
/// built into a [`Sheet`] within the caps.
#[derive(Debug)]
pub(super) struct Grid {
    cells: BTreeMap<(usize, usize), (String, bool)>,
    merges: Vec<Merge>,
    /// The first used cell beyond the caps.
    beyond: Option<(usize, usize)>,
    /// The most cells the sheet may lay out: [`MAX_CELLS`] less what the workbook's earlier sheets took.
    limit: usize,
}

impl Default for Grid {
    fn default() -> Self {
        Grid::within(MAX_CELLS)
    }
}

impl Grid {
    /// A grid that lays out at most `limit` cells (what a workbook's cap leaves after its earlier sheets).
    pub(super) fn within(limit: usize) -> Self {
        Grid {
            cells: BTreeMap::new(),
            merges: Vec::new(),
            beyond: None,
            limit,
        }
    }

    /// Adds a cell's text (empty cells are left out); `formula_without_value` marks a formula with no value.
    /// A cell beyond the caps is not kept, only remembered for the problem.
    pub(super) fn put(
        &mut self,
        (row, column): (usize, usize),
        text: String,
        formula_without_value: bool,
    ) {
        if text.trim().is_empty() && !formula_without_value {
            return;
        }
        if row >= MAX_ROWS || column >= MAX_COLUMNS || self.cells.len() >= self.limit {
            if self.beyond.is_none_or(|b| (row, column) < b) {
                self.beyond = Some((row, column));
            }
            return;
        }
        self.cells
            .insert((row, column), (text, formula_without_value));
    }

    /// Adds a merged region, first and last cell inclusive.
    pub(super) fn merge(&mut self, first: (usize, usize), last: (usize, usize)) {
        if first != last && first.0 <= last.0 && first.1 <= last.1 {
            self.merges.push((first, last));
        }
    }

    /// The sheet: rows up to the last used one, each as wide as the used columns, a merged region's value shown
    /// in every cell it covers (within the used rows and columns).
    pub(super) fn build(self, file: &str, sheet: &str) -> Sheet {
        let height = self.cells.keys().map(|&(r, _)| r + 1).max().unwrap_or(0);
        let width = self.cells.keys().map(|&(_, c)| c + 1).max().unwrap_or(0);
        let mut merges: Vec<_> = self
            .merges
            .iter()
            .filter(|(first, _)| self.cells.contains_key(first))
            .map(|&(first, (r1, c1))| (first, (r1.min(height - 1), c1.min(width - 1))))
            .collect();
        merges.sort();
        let kept = height.min(self.limit / width.max(1));
        let mut view = String::new();
        let mut problems = Vec::new();
        let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(kept);
        let mut next_merge = 0;
        let mut active: Vec<Merge> = Vec::new();
        for r in 0..kept {
            active.retain(|&(_, (r1, _))| r1 >= r);
            while next_merge < merges.len() && merges[next_merge].0 .0 <= r {
                active.push(merges[next_merge]);
                next_merge += 1;
            }
            let mut row: Vec<Cell> = Vec::with_capacity(width);
            for c in 0..width {
                if c > 0 {
                    view.push_str(" | ");
                }
                let covering = active
                    .iter()
                    .find(|&&((r0, c0), (_, c1))| (c0..=c1).contains(&c) && (r, c) != (r0, c0));
                let cell = match (self.cells.get(&(r, c)), covering) {
                    (None, Some(&(first, _))) => {
                        let origin = match first.0 == r {
                            true => &row[first.1],
                            false => &rows[first.0][first.1],
                        };
                        Cell {
                            merged_from: Some(first),
                            ..Cell::clone(origin)
                        }
                    }
                    (Some((text, formula)), _) => shown(&mut view, text, *formula),
                    (None, None) => Cell {
                        span: Span::point(view.len()),
                        verbatim: true,
                        ..Cell::default()
                    },
                };
                if cell.formula_without_value && cell.merged_from.is_none() {
                    problems.push(formula_problem(sheet, (r, c), &cell));
                }
                row.push(cell);
            }
            view.push('\n');
            rows.push(row);
        }
        let cut = (kept < height).then_some((kept, 0));
        if let Some(at) = [self.beyond, cut].into_iter().flatten().min() {
            problems.push(too_large(Some(sheet), at, Span::point(view.len())));
        }
        Sheet {
            name: Some(sheet.to_string()),
            rows,
            view: SourceFile::verbatim(format!("{file} [{sheet}]"), &view),
            problems,
        }
    }
}

/// A merged region: its first and last cell.
type Merge = ((usize, usize), (usize, usize));

/// A cell of `text` written at the end of a workbook sheet's view (line breaks shown as spaces).
fn shown(view: &mut String, text: &str, formula_without_value: bool) -> Cell {
    let shown = text.replace(['\n', '\r'], " ");
    let start = view.len();
    view.push_str(&shown);
    let mut cell = Cell::located(&shown, Span::new(start, view.len()), view);
    if shown != text {
        cell.text = text.trim().to_string();
        cell.verbatim = false;
    }
    cell.formula_without_value = formula_without_value;
    cell
}

/// The problem of a formula saved without its value.
fn formula_problem(sheet: &str, at: (usize, usize), cell: &Cell) -> Diagnostic {
    let formula = &cell.text;
    read_problem(
        Some(sheet),
        at,
        cell.span,
        Text::new(
            format!("公式没有值：单元格中是公式“{formula}”，文件里没有保存它的计算结果，无法检查"),
            format!(
                "formula without a value: the cell holds `{formula}` and the file keeps no result of it, so it \
                 cannot be checked"
            ),
        ),
        Text::new(
            "在 Excel 或 WPS 中打开并保存一次（公式会算出结果），或把公式换成它的值",
            "open and save the file once in Excel or WPS (the formula gets its result), or replace the formula \
             by its value",
        ),
    )
}

#[cfg(test)]
impl Sheet {
    /// The cells' texts, row by row: what the unit tests of the readers compare.
    pub(crate) fn texts(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_recognised_and_utf8_preferred() {
        let (gbk, _, _) = encoding_rs::GBK.encode("一级指标,指标值");
        assert_eq!(decode(&gbk, Encoding::Auto).unwrap(), "一级指标,指标值");
        assert_eq!(
            decode("\u{FEFF}产出".as_bytes(), Encoding::Auto).unwrap(),
            "产出"
        );
        assert!(decode(&gbk, Encoding::Utf8).is_err());
    }

    #[test]
    fn cell_references_count_in_letters() {
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(6, 1), "B7");
        assert_eq!(cell_ref(9, 26), "AA10");
        assert_eq!(cell_ref(0, 701), "ZZ1");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn a_merged_value_is_seen_in_every_cell_it_covers() {
        let mut grid = Grid::default();
        grid.put((0, 0), "标题".into(), false);
        grid.put((1, 0), "产出指标".into(), false);
        grid.put((1, 1), "a".into(), false);
        grid.put((2, 1), "b".into(), false);
        grid.merge((0, 0), (0, 5));
        grid.merge((1, 0), (2, 0));
        let sheet = grid.build("t.xlsx", "S");
        assert_eq!(
            sheet.texts(),
            [
                vec!["标题", "标题"],
                vec!["产出指标", "a"],
                vec!["产出指标", "b"]
            ],
            "merges stay within the used rows and columns"
        );
        let covered = &sheet.rows[2][0];
        assert_eq!(covered.merged_from, Some((1, 0)));
        assert_eq!(sheet.view.slice(covered.span), "产出指标");
        assert_eq!(sheet.view.line_col(covered.span.start).line, 2);
        assert!(sheet.problems.is_empty());
    }

    #[test]
    fn a_far_cell_is_a_problem_not_an_allocation() {
        let mut grid = Grid::default();
        grid.put((0, 0), "一级指标".into(), false);
        grid.put((1_048_575, 16_383), "x".into(), false);
        let sheet = grid.build("t.xlsx", "S");
        assert_eq!(sheet.rows.len(), 1);
        let problem = &sheet.problems[0];
        assert_eq!(problem.cell.as_ref().unwrap().cell, "XFD1048576");
        assert!(
            problem.message.zh.contains("表格太大"),
            "{}",
            problem.message.zh
        );
    }

    #[test]
    fn a_formula_without_a_value_is_named() {
        let mut grid = Grid::default();
        grid.put((0, 3), "=SUM(A1:A3)".into(), true);
        let sheet = grid.build("t.xlsx", "S");
        assert!(sheet.rows[0][3].formula_without_value);
        assert_eq!(sheet.problems.len(), 1);
        assert!(sheet.problems[0]
            .message
            .en
            .starts_with("formula without a value"));
        assert_eq!(sheet.problems[0].cell.as_ref().unwrap().cell, "D1");
    }
}
