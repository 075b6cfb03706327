//! The human format: each finding drawn under its source excerpt by miette, then a one-line summary.
//!
//! [`Finding`] wraps one [`Diagnostic`] and implements [`miette::Diagnostic`] by hand: the header shows the code
//! and rule name (`JX001 syntax-error`), the severity picks the symbol, the message and help come in the chosen
//! language, and the span is the one label. Findings about files that could not be read have no excerpt and are
//! drawn as one line, `error[JX014]: path: message`, with the help under it. A line too long to draw whole is
//! drawn as a window around the finding ([`super::excerpt`]).

use super::excerpt::Excerpt;
use super::{Draw, Options, Render, Summary};
use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::report::FileReport;
use crate::source::Span;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, ThemeStyles};
use rayon::prelude::*;
use std::fmt;
use std::io;

/// The human renderer.
#[derive(Debug, Clone)]
pub struct Human {
    options: Options,
    summary: Summary,
}

impl Human {
    /// A human renderer with the language, colour and width of `options`.
    pub fn new(options: Options) -> Self {
        Human {
            options,
            summary: Summary::default(),
        }
    }

    fn theme(&self) -> GraphicalTheme {
        if self.options.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        }
    }

    /// Draws one finding without a source: `error[JX014]: path: message`, then the help.
    fn write_sourceless(
        &self,
        out: &mut String,
        styles: &ThemeStyles,
        path: &str,
        diagnostic: &Diagnostic,
    ) {
        let lang = self.options.lang;
        let style = match diagnostic.severity {
            Severity::Error => styles.error,
            Severity::Warning => styles.warning,
            Severity::Info => styles.advice,
        };
        let head = format!("{}[{}]", diagnostic.severity, diagnostic.code);
        out.push_str(&format!(
            "{}: {path}: {}\n",
            style.style(head),
            diagnostic.message.get(lang)
        ));
        if let Some(text) = &diagnostic.help {
            out.push_str(&format!(
                "  {} {}\n",
                styles.help.style("help:"),
                text.get(lang)
            ));
        }
        out.push('\n');
    }
}

impl Render for Human {
    fn begin(&mut self, files: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        self.summary = Summary::of_files(files.len());
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        self.summary.count(report);
        let text = self.draw(report)?;
        out.write_all(text.as_bytes())
    }

    fn drawer(&self) -> Option<Box<dyn Draw>> {
        Some(Box::new(Human::new(self.options)))
    }

    fn report_drawn(
        &mut self,
        report: &FileReport,
        drawn: &str,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        self.summary.count(report);
        out.write_all(drawn.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        writeln!(out, "{}", self.summary.line(self.options.lang))
    }
}

impl Human {
    /// One finding with its excerpt of `named`, and a blank line.
    fn draw_one(
        &self,
        handler: &GraphicalReportHandler,
        theme: &GraphicalTheme,
        named: &Excerpt<'_>,
        diagnostic: &Diagnostic,
    ) -> io::Result<String> {
        let window = named.window(diagnostic.span);
        let cut = window.as_ref().map(|w| named.of_window(w));
        let (lang, width) = (self.options.lang, self.options.width);
        let finding = match (&window, &cut) {
            (Some(window), Some(cut)) => {
                Finding::new(diagnostic, cut, lang, width, theme).at(window.span)
            }
            _ => Finding::new(diagnostic, named, lang, width, theme),
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &finding)
            .map_err(|_| io::Error::other("cannot format a finding"))?;
        text.push('\n');
        Ok(text)
    }
}

impl Draw for Human {
    fn draw(&self, report: &FileReport) -> io::Result<String> {
        if report.diagnostics.is_empty() {
            return Ok(String::new());
        }
        let theme = self.theme();
        let mut text = String::new();
        match &report.source {
            Some(source) => {
                let named = Excerpt::new(source.name(), source.text());
                // Drawing a finding (its excerpt, the wrapping of its lines) costs more than finding it: a
                // file's findings are drawn in parallel, each into its own text, and joined in order.
                let drawn: Vec<io::Result<String>> = report
                    .diagnostics
                    .par_iter()
                    .map_init(
                        || {
                            GraphicalReportHandler::new_themed(theme.clone())
                                .with_width(self.options.width)
                                // The message and help come broken into lines (`Finding`'s `widths`).
                                .with_wrap_lines(false)
                        },
                        |handler, diagnostic| self.draw_one(handler, &theme, &named, diagnostic),
                    )
                    .collect();
                for one in drawn {
                    text.push_str(&one?);
                }
            }
            None => {
                for diagnostic in &report.diagnostics {
                    self.write_sourceless(&mut text, &theme.styles, &report.path, diagnostic);
                }
            }
        }
        Ok(text)
    }
}

/// One finding with its source, as miette sees it.
#[derive(Debug)]
pub struct Finding<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Excerpt<'a>,
    /// Where the label goes in `source`: the diagnostic's span, or its place in a window of the file.
    span: Span,
    lang: Lang,
    /// How wide the lines of the message (the first, the others) and of the help may be: miette indents them,
    /// and does not wrap them.
    widths: (usize, usize, usize),
}

impl<'a> Finding<'a> {
    /// `diagnostic` in `source`, with its texts in `lang`, drawn `width` columns wide with `theme`.
    pub fn new(
        diagnostic: &'a Diagnostic,
        source: &'a Excerpt<'a>,
        lang: Lang,
        width: usize,
        theme: &GraphicalTheme,
    ) -> Self {
        let chars = &theme.characters;
        let icon = match diagnostic.severity {
            Severity::Error => &chars.error,
            Severity::Warning => &chars.warning,
            Severity::Info => &chars.advice,
        };
        // What miette puts before the lines: `  × ` then `  │ ` before the message, `  help: ` before the
        // help, within its width less two.
        let indent = |text: String| textwrap::core::display_width(&text);
        let room = |indent: usize| width.saturating_sub(2).saturating_sub(indent);
        let first = room(indent(format!("  {icon} ")));
        let rest = room(indent(format!("  {} ", chars.vbar)));
        Finding {
            diagnostic,
            source,
            span: diagnostic.span,
            lang,
            widths: (first, rest, room("  help: ".len())),
        }
    }

    /// The finding with its label at `span` of its source (a window's text).
    fn at(self, span: Span) -> Self {
        Finding { span, ..self }
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, rest, _) = self.widths;
        let message = self.diagnostic.message.get(self.lang);
        f.write_str(&super::wrap::fill(message, first, rest))
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.diagnostic.code, self.diagnostic.rule
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.diagnostic.help.as_ref()?;
        let (_, _, width) = self.widths;
        Some(Box::new(super::wrap::fill(
            help.get(self.lang),
            width,
            width,
        )))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span;
        let label = self
            .diagnostic
            .label
            .as_ref()
            .map(|label| label.get(self.lang).to_string());
        // A finding in a table names its cell: `单元格 B7` / `cell B7`, before the label if there is one.
        let label = match (&self.diagnostic.cell, label) {
            (Some(cell), label) => {
                let at = match self.lang {
                    Lang::Zh => format!("单元格 {}", cell.cell),
                    Lang::En => format!("cell {}", cell.cell),
                };
                let sep = if self.lang == Lang::Zh { "：" } else { ": " };
                Some(label.map_or(at.clone(), |l| format!("{at}{sep}{l}")))
            }
            (None, label) => label,
        };
        let labeled = LabeledSpan::new_primary_with_span(label, (span.start, span.len()));
        Some(Box::new(std::iter::once(labeled)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{codes, Text};
    use crate::source::{SourceFile, Span};

    fn render(reports: &[FileReport], options: Options) -> String {
        let mut out = Vec::new();
        Human::new(options).render(reports, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn english() -> Options {
        Options {
            lang: Lang::En,
            ..Options::default()
        }
    }

    #[test]
    fn a_finding_is_drawn_under_its_source_with_a_column_in_characters() {
        let text = "年度 2022\n年度 2023\n";
        let at = text.rfind("年度").unwrap();
        let diagnostic = Diagnostic::new(
            codes::DUPLICATE_FIELD,
            Severity::Info,
            Span::new(at + "年度 ".len(), at + "年度 2023".len()),
            Text::new("重复", "given twice"),
        )
        .with_help(Text::new("删掉", "remove it"))
        .with_label(Text::new("第二次", "again"));
        let report = FileReport {
            path: "a.jx".into(),
            source: Some(SourceFile::new("a.jx", text)),
            document: None,
            diagnostics: vec![diagnostic],
        };
        let expected = "\
JX009 duplicate-field

  ☞ given twice
   ╭─[a.jx:2:4]
 1 │ 年度 2022
 2 │ 年度 2023
   ·      ──┬─
   ·        ╰── again
   ╰────
  help: remove it

1 file: 0 errors, 0 warnings, 1 info
";
        assert_eq!(render(&[report], english()), expected);
    }

    #[test]
    fn an_unreadable_file_is_one_line_and_its_help() {
        let diagnostic = Diagnostic::new(
            codes::NOT_UTF8,
            Severity::Error,
            Span::point(0),
            Text::new("不是 UTF-8", "not UTF-8"),
        )
        .with_help(Text::new("另存为 UTF-8", "save as UTF-8"));
        let reports = [FileReport::unreadable("b.jx", diagnostic)];
        let expected = "error[JX015]: b.jx: 不是 UTF-8\n  help: 另存为 UTF-8\n\n1 个文件：1 个错误，0 个警告\n";
        assert_eq!(render(&reports, Options::default()), expected);
        let coloured = render(
            &reports,
            Options {
                color: true,
                ..Options::default()
            },
        );
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        assert_eq!(render(&[], english()), "0 files: no problems found\n");
    }
}
