//! `jixiao init`: the starter files of a new unit — a commented declaration to fill in and a commented
//! `jixiao.toml` — embedded from `templates/` and written into a directory without overwriting anything there.
//!
//! The declaration template parses without findings of the language (JX0xx). Its header keeps `XX` placeholders,
//! which JX112 template-leftover-in-header reports until the unit replaces them, so an unfilled template does
//! not pass `jixiao check`; its indicators are sound examples, one of each target form. Every commented-out
//! setting of the configuration template loads once uncommented; tests/it/init.rs holds both promises.
//!
//! The files are written through [`crate::write`]: a file appears whole or not at all, an existing one is never
//! replaced without `force`, and with it only atomically, its permissions kept, and not through a symbolic link
//! unless asked.

use crate::config::CONFIG_FILE_NAME;
use crate::paths::display_path;
use crate::write::{self, Expect, WriteError};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file that `jixiao init` writes: its name and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// The file name, in the target directory.
    pub name: &'static str,
    /// The contents.
    pub text: &'static str,
}

/// The declaration template: every header field, the four level-1 groups, one indicator of each target form.
pub const DECLARATION: Template = Template {
    name: "申报.jx",
    text: include_str!("../templates/申报.jx"),
};

/// The configuration template: every key of `jixiao.toml`, explained and commented out.
pub const CONFIG: Template = Template {
    name: CONFIG_FILE_NAME,
    text: include_str!("../templates/jixiao.toml"),
};

/// The files `jixiao init` writes, in the order it writes them.
pub const TEMPLATES: [Template; 2] = [DECLARATION, CONFIG];

/// Why `jixiao init` wrote nothing, or not everything.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Some of the files are there already; nothing was written.
    #[error("{} 已存在，没有写入任何文件 / {} already there, nothing written", shown(.0), shown(.0))]
    Exists(Vec<PathBuf>),
    /// The directory or a file could not be written.
    #[error("无法写入 {} / cannot write {}: {source}", display_path(.path), display_path(.path))]
    Write {
        /// The directory or file.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// A file was not replaced: it is a symbolic link (without `follow_symlinks`), leads out of the directory, or
    /// is not a regular file.
    #[error("{}", refused(.path, .reason))]
    Refused {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: WriteError,
    },
}

fn refused(path: &Path, reason: &WriteError) -> String {
    let message = reason.message(&display_path(path));
    format!("{} / {}", message.zh, message.en)
}

fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|path| display_path(path))
        .collect::<Vec<_>>()
        .join("、")
}

/// Writes [`TEMPLATES`] into `dir`, creating it if needed, and returns the paths written.
///
/// Without `force`, nothing is written when any of the files exists already ([`InitError::Exists`] names them);
/// a file that appears meanwhile is not overwritten either. With `force`, existing files are replaced, but not
/// through a symbolic link unless `follow_symlinks` (and then only inside `dir`).
pub fn write(dir: &Path, force: bool, follow_symlinks: bool) -> Result<Vec<PathBuf>, InitError> {
    let paths: Vec<PathBuf> = TEMPLATES.iter().map(|t| dir.join(t.name)).collect();
    if !force {
        let existing: Vec<PathBuf> = paths
            .iter()
            .filter(|path| path.symlink_metadata().is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            return Err(InitError::Exists(existing));
        }
    }
    fs::create_dir_all(dir).map_err(|source| InitError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (template, path) in TEMPLATES.iter().zip(&paths) {
        write_file(dir, path, template.text, force, follow_symlinks).map_err(
            |reason| match reason {
                WriteError::Io(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                    InitError::Exists(vec![path.clone()])
                }
                WriteError::Io(source) => InitError::Write {
                    path: path.clone(),
                    source,
                },
                reason => InitError::Refused {
                    path: path.clone(),
                    reason,
                },
            },
        )?;
    }
    Ok(paths)
}

fn write_file(
    dir: &Path,
    path: &Path,
    text: &str,
    force: bool,
    follow_symlinks: bool,
) -> Result<(), WriteError> {
    if !force {
        return write::replace(path, text.as_bytes(), Expect::Nothing);
    }
    let target = write::target(path, dir, follow_symlinks)?;
    write::replace(&target, text.as_bytes(), Expect::Anything)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_have_distinct_names_and_end_with_a_newline() {
        assert_ne!(DECLARATION.name, CONFIG.name);
        for template in TEMPLATES {
            assert!(template.text.ends_with('\n'), "{}", template.name);
            assert!(!template.text.contains('\r'), "{}", template.name);
        }
    }

    #[test]
    fn the_error_names_every_existing_file() {
        let error = InitError::Exists(vec![
            PathBuf::from("./申报.jx"),
            PathBuf::from("a/jixiao.toml"),
        ]);
        assert_eq!(
            error.to_string(),
            "申报.jx、a/jixiao.toml 已存在，没有写入任何文件 / 申报.jx、a/jixiao.toml already there, \
             nothing written"
        );
    }
}
