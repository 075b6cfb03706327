//! Paths as the user sees them, and what kind of input a path names.
//!
//! Every layer that shows a path (findings, configuration errors, rule files) shows it the same way: `/`
//! separators, no `.` components, relative to the current directory where it lies under it.

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

/// Orders display paths component by component, so `a/x.jx` comes before `a.jx`, as in a sorted walk.
pub fn compare_paths(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The path as shown to the user: `/` separators, no `.` components (so no leading `./`).
pub fn display_path(path: &Path) -> String {
    let mut shown = String::new();
    for component in path.components() {
        let part = match component {
            Component::CurDir => continue,
            Component::Prefix(prefix) => {
                shown.push_str(&prefix.as_os_str().to_string_lossy());
                continue;
            }
            Component::RootDir => {
                shown.push('/');
                continue;
            }
            Component::ParentDir => OsStr::new(".."),
            Component::Normal(name) => name,
        };
        if !shown.is_empty() && !shown.ends_with('/') {
            shown.push('/');
        }
        shown.push_str(&part.to_string_lossy());
    }
    if shown.is_empty() {
        shown.push('.');
    }
    shown
}

/// `path` as shown to the user: relative to `cwd` where it lies under it, else as it is (see [`display_path`]).
pub fn display_relative(path: &Path, cwd: &Path) -> String {
    display_path(path.strip_prefix(cwd).unwrap_or(path))
}

/// The extensions read as tables.
pub const TABLE_EXTENSIONS: &[&str] = &["csv", "xlsx", "xlsm", "xls", "ods"];

/// Whether `path` names a table jixiao reads.
pub fn is_table(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TABLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Removes `.` and resolves `..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize(Path::new("../a/..")), PathBuf::from(".."));
    }
}
