//! Configuration: what users wrote in `jixiao.toml` files and on the command line, resolved for each checked
//! file into the [`Settings`] that the rule engine applies.
//!
//! This module knows nothing of the rules. A selector (`JX1`, `vague-target-value`, `conventions`), a parameter
//! name or a lexicon name is kept as written, with where it was written ([`Located`]), so the engine can check
//! it against its registry and point a finding into the `jixiao.toml` that holds it ([`Located::error`]).
//!
//! Three steps, kept apart: a file is read as plain data (serde with `deny_unknown_fields`, every value with its
//! span); the [`Loader`] finds the file that applies to a path (the closest `jixiao.toml`, or `--config`) and
//! follows `extends`; the layers that apply to the path are stacked into [`Settings`]. Nothing here prints: a
//! configuration that cannot be used is a [`ConfigError`], a [`codes::INVALID_CONFIG`](crate::diagnostic::codes)
//! finding that the renderers show with the text of the `jixiao.toml`, like any other finding.
//!
//! Layers apply in this order, later ones over earlier ones: the top-level settings of each file of the
//! `extends` chain (the file extended first), then the `[[overrides]]` entries that match the path (those of the
//! file extended first, each file's in the order written), then the command line.

mod error;
mod file;
mod load;
mod opinion;
mod raw;
mod source;

pub use error::{reports, ConfigError};
pub use load::{CommandLine, Loader, CONFIG_FILE_NAME};
pub use opinion::Thresholds;
pub use source::ConfigSource;

pub(crate) use file::EXTRA_EXAMPLE;

pub use crate::diagnostic::Level;
use crate::diagnostic::Text;
use crate::source::Span;
use std::collections::BTreeSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Where a user-written value comes from.
#[derive(Clone)]
pub enum Origin {
    /// A configuration file, at a byte span of its (normalised) text.
    Config {
        /// The file.
        source: Arc<ConfigSource>,
        /// Where in its text: the value itself, quotes included, or the key for a table name.
        span: Span,
    },
    /// A command-line option.
    CommandLine {
        /// The option, e.g. `--select`.
        option: &'static str,
    },
}

impl Origin {
    fn key(&self) -> (Option<&std::path::Path>, Span, &'static str) {
        match self {
            Origin::Config { source, span } => (Some(&source.path), *span, ""),
            Origin::CommandLine { option } => (None, Span::default(), option),
        }
    }
}

impl PartialEq for Origin {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Origin {}

impl Hash for Origin {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Config { source, span } => {
                write!(f, "{}@{}..{}", source.display(), span.start, span.end)
            }
            Origin::CommandLine { option } => f.write_str(option),
        }
    }
}

/// A value as a user wrote it, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub origin: Origin,
}

impl<T> Located<T> {
    /// A value given on the command line with `option`.
    pub fn command_line(value: T, option: &'static str) -> Self {
        Located {
            value,
            origin: Origin::CommandLine { option },
        }
    }

    /// The span in the configuration file's text, when the value was written in one.
    pub fn span(&self) -> Option<Span> {
        match &self.origin {
            Origin::Config { span, .. } => Some(*span),
            Origin::CommandLine { .. } => None,
        }
    }

    /// The configuration file the value was written in.
    pub fn config(&self) -> Option<&Arc<ConfigSource>> {
        match &self.origin {
            Origin::Config { source, .. } => Some(source),
            Origin::CommandLine { .. } => None,
        }
    }

    /// The finding for a path this value names (`shown`, as written or displayed) that is not read, for the
    /// `refusal` given, as the value of `key` (`extends`, `extra`): what it is refused for, and, for a path out
    /// of the project, what to write instead, like `example`. It quotes no byte of the file refused.
    pub fn refused(
        &self,
        key: &str,
        shown: &str,
        refusal: &crate::confine::Refusal,
        example: &str,
    ) -> ConfigError {
        let reason = refusal.reason();
        let error = self.error(Text::new(
            format!("{key} 的路径“{shown}”{}", reason.zh),
            format!("the path `{shown}` of {key} {}", reason.en),
        ));
        match refusal.help(key, example) {
            Some(help) => error.with_help(help),
            None => error,
        }
    }

    /// A [`codes::INVALID_CONFIG`](crate::diagnostic::codes::INVALID_CONFIG) finding about this value, e.g.
    /// `unknown rule "JX999"`: in the configuration file at the value, or about the command-line option.
    /// Add what to write instead with [`ConfigError::with_help`].
    pub fn error(&self, message: Text) -> ConfigError {
        match &self.origin {
            Origin::Config { source, span } => ConfigError::at(Arc::clone(source), *span, message),
            Origin::CommandLine { option } => ConfigError::without_source(*option, message),
        }
    }
}

/// A rule selector as written: a code (`JX101`), a code prefix (`JX1`), a rule name (`vague-target-value`) or a
/// category (`measurability`). The engine decides which it is.
pub type Selector = Located<String>;

/// One layer of rule selection. Applied to the selection so far: `select`, when given, replaces it; then
/// `extend_select` adds to it; then `ignore` removes from it.
///
/// Configuration keeps the selectors as written (`S` = [`Selector`], a [`Located`] string); the rule registry
/// uses the same layers with the selectors read against its rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SelectionLayer<S = Selector> {
    /// `select`: the rules to check, replacing the selection so far.
    pub select: Option<Vec<S>>,
    /// `extend-select`: rules added.
    pub extend_select: Vec<S>,
    /// `ignore`: rules removed.
    pub ignore: Vec<S>,
}

impl<S> Default for SelectionLayer<S> {
    fn default() -> Self {
        SelectionLayer {
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
        }
    }
}

impl<S> SelectionLayer<S> {
    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }

    /// Every selector of the layer, in the order select, extend-select, ignore.
    pub fn selectors(&self) -> impl Iterator<Item = &S> {
        self.select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
    }

    /// The same layer with every selector turned into another by `f`, in the order select, extend-select,
    /// ignore; a selector for which `f` gives `None` is left out (a `select` list stays a `select` list).
    pub fn filter_map<T>(&self, mut f: impl FnMut(&S) -> Option<T>) -> SelectionLayer<T> {
        let mut all = |list: &[S]| list.iter().filter_map(&mut f).collect::<Vec<T>>();
        SelectionLayer {
            select: self.select.as_deref().map(&mut all),
            extend_select: all(&self.extend_select),
            ignore: all(&self.ignore),
        }
    }
}

/// `<selector> = "<level>"` in a `severity` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeverityOverride {
    /// The rules it applies to: a code, code prefix, name or category.
    pub selector: Selector,
    /// The level they get.
    pub level: Located<Level>,
}

/// `<param> = <value>` in a `[params.<rule>]` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ParamOverride {
    /// The rule, by name or code (the table's name).
    pub rule: Selector,
    /// The parameter's name (the key).
    pub param: Located<String>,
    /// The value as text, for the engine to parse like a literal of a rule file: a string as written
    /// (`"90 %"` → `90 %`), a number as typed (`90.50` → `90.50`, never through a float).
    pub value: Located<String>,
}

/// `<lexicon> = ["term", …]` in `[lexicons]`: terms added to a named lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LexiconAddition {
    /// The lexicon's name (the key).
    pub lexicon: Located<String>,
    /// The terms added, in order.
    pub terms: Vec<Located<String>>,
}

/// The identity of a [`Settings`]: unique within the process. Paths with the same configuration files and
/// matching overrides share one `Settings` (an `Arc`, hence one id), so the engine can compile one rule set per
/// id and share it between files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SettingsId(u64);

impl SettingsId {
    fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        SettingsId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The resolved configuration of one checked file: ordered layers for the engine to apply.
///
/// Every list is in the order of application: where two entries concern the same rule or parameter, the later
/// one wins. Within one table, entries apply in the order they are written in the file.
#[derive(Debug, Clone)]
pub struct Settings {
    id: SettingsId,
    /// The configuration files that contributed, the file extended first; empty without any.
    pub configs: Vec<Arc<ConfigSource>>,
    /// Rule selection, layer by layer (empty layers left out); with no layer, the engine's defaults apply.
    /// See [`Settings::selected`].
    pub selection: Vec<SelectionLayer>,
    /// Severity overrides.
    pub severity: Vec<SeverityOverride>,
    /// Parameter overrides.
    pub params: Vec<ParamOverride>,
    /// Extra rule files: absolute paths, without duplicates, in order.
    pub extra_rules: Vec<Located<PathBuf>>,
    /// Terms added to lexicons.
    pub lexicons: Vec<LexiconAddition>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id: SettingsId::fresh(),
            configs: Vec::new(),
            selection: Vec::new(),
            severity: Vec::new(),
            params: Vec::new(),
            extra_rules: Vec::new(),
            lexicons: Vec::new(),
        }
    }
}

impl Settings {
    /// The settings of one configuration text, without a file: for tests and tools. It is shown as
    /// `jixiao.toml`, relative paths in it are relative to the current directory, `extends` is an error and
    /// `[[overrides]]` are checked but not applied.
    ///
    /// # Errors
    /// The [`ConfigError`] for the first problem in the text.
    pub fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        let source = Arc::new(ConfigSource {
            path: PathBuf::from(CONFIG_FILE_NAME),
            source: crate::source::SourceFile::verbatim(CONFIG_FILE_NAME, text),
        });
        let file = file::ConfigFile::parse(source)?;
        if let Some(extends) = &file.extends {
            return Err(extends.error(Text::new(
                "这里不能使用 extends",
                "extends cannot be used here",
            )));
        }
        let mut settings = Settings::default();
        settings.push_file(&file);
        settings.push_layer(&file.base);
        Ok(settings)
    }

    /// The identity shared by every path that resolves to these settings.
    pub fn id(&self) -> SettingsId {
        self.id
    }

    /// The rules selected, applying [`Settings::selection`] layer by layer to `defaults` (the rules on by
    /// default). `resolve` turns a selector into the rules it names; the engine reports a selector that names
    /// nothing from there (with [`Located::error`]) and returns no rule for it.
    pub fn selected<R: Ord>(
        &self,
        defaults: impl IntoIterator<Item = R>,
        mut resolve: impl FnMut(&Selector) -> Vec<R>,
    ) -> BTreeSet<R> {
        let mut selected: BTreeSet<R> = defaults.into_iter().collect();
        for layer in &self.selection {
            if let Some(select) = &layer.select {
                selected = select.iter().flat_map(&mut resolve).collect();
            }
            selected.extend(layer.extend_select.iter().flat_map(&mut resolve));
            for selector in &layer.ignore {
                for rule in resolve(selector) {
                    selected.remove(&rule);
                }
            }
        }
        selected
    }

    /// The terms added to the lexicon named `lexicon`, in order.
    pub fn lexicon_terms<'a>(
        &'a self,
        lexicon: &'a str,
    ) -> impl Iterator<Item = &'a Located<String>> + 'a {
        self.lexicons
            .iter()
            .filter(move |addition| addition.lexicon.value == lexicon)
            .flat_map(|addition| &addition.terms)
    }

    /// Adds what a file contributes beyond its layers: itself, its extra rule files and lexicon terms.
    fn push_file(&mut self, file: &file::ConfigFile) {
        self.configs.push(Arc::clone(&file.source));
        for extra in &file.extra_rules {
            if !self.extra_rules.iter().any(|e| e.value == extra.value) {
                self.extra_rules.push(extra.clone());
            }
        }
        self.lexicons.extend(file.lexicons.iter().cloned());
    }

    fn push_layer(&mut self, layer: &file::Layer) {
        self.push_selection(&layer.selection);
        self.severity.extend(layer.severity.iter().cloned());
        self.params.extend(layer.params.iter().cloned());
    }

    fn push_selection(&mut self, selection: &SelectionLayer) {
        if !selection.is_empty() {
            self.selection.push(selection.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy registry: a selector names every rule whose code starts with it.
    fn resolve(rules: &'static [&'static str]) -> impl FnMut(&Selector) -> Vec<&'static str> {
        move |selector| {
            rules
                .iter()
                .copied()
                .filter(|rule| rule.starts_with(selector.value.as_str()))
                .collect()
        }
    }

    #[test]
    fn select_replaces_extend_adds_ignore_removes() {
        const RULES: &[&str] = &["JX101", "JX102", "JX201", "JX301"];
        let settings = Settings::from_toml(
            "[rules]\nselect = [\"JX1\"]\nextend-select = [\"JX301\"]\nignore = [\"JX102\"]\n",
        )
        .unwrap();
        let selected = settings.selected(["JX201"], resolve(RULES));
        assert_eq!(selected.into_iter().collect::<Vec<_>>(), ["JX101", "JX301"]);

        let settings = Settings::from_toml("[rules]\nignore = [\"JX2\"]\n").unwrap();
        let selected = settings.selected(["JX101", "JX201"], resolve(RULES));
        assert_eq!(selected.into_iter().collect::<Vec<_>>(), ["JX101"]);
    }

    #[test]
    fn every_settings_has_its_own_id() {
        assert_ne!(Settings::default().id(), Settings::default().id());
    }

    #[test]
    fn levels_map_to_severities() {
        use crate::diagnostic::Severity;
        assert_eq!(Level::Off.severity(), None);
        assert_eq!(Level::from(Severity::Warning), Level::Warning);
        assert_eq!(Level::ALL.map(Level::as_str), Level::NAMES);
    }
}
