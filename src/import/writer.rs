//! The pieces that write .jx text from cells: the [`Writer`] that keeps a map from each piece back to its cell,
//! the columns of a table by role, and the [`Problem`] of a row that could not be read.

use super::header::Role;
use super::table::Sheet;
use super::value;
use crate::diagnostic::Text;
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
/// A row of the table that could not be placed, or a cell that could not be read: its cell, what is wrong and
/// what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem: a row with no place (JX020), a cell that cannot be read (JX021).
    pub code: crate::diagnostic::Code,
    /// The row, 0-based.
    pub row: usize,
    /// The column.
    pub column: usize,
    /// What is wrong.
    pub message: Text,
    /// What was expected.
    pub help: Text,
}
/// The columns of one sheet's indicator table, by role.
#[derive(Clone, Copy)]
pub struct Table<'a> {
    /// The sheet.
    pub sheet: &'a Sheet,
    /// The columns, by role.
    pub columns: &'a [(usize, Role)],
    /// The target column a second header row names, if it is not the one under `指标值`.
    pub value_column: Option<usize>,
    /// The header row.
    pub header: usize,
}

impl<'a> Table<'a> {
    /// The column that holds `role`, if the table has one.
    pub fn column(&self, role: Role) -> Option<usize> {
        if role == Role::Value && self.value_column.is_some() {
            return self.value_column;
        }
        self.columns
            .iter()
            .find(|(_, r)| *r == role)
            .map(|(c, _)| *c)
    }

    /// The header row.
    pub fn header_row(&self) -> usize {
        self.header
    }

    /// The text of `row`'s cell in the column of `role`, and that column, unless it is empty.
    pub fn text(&self, row: usize, role: Role) -> Option<(&'a str, usize)> {
        let c = self.column(role)?;
        let cell = self.sheet.cell(row, c)?;
        (!cell.text.is_empty()).then_some((cell.text.as_str(), c))
    }
}
/// The non-empty header cells of `row`, joined with 、.
pub fn header_texts(sheet: &Sheet, row: usize) -> String {
    sheet.rows.get(row).map_or_else(String::new, |cells| {
        cells
            .iter()
            .map(|c| c.text.split_whitespace().collect::<String>())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("、")
    })
}
/// A level label as a name of the language (an identifier: Unicode's XID characters, `_` and `-`), leading
/// numbering (`1.`, `一、`) dropped. Letters and digits are not enough: `㈡` is a digit to Rust and no identifier
/// character to the grammar (found by fuzzing).
pub fn label(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || "一二三四五六七八九十、.．)）(（ ".contains(c)
    });
    let name: String = trimmed
        .chars()
        .filter(|&c| unicode_ident::is_xid_continue(c) || c == '-')
        .collect();
    if !name.starts_with(|c: char| unicode_ident::is_xid_start(c) || c == '_') {
        "未填".to_string()
    } else {
        name
    }
}
/// .jx text being written and the cell of each piece.
#[derive(Default)]
pub struct Writer {
    /// The text.
    pub text: String,
    /// The pieces by cell.
    pub segments: Vec<Segment>,
}

impl Writer {
    /// Marks the text from `start` to the end as coming from a cell.
    pub fn segment(&mut self, start: usize, row: usize, column: usize, copy_at: Option<usize>) {
        self.segments.push(Segment {
            jx: Span::new(start, self.text.len()),
            row,
            column,
            copy_at,
        });
    }

    /// A quoted copy of a cell's text.
    pub fn quoted(&mut self, text: &str, row: usize, column: usize, sheet: &Sheet) {
        let start = self.text.len();
        let quoted = value::quote(text);
        self.text.push_str(&quoted);
        let exact = quoted.len() == text.len() + 2
            && sheet
                .cell(row, column)
                .is_some_and(|c| c.verbatim && c.text == text);
        self.segment(start, row, column, exact.then_some(start + 1));
    }

    /// A comment line: what the language has no field for, kept for the reader.
    pub fn comment(&mut self, key: &str, text: &str) {
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(self.text, "  # {key}：{text}");
    }

    /// A level label.
    pub fn label(&mut self, text: &str, row: usize, column: usize) {
        let start = self.text.len();
        let mut name = label(text);
        if !value::fits_label(&name) {
            // A label the language reads as a keyword (年度, 资金 …) is kept as a name.
            name = format!("未识别{name}");
        }
        let exact = name == text;
        self.text.push_str(&name);
        self.segment(start, row, column, exact.then_some(start));
    }

    /// A target read from a value cell.
    pub fn target(&mut self, target: &str, cell: &str, row: usize, column: usize, sheet: &Sheet) {
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
