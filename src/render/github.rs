//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.
//!
//! ```text
//! ::error file=申报/朔州.jx,line=4,col=8,endLine=4,endColumn=12,title=JX001 syntax-error::message%0Ahelp: …
//! ```
//!
//! `error`, `warning` or `notice` by severity; the help follows the message on a second line. A file that could
//! not be read has no line; a finding in a workbook names its sheet and cell before the message. Values are
//! escaped as the runner expects: `%`, CR and LF everywhere, and `:` and `,` in properties too. Nothing else is
//! written: the run's summary is the job's own.

use super::{Options, Render};
use crate::diagnostic::Severity;
use crate::report::FileReport;
use std::io;

/// The GitHub Actions renderer.
#[derive(Debug, Clone)]
pub struct Github {
    options: Options,
}

impl Github {
    /// A renderer of workflow commands, with messages in the language of `options`.
    pub fn new(options: Options) -> Self {
        Github { options }
    }
}

/// Escapes the message of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Render for Github {
    fn begin(&mut self, _: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        let lang = self.options.lang;
        for located in super::placed_in(report) {
            let diagnostic = located.diagnostic;
            let command = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = vec![format!("file={}", escape_property(&located.report.path))];
            if let Some((start, end)) = located.region {
                properties.push(format!(
                    "line={},col={},endLine={},endColumn={}",
                    start.line, start.column, end.line, end.column
                ));
            }
            properties.push(format!(
                "title={}",
                escape_property(&format!("{} {}", diagnostic.code, diagnostic.rule))
            ));
            let mut message = String::new();
            if let Some(cell) = diagnostic.cell.as_ref().filter(|c| c.sheet.is_some()) {
                let sheet = cell.sheet.as_deref().unwrap_or_default();
                message.push_str(&format!("{sheet}!{}: ", cell.cell));
            }
            message.push_str(diagnostic.message.get(lang));
            if let Some(help) = &diagnostic.help {
                message.push_str(&format!("\nhelp: {}", help.get(lang)));
            }
            writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn io::Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{codes, Diagnostic, Text};
    use crate::source::{SourceFile, Span};

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\nc:d,e"), "a%25b%0Ac%3Ad%2Ce");
    }

    #[test]
    fn one_command_per_finding() {
        let text = "年度 2022\n";
        let report = FileReport {
            path: "申报/a,b.jx".into(),
            source: Some(SourceFile::new("申报/a,b.jx", text)),
            document: None,
            diagnostics: vec![Diagnostic::new(
                codes::DUPLICATE_FIELD,
                Severity::Info,
                Span::new(text.find('2').unwrap(), text.len() - 1),
                Text::new("重复：100%", "twice"),
            )
            .with_help(Text::new("删掉", "remove"))],
        };
        let unreadable = FileReport::unreadable(
            "b.jx",
            Diagnostic::new(
                codes::NOT_UTF8,
                Severity::Warning,
                Span::point(0),
                Text::new("不是 UTF-8", "not UTF-8"),
            ),
        );
        let mut out = Vec::new();
        Github::new(Options::default())
            .render(&[report, unreadable], &mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::notice file=申报/a%2Cb.jx,line=1,col=4,endLine=1,endColumn=8,title=JX009 duplicate-field::\
             重复：100%25%0Ahelp: 删掉\n\
             ::warning file=b.jx,title=JX015 not-utf8::不是 UTF-8\n"
        );
    }
}
