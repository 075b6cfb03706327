//! `--statistics`: how many findings of each rule, instead of the findings, for a reviewer's overview of a folder.
//!
//! One row per rule and severity, sorted by count (most first), then code. As a table for people, or as JSON:
//!
//! ```json
//! {"version": 1,
//!  "statistics": [{"code": "JX102", "rule": "vague-target-value", "severity": "error", "count": 3}],
//!  "summary": {"files": 2, "errors": 3, "warnings": 0, "infos": 0}}
//! ```

use super::{Options, Render, Summary};
use crate::diagnostic::{Lang, Severity};
use crate::report::FileReport;
use serde::Serialize;
use std::collections::HashMap;
use std::io;
use unicode_width::UnicodeWidthStr;

/// The statistics renderer: it counts the findings of each report as it comes and writes them at the end.
#[derive(Debug, Clone)]
pub struct Statistics {
    options: Options,
    json: bool,
    counts: Counts,
    summary: Summary,
}

impl Statistics {
    /// Statistics as a table, with the header and summary in the language of `options`.
    pub fn table(options: Options) -> Self {
        Statistics {
            options,
            json: false,
            counts: Counts::default(),
            summary: Summary::default(),
        }
    }

    /// Statistics as a versioned JSON document.
    pub fn json(options: Options) -> Self {
        Statistics {
            json: true,
            ..Statistics::table(options)
        }
    }
}

/// How many findings one rule gave at one severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row<'a> {
    /// The rule's code.
    pub code: &'a str,
    /// The rule's name.
    pub rule: &'a str,
    /// The severity of its findings.
    pub severity: Severity,
    /// How many.
    pub count: usize,
}

/// How many findings each rule gave at each severity, counted report by report.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// By code: for each severity met, the rule's name (as first met) and the count.
    by_code: HashMap<String, Vec<(Severity, String, usize)>>,
}

impl Counts {
    /// Counts the findings of one more report.
    pub fn count(&mut self, report: &FileReport) {
        for diagnostic in &report.diagnostics {
            let counts = match self.by_code.get_mut(diagnostic.code.as_str()) {
                Some(counts) => counts,
                None => self.by_code.entry(diagnostic.code.clone()).or_default(),
            };
            match counts
                .iter_mut()
                .find(|(s, _, _)| *s == diagnostic.severity)
            {
                Some((_, _, count)) => *count += 1,
                None => counts.push((diagnostic.severity, diagnostic.rule.clone(), 1)),
            }
        }
    }

    /// The rows: count descending, then code, then the more serious severity first.
    pub fn rows(&self) -> Vec<Row<'_>> {
        let mut rows: Vec<Row<'_>> = self
            .by_code
            .iter()
            .flat_map(|(code, counts)| {
                counts.iter().map(|(severity, rule, count)| Row {
                    code,
                    rule,
                    severity: *severity,
                    count: *count,
                })
            })
            .collect();
        rows.sort_by(|a, b| (b.count, a.code, b.severity).cmp(&(a.count, b.code, a.severity)));
        rows
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    statistics: Vec<Row<'a>>,
    summary: Summary,
}

/// Pads `text` with spaces to `width` terminal columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

impl Statistics {
    fn write_table(&self, rows: &[Row<'_>], out: &mut dyn io::Write) -> io::Result<()> {
        let header = match self.options.lang {
            Lang::Zh => ["代码", "名称", "级别", "数量"],
            Lang::En => ["code", "rule", "severity", "count"],
        };
        let cells: Vec<[String; 4]> = rows
            .iter()
            .map(|row| {
                [
                    row.code.to_string(),
                    row.rule.to_string(),
                    row.severity.to_string(),
                    row.count.to_string(),
                ]
            })
            .collect();
        let mut widths = header.map(UnicodeWidthStr::width);
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let line = |row: [&str; 4]| {
            let count = row[3];
            let count = format!(
                "{}{count}",
                " ".repeat(widths[3].saturating_sub(count.width()))
            );
            format!(
                "{}  {}  {}  {count}",
                pad(row[0], widths[0]),
                pad(row[1], widths[1]),
                pad(row[2], widths[2])
            )
        };
        writeln!(out, "{}", line(header))?;
        for row in &cells {
            writeln!(out, "{}", line([&row[0], &row[1], &row[2], &row[3]]))?;
        }
        writeln!(out)
    }
}

impl Render for Statistics {
    fn begin(&mut self, files: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        self.counts = Counts::default();
        self.summary = Summary::of_files(files.len());
        Ok(())
    }

    fn report(&mut self, report: &FileReport, _: &mut dyn io::Write) -> io::Result<()> {
        self.counts.count(report);
        self.summary.count(report);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        let rows = self.counts.rows();
        if self.json {
            let document = Document {
                version: super::json::VERSION,
                statistics: rows,
                summary: self.summary,
            };
            serde_json::to_writer_pretty(&mut *out, &document)?;
            return writeln!(out);
        }
        if !rows.is_empty() {
            self.write_table(&rows, out)?;
        }
        writeln!(out, "{}", self.summary.line(self.options.lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{codes, Diagnostic, Text};
    use crate::source::Span;

    fn finding(code: crate::diagnostic::Code, severity: Severity) -> Diagnostic {
        Diagnostic::new(code, severity, Span::point(0), Text::new("", ""))
    }

    fn reports() -> Vec<FileReport> {
        vec![
            FileReport::unreadable("a.jx", finding(codes::SYNTAX, Severity::Error)),
            FileReport {
                diagnostics: vec![
                    finding(codes::INVALID_SUPPRESSION, Severity::Warning),
                    finding(codes::INVALID_SUPPRESSION, Severity::Warning),
                    finding(codes::DUPLICATE_FIELD, Severity::Error),
                    finding(codes::SYNTAX, Severity::Info),
                ],
                ..FileReport::unreadable("b.jx", finding(codes::SYNTAX, Severity::Error))
            },
        ]
    }

    #[test]
    fn rows_are_sorted_by_count_then_code() {
        let mut counts = Counts::default();
        for report in reports() {
            counts.count(&report);
        }
        let found: Vec<(&str, Severity, usize)> = counts
            .rows()
            .iter()
            .map(|r| (r.code, r.severity, r.count))
            .collect();
        assert_eq!(
            found,
            [
                ("JX013", Severity::Warning, 2),
                ("JX001", Severity::Error, 1),
                ("JX001", Severity::Info, 1),
                ("JX009", Severity::Error, 1),
            ]
        );
    }

    #[test]
    fn a_table_aligned_in_terminal_columns() {
        let mut out = Vec::new();
        Statistics::table(Options::default())
            .render(&reports(), &mut out)
            .unwrap();
        let expected = "\
代码   名称                 级别     数量
JX013  invalid-suppression  warning     2
JX001  syntax-error         error       1
JX001  syntax-error         info        1
JX009  duplicate-field      error       1

2 个文件：2 个错误，2 个警告，1 个提示
";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let mut out = Vec::new();
        Statistics::json(Options::default())
            .render(&[], &mut out)
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"version": 1, "statistics": [],
                "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0}})
        );
    }
}
