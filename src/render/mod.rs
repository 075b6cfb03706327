//! Output formats: every format turns the same [`FileReport`]s into bytes through the one [`Render`] trait.
//!
//! One file per format ([`human`], drawing its [`excerpt`]s of the source, [`json`], [`sarif`], [`github`],
//! [`concise`], [`opinion`], and the [`statistics`] that replace the findings with `--statistics`); a new format
//! is a new file with a type that implements [`Render`] and a new [`Format`] variant. Renderers write to any
//! [`io::Write`]; they never print, and they never look at the terminal: colour and language come in [`Options`].
//! A format that describes the rules (SARIF) is given a [`Catalog`] of them. The score tables of `jixiao score`
//! are written by [`score`].
//!
//! Every format streams: it is told the run's inputs ([`Render::begin`]), then given one report at a time in
//! input order ([`Render::report`]), which it writes at once and keeps nothing of but counts, then writes its
//! summary ([`Render::finish`]). A run of thousands of files is written in the memory of one; the JSON
//! documents (JSON, SARIF) are written piece by piece in the layout `serde_json` would give them whole.

pub mod catalog;
pub mod concise;
pub mod excerpt;
pub mod files;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod opinion;
pub mod order;
pub mod sarif;
pub mod score;
pub mod statistics;
pub mod workbook;
mod wrap;

pub use catalog::{Catalog, RuleInfo};

use crate::diagnostic::{Diagnostic, Lang, Severity};
use crate::report::FileReport;
use crate::source::LineCol;
use std::io;

/// How to render, as resolved from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The language of messages and of the summary.
    pub lang: Lang,
    /// Whether to use ANSI colours (only the human format has any).
    pub color: bool,
    /// The width, in columns, that the human format wraps to.
    pub width: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            lang: Lang::Zh,
            color: false,
            width: 100,
        }
    }
}

/// An output format, written report by report.
///
/// A run is [`Render::begin`], [`Render::report`] for each report in input order, then [`Render::finish`];
/// [`Render::render`] does all three over reports already collected. A renderer keeps no report: only what its
/// summary needs. Beginning again starts a new run.
///
/// The methods fail only with the errors of `out`.
pub trait Render {
    /// Starts the output of a run whose inputs are `files`: the paths as shown, in input order, each once (a
    /// workbook counts once, whatever its sheets). The JSON document lists them; the summaries count them.
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn begin(&mut self, files: &[&str], out: &mut dyn io::Write) -> io::Result<()>;

    /// Writes the findings of one report, the next in input order.
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()>;

    /// A drawer that draws reports ahead of their turn, on any thread, for a format whose drawing is the costly
    /// part (the human format's excerpts); `None` for the formats that write as they go.
    fn drawer(&self) -> Option<Box<dyn Draw>> {
        None
    }

    /// Writes one report, the next in input order, as `drawn` by this format's [`Render::drawer`].
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn report_drawn(
        &mut self,
        report: &FileReport,
        drawn: &str,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        let _ = drawn;
        self.report(report, out)
    }

    /// Ends the output: the summary, and whatever closes the document.
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()>;

    /// Writes every report of a run, in the order given, followed by whatever summary the format has: the run's
    /// inputs are the reports' paths, each once.
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn render(&mut self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        stream_all(self, reports, out)
    }
}

/// Draws one report's findings as a format writes them, independently of the reports before it.
pub trait Draw: Send + Sync {
    /// The text of `report`'s findings.
    ///
    /// # Errors
    /// When a finding cannot be drawn.
    fn draw(&self, report: &FileReport) -> io::Result<String>;
}

/// Begins a run of `renderer` with the paths of `reports`, writes each report and finishes: what
/// [`Render::render`] does unless a format has more to do.
fn stream_all<R: Render + ?Sized>(
    renderer: &mut R,
    reports: &[FileReport],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    renderer.begin(&distinct_paths(reports), out)?;
    for report in reports {
        renderer.report(report, out)?;
    }
    renderer.finish(out)
}

/// The output formats there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Source excerpts with the finding drawn under them, for people (miette).
    #[default]
    Human,
    /// The versioned JSON document, for programs.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on a pull request.
    Github,
    /// One line per finding, `path:line:column: CODE message`.
    Concise,
    /// The review report: one self-contained HTML page (see [`html`]), with the default thresholds unless the
    /// caller builds an [`html::HtmlReport`] with its own.
    Html,
    /// The review opinion (审核意见) on each declaration, with the default thresholds unless the caller builds an
    /// [`opinion::OpinionText`] with its own.
    Opinion,
}

impl Format {
    /// The renderer of this format. SARIF then describes only the rules its results name.
    pub fn renderer(self, options: Options) -> Box<dyn Render> {
        self.renderer_with(options, Catalog::default())
    }

    /// Whether this format describes the rules (SARIF's rule list, the HTML report's documentation), so that a
    /// run builds their [`Catalog`] only then.
    pub fn describes_rules(self) -> bool {
        matches!(self, Format::Sarif | Format::Html)
    }

    /// The renderer of this format; a format that describes rules describes those of `catalog`.
    pub fn renderer_with(self, options: Options, catalog: Catalog) -> Box<dyn Render> {
        match self {
            Format::Human => Box::new(human::Human::new(options)),
            Format::Json => Box::new(json::Json::new(options)),
            Format::Sarif => Box::new(sarif::Sarif::new(options, catalog)),
            Format::Github => Box::new(github::Github::new(options)),
            Format::Concise => Box::new(concise::Concise::new(options)),
            Format::Html => Box::new(html::HtmlReport::new(
                options,
                crate::config::Thresholds::default(),
                catalog,
            )),
            Format::Opinion => Box::new(opinion::OpinionText::new(
                options,
                crate::config::Thresholds::default(),
            )),
        }
    }

    /// The renderer of the `--statistics` of this format: a table for human, a document for JSON; `None` for the
    /// formats that have no statistics.
    pub fn statistics(self, options: Options) -> Option<Box<dyn Render>> {
        match self {
            Format::Human => Some(Box::new(statistics::Statistics::table(options))),
            Format::Json => Some(Box::new(statistics::Statistics::json(options))),
            Format::Sarif | Format::Github | Format::Concise | Format::Opinion | Format::Html => {
                None
            }
        }
    }

    /// The renderer of the `--statistics files` of this format: a table for human, a document for JSON; `None`
    /// for the formats that have no statistics.
    pub fn file_statistics(self, options: Options) -> Option<Box<dyn Render>> {
        match self {
            Format::Human => Some(Box::new(files::FileStatistics::table(options))),
            Format::Json => Some(Box::new(files::FileStatistics::json(options))),
            Format::Sarif | Format::Github | Format::Concise | Format::Opinion | Format::Html => {
                None
            }
        }
    }
}

/// The paths of `reports` in order, each once (a workbook has a report per sheet).
pub fn distinct_paths(reports: &[FileReport]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    reports
        .iter()
        .map(|report| report.path.as_str())
        .filter(|path| seen.insert(*path))
        .collect()
}

/// One finding with its report and its place: 1-based lines and columns in characters, the end exclusive; no
/// place for a file that could not be read.
#[derive(Debug, Clone, Copy)]
pub struct PlacedFinding<'a> {
    /// The report it belongs to.
    pub report: &'a FileReport,
    /// The finding.
    pub diagnostic: &'a Diagnostic,
    /// Where it starts and ends, when the file could be read.
    pub region: Option<(LineCol, LineCol)>,
}

impl PlacedFinding<'_> {
    /// The start, or 1:1 for a file that could not be read.
    pub fn start(&self) -> LineCol {
        self.region
            .map_or(LineCol { line: 1, column: 1 }, |(start, _)| start)
    }
}

/// Every finding of `reports`, located and sorted by report, line, column and code (the order of the JSON
/// contract).
pub fn placed(reports: &[FileReport]) -> Vec<PlacedFinding<'_>> {
    reports.iter().flat_map(placed_in).collect()
}

/// The findings of one report, located and sorted by line, column and code (findings at the same place keep
/// their order).
pub fn placed_in(report: &FileReport) -> Vec<PlacedFinding<'_>> {
    let mut found: Vec<PlacedFinding<'_>> = report
        .diagnostics
        .iter()
        .map(|diagnostic| PlacedFinding {
            report,
            diagnostic,
            region: report.source.as_ref().map(|source| {
                (
                    source.line_col(diagnostic.span.start),
                    source.line_col(diagnostic.span.end),
                )
            }),
        })
        .collect();
    found.sort_by(|a, b| {
        let (a_start, b_start) = (a.start(), b.start());
        (a_start.line, a_start.column, &a.diagnostic.code).cmp(&(
            b_start.line,
            b_start.column,
            &b.diagnostic.code,
        ))
    });
    found
}

/// Writes `value` as `serde_json` pretty-prints it (two spaces a level), as if nested `depth` levels deep in a
/// larger document: every line after the first is indented `depth` levels. Pieces written so make, together,
/// the bytes the whole document would be pretty-printed as. (A JSON string holds no raw line break, so every
/// line break is the layout's.)
fn write_nested(
    out: &mut dyn io::Write,
    value: &impl serde::Serialize,
    depth: usize,
) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value)?;
    if depth == 0 {
        return out.write_all(&text);
    }
    let mut rest = text.as_slice();
    // Each line as it is, then the indent of the next: no copy of the whole text with its line breaks replaced.
    while let Some(end) = memchr::memchr(b'\n', rest) {
        out.write_all(&rest[..=end])?;
        for _ in 0..depth {
            out.write_all(b"  ")?;
        }
        rest = &rest[end + 1..];
    }
    out.write_all(rest)
}

/// A JSON array written an item at a time, `depth` levels deep, laid out as `serde_json` pretty-prints it:
/// `[]` when empty, else an item a line, each one level deeper than the brackets.
#[derive(Debug, Clone, Copy)]
struct JsonArray {
    depth: usize,
    items: usize,
}

impl JsonArray {
    /// Writes the opening bracket.
    fn open(depth: usize, out: &mut dyn io::Write) -> io::Result<Self> {
        out.write_all(b"[")?;
        Ok(JsonArray { depth, items: 0 })
    }

    /// Writes one more item.
    fn push(&mut self, value: &impl serde::Serialize, out: &mut dyn io::Write) -> io::Result<()> {
        let separator = if self.items == 0 { "\n" } else { ",\n" };
        write!(out, "{separator}{}", "  ".repeat(self.depth + 1))?;
        self.items += 1;
        write_nested(out, value, self.depth + 1)
    }

    /// Writes the closing bracket.
    fn close(self, out: &mut dyn io::Write) -> io::Result<()> {
        if self.items == 0 {
            out.write_all(b"]")
        } else {
            write!(out, "\n{}]", "  ".repeat(self.depth))
        }
    }
}

/// How many files were checked and how many findings of each severity they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Summary {
    /// Inputs checked, readable or not (a workbook counts once, whatever its sheets).
    pub files: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings with a safe fix (not part of the JSON contract's summary).
    #[serde(skip)]
    pub fixable: usize,
}

impl Summary {
    /// Counts the findings of `reports`.
    pub fn of(reports: &[FileReport]) -> Self {
        let mut summary = Summary::of_files(distinct_paths(reports).len());
        for report in reports {
            summary.count(report);
        }
        summary
    }

    /// The summary of a run of `files` inputs before any finding is counted.
    pub fn of_files(files: usize) -> Self {
        Summary {
            files,
            ..Summary::default()
        }
    }

    /// Counts the findings of one more report (the files are counted by [`Summary::of_files`]).
    pub fn count(&mut self, report: &FileReport) {
        for diagnostic in &report.diagnostics {
            self.fixable += usize::from(diagnostic.fix.is_some());
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// The one-line summary, e.g. `3 个文件：2 个错误，5 个警告` or `2 files: no problems found`.
    pub fn line(&self, lang: Lang) -> String {
        let clean = self.errors + self.warnings + self.infos == 0;
        match lang {
            Lang::Zh if clean => format!("{} 个文件：没有发现问题", self.files),
            Lang::Zh => {
                let mut line = format!(
                    "{} 个文件：{} 个错误，{} 个警告",
                    self.files, self.errors, self.warnings
                );
                if self.infos > 0 {
                    line.push_str(&format!("，{} 个提示", self.infos));
                }
                if self.fixable > 0 {
                    line.push_str(&format!("（{} 个可用 --fix 自动修复）", self.fixable));
                }
                line
            }
            Lang::En => {
                let files = plural(self.files, "file", "files");
                if clean {
                    return format!("{files}: no problems found");
                }
                let mut line = format!(
                    "{files}: {}, {}",
                    plural(self.errors, "error", "errors"),
                    plural(self.warnings, "warning", "warnings")
                );
                if self.infos > 0 {
                    line.push_str(&format!(", {}", plural(self.infos, "info", "infos")));
                }
                if self.fixable > 0 {
                    line.push_str(&format!(" ({} fixable with --fix)", self.fixable));
                }
                line
            }
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(files: usize, errors: usize, warnings: usize, infos: usize) -> Summary {
        Summary {
            files,
            errors,
            warnings,
            infos,
            fixable: 0,
        }
    }

    #[test]
    fn summary_lines_in_both_languages() {
        assert_eq!(
            summary(3, 2, 5, 0).line(Lang::Zh),
            "3 个文件：2 个错误，5 个警告"
        );
        assert_eq!(
            summary(3, 0, 1, 1).line(Lang::Zh),
            "3 个文件：0 个错误，1 个警告，1 个提示"
        );
        assert_eq!(summary(2, 0, 0, 0).line(Lang::Zh), "2 个文件：没有发现问题");
        assert_eq!(
            summary(3, 2, 5, 0).line(Lang::En),
            "3 files: 2 errors, 5 warnings"
        );
        assert_eq!(
            summary(1, 1, 0, 2).line(Lang::En),
            "1 file: 1 error, 0 warnings, 2 infos"
        );
        assert_eq!(
            summary(2, 0, 0, 0).line(Lang::En),
            "2 files: no problems found"
        );
        assert_eq!(
            summary(1, 0, 0, 0).line(Lang::En),
            "1 file: no problems found"
        );
    }
}
