//! Discovery: which inputs `jixiao check [PATH…]` looks at, in which order, under which names.
//!
//! An explicit file is always checked, whatever its name; `-` is standard input. A directory is walked
//! (following symbolic links) for `*.jx` files and tables (`*.csv`, `*.xlsx`, `*.xls`, `*.ods`), skipping hidden entries (a name starting with `.`) and
//! directories named `target`, though an explicit argument is honoured even when hidden. Paths are shown with
//! `/` separators, relative to the current directory as the user gave them (a leading `./` dropped). The result
//! is sorted by path components, the order of a sorted walk, with duplicates removed. Paths that cannot be
//! read become [`codes::READ_ERROR`] entries rather than stopping the run.
//! Nothing here reads file contents or prints.

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::paths::{compare_paths, display_path, is_table};
use crate::read;
use crate::source::Span;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The name shown for standard input when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// One input to check, or a path that could not be looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path shown to the user, with `/` separators.
    pub display: String,
    /// What to read.
    pub kind: EntryKind,
}

/// Where an [`Entry`]'s text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// A path that could not be examined; the finding says why.
    Unreadable(Box<Diagnostic>),
}

/// Expands the path arguments into the sorted, deduplicated inputs to check.
///
/// No arguments means the current directory. `stdin_name` is the name shown for `-`.
pub fn discover(paths: &[PathBuf], stdin_name: Option<&str>) -> Vec<Entry> {
    let current = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &current[..]
    } else {
        paths
    };
    let mut entries = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            entries.push(Entry {
                display: stdin_name.unwrap_or(STDIN_NAME).to_string(),
                kind: EntryKind::Stdin,
            });
        } else {
            expand(path, &mut entries);
        }
    }
    entries.sort_by(|a, b| compare_paths(&a.display, &b.display));
    entries.dedup_by(|a, b| a.display == b.display);
    entries
}

/// Adds the inputs found at one explicit path argument.
fn expand(path: &Path, entries: &mut Vec<Entry>) {
    match std::fs::metadata(path) {
        Err(err) => entries.push(unreadable(path, read::io_error(&err, false))),
        Ok(meta) if !meta.is_dir() => entries.push(file(path)),
        Ok(_) => walk(path, entries),
    }
}

/// Adds every `*.jx` file and every table (`*.csv`, `*.xlsx`, `*.xls`, `*.ods`) under the directory `root`.
fn walk(root: &Path, entries: &mut Vec<Entry>) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_skipped(entry.file_name(), entry.file_type().is_dir())
        });
    for item in walker {
        match item {
            Ok(entry) if entry.file_type().is_file() && is_input(entry.path()) => {
                entries.push(file(entry.path()))
            }
            Ok(_) => {}
            Err(err) => {
                if let Some(entry) = walk_error(&err) {
                    entries.push(entry);
                }
            }
        }
    }
}

/// The entry for a failure during a walk, or `None` when it concerns something that would not be checked
/// anyway (a dangling link named `notes.txt`).
fn walk_error(err: &walkdir::Error) -> Option<Entry> {
    let path = err.path()?;
    if let Some(ancestor) = err.loop_ancestor() {
        let ancestor = display_path(ancestor);
        let diagnostic = Diagnostic::new(
            codes::READ_ERROR,
            Severity::Error,
            Span::point(0),
            Text::new(
                format!("符号链接形成循环，指回 `{ancestor}`"),
                format!("symbolic link loop back to `{ancestor}`"),
            ),
        )
        .with_help(Text::new(
            "删除或修改这个符号链接，或者只检查不含循环的目录",
            "remove or change the symbolic link, or check a directory without the loop",
        ));
        return Some(unreadable(path, diagnostic));
    }
    let is_dir = path.is_dir();
    if !is_dir && !is_input(path) {
        return None;
    }
    // A directory whose listing failed is reported as unreadable, not as "is a directory".
    Some(unreadable(path, read::io_error(err.io_error()?, false)))
}

fn file(path: &Path) -> Entry {
    Entry {
        display: display_path(path),
        kind: EntryKind::File(path.to_path_buf()),
    }
}

fn unreadable(path: &Path, diagnostic: Diagnostic) -> Entry {
    Entry {
        display: display_path(path),
        kind: EntryKind::Unreadable(Box::new(diagnostic)),
    }
}

/// Whether a walk skips this entry: hidden names, and directories named `target`.
fn is_skipped(name: &OsStr, is_dir: bool) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || (is_dir && name == "target")
}

/// Whether a walk checks this file: a .jx declaration or a table (CSV, workbook).
fn is_input(path: &Path) -> bool {
    path.extension() == Some(OsStr::new("jx")) || is_table(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// The entries under `root`, shown relative to it, with their kind.
    fn listed(root: &Path, entries: &[Entry]) -> Vec<String> {
        let prefix = format!("{}/", display_path(root));
        entries
            .iter()
            .map(|entry| {
                let shown = entry
                    .display
                    .strip_prefix(&prefix)
                    .unwrap_or(&entry.display);
                match &entry.kind {
                    EntryKind::File(_) => shown.to_string(),
                    EntryKind::Stdin => format!("{shown} (stdin)"),
                    EntryKind::Unreadable(d) => format!("{shown} ({} {})", d.code, d.message.en),
                }
            })
            .collect()
    }

    fn touch(root: &Path, relative: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }

    #[test]
    fn a_directory_is_walked_in_order_for_jx_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "b.jx",
            "a.jx",
            "a/x.jx",
            "a/y.txt",
            "c.JX.txt",
            "z/deep/w.jx",
        ] {
            touch(root, name);
        }
        let entries = discover(&[root.to_path_buf()], None);
        assert_eq!(
            listed(root, &entries),
            ["a/x.jx", "a.jx", "b.jx", "z/deep/w.jx"]
        );
    }

    #[test]
    fn hidden_entries_and_target_directories_are_skipped_unless_given() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            ".git/a.jx",
            ".hidden.jx",
            "target/b.jx",
            "src/target/c.jx",
            "ok.jx",
            ".h/d.jx",
        ] {
            touch(root, name);
        }
        let entries = discover(&[root.to_path_buf()], None);
        assert_eq!(listed(root, &entries), ["ok.jx"]);
        let given = [
            root.join(".h"),
            root.join(".hidden.jx"),
            root.join("target"),
        ];
        assert_eq!(
            listed(root, &discover(&given, None)),
            [".h/d.jx", ".hidden.jx", "target/b.jx"]
        );
    }

    #[test]
    fn an_explicit_file_is_checked_whatever_its_name() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "notes.txt");
        let entries = discover(&[dir.path().join("notes.txt")], None);
        assert_eq!(listed(dir.path(), &entries), ["notes.txt"]);
    }

    #[test]
    fn duplicates_are_removed_and_stdin_is_named() {
        let dir = tempfile::tempdir().unwrap();
        touch(dir.path(), "a.jx");
        let root = dir.path();
        let paths = [
            root.join("a.jx"),
            root.join(".").join("a.jx"),
            root.to_path_buf(),
            PathBuf::from("-"),
            PathBuf::from("-"),
        ];
        let entries = discover(&paths, Some("输入.jx"));
        assert_eq!(listed(root, &entries), ["a.jx", "输入.jx (stdin)"]);
        assert_eq!(
            listed(root, &discover(&[PathBuf::from("-")], None)),
            ["<stdin> (stdin)"]
        );
    }

    #[test]
    fn a_missing_path_is_a_read_error() {
        let dir = tempfile::tempdir().unwrap();
        let entries = discover(&[dir.path().join("missing.jx")], None);
        let shown = listed(dir.path(), &entries);
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].starts_with("missing.jx (JX014 cannot read: "),
            "{shown:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_link_loops_and_dangling_links_do_no_harm() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(root, "d/a.jx");
        symlink(root.join("d"), root.join("d/loop")).unwrap();
        symlink(root.join("nowhere"), root.join("d/dangling.txt")).unwrap();
        symlink(root.join("nowhere.jx"), root.join("d/dangling.jx")).unwrap();
        symlink(root.join("d/a.jx"), root.join("d/linked.jx")).unwrap();
        let shown = listed(root, &discover(&[root.join("d")], None));
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(shown[0], "d/a.jx");
        assert!(
            shown[1].starts_with("d/dangling.jx (JX014 cannot read: "),
            "{shown:?}"
        );
        assert_eq!(shown[2], "d/linked.jx");
        assert!(
            shown[3].starts_with("d/loop (JX014 symbolic link loop back to "),
            "{shown:?}"
        );
    }

    #[test]
    fn display_paths_use_slashes_without_dot_components() {
        assert_eq!(display_path(Path::new("./fixtures/a.jx")), "fixtures/a.jx");
        assert_eq!(display_path(Path::new("fixtures/./a.jx")), "fixtures/a.jx");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("../x/a.jx")), "../x/a.jx");
        assert_eq!(display_path(Path::new("/tmp/a.jx")), "/tmp/a.jx");
        assert_eq!(display_path(Path::new("/")), "/");
    }

    #[test]
    fn paths_compare_by_component() {
        let mut paths = vec!["b.jx", "a.jx", "a/x.jx", "a-b.jx"];
        paths.sort_by(|a, b| compare_paths(a, b));
        assert_eq!(paths, ["a/x.jx", "a-b.jx", "a.jx", "b.jx"]);
    }
}
