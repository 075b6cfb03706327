//! The review report (`jixiao report`, `check --format html`): one self-contained HTML page for a finance
//! bureau's reviewer. No network: the style sheet, the script, the chart (an inline SVG) and the data are in the
//! page.
//!
//! What does not change with the reader's choices is written as HTML here: the summary (files, declarations,
//! findings by severity, verdicts, the clean files), the chart of the most frequent rules and the rules'
//! documentation, every user string escaped ([`escape`]). The files' table and each file's section with its
//! findings and its opinion (审核意见) are drawn by the page's script (`report.js`) from the data embedded as
//! JSON (`data`), a page of files at a time, so that a page of ten thousand findings opens at once; sorting
//! and filtering by severity, rule and category happen there, and printing draws every section, one file a
//! page (`report.css`).
//!
//! The renderer streams like the others in what it keeps: a report is turned into its data as it comes; the page
//! is written at the end, since its summary comes first.

mod data;

use super::catalog::Catalog;
use super::{Options, Render, Summary};
use crate::config::Thresholds;
use crate::diagnostic::Lang;
use crate::render::opinion::Verdict;
use crate::report::FileReport;
use data::FileData;
use std::collections::BTreeMap;
use std::io::{self, Write};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// How many rules the chart shows.
const CHART_RULES: usize = 12;

/// The HTML report.
#[derive(Debug)]
pub struct HtmlReport {
    lang: Lang,
    thresholds: Thresholds,
    catalog: Catalog,
    summary: Summary,
    /// The data of the files, as JSON objects, in input order.
    files: Vec<u8>,
    file_count: usize,
    /// The file whose reports are coming (a workbook has one per sheet).
    current: Option<FileData>,
    declarations: usize,
    verdicts: [usize; 3],
    clean: Vec<String>,
    /// Findings per code: the rule's name and the count.
    rules: BTreeMap<String, (String, usize)>,
}

impl HtmlReport {
    /// The report in the language of `options`, deciding opinions with `thresholds`, describing the rules of
    /// `catalog`.
    pub fn new(options: Options, thresholds: Thresholds, catalog: Catalog) -> Self {
        HtmlReport {
            lang: options.lang,
            thresholds,
            catalog,
            summary: Summary::default(),
            files: Vec::new(),
            file_count: 0,
            current: None,
            declarations: 0,
            verdicts: [0; 3],
            clean: Vec::new(),
            rules: BTreeMap::new(),
        }
    }

    /// Ends the file whose reports came last: its data joins the page's.
    fn close_file(&mut self) -> io::Result<()> {
        let Some(file) = self.current.take() else {
            return Ok(());
        };
        if file.counts == [0; 3] {
            self.clean.push(file.path.clone());
        }
        for declaration in &file.declarations {
            self.declarations += 1;
            let verdict = match declaration.verdict {
                "return" => Verdict::Return,
                "revise" => Verdict::Revise,
                _ => Verdict::Pass,
            };
            self.verdicts[verdict as usize] += 1;
        }
        if self.file_count > 0 {
            self.files.push(b',');
        }
        self.file_count += 1;
        serde_json::to_writer(&mut self.files, &file)?;
        Ok(())
    }

    fn label(&self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The summary: files, declarations, findings by severity, verdicts, clean files.
    fn write_summary(&self, out: &mut dyn Write) -> io::Result<()> {
        let l = |zh, en| self.label(zh, en);
        let [pass, revise, back] = self.verdicts;
        let cards = [
            ("sum-files", l("文件", "files"), self.summary.files, ""),
            (
                "sum-declarations",
                l("申报", "declarations"),
                self.declarations,
                "",
            ),
            (
                "sum-errors",
                l("错误", "errors"),
                self.summary.errors,
                "error",
            ),
            (
                "sum-warnings",
                l("警告", "warnings"),
                self.summary.warnings,
                "warning",
            ),
            ("sum-infos", l("提示", "infos"), self.summary.infos, "info"),
            (
                "sum-clean",
                l("没有问题的文件", "clean files"),
                self.clean.len(),
                "clean",
            ),
            ("sum-return", l("退回修改", "returned"), back, "return"),
            (
                "sum-revise",
                l("修改后通过", "approved once revised"),
                revise,
                "revise",
            ),
            ("sum-pass", l("通过", "approved"), pass, "pass"),
        ];
        writeln!(out, "<section id=\"summary\" class=\"cards\">")?;
        for (id, label, count, class) in cards {
            writeln!(
                out,
                "<div class=\"card {class}\"><span class=\"n\" id=\"{id}\">{count}</span><span class=\"l\">{label}</span></div>"
            )?;
        }
        writeln!(out, "</section>")?;
        if !self.clean.is_empty() {
            write!(
                out,
                "<details id=\"clean\"><summary>{} ({})</summary><ul>",
                l("没有发现问题的文件", "files with no finding"),
                self.clean.len()
            )?;
            for path in &self.clean {
                write!(out, "<li>{}</li>", escape(path))?;
            }
            writeln!(out, "</ul></details>")?;
        }
        Ok(())
    }

    /// The chart of the most frequent rules: an inline SVG of horizontal bars.
    fn write_chart(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut rules: Vec<(&String, &(String, usize))> = self.rules.iter().collect();
        rules.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then_with(|| a.0.cmp(b.0)));
        rules.truncate(CHART_RULES);
        let Some(most) = rules.first().map(|(_, (_, n))| *n) else {
            return Ok(());
        };
        let (row, label_width, bar_width) = (22, 300, 420);
        let height = row * rules.len() + 4;
        writeln!(
            out,
            "<section id=\"chart\"><h2>{}</h2><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"100%\" style=\"max-width:{}px\">",
            self.label("最常见的问题", "Most frequent findings"),
            self.label("各规则的问题数", "findings per rule"),
            label_width + bar_width + 60,
            label_width + bar_width + 60
        )?;
        for (i, (code, (name, count))) in rules.iter().enumerate() {
            let y = i * row + 2;
            let width = (bar_width * count).div_ceil(most).max(1);
            writeln!(
                out,
                "<g class=\"bar\" data-code=\"{code}\"><text x=\"0\" y=\"{}\"><a href=\"#rule-{}\">{code}</a> {}</text><rect x=\"{label_width}\" y=\"{y}\" width=\"{width}\" height=\"{}\"></rect><text x=\"{}\" y=\"{}\" class=\"count\">{count}</text></g>",
                y + 14,
                escape(&code.to_lowercase()),
                escape(name),
                row - 6,
                label_width + width + 6,
                y + 14,
                code = escape(code),
            )?;
        }
        writeln!(out, "</svg></section>")
    }

    /// The documentation of every rule with a finding, each at its anchor (`#rule-jx102`).
    fn write_rules(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "<section id=\"rules\"><h2>{}</h2>",
            self.label("规则说明", "The rules")
        )?;
        for (code, (name, _)) in &self.rules {
            let (summary, docs) = match self.catalog.get(code) {
                Some(info) => (info.summary.get(self.lang), info.docs.get(self.lang)),
                None => (name.as_str(), ""),
            };
            writeln!(
                out,
                "<article class=\"rule\" id=\"rule-{}\"><h3>{} <span class=\"name\">{}</span></h3><p>{}</p><div class=\"doc\">{}</div></article>",
                escape(&code.to_lowercase()),
                escape(code),
                escape(name),
                escape(summary),
                escape(docs)
            )?;
        }
        writeln!(out, "</section>")
    }
}

/// The page's fixed words, for the script.
fn labels(lang: Lang) -> serde_json::Value {
    let zh = lang == Lang::Zh;
    let pick = |z: &str, e: &str| if zh { z.to_string() } else { e.to_string() };
    serde_json::json!({
        "file": pick("文件", "file"),
        "errors": pick("错误", "errors"),
        "warnings": pick("警告", "warnings"),
        "infos": pick("提示", "infos"),
        "verdict": pick("审核结论", "decision"),
        "top": pick("主要问题", "top rules"),
        "severity": [pick("错误", "error"), pick("警告", "warning"), pick("提示", "info")],
        "all": pick("全部", "all"),
        "place": pick("位置", "place"),
        "text": pick("原文", "text"),
        "message": pick("问题", "finding"),
        "help": pick("修改建议", "suggested change"),
        "rule": pick("规则", "rule"),
        "level": pick("级别", "severity"),
        "category": pick("类别", "category"),
        "subject": pick("指标", "indicator"),
        "opinion": pick("审核意见", "review opinion"),
        "page": pick("第 {n} / {of} 页", "page {n} of {of}"),
        "prev": pick("上一页", "previous"),
        "next": pick("下一页", "next"),
        "shown": pick("显示 {n} / {of} 个文件", "{n} of {of} files shown"),
        "none": pick("没有发现问题", "no finding"),
        "whole": pick("申报整体", "the declaration as a whole"),
    })
}

/// Writes `value` as JSON that may sit in a `<script>` element: every `<` written `\u003c`, so that no
/// `</script>` or `<!--` of a user's text ends or hides it.
fn write_script_json(out: &mut dyn Write, json: &[u8]) -> io::Result<()> {
    let mut start = 0;
    for (i, byte) in json.iter().enumerate() {
        if *byte == b'<' {
            out.write_all(&json[start..i])?;
            out.write_all(b"\\u003c")?;
            start = i + 1;
        }
    }
    out.write_all(&json[start..])
}

/// `text` with `& < > " '` written as entities: safe in an element and in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Render for HtmlReport {
    fn begin(&mut self, files: &[&str], _: &mut dyn Write) -> io::Result<()> {
        self.summary = Summary::of_files(files.len());
        self.files.clear();
        self.file_count = 0;
        Ok(())
    }

    fn report(&mut self, report: &FileReport, _: &mut dyn Write) -> io::Result<()> {
        self.summary.count(report);
        for diagnostic in &report.diagnostics {
            match self.rules.get_mut(&diagnostic.code) {
                Some((_, count)) => *count += 1,
                None => {
                    self.rules
                        .insert(diagnostic.code.clone(), (diagnostic.rule.clone(), 1));
                }
            }
        }
        if self.current.as_ref().is_none_or(|f| f.path != report.path) {
            self.close_file()?;
            self.current = Some(FileData::new(&report.path));
        }
        if let Some(file) = &mut self.current {
            file.add(report, self.thresholds, self.lang);
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.close_file()?;
        let (lang, title) = match self.lang {
            Lang::Zh => ("zh-CN", "绩效目标审核报告"),
            Lang::En => ("en", "Performance target review"),
        };
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
             <title>{title}</title><style>{STYLE}</style></head><body>"
        )?;
        writeln!(
            out,
            "<header><h1>{title}</h1><p class=\"by\">jixiao {}</p></header><main>",
            env!("CARGO_PKG_VERSION")
        )?;
        self.write_summary(out)?;
        self.write_chart(out)?;
        writeln!(out, "<section id=\"units\"><h2>{}</h2><div id=\"controls\" class=\"controls\"></div><table id=\"files\"><thead></thead><tbody></tbody></table><div id=\"pager\" class=\"controls\"></div></section>",
            self.label("各单位的申报", "Submissions"))?;
        writeln!(out, "<section id=\"sections\"></section>")?;
        self.write_rules(out)?;
        writeln!(out, "</main>")?;
        let codes = self
            .rules
            .iter()
            .map(|(code, (name, _))| (code.as_str(), name.as_str()));
        let rules = data::rules(&self.catalog, codes, self.lang);
        out.write_all(b"<script type=\"application/json\" id=\"data\">{\"labels\":")?;
        write_script_json(out, &serde_json::to_vec(&labels(self.lang))?)?;
        out.write_all(b",\"rules\":")?;
        write_script_json(out, &serde_json::to_vec(&rules)?)?;
        out.write_all(b",\"files\":[")?;
        write_script_json(out, &self.files)?;
        out.write_all(b"]}</script>\n<script>")?;
        out.write_all(SCRIPT.as_bytes())?;
        writeln!(out, "</script></body></html>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_reads() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        let mut out = Vec::new();
        write_script_json(&mut out, br#"{"a":"</script><!--"}"#).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"a":"\u003c/script>\u003c!--"}"#
        );
    }
}
