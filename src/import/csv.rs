//! CSV text into a sheet, with csv-core doing the splitting: comma, tab or semicolon separated (sniffed from the
//! first lines, outside quotes), LF, CRLF or CR-only line ends, quoted fields with `""` and line breaks inside.
//!
//! The view is the file's own text with every line end made `\n` (so a CR-only file has its lines), and each
//! cell's span is its bytes in it: findings point at the line and column where the cell is written. A blank
//! line is an empty row, as a spreadsheet program shows it. A quote that is never closed would swallow every
//! row after it (up to the next quote, which it pairs with); instead it is an error at the line where it opens,
//! that line is read with the quote as a plain character, and reading goes on at the next line. A quoted field
//! is taken as left open when no quote closes it, or when it spans lines and either text follows its closing
//! quote (that quote is then another cell's opening one) or the lines it took in hold separators (they are rows,
//! and the quote a stray one at the end of some cell).

use super::table::{read_problem, too_large, Cell, Sheet, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::{Diagnostic, Text};
use crate::source::{SourceFile, Span};
use csv_core::{ReadFieldResult, Reader, ReaderBuilder};
use std::cell::RefCell;

/// The separators a CSV may use, in order of preference when the first lines do not decide.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// How many lines the separator is sniffed from.
const SNIFF_LINES: usize = 50;

/// One field as read: where its content is in the text (inside the separators and line end, with the quotes)
/// and its value with the quoting undone.
struct Field {
    start: usize,
    end: usize,
    quoted: bool,
    value: String,
}

/// Reads CSV text into one sheet. Problems met on the way (an unclosed quote, a table larger than the caps) are
/// the sheet's `problems`, each at its place in the text.
pub fn read_csv(name: &str, text: &str) -> Sheet {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let view = SourceFile::verbatim(name, &text);
    let text = view.text();
    let separator = sniff(text);
    let mut reading = Reading::default();
    let mut pos = 0;
    while pos < text.len() && !reading.full {
        let open = read_fields(text, (pos, text.len()), separator, true, |blank, fields| {
            reading.push(text, blank, fields)
        });
        let Some((blank_lines, before, quote)) = open else {
            break;
        };
        let row = reading.rows.len() + blank_lines;
        let problem = open_quote_problem(row, before.len(), quote);
        reading.problems.push(problem);
        // The rest of the line, the quote a plain character: the end of the same record.
        let line_end = text[quote..].find('\n').map_or(text.len(), |i| quote + i);
        let mut fields = before;
        read_fields(text, (quote, line_end), separator, false, |_, rest| {
            fields.extend(rest);
            true
        });
        reading.push(text, blank_lines, fields);
        pos = line_end + 1;
    }
    let Reading {
        mut rows, problems, ..
    } = reading;
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    Sheet {
        name: None,
        rows,
        view,
        problems,
    }
}

/// The rows read so far, and the problems met.
#[derive(Default)]
struct Reading {
    rows: Vec<Vec<Cell>>,
    problems: Vec<Diagnostic>,
    cells: usize,
    /// Set once the caps are reached: nothing more is read.
    full: bool,
    /// A record was wider than the caps (reported once).
    wide: bool,
}

impl Reading {
    /// Adds `blank_lines` empty rows and a row of `fields`, within the caps; false once they are reached.
    fn push(&mut self, text: &str, blank_lines: usize, fields: Vec<Field>) -> bool {
        for _ in 0..blank_lines {
            self.push_row(text, Vec::new(), 0);
        }
        let at = fields.first().map_or(0, |f| f.start);
        self.push_row(text, fields, at);
        !self.full
    }

    fn push_row(&mut self, text: &str, mut fields: Vec<Field>, at: usize) {
        if self.full {
            return;
        }
        if fields.len() > MAX_COLUMNS {
            if !self.wide {
                let span = Span::point(fields[MAX_COLUMNS].start);
                let problem = too_large(None, (self.rows.len(), MAX_COLUMNS), span);
                self.problems.push(problem);
                self.wide = true;
            }
            fields.truncate(MAX_COLUMNS);
        }
        self.cells += fields.len().max(1);
        if self.rows.len() == MAX_ROWS || self.cells > MAX_CELLS {
            let problem = too_large(None, (self.rows.len(), 0), Span::point(at));
            self.problems.push(problem);
            self.full = true;
            return;
        }
        self.rows.push(cells_of(text, fields));
    }
}

/// Runs `read` with a csv-core reader for `delimiter` and `quoting`, as new. Building one compiles its DFA (a
/// quarter of a million instructions, more than reading a small table), so each thread keeps the readers it
/// built and resets them for the next table. (A copy will not do: csv-core's `Clone` of a reader loses its DFA.)
fn with_reader<T>(delimiter: u8, quoting: bool, read: impl FnOnce(&mut Reader) -> T) -> T {
    thread_local! {
        static KEPT: RefCell<Vec<((u8, bool), Reader)>> = const { RefCell::new(Vec::new()) };
    }
    let key = (delimiter, quoting);
    let kept = KEPT.with_borrow_mut(|kept| {
        let at = kept.iter().position(|(k, _)| *k == key)?;
        Some(kept.swap_remove(at).1)
    });
    let mut reader = kept.unwrap_or_else(|| {
        ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(quoting)
            .build()
    });
    let result = read(&mut reader);
    reader.reset();
    KEPT.with_borrow_mut(|kept| kept.push((key, reader)));
    result
}

/// Reads `text[from..to]` with csv-core, handing each record (with the number of blank lines before it) to
/// `record` until it returns false. With `quoting`, a quoted field that runs to the end of the input without its
/// closing quote stops the reading: that record's blank lines, its fields before that field and the quote's
/// offset are returned instead of the record.
fn read_fields(
    text: &str,
    (from, to): (usize, usize),
    separator: Separator,
    quoting: bool,
    record: impl FnMut(usize, Vec<Field>) -> bool,
) -> Option<(usize, Vec<Field>, usize)> {
    with_reader(separator.byte, quoting, |reader| {
        read_with(reader, text, (from, to), separator, quoting, record)
    })
}

/// [`read_fields`] with `reader`.
fn read_with(
    reader: &mut Reader,
    text: &str,
    (from, to): (usize, usize),
    separator: Separator,
    quoting: bool,
    mut record: impl FnMut(usize, Vec<Field>) -> bool,
) -> Option<(usize, Vec<Field>, usize)> {
    let bytes = &text.as_bytes()[..to];
    let delimiter = separator.byte;
    let mut fields: Vec<Field> = Vec::new();
    let mut blank_lines = 0;
    let (mut pos, mut start) = (from, from);
    let mut value = Vec::new();
    let mut out = [0u8; 4096];
    loop {
        let (result, nin, nout) = reader.read_field(&bytes[pos..], &mut out);
        pos += nin;
        value.extend_from_slice(&out[..nout]);
        let record_end = match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => continue,
            ReadFieldResult::End => return None,
            ReadFieldResult::Field { record_end } => record_end,
        };
        let mut content = start;
        if fields.is_empty() {
            // csv-core skips blank lines; they are empty rows of the sheet.
            while content < pos && bytes[content] == b'\n' {
                content += 1;
            }
            blank_lines = content - start;
        }
        let mut end = pos;
        if end > content
            && (bytes[end - 1] == b'\n' || (bytes[end - 1] == delimiter && !record_end))
        {
            end -= 1;
        }
        let quoted = quoting && bytes.get(content) == Some(&b'"');
        if quoted && left_open(&bytes[content..end], separator) {
            return Some((blank_lines, fields, content));
        }
        // Fields past the column cap are counted by `Reading`, not kept.
        if fields.len() <= MAX_COLUMNS {
            fields.push(Field {
                start: content,
                end,
                quoted,
                value: String::from_utf8_lossy(&value).into_owned(),
            });
        }
        value.clear();
        start = pos;
        if record_end && !record(blank_lines, std::mem::take(&mut fields)) {
            return None;
        }
    }
}

/// A CSV's separator, and how many of them the widest of its first lines holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Separator {
    byte: u8,
    per_row: usize,
}

/// The separator of `text`: the candidate found (outside quotes) on the most of the first lines, then the one
/// whose count per line is the most regular; a comma when none is found.
fn sniff(text: &str) -> Separator {
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut line = [0usize; 3];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                counts.push(std::mem::take(&mut line));
                if counts.len() == SNIFF_LINES {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(k) = DELIMITERS.iter().position(|&d| d == byte) {
                    line[k] += 1;
                }
            }
            _ => {}
        }
    }
    if line.iter().any(|&n| n > 0) {
        counts.push(line);
    }
    let score = |k: usize| {
        let lines = counts.iter().filter(|c| c[k] > 0).count();
        let first = counts.iter().find(|c| c[k] > 0).map_or(0, |c| c[k]);
        let regular = counts.iter().filter(|c| c[k] == first).count();
        (lines, regular)
    };
    let mut best = 0;
    for k in 1..DELIMITERS.len() {
        if score(k) > score(best) {
            best = k;
        }
    }
    Separator {
        byte: DELIMITERS[best],
        per_row: counts.iter().map(|c| c[best]).max().unwrap_or(0),
    }
}

/// Whether a quoted field (`raw` starts with its quote) was left open: no quote closes it, or the quote that
/// does is some lines further and is not this field's: text follows it where a separator should (it opens
/// another cell), or a line it took in holds as many separators as a row of the table (at least two): it is a
/// row, and the quote a stray one at the end of some cell. A cell's own lines (a goal of several sentences) hold
/// a comma or so, not a row's worth.
fn left_open(raw: &[u8], separator: Separator) -> bool {
    let Some(close) = closing_quote(raw) else {
        return true;
    };
    let Some(first_break) = raw[..close].iter().position(|&b| b == b'\n') else {
        return false;
    };
    let row = separator.per_row.max(2);
    close + 1 < raw.len()
        || raw[first_break..close]
            .split(|&b| b == b'\n')
            .any(|line| line.iter().filter(|&&b| b == separator.byte).count() >= row)
}

/// The offset of the quote that closes a quoted field (`raw` starts with the opening quote), if any.
fn closing_quote(raw: &[u8]) -> Option<usize> {
    let mut i = 1;
    while i < raw.len() {
        if raw[i] == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The cells of one record: the value trimmed, the span on the value's text in the view (inside the quotes).
fn cells_of(text: &str, fields: Vec<Field>) -> Vec<Cell> {
    fields
        .into_iter()
        .map(|field| {
            let raw = &text.as_bytes()[field.start..field.end];
            let span = if field.quoted {
                let close = closing_quote(raw).map_or(field.end, |i| field.start + i);
                Span::new(field.start + 1, close.max(field.start + 1))
            } else {
                Span::new(field.start, field.end)
            };
            Cell::located(&field.value, span, text)
        })
        .collect()
}

fn open_quote_problem(row: usize, column: usize, at: usize) -> Diagnostic {
    read_problem(
        None,
        (row, column),
        Span::new(at, at + 1),
        Text::new(
            "这个引号没有配对的结束引号：本行按原样读出（引号作普通字符），下一行照常读取",
            "this quote is never closed: the line is read as written (the quote as a plain character) and \
             reading goes on at the next line",
        ),
        Text::new(
            "在 Excel 或 WPS 中打开并重新另存为 CSV，或在单元格末尾补上结束引号",
            "open the file in Excel or WPS and save it as CSV again, or close the quote at the end of the cell",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_quotes_commas_and_line_breaks() {
        let sheet = read_csv(
            "t.csv",
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\", x \n",
        );
        assert_eq!(
            sheet.texts(),
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
        assert!(sheet.problems.is_empty());
    }

    #[test]
    fn a_reader_kept_for_its_delimiter_reads_as_a_new_one() {
        let text = "a;\"b;c\"\n1;2\n";
        let expected = [vec!["a", "b;c"], vec!["1", "2"]];
        assert_eq!(read_csv("t.csv", text).texts(), expected);
        // Another delimiter in between, then the kept reader again: nothing of an earlier reading is left.
        assert_eq!(read_csv("u.csv", "x,y\n").texts(), [vec!["x", "y"]]);
        assert_eq!(read_csv("t.csv", text).texts(), expected);
    }

    #[test]
    fn separators_are_sniffed_outside_quotes() {
        assert_eq!(sniff("a;b;c\n1;2;3\n").byte, b';');
        assert_eq!(sniff("a\tb\tc\n1\t\"x,y,z\"\t3\n").byte, b'\t');
        assert_eq!(sniff("\"a;b;c\",d\n\"1;2\",3\n").byte, b',');
        assert_eq!(sniff("one cell\n").byte, b',');
        assert_eq!(sniff("a,b\n1,2,3,4\n").per_row, 3);
        let sheet = read_csv("t.csv", "a;\"b;c\";d\n1;2;3\n");
        assert_eq!(sheet.texts(), [vec!["a", "b;c", "d"], vec!["1", "2", "3"]]);
    }

    #[test]
    fn every_line_end_ends_a_row_and_blank_lines_are_empty_rows() {
        for text in [
            "a,b\rc,d\r\re,f\r",
            "a,b\r\nc,d\r\n\r\ne,f\r\n",
            "a,b\nc,d\n\ne,f",
        ] {
            let sheet = read_csv("t.csv", text);
            assert_eq!(
                sheet.texts(),
                [vec!["a", "b"], vec!["c", "d"], vec![], vec!["e", "f"]],
                "{text:?}"
            );
            let e = &sheet.rows[3][0];
            assert_eq!(sheet.view.line_col(e.span.start).line, 4);
        }
    }

    #[test]
    fn an_open_quote_is_reported_at_its_line_and_the_rows_after_it_are_read() {
        let sheet = read_csv("t.csv", "a,b\nc,\"d oops,e\nf,g\nh,\"i\"\n");
        assert_eq!(
            sheet.texts(),
            [
                vec!["a", "b"],
                vec!["c", "\"d oops", "e"],
                vec!["f", "g"],
                vec!["h", "i"]
            ]
        );
        assert_eq!(sheet.problems.len(), 1);
        let at = sheet.view.line_col(sheet.problems[0].span.start);
        assert_eq!((at.line, at.column), (2, 3));
        let oops = &sheet.rows[1][1];
        assert_eq!(sheet.view.slice(oops.span), "\"d oops");
    }

    #[test]
    fn a_quote_closed_by_a_stray_quote_rows_later_is_still_open() {
        let text = "a,b,c\nc,\"d oops,e,x\nf,g,y\nh,i,z\"\nj,k,l\n";
        let sheet = read_csv("t.csv", text);
        assert_eq!(
            sheet.texts(),
            [
                vec!["a", "b", "c"],
                vec!["c", "\"d oops", "e", "x"],
                vec!["f", "g", "y"],
                vec!["h", "i", "z\""],
                vec!["j", "k", "l"]
            ]
        );
        assert_eq!(sheet.problems.len(), 1);
        let at = sheet.view.line_col(sheet.problems[0].span.start);
        assert_eq!((at.line, at.column), (2, 3));
        let own = read_csv("t.csv", "a,b,c\nd,\"第一行\n第二行,还有\",e\n");
        assert_eq!(own.texts()[1], ["d", "第一行\n第二行,还有", "e"]);
        assert!(own.problems.is_empty(), "a cell's own line break");
    }
}
