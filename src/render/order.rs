//! The findings of a run in another order than the input's (`check --sort`), and only those of some severities
//! (`check --min-level`).
//!
//! Sorting needs every report first. [`write_sorted`] then hands the format runs of findings from one report
//! at a time, in the order asked for, without copying any report's source: the report's findings are swapped
//! for the run's while it is written. Every format writes a report's findings by place, so a run holds only
//! findings whose place keeps the order (same file, and same severity or same rule).

use super::Render;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::FileReport;
use std::cmp::Reverse;
use std::io;

/// What `--sort` orders the findings by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Errors first, then warnings, then infos; each by file (in input order) and place.
    Severity,
    /// By file path, then place.
    File,
    /// By rule code, then file (in input order) and place.
    Rule,
}

/// Drops the findings of `report` below `min`.
pub fn keep_at_least(report: &mut FileReport, min: Severity) {
    report.diagnostics.retain(|d| d.severity >= min);
}

/// Writes `reports` with `renderer` (begin, the findings, finish), the findings ordered by `key`.
///
/// # Errors
/// Only the errors of `out`.
pub fn write_sorted(
    renderer: &mut dyn Render,
    reports: &mut [FileReport],
    key: SortKey,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    renderer.begin(&super::distinct_paths(reports), out)?;
    // (report, finding) in the order asked for.
    let mut order: Vec<(usize, usize)> = reports
        .iter()
        .enumerate()
        .flat_map(|(r, report)| (0..report.diagnostics.len()).map(move |d| (r, d)))
        .collect();
    let path_rank = path_ranks(reports, key);
    let place = |(r, d): (usize, usize)| {
        let diagnostic: &Diagnostic = &reports[r].diagnostics[d];
        (path_rank[r], diagnostic.span.start, diagnostic.code.clone())
    };
    match key {
        SortKey::Severity => order.sort_by_cached_key(|&at| {
            (Reverse(reports[at.0].diagnostics[at.1].severity), place(at))
        }),
        SortKey::File => order.sort_by_cached_key(|&at| place(at)),
        SortKey::Rule => order
            .sort_by_cached_key(|&at| (reports[at.0].diagnostics[at.1].code.clone(), place(at))),
    }
    let mut taken: Vec<Vec<Option<Diagnostic>>> = reports
        .iter_mut()
        .map(|report| {
            std::mem::take(&mut report.diagnostics)
                .into_iter()
                .map(Some)
                .collect()
        })
        .collect();
    let mut at = 0;
    let mut result = Ok(());
    while at < order.len() && result.is_ok() {
        let report = order[at].0;
        let from = at;
        let group = |(r, d): (usize, usize)| {
            let diagnostic = &taken[r][d];
            diagnostic.as_ref().map(|d| match key {
                SortKey::Severity => (Some(d.severity), None),
                SortKey::Rule => (None, Some(d.code.clone())),
                SortKey::File => (None, None),
            })
        };
        let first = group(order[at]);
        // A run: the same report and, unless by file, the same severity or rule.
        while at < order.len() && order[at].0 == report && group(order[at]) == first {
            at += 1;
        }
        let run = order[from..at]
            .iter()
            .filter_map(|&(_, d)| taken[report][d].take())
            .collect();
        reports[report].diagnostics = run;
        result = renderer.report(&reports[report], out);
        // The run's findings go back to their places.
        let run = std::mem::take(&mut reports[report].diagnostics);
        for (&(_, d), diagnostic) in order[from..at].iter().zip(run) {
            taken[report][d] = Some(diagnostic);
        }
    }
    for (report, diagnostics) in reports.iter_mut().zip(taken) {
        report.diagnostics = diagnostics.into_iter().flatten().collect();
    }
    result?;
    renderer.finish(out)
}

/// For each report, its rank among the files: input order, or by path for [`SortKey::File`].
fn path_ranks(reports: &[FileReport], key: SortKey) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..reports.len()).collect();
    if key == SortKey::File {
        indices.sort_by(|&a, &b| reports[a].path.cmp(&reports[b].path));
    }
    let mut rank = vec![0; reports.len()];
    for (position, index) in indices.into_iter().enumerate() {
        rank[index] = position;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{codes, Text};
    use crate::render::{Format, Options};
    use crate::source::{SourceFile, Span};

    fn report(path: &str, findings: &[(usize, Severity, &str)]) -> FileReport {
        let source = SourceFile::new(path, "一\n二\n三\n四\n");
        FileReport {
            path: path.into(),
            source: Some(source),
            document: None,
            diagnostics: findings
                .iter()
                .map(|&(line, severity, code)| {
                    let mut d = Diagnostic::new(
                        codes::SYNTAX,
                        severity,
                        Span::new(4 * line, 4 * line + 3),
                        Text::new("m", "m"),
                    );
                    d.code = code.into();
                    d
                })
                .collect(),
        }
    }

    fn concise(reports: &mut [FileReport], key: SortKey) -> Vec<String> {
        let mut out = Vec::new();
        let mut renderer = Format::Concise.renderer(Options::default());
        write_sorted(renderer.as_mut(), reports, key, &mut out).unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .filter(|line| line.contains(": JX"))
            .map(|line| line.trim_end_matches(" m").to_string())
            .collect()
    }

    #[test]
    fn sorted_by_severity_rule_and_file_and_given_back() {
        let make = || {
            vec![
                report(
                    "b.jx",
                    &[(0, Severity::Warning, "JX2"), (2, Severity::Error, "JX3")],
                ),
                report(
                    "a.jx",
                    &[(1, Severity::Error, "JX1"), (3, Severity::Info, "JX2")],
                ),
            ]
        };
        let mut reports = make();
        assert_eq!(
            concise(&mut reports, SortKey::Severity),
            [
                "b.jx:3:1: JX3",
                "a.jx:2:1: JX1",
                "b.jx:1:1: JX2",
                "a.jx:4:1: JX2"
            ]
        );
        assert_eq!(reports[0].diagnostics, make()[0].diagnostics);
        assert_eq!(
            concise(&mut reports, SortKey::Rule),
            [
                "a.jx:2:1: JX1",
                "b.jx:1:1: JX2",
                "a.jx:4:1: JX2",
                "b.jx:3:1: JX3"
            ]
        );
        assert_eq!(
            concise(&mut reports, SortKey::File),
            [
                "a.jx:2:1: JX1",
                "a.jx:4:1: JX2",
                "b.jx:1:1: JX2",
                "b.jx:3:1: JX3"
            ]
        );
    }
}
