//! Reading tables: CSV text (UTF-8 with or without BOM, GBK/GB18030) and workbooks (.xlsx, .xls, .ods through
//! calamine) into sheets of cells, each cell knowing where it is shown.
//!
//! Every sheet has a *view*: the text findings are drawn on. For a CSV it is the file's own text, and a cell's
//! span is its bytes in it. For a workbook sheet it is one line per row (line 7 is row 7) with the cells joined
//! by ` | `, since a workbook has no text of its own.

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::{SourceFile, Span};
use std::io::Cursor;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text, trimmed.
    pub text: String,
    /// The cell's text in the view (for a quoted CSV field, inside the quotes).
    pub span: Span,
    /// Whether `text` is the view's bytes at `span` exactly (an offset inside it is an offset in the view).
    pub verbatim: bool,
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

fn unreadable(zh: String, en: String, help: Text) -> Box<Diagnostic> {
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

/// Splits CSV text (RFC 4180: `,` separators, `"` quotes with `""` inside, line breaks inside quotes) into rows
/// of cells with their spans in the text.
pub fn read_csv(name: &str, text: &str) -> Sheet {
    let view = SourceFile::verbatim(name, text);
    let text = view.text();
    let bytes = text.as_bytes();
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut i = 0;
    loop {
        // One field starting at i.
        let (cell, end) = if bytes.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let mut value = String::new();
            let mut verbatim = true;
            loop {
                match text[j..].find('"') {
                    None => {
                        value.push_str(&text[j..]);
                        j = text.len();
                        break;
                    }
                    Some(k) => {
                        value.push_str(&text[j..j + k]);
                        j += k + 1;
                        if bytes.get(j) == Some(&b'"') {
                            value.push('"');
                            verbatim = false;
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            let inner_end = if j > start && bytes.get(j - 1) == Some(&b'"') {
                j - 1
            } else {
                j
            };
            // Anything between the closing quote and the separator is kept, as spreadsheet programs do.
            let next = text[j..].find([',', '\n']).map_or(text.len(), |k| j + k);
            value.push_str(&text[j..next]);
            (
                make_cell(
                    &value,
                    Span::new(start, inner_end.max(start)),
                    verbatim && next == j,
                ),
                next,
            )
        } else {
            let next = text[i..].find([',', '\n']).map_or(text.len(), |k| i + k);
            (make_cell(&text[i..next], Span::new(i, next), true), next)
        };
        row.push(cell);
        match bytes.get(end) {
            Some(b',') => i = end + 1,
            Some(b'\n') => {
                rows.push(std::mem::take(&mut row));
                i = end + 1;
                if i >= text.len() {
                    break;
                }
            }
            _ => {
                rows.push(std::mem::take(&mut row));
                break;
            }
        }
    }
    Sheet {
        name: None,
        rows,
        view,
    }
}

/// A cell from raw field text: trimmed, its span narrowed to the trimmed text.
fn make_cell(raw: &str, span: Span, verbatim: bool) -> Cell {
    let leading = raw.len() - raw.trim_start().len();
    let text = raw.trim().to_string();
    if verbatim {
        let start = span.start + leading;
        Cell {
            span: Span::new(start, start + text.len()),
            text,
            verbatim,
        }
    } else {
        Cell {
            text,
            span,
            verbatim,
        }
    }
}

/// Reads every sheet of a workbook (.xlsx, .xlsm, .xls, .ods). A damaged workbook is an error about that file,
/// never a crash of the run: the reader is known to panic on some truncated .xls files, and that panic is caught.
pub fn read_workbook(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook_unguarded(name, bytes)
    }))
    .unwrap_or_else(|_| {
        Err(unreadable(
            "无法读取工作簿：文件已损坏".to_string(),
            "cannot read the workbook: the file is damaged".to_string(),
            Text::new(
                "在 Excel 或 WPS 中打开并重新保存，或换用导出的 CSV",
                "open and save it again in Excel or WPS, or use an exported CSV",
            ),
        ))
    })
}

fn read_workbook_unguarded(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            format!("无法读取工作簿：{e}"),
            format!("cannot read the workbook: {e}"),
            Text::new(
                "确认文件是 .xlsx、.xls 或 .ods 工作簿，没有加密，也没有损坏",
                "check that the file is an .xlsx, .xls or .ods workbook, not encrypted or damaged",
            ),
        )
    })?;
    let mut sheets = Vec::new();
    for sheet_name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&sheet_name).map_err(|e| {
            unreadable(
                format!("无法读取工作表“{sheet_name}”：{e}"),
                format!("cannot read the sheet `{sheet_name}`: {e}"),
                Text::new("检查该工作表是否损坏", "check whether the sheet is damaged"),
            )
        })?;
        sheets.push(sheet_of(name, &sheet_name, &range));
    }
    Ok(sheets)
}

/// A workbook sheet as rows of cells, with its view: one line per row, cells joined by ` | `.
fn sheet_of(name: &str, sheet: &str, range: &calamine::Range<calamine::Data>) -> Sheet {
    let (first_row, first_col) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let (height, width) = range.get_size();
    let mut texts: Vec<Vec<String>> = vec![Vec::new(); first_row + height];
    for (r, row) in range.rows().enumerate() {
        let mut line = vec![String::new(); first_col];
        line.extend(row.iter().map(cell_text));
        line.truncate(first_col + width);
        texts[first_row + r] = line;
    }
    let mut view = String::new();
    let mut rows = Vec::with_capacity(texts.len());
    for line in texts {
        let mut cells = Vec::with_capacity(line.len());
        for (c, text) in line.into_iter().enumerate() {
            if c > 0 {
                view.push_str(" | ");
            }
            let shown = text.replace(['\n', '\r'], " ");
            let start = view.len();
            view.push_str(&shown);
            cells.push(Cell {
                verbatim: shown == text,
                text: text.trim().to_string(),
                span: Span::new(start, view.len()),
            });
        }
        view.push('\n');
        rows.push(cells);
    }
    for row in &mut rows {
        for cell in row.iter_mut() {
            // Narrow to the trimmed text, as for CSV.
            let raw = &view[cell.span.range()];
            let leading = raw.len() - raw.trim_start().len();
            if cell.verbatim {
                cell.span = Span::new(
                    cell.span.start + leading,
                    cell.span.start + leading + cell.text.len(),
                );
            }
        }
    }
    Sheet {
        name: Some(sheet.to_string()),
        rows,
        view: SourceFile::verbatim(format!("{name} [{sheet}]"), &view),
    }
}

/// A workbook cell's text. Numbers keep the shortest decimal that reads back as the stored number (the text
/// the user typed, `1346.0088`), dates become `YYYY-MM-DD`.
fn cell_text(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            match rust_decimal::Decimal::try_from(serial.floor())
                .ok()
                .and_then(crate::syntax::ast::Date::from_excel_serial)
            {
                Some(date) if dt.is_datetime() => date.to_string(),
                _ => float_text(serial),
            }
        }
    }
}

/// The shortest decimal text of a stored number (Rust prints the shortest text that reads back exactly).
fn float_text(f: f64) -> String {
    let text = f.to_string();
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &Sheet) -> Vec<Vec<&str>> {
        sheet
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn csv_fields_with_quotes_commas_and_line_breaks() {
        let sheet = read_csv(
            "t.csv",
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\", x \n",
        );
        assert_eq!(
            texts(&sheet),
            [vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "x"]]
        );
        let b = &sheet.rows[0][1];
        assert_eq!(sheet.view.slice(b.span), "b,c");
        assert!(b.verbatim);
        assert!(
            !sheet.rows[0][2].verbatim,
            "an escaped quote makes the text differ from the view"
        );
        let x = &sheet.rows[1][1];
        assert_eq!(sheet.view.slice(x.span), "x");
        assert_eq!(sheet.view.line_col(x.span.start).line, 3);
    }

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
    }

    #[test]
    fn stored_numbers_read_back_as_typed() {
        assert_eq!(float_text(1346.0088), "1346.0088");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(0.95), "0.95");
    }
}
