//! The review opinion (审核意见) a finance bureau hands back with a declaration: a verdict from the severities of
//! its findings (退回修改, 修改后通过, 通过; the [`Thresholds`] of jixiao.toml's `[opinion]`), then what to change,
//! indicator by indicator, in the bureau's register.
//!
//! [`opinions`] builds one [`Opinion`] per declaration of a report (a workbook's sheet is a report of one
//! declaration); [`Opinion::text`] writes it; [`OpinionText`] is `check --format opinion`, and the HTML report
//! and the annotated workbook show the same text.

use super::{placed_in, PlacedFinding, Render};
use crate::config::Thresholds;
use crate::diagnostic::{Lang, Severity};
use crate::report::{declaration_at, subject_at, FileReport};
use crate::syntax::ast::{DeclarationKind, Document};
use rustc_hash::FxHashMap as HashMap;
use std::io;

/// What the bureau decides about a declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// 通过: nothing to change.
    Pass,
    /// 修改后通过: to be changed, then passed.
    Revise,
    /// 退回修改: returned, to be changed and submitted again.
    Return,
}

impl Verdict {
    /// The verdict for `errors` and `warnings` under `thresholds` (infos never count).
    pub fn of(errors: usize, warnings: usize, thresholds: Thresholds) -> Verdict {
        let reaches = |count: usize, threshold: u32| count >= threshold as usize;
        if reaches(errors, thresholds.return_errors)
            || reaches(warnings, thresholds.return_warnings)
        {
            Verdict::Return
        } else if errors > 0 || reaches(warnings, thresholds.revise_warnings) {
            Verdict::Revise
        } else {
            Verdict::Pass
        }
    }

    /// The stable name used in data: `return`, `revise`, `pass`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Return => "return",
            Verdict::Revise => "revise",
            Verdict::Pass => "pass",
        }
    }

    /// The verdict as the bureau writes it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Verdict::Return, Lang::Zh) => "退回修改",
            (Verdict::Revise, Lang::Zh) => "修改后通过",
            (Verdict::Pass, Lang::Zh) => "通过",
            (Verdict::Return, Lang::En) => "returned for revision",
            (Verdict::Revise, Lang::En) => "approved once revised",
            (Verdict::Pass, Lang::En) => "approved",
        }
    }
}

/// The findings about one indicator, group or the declaration itself, in the order of the text.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// The indicator or group ([`crate::report::Subject::label`]); `None` for the declaration as a whole.
    pub subject: Option<String>,
    /// Its findings.
    pub findings: Vec<PlacedFinding<'a>>,
}

/// The opinion on one declaration.
#[derive(Debug, Clone)]
pub struct Opinion<'a> {
    /// The file, as shown.
    pub path: &'a str,
    /// The sheet, for a table.
    pub sheet: Option<&'a str>,
    /// The declaration's name; `None` when the file has none (it could not be read or parsed).
    pub name: Option<&'a str>,
    /// Whether it is a department's overall declaration (部门整体) rather than a project's.
    pub department: bool,
    /// Its findings by severity: errors, warnings, infos.
    pub counts: [usize; 3],
    /// What is decided.
    pub verdict: Verdict,
    /// The findings, subject by subject, the declaration's own first.
    pub groups: Vec<Group<'a>>,
}

/// The opinions on the declarations of `report`, one each; one for the file when it has none.
pub fn opinions(report: &FileReport, thresholds: Thresholds) -> Vec<Opinion<'_>> {
    let declarations = report
        .document
        .as_ref()
        .map_or(0, |document| document.declarations.len());
    let mut findings: Vec<Vec<(Option<String>, PlacedFinding<'_>)>> =
        vec![Vec::new(); declarations.max(1)];
    for finding in placed_in(report) {
        let (index, subject) = locate(report.document.as_ref(), &finding);
        findings[index.min(declarations.saturating_sub(1))].push((subject, finding));
    }
    findings
        .into_iter()
        .enumerate()
        .map(|(index, found)| {
            let declaration = report
                .document
                .as_ref()
                .and_then(|document| document.declarations.get(index));
            let mut counts = [0; 3];
            for (_, finding) in &found {
                counts[severity_index(finding.diagnostic.severity)] += 1;
            }
            let sheet = found
                .iter()
                .find_map(|(_, f)| f.diagnostic.cell.as_ref()?.sheet.as_deref());
            Opinion {
                path: &report.path,
                sheet,
                name: declaration.map(|d| d.name.value.as_str()),
                department: declaration
                    .is_some_and(|d| d.kind.value == DeclarationKind::Department),
                counts,
                verdict: Verdict::of(counts[0], counts[1], thresholds),
                groups: grouped(found),
            }
        })
        .collect()
}

/// The index of the declaration a finding belongs to and what it is about: a table's finding names them in
/// its cell; a .jx finding is placed by its span.
fn locate(document: Option<&Document>, finding: &PlacedFinding<'_>) -> (usize, Option<String>) {
    if let Some(cell) = &finding.diagnostic.cell {
        return (0, cell.subject.clone());
    }
    let Some(document) = document else {
        return (0, None);
    };
    let offset = finding.diagnostic.span.start;
    let index = declaration_at(document, offset).unwrap_or(0);
    let subject = document
        .declarations
        .get(index)
        .and_then(|declaration| subject_at(declaration, offset).label());
    (index, subject)
}

/// Findings grouped by subject: the declaration's own first, then each subject in the order it first appears.
fn grouped<'a>(found: Vec<(Option<String>, PlacedFinding<'a>)>) -> Vec<Group<'a>> {
    let mut groups: Vec<Group<'a>> = Vec::new();
    // Each subject's group, found by a look-up: a declaration may have thousands of subjects.
    let mut index: HashMap<Option<String>, usize> = HashMap::default();
    for (subject, finding) in found {
        match index.get(&subject) {
            Some(&at) => groups[at].findings.push(finding),
            None => {
                index.insert(subject.clone(), groups.len());
                groups.push(Group {
                    subject,
                    findings: vec![finding],
                });
            }
        }
    }
    groups.sort_by_key(|group| group.subject.is_some());
    groups
}

/// 0 for errors, 1 for warnings, 2 for infos.
pub fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// Where a finding is, as a reviewer names it: the sheet and cell of a table, else the line.
pub fn place(finding: &PlacedFinding<'_>, lang: Lang) -> String {
    match (&finding.diagnostic.cell, lang) {
        (Some(cell), _) => match &cell.sheet {
            Some(sheet) => format!("{sheet}!{}", cell.cell),
            None => cell.cell.clone(),
        },
        (None, Lang::Zh) => format!("第 {} 行", finding.start().line),
        (None, Lang::En) => format!("line {}", finding.start().line),
    }
}

impl Opinion<'_> {
    /// The title: the declaration's name, or the file's.
    pub fn title(&self) -> &str {
        self.name.unwrap_or(self.path)
    }

    /// The opinion's first paragraph: the verdict and what follows from it.
    pub fn conclusion(&self, lang: Lang) -> String {
        let [errors, warnings, infos] = self.counts;
        let what = match (self.department, lang) {
            (true, Lang::Zh) => "该部门整体绩效目标",
            (false, Lang::Zh) => "该项目绩效目标",
            (true, Lang::En) => "the department's performance targets",
            (false, Lang::En) => "the project's performance targets",
        };
        let mut text = match (self.verdict, lang) {
            (Verdict::Return, Lang::Zh) => format!(
                "经审核，{what}有 {errors} 处必须修改的问题、{warnings} 处建议修改的问题，不符合申报要求，予以退回。请按以下意见逐项修改后重新报送。"
            ),
            (Verdict::Revise, Lang::Zh) => format!(
                "经审核，{what}总体可行，有 {} 处需要修改完善。请按以下意见修改后报送，修改后予以通过。",
                errors + warnings
            ),
            (Verdict::Pass, Lang::Zh) => {
                format!("经审核，{what}明确、可衡量，符合申报要求，予以通过。")
            }
            (Verdict::Return, Lang::En) => format!(
                "On review, {what} have {} that must be corrected and {warnings} that should be; they do not meet the requirements and are returned. Please revise them as set out below and submit them again.",
                plural(errors, "problem", "problems")
            ),
            (Verdict::Revise, Lang::En) => format!(
                "On review, {what} are sound overall, with {} to revise. Please revise them as set out below; once revised they are approved.",
                plural(errors + warnings, "point", "points")
            ),
            (Verdict::Pass, Lang::En) => {
                format!("On review, {what} are clear and measurable and meet the requirements: approved.")
            }
        };
        if infos > 0 {
            text.push_str(&match lang {
                Lang::Zh => format!("另有 {infos} 条提示供参考。"),
                Lang::En => format!(
                    " {} for reference.",
                    plural(infos, "note is given", "notes are given")
                ),
            });
        }
        text
    }

    /// The whole opinion as text: the title, the file, the verdict, the conclusion and the numbered changes.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let file = match (self.sheet, lang) {
            (Some(sheet), Lang::Zh) => format!("{}（工作表“{sheet}”）", self.path),
            (Some(sheet), Lang::En) => format!("{} (sheet {sheet})", self.path),
            (None, _) => self.path.to_string(),
        };
        match lang {
            Lang::Zh => {
                out.push_str(&format!("审核意见：{}\n", self.title()));
                out.push_str(&format!(
                    "文件：{file}\n结论：{}\n\n",
                    self.verdict.label(lang)
                ));
            }
            Lang::En => {
                out.push_str(&format!("Review opinion: {}\n", self.title()));
                out.push_str(&format!(
                    "File: {file}\nDecision: {}\n\n",
                    self.verdict.label(lang)
                ));
            }
        }
        out.push_str(&self.conclusion(lang));
        out.push('\n');
        for (i, group) in self.groups.iter().enumerate() {
            out.push('\n');
            out.push_str(&heading(i + 1, group.subject.as_deref(), lang));
            out.push('\n');
            for (j, finding) in group.findings.iter().enumerate() {
                out.push_str(&format!("  {}. {}\n", j + 1, item(finding, lang)));
            }
        }
        out
    }
}

/// A group's heading: `一、产出指标 › 数量指标 › 培训人次`.
fn heading(number: usize, subject: Option<&str>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}、{}",
            chinese_number(number),
            subject.unwrap_or("申报整体（表头、年度目标与指标体系）")
        ),
        Lang::En => format!(
            "{number}. {}",
            subject.unwrap_or("The declaration as a whole (header, goals, indicator tree)")
        ),
    }
}

/// One finding as a numbered item: `【错误】E13：message。修改建议：help。`
pub fn item(finding: &PlacedFinding<'_>, lang: Lang) -> String {
    let diagnostic = finding.diagnostic;
    let severity = severity_word(diagnostic.severity, lang);
    let place = place(finding, lang);
    let message = diagnostic.message.get(lang);
    let help = diagnostic.help.as_ref().map(|help| help.get(lang));
    match lang {
        Lang::Zh => {
            let mut text = format!("【{severity}】{place}：{}。", sentence(message));
            if let Some(help) = help {
                text.push_str(&format!("修改建议：{}。", sentence(help)));
            }
            text.push_str(&format!("（{}）", diagnostic.code));
            text
        }
        Lang::En => {
            let mut text = format!("[{severity}] {place}: {}.", sentence(message));
            if let Some(help) = help {
                text.push_str(&format!(" Suggested change: {}.", sentence(help)));
            }
            text.push_str(&format!(" ({})", diagnostic.code));
            text
        }
    }
}

/// `text` without the full stop that the item adds.
fn sentence(text: &str) -> &str {
    text.trim_end_matches(['。', '.', ' '])
}

/// 错误, 警告, 提示.
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Info, Lang::Zh) => "提示",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}

/// `1 file`, `2 files`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// 1 → 一, 12 → 十二, 23 → 二十三; past 99, the digits.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// `check --format opinion`: the opinion on every declaration, in input order, then how many were decided how.
#[derive(Debug)]
pub struct OpinionText {
    lang: Lang,
    thresholds: Thresholds,
    files: usize,
    verdicts: [usize; 3],
    written: usize,
}

impl OpinionText {
    /// The renderer, in `options`'s language, deciding with `thresholds`.
    pub fn new(options: super::Options, thresholds: Thresholds) -> Self {
        OpinionText {
            lang: options.lang,
            thresholds,
            files: 0,
            verdicts: [0; 3],
            written: 0,
        }
    }
}

impl Render for OpinionText {
    fn begin(&mut self, files: &[&str], _: &mut dyn io::Write) -> io::Result<()> {
        self.files = files.len();
        self.verdicts = [0; 3];
        self.written = 0;
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        for opinion in opinions(report, self.thresholds) {
            if self.written > 0 {
                out.write_all("\n────────────────────────────────────────\n\n".as_bytes())?;
            }
            self.written += 1;
            self.verdicts[opinion.verdict as usize] += 1;
            out.write_all(opinion.text(self.lang).as_bytes())?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        let [pass, revise, back] = self.verdicts;
        let line = match self.lang {
            Lang::Zh => format!(
                "{} 个文件，{} 份申报：退回修改 {back}，修改后通过 {revise}，通过 {pass}",
                self.files, self.written
            ),
            Lang::En => format!(
                "{}, {}: {back} returned for revision, {revise} approved once revised, {pass} approved",
                plural(self.files, "file", "files"),
                plural(self.written, "declaration", "declarations")
            ),
        };
        if self.written > 0 {
            out.write_all(b"\n")?;
        }
        writeln!(out, "{line}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_follow_the_thresholds() {
        let t = Thresholds::default();
        assert_eq!(Verdict::of(0, 0, t), Verdict::Pass);
        assert_eq!(Verdict::of(0, 1, t), Verdict::Revise);
        assert_eq!(Verdict::of(0, 5, t), Verdict::Return);
        assert_eq!(Verdict::of(1, 0, t), Verdict::Return);
        let lenient = Thresholds {
            return_errors: 3,
            return_warnings: 10,
            revise_warnings: 2,
        };
        assert_eq!(Verdict::of(2, 0, lenient), Verdict::Revise);
        assert_eq!(Verdict::of(0, 1, lenient), Verdict::Pass);
        assert_eq!(Verdict::of(3, 0, lenient), Verdict::Return);
    }

    #[test]
    fn chinese_numbers() {
        let shown: Vec<String> = [1, 9, 10, 11, 20, 23, 99, 100]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            shown,
            ["一", "九", "十", "十一", "二十", "二十三", "九十九", "100"]
        );
    }
}
