//! The text of one configuration file and where it lies.

use crate::source::SourceFile;
use std::fmt;
use std::path::{Path, PathBuf};

/// The text of one configuration file: where it is and what it says.
pub struct ConfigSource {
    /// The file's absolute path (lexically normalised, symbolic links kept).
    pub path: PathBuf,
    /// The text, as written but for a BOM and CRLF line ends ([`SourceFile::verbatim`]); its
    /// [`SourceFile::name`] is the path shown to the user.
    pub source: SourceFile,
}

impl ConfigSource {
    /// The path shown to the user, with `/` separators.
    pub fn display(&self) -> &str {
        self.source.name()
    }

    /// The directory holding the file: relative paths written in it are relative to this directory.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// The file name, e.g. `jixiao.toml`, as used in messages.
    pub(crate) fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    }
}

impl fmt::Debug for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigSource")
            .field("path", &self.path)
            .field("display", &self.display())
            .finish_non_exhaustive()
    }
}
