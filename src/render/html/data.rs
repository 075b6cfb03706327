//! What the HTML report's script reads: one object per file, with its declarations' opinions and its findings,
//! serialized as the reports come and embedded as JSON in the page.

use crate::config::Thresholds;
use crate::diagnostic::Lang;
use crate::render::opinion::{self, severity_index, Verdict};
use crate::render::{excerpt, Catalog, PlacedFinding};
use crate::report::FileReport;
use serde::Serialize;

/// One file: a workbook's sheets together.
#[derive(Debug, Serialize)]
pub(super) struct FileData {
    /// The path, as shown.
    pub path: String,
    /// Errors, warnings, infos.
    pub counts: [usize; 3],
    /// The worst verdict of its declarations.
    pub verdict: &'static str,
    /// Its declarations, each with its opinion.
    pub declarations: Vec<DeclarationData>,
    /// Its findings, by declaration and place.
    pub findings: Vec<FindingData>,
    #[serde(skip)]
    pub worst: Verdict,
}

/// One declaration and its opinion.
#[derive(Debug, Serialize)]
pub(super) struct DeclarationData {
    /// Its name, or the file's.
    pub name: String,
    /// The sheet, for a table.
    pub sheet: Option<String>,
    /// `return`, `revise` or `pass`.
    pub verdict: &'static str,
    /// The verdict as the bureau writes it.
    pub label: &'static str,
    /// Errors, warnings, infos.
    pub counts: [usize; 3],
    /// The opinion's text (审核意见).
    pub opinion: String,
}

/// One finding, with short keys: the page holds thousands.
#[derive(Debug, Serialize)]
pub(super) struct FindingData {
    /// 0 error, 1 warning, 2 info.
    pub s: usize,
    /// The code.
    pub code: String,
    /// The declaration it belongs to (an index into the file's).
    pub d: usize,
    /// Where: `项目一!E12` or `第 7 行`.
    pub at: String,
    /// The cell's text, or the line's.
    pub text: String,
    /// What it is about.
    pub subject: Option<String>,
    /// The message.
    pub msg: String,
    /// The help.
    pub help: Option<String>,
}

impl FileData {
    /// An empty file.
    pub fn new(path: &str) -> Self {
        FileData {
            path: path.to_string(),
            counts: [0; 3],
            verdict: Verdict::Pass.as_str(),
            declarations: Vec::new(),
            findings: Vec::new(),
            worst: Verdict::Pass,
        }
    }

    /// Adds one report of this file: its declarations' opinions and its findings.
    pub fn add(&mut self, report: &FileReport, thresholds: Thresholds, lang: Lang) {
        let first = self.declarations.len();
        for (index, opinion) in opinion::opinions(report, thresholds).iter().enumerate() {
            self.worst = self.worst.max(opinion.verdict);
            self.verdict = self.worst.as_str();
            for (count, add) in self.counts.iter_mut().zip(opinion.counts) {
                *count += add;
            }
            self.declarations.push(DeclarationData {
                name: opinion.title().to_string(),
                sheet: opinion.sheet.map(str::to_string),
                verdict: opinion.verdict.as_str(),
                label: opinion.verdict.label(lang),
                counts: opinion.counts,
                opinion: opinion.text(lang),
            });
            for group in &opinion.groups {
                for finding in &group.findings {
                    self.findings.push(finding_data(
                        finding,
                        first + index,
                        group.subject.clone(),
                        lang,
                    ));
                }
            }
        }
    }
}

/// One finding as the page shows it.
fn finding_data(
    finding: &PlacedFinding<'_>,
    declaration: usize,
    subject: Option<String>,
    lang: Lang,
) -> FindingData {
    let diagnostic = finding.diagnostic;
    let text = match &diagnostic.cell {
        Some(cell) => cell.text.clone().unwrap_or_default(),
        None => line_text(finding),
    };
    FindingData {
        s: severity_index(diagnostic.severity),
        code: diagnostic.code.clone(),
        d: declaration,
        at: opinion::place(finding, lang),
        text,
        subject,
        msg: diagnostic.message.get(lang).to_string(),
        help: diagnostic.help.as_ref().map(|h| h.get(lang).to_string()),
    }
}

/// The text of the line a finding starts on, trimmed; a line longer than the human format draws is cut to the
/// same window around the finding (`…` where text is left out), so that a file on one line does not repeat
/// itself under every finding.
fn line_text(finding: &PlacedFinding<'_>) -> String {
    let Some(source) = &finding.report.source else {
        return String::new();
    };
    let line = source.line_span(finding.diagnostic.span.start);
    let text = source.slice(line);
    if !excerpt::is_long(text) {
        return text.trim().to_string();
    }
    let (from, to) = excerpt::cut(
        text,
        finding.diagnostic.span.start.saturating_sub(line.start),
    );
    let before = if from > 0 { "…" } else { "" };
    let after = if to < text.len() { "…" } else { "" };
    format!("{before}{}{after}", text[from..to].trim())
}

/// What the page knows of a rule: for the filters, the links and the table of rules.
#[derive(Debug, Serialize)]
pub(super) struct RuleData<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    pub summary: &'a str,
}

/// The rules of `codes`, described by `catalog` (a code it does not know is described by its code alone).
pub(super) fn rules<'a>(
    catalog: &'a Catalog,
    codes: impl Iterator<Item = (&'a str, &'a str)>,
    lang: Lang,
) -> Vec<RuleData<'a>> {
    codes
        .map(|(code, name)| match catalog.get(code) {
            Some(info) => RuleData {
                code,
                name: &info.name,
                category: &info.category,
                summary: info.summary.get(lang),
            },
            None => RuleData {
                code,
                name,
                category: crate::render::catalog::FIXED_CATEGORY,
                summary: name,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn texts_of(text: &str) -> Vec<String> {
        let rules = crate::lint::builtin().expect("the built-in rules compile");
        let report = crate::lint::check_with_rules(SourceFile::new("t.jx", text), &rules);
        report
            .diagnostics
            .iter()
            .map(|diagnostic| {
                line_text(&PlacedFinding {
                    report: &report,
                    diagnostic,
                    region: None,
                })
            })
            .collect()
    }

    #[test]
    fn a_finding_on_a_long_line_shows_a_window_of_it_and_a_short_line_whole() {
        let mut text = String::from("项目 \"一行\" { 年度 2024 产出 { 数量 {");
        for i in 0..200 {
            text.push_str(&format!(" \"指标{i}\" 定性 \"满足需求\""));
        }
        text.push_str(" } } }\n");
        let texts = texts_of(&text);
        assert!(texts.len() > 200, "{}", texts.len());
        for shown in &texts {
            assert!(
                shown.chars().count() <= excerpt::MAX_LINE_CHARS + 2,
                "{shown}"
            );
            assert!(shown.starts_with('…') || shown.ends_with('…'), "{shown}");
        }
        assert!(texts.iter().any(|shown| shown.contains("指标150")));
        let short = texts_of("项目 \"a\" {\n  产出 { 数量 \"x\" 定性 \"满足需求\" }\n}\n");
        assert!(
            short.contains(&"产出 { 数量 \"x\" 定性 \"满足需求\" }".to_string()),
            "{short:?}"
        );
    }
}
