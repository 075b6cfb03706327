//! `--statistics files`: one row per file (its errors, warnings, infos and the rules that gave most findings),
//! the files with most errors first, then most warnings, then by path; and [`FileCounts`], the same counts that
//! the HTML report ranks its files by.
//!
//! ```json
//! {"version": 1,
//!  "files": [{"file": "a.xlsx", "errors": 3, "warnings": 1, "infos": 0,
//!             "top_rules": [{"code": "JX102", "rule": "vague-target-value", "count": 2}]}],
//!  "summary": {"files": 2, "errors": 3, "warnings": 1, "infos": 0}}
//! ```

use super::{Options, Render, Summary};
use crate::diagnostic::{Lang, Severity};
use crate::report::FileReport;
use serde::Serialize;
use std::io;
use unicode_width::UnicodeWidthStr;

/// How many rules a row names.
const TOP_RULES: usize = 3;

/// The findings of one file (a workbook's sheets together), counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// The path, as shown.
    pub file: String,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// The rules with most findings: most first, then by code; at most three.
    pub top_rules: Vec<RuleCount>,
    /// Every rule's count, in code order (not written: [`FileCounts::top_rules`] is).
    #[serde(skip)]
    pub rules: Vec<RuleCount>,
}

/// How many findings one rule gave in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub rule: String,
    /// How many.
    pub count: usize,
}

impl FileCounts {
    /// No finding yet in `file`.
    pub fn new(file: &str) -> Self {
        FileCounts {
            file: file.to_string(),
            ..FileCounts::default()
        }
    }

    /// Counts the findings of one more report of this file.
    pub fn count(&mut self, report: &FileReport) {
        for diagnostic in &report.diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            match self
                .rules
                .binary_search_by(|r| r.code.as_str().cmp(&diagnostic.code))
            {
                Ok(at) => self.rules[at].count += 1,
                Err(at) => self.rules.insert(
                    at,
                    RuleCount {
                        code: diagnostic.code.clone(),
                        rule: diagnostic.rule.clone(),
                        count: 1,
                    },
                ),
            }
        }
        let mut top = self.rules.clone();
        top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        top.truncate(TOP_RULES);
        self.top_rules = top;
    }

    /// The order of a ranking: most errors first, then most warnings, then most infos, then by path.
    pub fn rank(a: &FileCounts, b: &FileCounts) -> std::cmp::Ordering {
        (b.errors, b.warnings, b.infos)
            .cmp(&(a.errors, a.warnings, a.infos))
            .then_with(|| a.file.cmp(&b.file))
    }
}

/// The per-file statistics renderer: it counts each report as it comes and writes the ranking at the end.
#[derive(Debug, Clone)]
pub struct FileStatistics {
    options: Options,
    json: bool,
    files: Vec<FileCounts>,
    summary: Summary,
}

impl FileStatistics {
    /// As a table, in the language of `options`.
    pub fn table(options: Options) -> Self {
        FileStatistics {
            options,
            json: false,
            files: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// As a versioned JSON document.
    pub fn json(options: Options) -> Self {
        FileStatistics {
            json: true,
            ..FileStatistics::table(options)
        }
    }

    fn write_table(&self, files: &[FileCounts], out: &mut dyn io::Write) -> io::Result<()> {
        let header = match self.options.lang {
            Lang::Zh => ["文件", "错误", "警告", "提示", "主要规则"],
            Lang::En => ["file", "errors", "warnings", "infos", "top rules"],
        };
        let rows: Vec<[String; 5]> = files
            .iter()
            .map(|f| {
                let top: Vec<String> = f
                    .top_rules
                    .iter()
                    .map(|r| format!("{} {}×{}", r.code, r.rule, r.count))
                    .collect();
                [
                    f.file.clone(),
                    f.errors.to_string(),
                    f.warnings.to_string(),
                    f.infos.to_string(),
                    top.join(", "),
                ]
            })
            .collect();
        let mut widths = header.map(UnicodeWidthStr::width);
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let line = |row: [&str; 5]| {
            let mut text = pad(row[0], widths[0]);
            for (i, cell) in row.iter().enumerate().take(4).skip(1) {
                text.push_str("  ");
                text.push_str(&" ".repeat(widths[i].saturating_sub(cell.width())));
                text.push_str(cell);
            }
            text.push_str("  ");
            text.push_str(row[4]);
            text.trim_end().to_string()
        };
        writeln!(out, "{}", line(header))?;
        for row in &rows {
            writeln!(
                out,
                "{}",
                line([&row[0], &row[1], &row[2], &row[3], &row[4]])
            )?;
        }
        writeln!(out)
    }
}

/// Pads `text` with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: &'a [FileCounts],
    summary: Summary,
}

impl Render for FileStatistics {
    fn begin(&mut self, files: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        self.files = files.iter().map(|file| FileCounts::new(file)).collect();
        self.summary = Summary::of_files(files.len());
        Ok(())
    }

    fn report(&mut self, report: &FileReport, _: &mut dyn io::Write) -> io::Result<()> {
        self.summary.count(report);
        match self.files.iter_mut().rev().find(|f| f.file == report.path) {
            Some(file) => file.count(report),
            None => {
                let mut file = FileCounts::new(&report.path);
                file.count(report);
                self.files.push(file);
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        let mut files = std::mem::take(&mut self.files);
        files.sort_by(FileCounts::rank);
        if self.json {
            let document = Document {
                version: super::json::VERSION,
                files: &files,
                summary: self.summary,
            };
            serde_json::to_writer_pretty(&mut *out, &document)?;
            return writeln!(out);
        }
        if !files.is_empty() {
            self.write_table(&files, out)?;
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

    #[test]
    fn files_ranked_by_errors_then_warnings_with_their_top_rules() {
        let reports = vec![
            FileReport::unreadable(
                "a.jx",
                finding(codes::INVALID_SUPPRESSION, Severity::Warning),
            ),
            FileReport {
                diagnostics: vec![
                    finding(codes::INVALID_SUPPRESSION, Severity::Warning),
                    finding(codes::DUPLICATE_FIELD, Severity::Error),
                    finding(codes::DUPLICATE_FIELD, Severity::Error),
                ],
                ..FileReport::unreadable("b.jx", finding(codes::SYNTAX, Severity::Error))
            },
            FileReport {
                diagnostics: vec![],
                ..FileReport::unreadable("c.jx", finding(codes::SYNTAX, Severity::Error))
            },
        ];
        let mut out = Vec::new();
        FileStatistics::table(Options::default())
            .render(&reports, &mut out)
            .unwrap();
        let expected = "\
文件  错误  警告  提示  主要规则
b.jx     2     1     0  JX009 duplicate-field×2, JX013 invalid-suppression×1
a.jx     0     1     0  JX013 invalid-suppression×1
c.jx     0     0     0

3 个文件：2 个错误，2 个警告
";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }
}
