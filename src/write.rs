//! Writing a user's file, the one way jixiao does it: `fmt`, `check --fix`, `import -o` and `init` all write
//! through here, and nothing else in jixiao writes a file it did not create for itself.
//!
//! A file is never truncated or written in place. The new bytes go to a temporary file in the same directory
//! (`.jixiao-….tmp`, hidden, so that no walk checks it), are flushed to the disk, take the original's
//! permissions (and its owner and group where the system allows), and the temporary file is renamed over the
//! original. The original is therefore whole after any failure: a full disk, a killed process or a power cut
//! before the rename leave it as it was (a kill may leave the hidden temporary file behind, never a half file).
//!
//! Before that, [`target`] decides whether a path may be written at all. A path that is, or goes through, a
//! symbolic link below the tree being processed is refused unless following links was asked for; even then,
//! one that leads out of that tree is never written. Only regular files are replaced. And a write can be made
//! conditional on the file still holding what was read ([`Expect::Content`]), so that an edit made meanwhile by
//! someone else is never overwritten.

use crate::diagnostic::Text;
use crate::paths::{display_path, normalize};
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Why a file was not written. Whatever was at its path is as it was.
#[derive(Debug)]
pub enum WriteError {
    /// The path is, or goes through, this symbolic link, and following links was not asked for.
    Symlink {
        /// The link: the path itself or a directory on the way to it.
        link: PathBuf,
    },
    /// The path leads through a symbolic link to `target`, outside `tree`: never written.
    Outside {
        /// Where the links lead.
        target: PathBuf,
        /// The tree being processed.
        tree: PathBuf,
    },
    /// The path names something else than a regular file: a directory, a device, a FIFO.
    NotRegular,
    /// The file no longer holds what was read and checked: it was changed meanwhile.
    Changed,
    /// The system refused: no space, no permission, no such directory.
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(err: io::Error) -> Self {
        WriteError::Io(err)
    }
}

impl WriteError {
    /// The message, in both languages, for the file shown as `shown`.
    pub fn message(&self, shown: &str) -> Text {
        match self {
            WriteError::Symlink { link } if display_path(link) == shown => Text::new(
                format!("{shown} 是符号链接，没有写入"),
                format!("{shown} is a symbolic link: not written"),
            ),
            WriteError::Symlink { link } => {
                let link = display_path(link);
                Text::new(
                    format!("{shown} 经过符号链接 {link}，没有写入"),
                    format!("{shown} goes through the symbolic link {link}: not written"),
                )
            }
            WriteError::Outside { target, tree } => {
                let (target, tree) = (display_path(target), display_path(tree));
                Text::new(
                    format!("{shown} 经符号链接指向 {target}，在处理的目录 {tree} 之外，不会写入"),
                    format!(
                        "{shown} leads through a symbolic link to {target}, outside the tree being \
                         processed ({tree}): never written"
                    ),
                )
            }
            WriteError::NotRegular => Text::new(
                format!("{shown} 不是普通文件，没有写入"),
                format!("{shown} is not a regular file: not written"),
            ),
            WriteError::Changed => Text::new(
                format!("{shown} 在检查之后被改动过，没有写入"),
                format!("{shown} changed after it was checked: not written"),
            ),
            WriteError::Io(err) => Text::new(
                format!("无法写入 {shown}（{err}），文件没有改动"),
                format!("cannot write {shown} ({err}); the file is unchanged"),
            ),
        }
    }

    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<Text> {
        match self {
            WriteError::Symlink { .. } => Some(Text::new(
                "要写入链接指向的文件，加 --follow-symlinks（只写入处理的目录之内的文件）",
                "add --follow-symlinks to write the file it leads to (only inside the tree being processed)",
            )),
            WriteError::Outside { .. } => Some(Text::new(
                "直接处理链接指向的文件所在的目录",
                "process the directory that holds the file the link leads to",
            )),
            WriteError::Changed => Some(Text::new(
                "再运行一次，检查并修改文件现在的内容",
                "run again to check and change what the file holds now",
            )),
            WriteError::NotRegular | WriteError::Io(_) => None,
        }
    }
}

/// What the file at a path must hold for a write to go ahead.
pub enum Expect<'a> {
    /// Anything, or nothing: the file is created or replaced.
    Anything,
    /// Nothing: the file is created, and never replaced (an existing one is [`io::ErrorKind::AlreadyExists`]).
    Nothing,
    /// Bytes that this accepts: the file as read and checked, before its new text was made from it.
    Content(&'a dyn Fn(&[u8]) -> bool),
}

/// The tree that `path` was found in, among `roots`, the paths a run was given (none is the current
/// directory): the widest root that holds it, or the directory holding it when it was given by name.
pub fn tree_of(path: &Path, roots: &[PathBuf]) -> PathBuf {
    let current = [PathBuf::from(".")];
    let roots = if roots.is_empty() {
        &current[..]
    } else {
        roots
    };
    let path = normalize(path);
    roots
        .iter()
        .map(|root| normalize(root))
        // The current directory, normalised to an empty path, holds the relative paths only.
        .filter(|root| *root != path && path.starts_with(root))
        .filter(|root| !root.as_os_str().is_empty() || path.is_relative())
        .min_by_key(|root| root.components().count())
        .unwrap_or_else(|| parent(&path).to_path_buf())
}

/// The file that writing `path` (found in `tree`, see [`tree_of`]) replaces: `path` itself when no symbolic
/// link lies on the way from `tree` to it; with `follow`, the file such links lead to when it lies inside `tree`.
///
/// # Errors
/// [`WriteError::Symlink`] for a link without `follow`; [`WriteError::Outside`] for one that leads out of
/// `tree`; [`WriteError::Io`] when the links cannot be resolved (a dangling link).
pub fn target(path: &Path, tree: &Path, follow: bool) -> Result<PathBuf, WriteError> {
    let (normal, tree) = (normalize(path), normalize(tree));
    // A path given by name, not found under the tree, is judged in the directory holding it.
    let (base, below) = match normal.strip_prefix(&tree) {
        Ok(below) if !below.as_os_str().is_empty() => (tree, below.to_path_buf()),
        _ => (
            parent(&normal).to_path_buf(),
            normal.file_name().map(PathBuf::from).unwrap_or_default(),
        ),
    };
    let Some(link) = first_link(&base, &below) else {
        return Ok(path.to_path_buf());
    };
    if !follow {
        return Err(WriteError::Symlink { link });
    }
    let real = fs::canonicalize(path)?;
    if real.starts_with(fs::canonicalize(in_place(&base))?) {
        Ok(real)
    } else {
        Err(WriteError::Outside {
            target: real,
            tree: base,
        })
    }
}

/// The first symbolic link among the paths from `base` down to `base/below`, `base` itself excepted.
fn first_link(base: &Path, below: &Path) -> Option<PathBuf> {
    let mut at = base.to_path_buf();
    for component in below.components() {
        // `base` itself may be a link: the tree the user named.
        if let Component::Normal(name) = component {
            at.push(name);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => return Some(at),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
    None
}

/// Replaces the file at `path` (as [`target`] resolved it) with `bytes`, or creates it, when it holds what
/// `expect` asks for; the original stays whole whatever fails.
///
/// # Errors
/// [`WriteError::NotRegular`] when `path` names something else than a regular file, [`WriteError::Changed`]
/// when it no longer holds the expected content, [`WriteError::Io`] when the system refuses (a full disk, no
/// permission to write the file or its directory, an existing file with [`Expect::Nothing`]).
pub fn replace(path: &Path, bytes: &[u8], expect: Expect<'_>) -> Result<(), WriteError> {
    replace_with(path, expect, |file| file.write_all(bytes))
}

/// [`replace`], with the temporary file filled by `fill`.
fn replace_with(
    path: &Path,
    expect: Expect<'_>,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), WriteError> {
    let existing = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(WriteError::NotRegular),
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(err.into()),
    };
    match (&expect, &existing) {
        (Expect::Nothing, Some(_)) => {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists).into())
        }
        (Expect::Content(_), None) => return Err(WriteError::Changed),
        (Expect::Content(accepts), Some(_)) => verify(path, *accepts)?,
        _ => {}
    }
    if existing.is_some() {
        // A file its owner made read-only stays unwritten, as it would be written in place.
        OpenOptions::new().write(true).open(path)?;
    }
    let dir = parent(path);
    let mut temp = temporary(dir)?;
    if let Some(meta) = &existing {
        keep_owner_and_permissions(temp.as_file(), meta)?;
    }
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    if let Expect::Content(accepts) = expect {
        // Once more, right before the rename: the narrowest window left for an edit to be lost.
        verify(path, accepts)?;
    }
    let persisted = match expect {
        Expect::Nothing => temp.persist_noclobber(path),
        _ => temp.persist(path),
    };
    persisted.map_err(|err| WriteError::Io(err.error))?;
    // The rename itself, on the disk. A directory that cannot be opened to flush it is no failure of the write.
    if let Ok(dir) = File::open(in_place(dir)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Fails with [`WriteError::Changed`] unless the file at `path` holds bytes `accepts` accepts.
fn verify(path: &Path, accepts: &dyn Fn(&[u8]) -> bool) -> Result<(), WriteError> {
    match fs::read(path) {
        Ok(bytes) if accepts(&bytes) => Ok(()),
        Ok(_) => Err(WriteError::Changed),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Err(WriteError::Changed),
        Err(err) => Err(err.into()),
    }
}

/// The directory holding `path` (empty for a bare file name: the current directory).
fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new(""))
}

/// `dir`, or `.` for the empty path of the current directory, to open or resolve.
fn in_place(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

/// A hidden temporary file in `dir`, created with the permissions a new file gets (as `umask` allows).
fn temporary(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".jixiao-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(in_place(dir))
}

/// Gives `file` the permissions of the original described by `meta`, and its owner and group where the system
/// allows (as root, or a group the user belongs to); the mode is set last, since changing the owner may clear it.
fn keep_owner_and_permissions(file: &File, meta: &Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let own = file.metadata()?;
        let differs = (own.uid(), own.gid()) != (meta.uid(), meta.gid());
        if differs && std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
        }
    }
    file.set_permissions(meta.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(expected: &'static [u8]) -> impl Fn(&[u8]) -> bool {
        move |bytes| bytes == expected
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_keeping_its_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jx");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let check = accepts(b"old");
        replace(&path, b"new", Expect::Content(&check)).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, 0o640);
        }
        assert_eq!(names(dir.path()), ["a.jx"], "no temporary file is left");
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_original_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jx");
        fs::write(&path, "original").unwrap();
        let failed = replace_with(&path, Expect::Anything, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("killed"))
        });
        assert!(matches!(failed, Err(WriteError::Io(_))), "{failed:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "original");
        assert_eq!(names(dir.path()), ["a.jx"]);
    }

    #[test]
    fn a_changed_file_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jx");
        fs::write(&path, "edited meanwhile").unwrap();
        let check = accepts(b"as checked");
        let failed = replace(&path, b"fixed", Expect::Content(&check));
        assert!(matches!(failed, Err(WriteError::Changed)), "{failed:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited meanwhile");
        // A change made while the new text is written is caught before the rename.
        let failed = replace_with(
            &path,
            Expect::Content(&accepts(b"edited meanwhile")),
            |file| {
                fs::write(&path, "edited again")?;
                file.write_all(b"fixed")
            },
        );
        assert!(matches!(failed, Err(WriteError::Changed)), "{failed:?}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited again");
        assert_eq!(names(dir.path()), ["a.jx"]);
    }

    #[test]
    fn nothing_is_created_over_an_existing_file_and_a_directory_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jx");
        fs::write(&path, "mine").unwrap();
        let failed = replace(&path, b"template", Expect::Nothing);
        assert!(
            matches!(&failed, Err(WriteError::Io(e)) if e.kind() == io::ErrorKind::AlreadyExists),
            "{failed:?}"
        );
        replace(&dir.path().join("b.jx"), b"new", Expect::Nothing).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("b.jx")).unwrap(), "new");
        let failed = replace(dir.path(), b"x", Expect::Anything);
        assert!(matches!(failed, Err(WriteError::NotRegular)), "{failed:?}");
    }

    #[test]
    fn the_tree_of_a_path_is_the_widest_root_holding_it_or_its_directory() {
        let roots = [
            PathBuf::from("./a"),
            PathBuf::from("a/b"),
            PathBuf::from("c.jx"),
        ];
        assert_eq!(tree_of(Path::new("a/b/x.jx"), &roots), PathBuf::from("a"));
        assert_eq!(tree_of(Path::new("c.jx"), &roots), PathBuf::from(""));
        assert_eq!(tree_of(Path::new("d/c.jx"), &[]), PathBuf::from(""));
        assert_eq!(tree_of(Path::new("/abs/c.jx"), &[]), PathBuf::from("/abs"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_refused_unless_followed_and_never_out_of_the_tree() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        fs::create_dir_all(tree.join("real")).unwrap();
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        fs::write(tree.join("real/a.jx"), "").unwrap();
        fs::write(dir.path().join("outside/b.jx"), "").unwrap();
        symlink("real/a.jx", tree.join("in.jx")).unwrap();
        symlink("../outside/b.jx", tree.join("out.jx")).unwrap();
        symlink("../outside", tree.join("away")).unwrap();

        let plain = tree.join("real/a.jx");
        assert_eq!(target(&plain, &tree, false).unwrap(), plain);
        let link = tree.join("in.jx");
        assert!(
            matches!(target(&link, &tree, false), Err(WriteError::Symlink { link: l }) if l == link)
        );
        assert_eq!(
            target(&link, &tree, true).unwrap(),
            fs::canonicalize(&plain).unwrap()
        );
        for escaping in [tree.join("out.jx"), tree.join("away/b.jx")] {
            assert!(matches!(
                target(&escaping, &tree, false),
                Err(WriteError::Symlink { .. })
            ));
            assert!(matches!(
                target(&escaping, &tree, true),
                Err(WriteError::Outside { .. })
            ));
        }
        // A link given by name is judged in the directory holding it.
        assert!(matches!(
            target(&tree.join("out.jx"), &tree.join("out.jx"), true),
            Err(WriteError::Outside { .. })
        ));
        // A file not yet there is written where it is named.
        let new = tree.join("new.jx");
        assert_eq!(target(&new, &tree, false).unwrap(), new);
    }
}
