//! The concise format: one line per finding, as compilers and editors print them, then the summary.
//!
//! ```text
//! 申报/朔州.jx:24:28: JX102 指标值“完成满足需求”含糊：“满足需求”无法衡量
//! 表/目标.xlsx[项目一!E12]:12:21: JX208 “维修质量达标率”不会超过 100%：…
//! 3 个文件：2 个错误，0 个警告
//! ```
//!
//! A finding in a workbook names its sheet and cell after the path; a file that could not be read sits at 1:1.
//! Colour only when asked: the path in bold, the code in the colour of its severity.

use super::{Options, Render, Summary};
use crate::diagnostic::Severity;
use crate::report::FileReport;
use std::fmt;
use std::io;

/// The concise renderer.
#[derive(Debug, Clone)]
pub struct Concise {
    options: Options,
    summary: Summary,
}

impl Concise {
    /// A concise renderer with the language and colour of `options`.
    pub fn new(options: Options) -> Self {
        Concise {
            options,
            summary: Summary::default(),
        }
    }

    /// `text` in the SGR style `sgr` when colour is on, written straight into the line.
    fn paint<T: fmt::Display>(&self, text: T, sgr: &'static str) -> Painted<T> {
        Painted {
            text,
            sgr: self.options.color.then_some(sgr),
        }
    }
}

/// A text written in an SGR style, or plain.
struct Painted<T> {
    text: T,
    sgr: Option<&'static str>,
}

impl<T: fmt::Display> fmt::Display for Painted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sgr {
            Some(sgr) => write!(f, "\u{1b}[{sgr}m{}\u{1b}[0m", self.text),
            None => self.text.fmt(f),
        }
    }
}

/// Where a finding is: the file's path, and in a workbook the sheet and cell after it.
struct Place<'r> {
    path: &'r str,
    cell: Option<(&'r str, &'r str)>,
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path)?;
        match self.cell {
            Some((sheet, cell)) => write!(f, "[{sheet}!{cell}]"),
            None => Ok(()),
        }
    }
}

impl Render for Concise {
    fn begin(&mut self, files: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        self.summary = Summary::of_files(files.len());
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        self.summary.count(report);
        let lang = self.options.lang;
        for located in super::placed_in(report) {
            let diagnostic = located.diagnostic;
            let place = Place {
                path: &report.path,
                cell: diagnostic
                    .cell
                    .as_ref()
                    .and_then(|cell| Some((cell.sheet.as_deref()?, cell.cell.as_str()))),
            };
            let start = located.start();
            let colour = match diagnostic.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Info => "1;36",
            };
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                self.paint(place, "1"),
                start.line,
                start.column,
                self.paint(&diagnostic.code, colour),
                diagnostic.message.get(lang)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "{}", self.summary.line(self.options.lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{codes, CellLocation, Diagnostic, Lang, Text};
    use crate::source::{SourceFile, Span};

    fn render(reports: &[FileReport], options: Options) -> String {
        let mut out = Vec::new();
        Concise::new(options).render(reports, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_finding_then_the_summary() {
        let text = "甲乙 abc\n";
        let at = text.find("abc").unwrap();
        let mut finding = Diagnostic::new(
            codes::SYNTAX,
            Severity::Error,
            Span::new(at, at + 3),
            Text::new("错", "wrong"),
        );
        finding.cell = Some(CellLocation {
            sheet: Some("表一".into()),
            cell: "C1".into(),
            ..CellLocation::default()
        });
        let reports = [
            FileReport {
                path: "a.xlsx".into(),
                source: Some(SourceFile::new("a.xlsx", text)),
                document: None,
                diagnostics: vec![finding],
            },
            FileReport::unreadable(
                "b.jx",
                Diagnostic::new(
                    codes::NOT_UTF8,
                    Severity::Warning,
                    Span::point(0),
                    Text::new("不是 UTF-8", "not UTF-8"),
                ),
            ),
        ];
        let english = Options {
            lang: Lang::En,
            ..Options::default()
        };
        assert_eq!(
            render(&reports, english),
            "a.xlsx[表一!C1]:1:4: JX001 wrong\nb.jx:1:1: JX015 not UTF-8\n2 files: 1 error, 1 warning\n"
        );
        let coloured = render(
            &reports,
            Options {
                color: true,
                ..english
            },
        );
        assert!(coloured.starts_with(
            "\u{1b}[1ma.xlsx[表一!C1]\u{1b}[0m:1:4: \u{1b}[1;31mJX001\u{1b}[0m wrong\n"
        ));
    }
}
