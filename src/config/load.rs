//! Finding and loading configuration files: discovery (the closest `jixiao.toml` above a checked file, or the
//! one given with `--config`), `extends` chains, and the [`Settings`] of each path, built once per distinct set
//! of layers and shared.
//!
//! Every file is read and parsed at most once per [`Loader`], every directory looked at once; a file that fails
//! fails the same way for every path under it, so the caller can report it once (see [`reports`](super::reports)).
//!
//! What is read stays in the project ([`confine`]): an `extends` names a file inside the directory of the file
//! it is written in, no symbolic link on the way leads out of it, and a discovered jixiao.toml that is a link
//! out of its directory is refused too (`--config` names any file: the user chose it). Every file read is a
//! regular file of at most [`confine::MAX_BYTES`].

use super::error::ConfigError;
use super::file::{ConfigFile, EXTENDS_EXAMPLE};
use super::source::ConfigSource;
use super::{Located, SelectionLayer, Settings};
use crate::confine::{self, Refusal};
use crate::diagnostic::Text;
use crate::paths::display_relative;
use crate::paths::normalize;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// The name of the configuration file that discovery looks for.
pub const CONFIG_FILE_NAME: &str = "jixiao.toml";

/// The rule selection given on the command line; it applies over every configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// `--select`: replaces the selection.
    pub select: Option<Vec<String>>,
    /// `--extend-select`: adds to it.
    pub extend_select: Vec<String>,
    /// `--ignore`: removes from it.
    pub ignore: Vec<String>,
}

impl CommandLine {
    fn layer(&self) -> SelectionLayer {
        let located = |values: &[String], option| {
            values
                .iter()
                .map(|value| Located::command_line(value.clone(), option))
                .collect::<Vec<_>>()
        };
        SelectionLayer {
            select: self.select.as_deref().map(|s| located(s, "--select")),
            extend_select: located(&self.extend_select, "--extend-select"),
            ignore: located(&self.ignore, "--ignore"),
        }
    }
}

/// A resolved `extends` chain, the file extended first.
type Chain = Arc<[Arc<ConfigFile>]>;

/// The identity of a set of layers: the configuration file that applies (its canonical path) and the
/// `(chain index, override index)` of each matching override.
type LayersKey = (Option<PathBuf>, Vec<(usize, usize)>);

#[derive(Default)]
struct Cache {
    /// Directory → the closest configuration file at or above it.
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// Canonical path → the file, read and parsed.
    files: HashMap<PathBuf, Result<Arc<ConfigFile>, ConfigError>>,
    /// Canonical path → its `extends` chain.
    chains: HashMap<PathBuf, Result<Chain, ConfigError>>,
    /// Layers → the settings built from them.
    settings: HashMap<LayersKey, Arc<Settings>>,
}

/// Finds, loads and caches configuration files, and resolves the [`Settings`] of each checked path.
///
/// A `Loader` is meant to live for one run; it can be shared between threads.
pub struct Loader {
    cwd: PathBuf,
    explicit: Option<PathBuf>,
    command_line: CommandLine,
    cache: Mutex<Cache>,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

impl Loader {
    /// A loader that discovers, for each path, the closest `jixiao.toml` in its directory or above.
    pub fn new() -> Self {
        Loader {
            cwd: std::env::current_dir().unwrap_or_default(),
            explicit: None,
            command_line: CommandLine::default(),
            cache: Mutex::default(),
        }
    }

    /// A loader that uses the file at `path` (`--config`) for every path, instead of discovery.
    pub fn with_explicit(path: impl Into<PathBuf>) -> Self {
        Loader {
            explicit: Some(path.into()),
            ..Loader::new()
        }
    }

    /// Sets the selection given on the command line, applied over every configuration.
    pub fn with_command_line(mut self, command_line: CommandLine) -> Self {
        self.command_line = command_line;
        self
    }

    /// Sets the directory that relative paths are relative to, and that displayed paths are shown relative to
    /// (by default the current directory).
    pub fn with_cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        self.cwd = normalize(&self.cwd.join(dir));
        self
    }

    /// The configuration file that applies to `path`: the explicit one, or the closest `jixiao.toml` at or
    /// above the path's directory; `None` when there is none. Only looks at directories, reads no file.
    pub fn config_path(&self, path: &Path) -> Option<PathBuf> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        self.find(&mut cache, path)
    }

    /// The settings for the checked file at `path` (relative to the current directory, or absolute; it need
    /// not exist, e.g. the name given to standard input).
    ///
    /// Paths that resolve to the same configuration files and matching overrides get the same `Arc`.
    ///
    /// # Errors
    /// The first problem met in the configuration files that apply: a file that cannot be read or parsed, a
    /// wrong key or value, a missing `extends` target, an `extends` cycle. The same error (same file, same span)
    /// is returned for every path the broken file applies to: report it once (see [`reports`](super::reports))
    /// and skip those paths, or check them with [`Settings::default`].
    pub fn settings_for(&self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        let config = self.find(&mut cache, path);
        let chain: Chain = match &config {
            Some(config) => self.chain(&mut cache, config)?,
            None => Arc::new([]),
        };
        let file = self.absolute(path);
        let relative = chain
            .last()
            .and_then(|leaf| file.strip_prefix(leaf.source.dir()).ok());
        let mut matched = Vec::new();
        if let Some(relative) = relative {
            for (i, config) in chain.iter().enumerate() {
                for (j, override_) in config.overrides.iter().enumerate() {
                    if override_.globs.is_match(relative) {
                        matched.push((i, j));
                    }
                }
            }
        }
        let key = (chain.last().map(|leaf| leaf.source.path.clone()), matched);
        if let Some(settings) = cache.settings.get(&key) {
            return Ok(Arc::clone(settings));
        }
        let settings = Arc::new(self.build(&chain, &key.1));
        cache.settings.insert(key, Arc::clone(&settings));
        Ok(settings)
    }

    /// Stacks the layers: each file's top level, the file extended first; the matching overrides; the command
    /// line.
    fn build(&self, chain: &[Arc<ConfigFile>], matched: &[(usize, usize)]) -> Settings {
        let mut settings = Settings::default();
        for file in chain {
            settings.push_file(file);
            settings.push_layer(&file.base);
        }
        for &(i, j) in matched {
            settings.push_layer(&chain[i].overrides[j].layer);
        }
        settings.push_selection(&self.command_line.layer());
        settings
    }

    /// `path` made absolute against [`Loader::with_cwd`], without `.` and `..`.
    fn absolute(&self, path: &Path) -> PathBuf {
        normalize(&self.cwd.join(path))
    }

    /// The path shown for a configuration file: relative to the current directory when under it.
    fn display(&self, path: &Path) -> String {
        display_relative(path, &self.cwd)
    }

    /// The configuration file that applies to `path`, as an absolute (not canonical) path.
    fn find(&self, cache: &mut Cache, path: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.explicit {
            return Some(self.absolute(explicit));
        }
        let file = self.absolute(path);
        let mut visited = Vec::new();
        let mut found = None;
        for dir in file.ancestors().skip(1) {
            if let Some(known) = cache.dirs.get(dir) {
                found = known.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            let candidate = dir.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                found = Some(candidate);
                break;
            }
        }
        for dir in visited {
            cache.dirs.insert(dir, found.clone());
        }
        found
    }

    /// The `extends` chain of the file at `path`, the file extended first.
    fn chain(&self, cache: &mut Cache, path: &Path) -> Result<Chain, ConfigError> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if let Some(chain) = cache.chains.get(&canonical) {
            return chain.clone();
        }
        let chain = self.follow(cache, path);
        cache.chains.insert(canonical, chain.clone());
        chain
    }

    fn follow(&self, cache: &mut Cache, path: &Path) -> Result<Chain, ConfigError> {
        let mut files: Vec<Arc<ConfigFile>> = Vec::new();
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut next = path.to_path_buf();
        loop {
            let extends = files.last().and_then(|file| file.extends.as_ref());
            let canonical = match std::fs::canonicalize(&next) {
                Ok(canonical) => canonical,
                Err(err) => return Err(self.missing(&next, extends, &err)),
            };
            self.confined(&next, extends)?;
            if let Some(start) = seen.iter().position(|seen| *seen == canonical) {
                let mut cycle: Vec<&str> =
                    files[start..].iter().map(|f| f.source.display()).collect();
                cycle.push(files[start].source.display());
                let cycle = cycle.join(" → ");
                let extends = extends.expect("a cycle closes at an extends");
                return Err(extends
                    .error(Text::new(
                        format!("extends 形成循环：{cycle}"),
                        format!("extends makes a cycle: {cycle}"),
                    ))
                    .with_help(Text::new(
                        "去掉其中一个 extends：被继承的文件不能再继承继承它的文件",
                        "remove one of these extends: a file cannot extend a file that extends it",
                    )));
            }
            let file = self.load(cache, &next, &canonical, extends)?;
            seen.push(canonical);
            next = match &file.extends {
                Some(extends) => normalize(&file.source.dir().join(&extends.value)),
                None => {
                    files.push(file);
                    break;
                }
            };
            files.push(file);
        }
        files.reverse();
        Ok(files.into())
    }

    /// The error for a configuration file that cannot be found: at the `extends` that names it, if any.
    fn missing(
        &self,
        path: &Path,
        extends: Option<&Located<String>>,
        err: &std::io::Error,
    ) -> ConfigError {
        let shown = self.display(path);
        match extends {
            Some(extends) => extends
                .error(Text::new(
                    format!("找不到 extends 指向的文件“{shown}”"),
                    format!("the file that extends names does not exist: {shown} ({err})"),
                ))
                .with_help(Text::new(
                    "extends 的路径相对于写它的文件所在的目录，如 extends = \"共用.toml\"",
                    "the path of extends is relative to the directory of the file it is written in, \
                     e.g. extends = \"共用.toml\"",
                )),
            None => unreadable(shown, err),
        }
    }

    /// Fails when a symbolic link on the way to the file at `path` leads out of the directory that holds it: the
    /// directory of the file whose `extends` names it, or, for a discovered jixiao.toml, its own.
    fn confined(&self, path: &Path, extends: Option<&Located<String>>) -> Result<(), ConfigError> {
        match extends {
            Some(extends) => {
                let dir = extends
                    .config()
                    .map_or(Path::new(""), |config| config.dir());
                confine::inside(dir, path).map_err(|refusal| {
                    extends.refused("extends", &extends.value, &refusal, EXTENDS_EXAMPLE)
                })
            }
            None if self.explicit.is_none() => {
                let dir = path.parent().unwrap_or(Path::new(""));
                confine::inside(dir, path).map_err(|refusal| self.refused(path, &refusal))
            }
            None => Ok(()),
        }
    }

    /// The error for the configuration file at `path`, not read for the reason `refusal` gives.
    fn refused(&self, path: &Path, refusal: &Refusal) -> ConfigError {
        let shown = self.display(path);
        let help = match refusal {
            Refusal::LinkEscapes { .. } => Some(Text::new(
                "把配置文件复制到这个目录中，或者用 --config 指定它",
                "copy the configuration file into this directory, or name it with --config",
            )),
            other => other.help("extends", EXTENDS_EXAMPLE),
        };
        let message = match refusal {
            Refusal::Unreadable(diagnostic) => diagnostic.message.clone(),
            other => {
                let reason = other.reason();
                Text::new(
                    format!("配置文件 {shown} {}", reason.zh),
                    format!("the configuration file {shown} {}", reason.en),
                )
            }
        };
        let mut error = ConfigError::without_source(shown, message);
        error.diagnostic.help = help;
        error
    }

    /// Reads and parses one file, once; `extends` names it, unless it is the file that applies.
    fn load(
        &self,
        cache: &mut Cache,
        path: &Path,
        canonical: &Path,
        extends: Option<&Located<String>>,
    ) -> Result<Arc<ConfigFile>, ConfigError> {
        if let Some(file) = cache.files.get(canonical) {
            return file.clone();
        }
        let shown = self.display(path);
        let file = match confine::read(path) {
            Err(refusal) => Err(match extends {
                Some(extends) => {
                    extends.refused("extends", &extends.value, &refusal, EXTENDS_EXAMPLE)
                }
                None => self.refused(path, &refusal),
            }),
            Ok(raw) => {
                let source = Arc::new(ConfigSource {
                    path: path.to_path_buf(),
                    source: SourceFile::verbatim(shown, &raw),
                });
                ConfigFile::parse(source).map(Arc::new)
            }
        };
        cache.files.insert(canonical.to_path_buf(), file.clone());
        file
    }
}

/// The error for a configuration file that cannot be read.
fn unreadable(shown: String, err: &std::io::Error) -> ConfigError {
    let diagnostic = crate::read::io_error(err, false);
    let mut error = ConfigError::without_source(shown, diagnostic.message);
    error.diagnostic.help = diagnostic.help;
    error
}
