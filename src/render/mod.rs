//! Output formats: every format turns the same [`FileReport`]s into bytes through the one [`Render`] trait.
//!
//! One file per format ([`human`], [`json`], [`sarif`], [`github`], [`concise`], and the [`statistics`] that
//! replace the findings with `--statistics`); a new format is a new file with a type that implements [`Render`]
//! and a new [`Format`] variant. Renderers write to any [`io::Write`]; they never print, and they never look at
//! the terminal: colour and language come in [`Options`]. A format that describes the rules (SARIF) is given a
//! [`Catalog`] of them.

pub mod catalog;
pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod statistics;

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

/// An output format.
pub trait Render {
    /// Writes every report of a run, in the order given, followed by whatever summary the format has.
    ///
    /// # Errors
    /// Only the errors of `out`.
    fn render(&self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()>;
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
}

impl Format {
    /// The renderer of this format. SARIF then describes only the rules its results name.
    pub fn renderer(self, options: Options) -> Box<dyn Render> {
        self.renderer_with(options, Catalog::default())
    }

    /// The renderer of this format; a format that describes rules describes those of `catalog`.
    pub fn renderer_with(self, options: Options, catalog: Catalog) -> Box<dyn Render> {
        match self {
            Format::Human => Box::new(human::Human::new(options)),
            Format::Json => Box::new(json::Json::new(options)),
            Format::Sarif => Box::new(sarif::Sarif::new(options, catalog)),
            Format::Github => Box::new(github::Github::new(options)),
            Format::Concise => Box::new(concise::Concise::new(options)),
        }
    }

    /// The renderer of the `--statistics` of this format: a table for human, a document for JSON; `None` for the
    /// formats that have no statistics.
    pub fn statistics(self, options: Options) -> Option<Box<dyn Render>> {
        match self {
            Format::Human => Some(Box::new(statistics::Statistics::table(options))),
            Format::Json => Some(Box::new(statistics::Statistics::json(options))),
            Format::Sarif | Format::Github | Format::Concise => None,
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
    let mut found: Vec<(usize, PlacedFinding<'_>)> = reports
        .iter()
        .enumerate()
        .flat_map(|(index, report)| {
            report.diagnostics.iter().map(move |diagnostic| {
                let region = report.source.as_ref().map(|source| {
                    (
                        source.line_col(diagnostic.span.start),
                        source.line_col(diagnostic.span.end),
                    )
                });
                (
                    index,
                    PlacedFinding {
                        report,
                        diagnostic,
                        region,
                    },
                )
            })
        })
        .collect();
    found.sort_by(|(a_index, a), (b_index, b)| {
        let (a_start, b_start) = (a.start(), b.start());
        (a_index, a_start.line, a_start.column, &a.diagnostic.code).cmp(&(
            b_index,
            b_start.line,
            b_start.column,
            &b.diagnostic.code,
        ))
    });
    found.into_iter().map(|(_, located)| located).collect()
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
        let mut summary = Summary {
            files: distinct_paths(reports).len(),
            ..Summary::default()
        };
        for diagnostic in reports.iter().flat_map(|report| &report.diagnostics) {
            summary.fixable += usize::from(diagnostic.fix.is_some());
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
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
