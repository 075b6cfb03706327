//! The safe fixes of a `jixiao check` run: `--fix` writes them into the .jx files and checks those again, `--diff`
//! prints them as a unified diff and writes nothing.
//!
//! Only .jx files on disk that parse are fixed: tables, standard input and files with syntax errors are left
//! as they are.

use super::rule_sets::RuleSets;
use super::{write_text, Status};
use jixiao::config::Loader;
use jixiao::diagnostic::codes;
use jixiao::lint::fix::{self, Fixed};
use jixiao::{check_with_rules, paths, FileReport, SourceFile};
use std::io::{self, Write};
use std::path::PathBuf;

/// The fixes of a report of a .jx file on disk: the file's text as read, and what fixing changes. Tables,
/// standard input and files that do not parse are not fixed.
fn fixes_of(report: &FileReport) -> Option<(PathBuf, Fixed)> {
    let path = PathBuf::from(&report.path);
    let source = report.source.as_ref()?;
    // A file that does not parse is left as it is: its text may not be what the user meant yet. (A file with
    // syntax errors may still have a document, of what parsed around them.)
    let syntax_error = report
        .diagnostics
        .iter()
        .any(|d| d.code == codes::SYNTAX.code);
    if paths::is_table(&path) || !path.is_file() || report.document.is_none() || syntax_error {
        return None;
    }
    let original = std::fs::read_to_string(&path).ok()?;
    let fixed = fix::apply(&original, source, &report.diagnostics)?;
    Some((path, fixed))
}

/// `--diff`: prints what `--fix` would change; exit 1 when something would.
pub(super) fn write_diffs(reports: &[FileReport]) -> Status {
    let mut out = String::new();
    for report in reports {
        let Some((path, fixed)) = fixes_of(report) else {
            continue;
        };
        let original = std::fs::read_to_string(&path).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&original, &fixed.text);
        out.push_str(
            &diff
                .unified_diff()
                .header(&report.path, &report.path)
                .to_string(),
        );
    }
    if out.is_empty() {
        write_text("")
    } else {
        match write_text(&out) {
            Status::Clean => Status::Findings,
            other => other,
        }
    }
}

/// `--fix`: writes the fixes into the files and checks them again, so that the reports hold what remains.
pub(super) fn apply(reports: &mut [FileReport], loader: &Loader, rule_sets: &RuleSets) {
    let mut edits = 0;
    let mut files = 0;
    for report in reports.iter_mut() {
        let Some((path, fixed)) = fixes_of(report) else {
            continue;
        };
        if let Err(err) = std::fs::write(&path, &fixed.text) {
            let _ = writeln!(
                io::stderr(),
                "jixiao: 无法写入 {} / cannot write {}: {err}",
                report.path,
                report.path
            );
            continue;
        }
        edits += fixed.edits + fixed.normalised;
        files += 1;
        if let Ok(settings) = loader.settings_for(&path) {
            if let Ok(rules) = rule_sets.for_settings(&settings) {
                *report =
                    check_with_rules(SourceFile::new(report.path.clone(), &fixed.text), &rules);
            }
        }
    }
    if files > 0 {
        let _ = writeln!(
            io::stderr(),
            "已修复 {edits} 处（{files} 个文件） / fixed {edits} in {files} file(s)"
        );
    }
}
