//! The safe fixes of a `jixiao check` run: `--fix` writes them into the .jx files and checks those again, `--diff`
//! prints them as a unified diff and writes nothing.
//!
//! Only .jx files on disk that parse are fixed: tables, standard input and files with syntax errors are left
//! as they are. A fix is made from the bytes that were checked and written only while the file still holds
//! them (their digest is the source's): a file changed after it was read is left alone and told on standard
//! error, and the run exits 2. Writing goes through [`jixiao::write`]: atomically, keeping the file's
//! permissions, not through a symbolic link unless `--follow-symlinks`, never out of the tree given.

use super::rule_sets::RuleSets;
use super::{refusal, write_text, Status};
use jixiao::config::Loader;
use jixiao::diagnostic::codes;
use jixiao::lint::fix::{self, Fixed};
use jixiao::source::digest;
use jixiao::write::{self, Expect, WriteError};
use jixiao::{check_with_rules, paths, FileReport, Lang, SourceFile};
use std::io::{self, Write};
use std::path::PathBuf;

/// Where `--fix` may write: the paths the run was given (the trees it writes in), whether it follows symbolic
/// links, and the language of what it says.
pub(super) struct Writing<'a> {
    /// The paths given to `check`.
    pub roots: &'a [PathBuf],
    /// `--follow-symlinks`.
    pub follow: bool,
    /// `--lang`.
    pub lang: Lang,
}

/// A .jx file on disk to fix: its path, its text (the bytes that were checked) and what fixing changes.
struct Fixable {
    path: PathBuf,
    original: String,
    fixed: Fixed,
}

/// The fixes of a report of a .jx file on disk, `None` when there are none. Tables, standard input and files
/// that do not parse are not fixed.
///
/// # Errors
/// [`WriteError::Changed`] when the file no longer holds the bytes that were checked.
fn fixes_of(report: &FileReport) -> Result<Option<Fixable>, WriteError> {
    let path = PathBuf::from(&report.path);
    let Some(source) = report.source.as_ref() else {
        return Ok(None);
    };
    // A file that does not parse is left as it is: its text may not be what the user meant yet. (A file with
    // syntax errors may still have a document, of what parsed around them.)
    let syntax_error = report
        .diagnostics
        .iter()
        .any(|d| d.code == codes::SYNTAX.code);
    if paths::is_table(&path) || !path.is_file() || report.document.is_none() || syntax_error {
        return Ok(None);
    }
    if !report.diagnostics.iter().any(|d| d.fix.is_some()) {
        return Ok(None);
    }
    let bytes = std::fs::read(&path)?;
    if digest(&bytes) != source.digest() {
        return Err(WriteError::Changed);
    }
    let original = String::from_utf8(bytes).map_err(|_| WriteError::Changed)?;
    Ok(
        fix::apply(&original, source, &report.diagnostics).map(|fixed| Fixable {
            path,
            original,
            fixed,
        }),
    )
}

/// Tells on standard error why `report`'s file was not fixed.
fn tell(err: &WriteError, report: &FileReport, lang: Lang) {
    let _ = writeln!(io::stderr(), "jixiao: {}", refusal(err, &report.path, lang));
}

/// `--diff`: prints what `--fix` would change; exit 1 when something would, 2 when a file changed after it was
/// checked.
pub(super) fn write_diffs(reports: &[FileReport], lang: Lang) -> Status {
    let mut out = String::new();
    let mut status = Status::Clean;
    for report in reports {
        let fixable = match fixes_of(report) {
            Ok(Some(fixable)) => fixable,
            Ok(None) => continue,
            Err(err) => {
                tell(&err, report, lang);
                status = Status::Trouble;
                continue;
            }
        };
        out.push_str(&super::diff::unified(
            &fixable.original,
            &fixable.fixed.text,
            &report.path,
        ));
    }
    let written = write_text(&out);
    if written == Status::Trouble || status == Status::Trouble {
        Status::Trouble
    } else if out.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    }
}

/// `--fix`: writes the fixes into the files and checks them again, so that the reports hold what remains.
/// Trouble when a file could not be written (refused, changed meanwhile, or the system failed), else clean.
pub(super) fn apply(
    reports: &mut [FileReport],
    loader: &Loader,
    rule_sets: &RuleSets,
    writing: &Writing<'_>,
) -> Status {
    let mut edits = 0;
    let mut files = 0;
    let mut status = Status::Clean;
    for report in reports.iter_mut() {
        let written = fixes_of(report).and_then(|fixable| match fixable {
            Some(fixable) => write_fix(&fixable, writing).map(|()| Some(fixable)),
            None => Ok(None),
        });
        let fixable = match written {
            Ok(Some(fixable)) => fixable,
            Ok(None) => continue,
            Err(err) => {
                tell(&err, report, writing.lang);
                status = Status::Trouble;
                continue;
            }
        };
        edits += fixable.fixed.edits;
        files += 1;
        if let Ok(settings) = loader.settings_for(&fixable.path) {
            if let Ok(rules) = rule_sets.for_settings(&settings) {
                let source = SourceFile::new(report.path.clone(), &fixable.fixed.text);
                *report = check_with_rules(source, &rules);
            }
        }
    }
    if files > 0 {
        let _ = writeln!(
            io::stderr(),
            "已修复 {edits} 处（{files} 个文件） / fixed {edits} in {files} file(s)"
        );
    }
    status
}

/// Writes one file's fixes, if it still holds the bytes that were checked.
fn write_fix(fixable: &Fixable, writing: &Writing<'_>) -> Result<(), WriteError> {
    let tree = write::tree_of(&fixable.path, writing.roots);
    let target = write::target(&fixable.path, &tree, writing.follow)?;
    let checked = digest(fixable.original.as_bytes());
    let unchanged = |bytes: &[u8]| digest(bytes) == checked;
    write::replace(
        &target,
        fixable.fixed.text.as_bytes(),
        Expect::Content(&unchanged),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKED: &str =
        "项目 \"x\" {\n  年度 2024\n  产出 {\n    数量 \"培训人次\" >= 280 人次\n  }\n}\n";

    #[test]
    fn a_file_edited_after_it_was_checked_is_left_as_edited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jx");
        std::fs::write(&path, CHECKED).unwrap();
        let rules = jixiao::lint::builtin().unwrap();
        let shown = path.to_string_lossy().into_owned();
        let mut reports = vec![check_with_rules(SourceFile::new(shown, CHECKED), &rules)];
        assert!(reports[0].diagnostics.iter().any(|d| d.fix.is_some()));
        // The user saves an edit after the check, before the fix is written.
        let edited = CHECKED.replace("280", "300");
        std::fs::write(&path, &edited).unwrap();
        let writing = Writing {
            roots: &[dir.path().to_path_buf()],
            follow: false,
            lang: Lang::En,
        };
        let status = apply(&mut reports, &Loader::new(), &RuleSets::default(), &writing);
        assert_eq!(status, Status::Trouble);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
        assert_eq!(write_diffs(&reports, Lang::En), Status::Trouble);
    }
}
