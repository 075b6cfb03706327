//! The files a configuration names — `extends` and `[rules] extra` in a jixiao.toml — kept inside the project,
//! and every configuration or rule file read with a bound.
//!
//! A path written in a configuration file must lie inside the directory holding that file (or below it): an
//! absolute path, a `..` that leads out once the path is normalised, or a symbolic link that leads out are
//! refused, so a jixiao.toml in a repository being checked cannot make jixiao read `/proc/self/environ` or a
//! file of another project and show it in an error's excerpt. Whatever is read as configuration or rules must be
//! a regular file (not a directory, a device such as `/dev/zero`, a FIFO or a socket) of at most
//! [`MAX_BYTES`], read through a reader that stops there, whose size does not change while it is read (as a
//! file of `/proc` does). The refusals say why without a byte of the file.

use crate::diagnostic::{Diagnostic, Text};
use crate::paths::{display_path, normalize};
use crate::read;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// The most bytes a configuration or rule file may hold: 1 MiB.
pub const MAX_BYTES: u64 = 1 << 20;

/// Why a file named in a configuration, or a configuration file, is not read.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The path is absolute.
    Absolute,
    /// The path leads out of the directory of the file it is written in (through `..`).
    Escapes,
    /// A symbolic link on the way leads out of that directory, to `target`.
    LinkEscapes {
        /// Where the links lead.
        target: PathBuf,
    },
    /// Not a regular file: what it is, in both languages.
    NotRegular(Text),
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// Its size changed while it was read: not a regular file of a disk (a file of `/proc`), or being written.
    Unstable,
    /// It cannot be read, or is not UTF-8: the finding of [`crate::read`], its message naming no byte of the file.
    Unreadable(Box<Diagnostic>),
}

impl Refusal {
    /// Why, as a predicate of the path: `是绝对路径` / `is an absolute path`.
    pub fn reason(&self) -> Text {
        match self {
            Refusal::Absolute => Text::new(
                "是绝对路径：只能指向写它的文件所在目录之内的文件",
                "is an absolute path: it may only name a file inside the directory of the file it is written in",
            ),
            Refusal::Escapes => Text::new(
                "指向写它的文件所在目录之外",
                "leads out of the directory of the file it is written in",
            ),
            Refusal::LinkEscapes { target } => {
                let target = display_path(target);
                Text::new(
                    format!("经符号链接指向写它的文件所在目录之外（{target}）"),
                    format!(
                        "leads through a symbolic link out of the directory of the file it is written in \
                         ({target})"
                    ),
                )
            }
            Refusal::NotRegular(what) => Text::new(
                format!("不是普通文件（是{}）", what.zh),
                format!("is not a regular file (it is {})", what.en),
            ),
            Refusal::TooLarge => Text::new(
                format!("超过 {} MiB", MAX_BYTES >> 20),
                format!("is larger than {} MiB", MAX_BYTES >> 20),
            ),
            Refusal::Unstable => Text::new(
                "在读取时大小改变，不是普通文件",
                "changed size while it was read: not a regular file",
            ),
            Refusal::Unreadable(diagnostic) => diagnostic.message.clone(),
        }
    }

    /// What to write instead, for a path written as the value of `key`.
    pub fn help(&self, key: &str, example: &str) -> Option<Text> {
        match self {
            Refusal::Absolute | Refusal::Escapes | Refusal::LinkEscapes { .. } => Some(Text::new(
                format!(
                    "{key} 只能写本文件所在目录之内的相对路径，如 {key} = {example}；\
                     把要用的文件放到这个目录中"
                ),
                format!(
                    "{key} takes a relative path inside the directory of this file, e.g. {key} = {example}; \
                     put the file there"
                ),
            )),
            Refusal::Unreadable(diagnostic) => diagnostic.help.clone(),
            Refusal::NotRegular(_) | Refusal::TooLarge | Refusal::Unstable => None,
        }
    }
}

/// `written`, a path written in a configuration file of the directory `dir`, as a path inside `dir`. Lexical:
/// nothing is looked at on the disk.
///
/// # Errors
/// [`Refusal::Absolute`], [`Refusal::Escapes`] (also for the directory itself).
pub fn lexical(dir: &Path, written: &Path) -> Result<PathBuf, Refusal> {
    if written.has_root()
        || written
            .components()
            .any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err(Refusal::Absolute);
    }
    let below = normalize(written);
    match below.components().next() {
        Some(Component::Normal(_)) => Ok(normalize(&dir.join(below))),
        _ => Err(Refusal::Escapes),
    }
}

/// Fails when the symbolic links on the way from `dir` to `path` (inside it lexically, see [`lexical`]) lead
/// out of `dir`.
///
/// # Errors
/// [`Refusal::LinkEscapes`]; [`Refusal::Unreadable`] when `path` cannot be resolved (it does not exist).
pub fn inside(dir: &Path, path: &Path) -> Result<(), Refusal> {
    let unreadable = |err: io::Error| Refusal::Unreadable(Box::new(read::io_error(&err, false)));
    let real = fs::canonicalize(path).map_err(unreadable)?;
    let real_dir = fs::canonicalize(dir).map_err(unreadable)?;
    if real.starts_with(real_dir) {
        Ok(())
    } else {
        Err(Refusal::LinkEscapes { target: real })
    }
}

/// Reads a configuration or rule file: a regular file of at most [`MAX_BYTES`], in UTF-8.
///
/// # Errors
/// [`Refusal::NotRegular`], [`Refusal::TooLarge`], [`Refusal::Unstable`], [`Refusal::Unreadable`].
pub fn read(path: &Path) -> Result<String, Refusal> {
    let unreadable = |err: io::Error| Refusal::Unreadable(Box::new(read::io_error(&err, false)));
    // Looked at before it is opened: opening a FIFO would wait for a writer.
    let meta = fs::metadata(path).map_err(unreadable)?;
    regular(&meta)?;
    let file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    regular(&meta)?;
    if meta.len() > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    if bytes.len() as u64 != meta.len() {
        return Err(Refusal::Unstable);
    }
    read::decode(bytes).map_err(Refusal::Unreadable)
}

/// Fails unless `meta` describes a regular file, naming what it is.
fn regular(meta: &fs::Metadata) -> Result<(), Refusal> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        Text::new("目录", "a directory")
    } else {
        special(&kind)
    };
    Err(Refusal::NotRegular(what))
}

/// What a file that is neither regular nor a directory is.
fn special(kind: &fs::FileType) -> Text {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Text::new("命名管道（FIFO）", "a FIFO");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Text::new("设备", "a device");
        }
        if kind.is_socket() {
            return Text::new("套接字", "a socket");
        }
    }
    let _ = kind;
    Text::new("特殊文件", "a special file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_paths_stay_inside_the_directory() {
        let dir = Path::new("/p/unit");
        assert_eq!(
            lexical(dir, Path::new("rules/a.jxr")).unwrap(),
            PathBuf::from("/p/unit/rules/a.jxr")
        );
        assert_eq!(
            lexical(dir, Path::new("rules/../b.toml")).unwrap(),
            PathBuf::from("/p/unit/b.toml")
        );
        assert!(matches!(
            lexical(dir, Path::new("/etc/passwd")),
            Err(Refusal::Absolute)
        ));
        assert_eq!(
            lexical(Path::new(""), Path::new("a/b.toml")).unwrap(),
            PathBuf::from("a/b.toml")
        );
        assert!(matches!(
            lexical(Path::new(""), Path::new("../b.toml")),
            Err(Refusal::Escapes)
        ));
        for escaping in ["../b.toml", "rules/../../b.toml", "..", ".", ""] {
            assert!(
                matches!(lexical(dir, Path::new(escaping)), Err(Refusal::Escapes)),
                "{escaping}"
            );
        }
    }

    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("a.toml");
        fs::write(&small, "[rules]\n").unwrap();
        assert_eq!(read(&small).unwrap(), "[rules]\n");
        assert!(matches!(read(dir.path()), Err(Refusal::NotRegular(_))));
        let large = dir.path().join("large.toml");
        fs::write(&large, vec![b'#'; MAX_BYTES as usize + 1]).unwrap();
        assert!(matches!(read(&large), Err(Refusal::TooLarge)));
        #[cfg(target_os = "linux")]
        {
            assert!(matches!(
                read(Path::new("/dev/zero")),
                Err(Refusal::NotRegular(_))
            ));
            // A file of /proc says it is empty and is not.
            assert!(matches!(
                read(Path::new("/proc/self/environ")),
                Err(Refusal::Unstable)
            ));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        fs::create_dir(&project).unwrap();
        fs::write(dir.path().join("secret.toml"), "").unwrap();
        fs::write(project.join("base.toml"), "").unwrap();
        std::os::unix::fs::symlink("../secret.toml", project.join("out.toml")).unwrap();
        std::os::unix::fs::symlink("base.toml", project.join("in.toml")).unwrap();
        assert!(inside(&project, &project.join("in.toml")).is_ok());
        assert!(matches!(
            inside(&project, &project.join("out.toml")),
            Err(Refusal::LinkEscapes { .. })
        ));
        assert!(matches!(
            inside(&project, &project.join("missing.toml")),
            Err(Refusal::Unreadable(_))
        ));
    }
}
