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

use super::{JsonArray, Options, Render, Summary};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;
use crate::source::LineCol;
use serde::Serialize;
use std::io;

/// The version of the JSON contract.
pub const VERSION: u32 = 1;

/// The JSON renderer. The document is written as the run goes: `version` and `files` at the start, each report's
/// diagnostics as it comes, `summary` at the end.
#[derive(Debug, Clone)]
pub struct Json {
    options: Options,
    /// The open `diagnostics` array, between the start and the end of a run.
    diagnostics: Option<JsonArray>,
    summary: Summary,
}

impl Json {
    /// A JSON renderer; only the language of `options` matters.
    pub fn new(options: Options) -> Self {
        Json {
            options,
            diagnostics: None,
            summary: Summary::default(),
        }
    }
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

impl<'a> Finding<'a> {
    /// One finding of `report` as the contract has it.
    fn of(options: Options, report: &'a FileReport, diagnostic: &'a Diagnostic) -> Self {
        let lang = options.lang;
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
    fn begin(&mut self, files: &[&str], out: &mut dyn io::Write) -> io::Result<()> {
        self.summary = Summary::of_files(files.len());
        write!(out, "{{\n  \"version\": {VERSION},\n  \"files\": ")?;
        super::write_nested(out, &files, 1)?;
        out.write_all(b",\n  \"diagnostics\": ")?;
        self.diagnostics = Some(JsonArray::open(1, out)?);
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        self.summary.count(report);
        let diagnostics = self
            .diagnostics
            .as_mut()
            .ok_or_else(|| io::Error::other("a JSON report before the document began"))?;
        let mut findings: Vec<Finding<'_>> = report
            .diagnostics
            .iter()
            .map(|diagnostic| Finding::of(self.options, report, diagnostic))
            .collect();
        findings.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
        for finding in &findings {
            diagnostics.push(finding, out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        let diagnostics = self
            .diagnostics
            .take()
            .ok_or_else(|| io::Error::other("a JSON document ended before it began"))?;
        diagnostics.close(out)?;
        out.write_all(b",\n  \"summary\": ")?;
        super::write_nested(out, &self.summary, 1)?;
        out.write_all(b"\n}\n")
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

    /// The document as `serde_json` writes it whole, from the same findings.
    fn whole(reports: &[FileReport]) -> String {
        #[derive(Serialize)]
        struct Document<'a> {
            version: u32,
            files: Vec<&'a str>,
            diagnostics: Vec<Finding<'a>>,
            summary: Summary,
        }
        let diagnostics = reports
            .iter()
            .flat_map(|report| {
                let mut findings: Vec<Finding<'_>> = report
                    .diagnostics
                    .iter()
                    .map(|d| Finding::of(Options::default(), report, d))
                    .collect();
                findings.sort_by_key(|f| (f.line, f.column, f.code));
                findings
            })
            .collect();
        let document = Document {
            version: VERSION,
            files: crate::render::distinct_paths(reports),
            diagnostics,
            summary: Summary::of(reports),
        };
        serde_json::to_string_pretty(&document).unwrap() + "\n"
    }

    #[test]
    fn the_streamed_document_has_the_bytes_of_the_whole_one() {
        let text = "甲\n乙 \"引号\"\n";
        let reports = [
            report(
                "a \"b\".jx",
                text,
                vec![
                    finding(SYNTAX, Severity::Error, Span::point(4)),
                    finding(SYNTAX, Severity::Info, Span::point(0)),
                ],
            ),
            report("clean.jx", text, vec![]),
            FileReport::unreadable(
                "b.jx",
                finding(codes::READ_ERROR, Severity::Error, Span::point(0)),
            ),
        ];
        for reports in [&reports[..], &reports[1..2], &[]] {
            let mut out = Vec::new();
            Json::new(Options::default())
                .render(reports, &mut out)
                .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), whole(reports));
        }
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
