//! The JSON format: a versioned, stable contract for programs.
//!
//! ```json
//! {"version": 1,
//!  "files": ["a.jx"],
//!  "diagnostics": [{"code": "JX001", "rule": "syntax-error", "severity": "error", "message": "…", "help": null,
//!                   "file": "a.jx", "line": 1, "column": 5, "end_line": 1, "end_column": 7}],
//!  "summary": {"files": 1, "errors": 1, "warnings": 0, "infos": 0}}
//! ```
//!
//! Lines and columns are 1-based; columns count characters; the end is exclusive (the column just after the
//! last character). A finding about a file that could not be read sits at 1:1–1:1. Diagnostics are sorted by
//! file (in the order of `files`), line, column and code. Messages are in the language asked for. Any change
//! to this shape bumps `version`.

use super::{Options, Render, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;
use crate::source::LineCol;
use serde::Serialize;
use std::io;

/// The version of the JSON contract.
pub const VERSION: u32 = 1;

/// The JSON renderer.
#[derive(Debug, Clone)]
pub struct Json {
    options: Options,
}

impl Json {
    /// A JSON renderer; only the language of `options` matters.
    pub fn new(options: Options) -> Self {
        Json { options }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: Vec<&'a str>,
    diagnostics: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
}

impl Json {
    fn finding<'a>(&self, report: &'a FileReport, diagnostic: &'a Diagnostic) -> Finding<'a> {
        let lang = self.options.lang;
        let first = LineCol { line: 1, column: 1 };
        let (start, end) = match &report.source {
            Some(source) => (
                source.line_col(diagnostic.span.start),
                source.line_col(diagnostic.span.end),
            ),
            None => (first, first),
        };
        Finding {
            code: &diagnostic.code,
            rule: &diagnostic.rule,
            severity: diagnostic.severity,
            message: diagnostic.message.get(lang),
            help: diagnostic.help.as_ref().map(|help| help.get(lang)),
            file: &report.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            sheet: diagnostic.cell.as_ref().and_then(|c| c.sheet.as_deref()),
            cell: diagnostic.cell.as_ref().map(|c| c.cell.as_str()),
        }
    }
}

impl Render for Json {
    fn render(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let mut diagnostics: Vec<(usize, Finding<'_>)> = reports
            .iter()
            .enumerate()
            .flat_map(|(index, report)| {
                report
                    .diagnostics
                    .iter()
                    .map(move |diagnostic| (index, self.finding(report, diagnostic)))
            })
            .collect();
        diagnostics.sort_by(|(a_file, a), (b_file, b)| {
            (a_file, a.line, a.column, a.code).cmp(&(b_file, b.line, b.column, b.code))
        });
        let document = Document {
            version: VERSION,
            files: super::distinct_paths(reports),
            diagnostics: diagnostics
                .into_iter()
                .map(|(_, finding)| finding)
                .collect(),
            summary: Summary::of(reports),
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes::{self, SYNTAX};
    use crate::diagnostic::{Code, Lang, Text};
    use crate::source::{SourceFile, Span};

    fn render(reports: &[FileReport], lang: Lang) -> serde_json::Value {
        let mut out = Vec::new();
        let options = Options {
            lang,
            ..Options::default()
        };
        Json::new(options).render(reports, &mut out).unwrap();
        assert!(out.ends_with(b"}\n"));
        serde_json::from_slice(&out).unwrap()
    }

    fn report(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
        FileReport {
            path: path.to_string(),
            source: Some(SourceFile::new(path, text)),
            document: None,
            diagnostics,
        }
    }

    fn finding(code: Code, severity: Severity, span: Span) -> Diagnostic {
        Diagnostic::new(code, severity, span, Text::new("中文", "english"))
    }

    #[test]
    fn positions_are_one_based_in_characters_with_an_exclusive_end() {
        let text = "甲乙 abc\n丙丁";
        let at = text.find("abc").unwrap();
        let ding = text.find('丁').unwrap();
        let reports = [report(
            "a.jx",
            text,
            vec![
                finding(SYNTAX, Severity::Error, Span::new(at, at + 3)),
                finding(
                    SYNTAX,
                    Severity::Warning,
                    Span::new(ding, ding + '丁'.len_utf8()),
                )
                .with_help(Text::new("帮助", "help")),
            ],
        )];
        let json = render(&reports, Lang::En);
        let first = &json["diagnostics"][0];
        assert_eq!((&first["line"], &first["column"]), (&1.into(), &4.into()));
        assert_eq!(
            (&first["end_line"], &first["end_column"]),
            (&1.into(), &7.into())
        );
        assert_eq!(first["message"], "english");
        assert_eq!(first["help"], serde_json::Value::Null);
        let second = &json["diagnostics"][1];
        assert_eq!(
            (&second["line"], &second["column"], &second["end_column"]),
            (&2.into(), &2.into(), &3.into())
        );
        assert_eq!(
            (&second["severity"], &second["help"]),
            (&"warning".into(), &"help".into())
        );
        assert_eq!(
            json["summary"],
            serde_json::json!({"files": 1, "errors": 1, "warnings": 1, "infos": 0})
        );
    }

    #[test]
    fn unreadable_files_sit_at_the_start_and_files_keep_their_order() {
        let unreadable = FileReport::unreadable(
            "b.jx",
            finding(codes::READ_ERROR, Severity::Error, Span::point(0)),
        );
        let reports = [
            report(
                "z.jx",
                "x\ny",
                vec![finding(SYNTAX, Severity::Info, Span::point(2))],
            ),
            unreadable,
        ];
        let json = render(&reports, Lang::Zh);
        assert_eq!(json["version"], 1);
        assert_eq!(json["files"], serde_json::json!(["z.jx", "b.jx"]));
        let files: Vec<_> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].clone())
            .collect();
        assert_eq!(files, ["z.jx", "b.jx"]);
        let read = &json["diagnostics"][1];
        assert_eq!(read["message"], "中文");
        assert_eq!(
            [
                &read["line"],
                &read["column"],
                &read["end_line"],
                &read["end_column"]
            ],
            [&serde_json::Value::from(1); 4]
        );
        assert_eq!(json["diagnostics"][0]["severity"], "info");
    }
}
