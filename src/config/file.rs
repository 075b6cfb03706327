//! One `jixiao.toml` read as plain data: deserialised with `deny_unknown_fields`, every user-written value kept
//! with its span, then turned into the layers of [`ConfigFile`]. Nothing here looks at other files: `extends`
//! is only recorded, and resolved by the loader.

use super::error::{toml_error, ConfigError};
use super::raw::{ParamValue, RawConfig, RawOverride, RawParams};
use super::source::ConfigSource;
use super::{
    Level, LexiconAddition, Located, Origin, ParamOverride, SelectionLayer, Selector,
    SeverityOverride,
};
use crate::confine;
use crate::diagnostic::Text;
use crate::source::Span;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The settings of one table (the top level or one `[[overrides]]` entry) that stack in layers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layer {
    pub selection: SelectionLayer,
    pub severity: Vec<SeverityOverride>,
    pub params: Vec<ParamOverride>,
}

/// One `[[overrides]]` entry: its layer applies to the paths its globs match.
#[derive(Debug)]
pub(crate) struct Override {
    pub globs: GlobSet,
    pub layer: Layer,
}

/// One configuration file, read and checked on its own.
#[derive(Debug)]
pub(crate) struct ConfigFile {
    pub source: Arc<ConfigSource>,
    /// The `extends` value as written, relative to [`ConfigSource::dir`] and inside it.
    pub extends: Option<Located<String>>,
    pub base: Layer,
    /// `[rules] extra`, made absolute, inside [`ConfigSource::dir`].
    pub extra_rules: Vec<Located<PathBuf>>,
    pub lexicons: Vec<LexiconAddition>,
    pub overrides: Vec<Override>,
}

impl ConfigFile {
    /// Reads the text of `source`, which must be [`SourceFile::verbatim`] so that spans given by `toml` are
    /// spans of the text shown to the user.
    pub fn parse(source: Arc<ConfigSource>) -> Result<ConfigFile, ConfigError> {
        let text = source.source.text();
        let data: RawConfig = toml::from_str(text).map_err(|err| toml_error(&source, &err))?;
        let lower = Lower {
            source: &source,
            text,
        };
        let base = lower.layer(
            data.rules.select,
            data.rules.extend_select,
            data.rules.ignore,
            data.rules.severity,
            data.params,
        );
        // Paths are kept inside the directory of this file (see `confine`); whether links on the way lead out,
        // and what the file is, is known once it is read.
        let extra_rules = data
            .rules
            .extra
            .into_iter()
            .map(|path| {
                let located = lower.located(path);
                match confine::lexical(source.dir(), Path::new(&located.value)) {
                    Ok(value) => Ok(Located {
                        value,
                        origin: located.origin,
                    }),
                    Err(refusal) => {
                        Err(located.refused("extra", &located.value, &refusal, EXTRA_EXAMPLE))
                    }
                }
            })
            .collect::<Result<_, _>>()?;
        let lexicons = data
            .lexicons
            .into_iter()
            .map(|(lexicon, terms)| LexiconAddition {
                lexicon: lower.located(lexicon),
                terms: lower.all(terms),
            })
            .collect::<Vec<_>>();
        let overrides = data
            .overrides
            .into_iter()
            .map(|raw| lower.override_(raw))
            .collect::<Result<_, _>>()?;
        let extends = data.extends.map(|path| lower.located(path));
        if let Some(extends) = &extends {
            if let Err(refusal) = confine::lexical(source.dir(), Path::new(&extends.value)) {
                return Err(extends.refused("extends", &extends.value, &refusal, EXTENDS_EXAMPLE));
            }
        }
        let mut file = ConfigFile {
            source: Arc::clone(&source),
            extends,
            base,
            extra_rules,
            lexicons,
            overrides,
        };
        file.lexicons.sort_by_key(|lexicon| lexicon.lexicon.span());
        Ok(file)
    }
}

/// An `extends` that stays in the project, for the help of one that does not.
pub(crate) const EXTENDS_EXAMPLE: &str = "\"共用.toml\"";

/// An `extra` that stays in the project, for the help of one that does not.
pub(crate) const EXTRA_EXAMPLE: &str = "[\"rules/本单位.jxr\"]";

/// Turns deserialised values into located ones.
struct Lower<'a> {
    source: &'a Arc<ConfigSource>,
    text: &'a str,
}

impl Lower<'_> {
    fn origin(&self, range: std::ops::Range<usize>) -> Origin {
        Origin::Config {
            source: Arc::clone(self.source),
            span: Span::new(range.start, range.end),
        }
    }

    fn located<T>(&self, value: Spanned<T>) -> Located<T> {
        let origin = self.origin(value.span());
        Located {
            value: value.into_inner(),
            origin,
        }
    }

    fn all<T>(&self, values: Vec<Spanned<T>>) -> Vec<Located<T>> {
        values.into_iter().map(|v| self.located(v)).collect()
    }

    fn layer(
        &self,
        select: Option<Vec<Spanned<String>>>,
        extend_select: Vec<Spanned<String>>,
        ignore: Vec<Spanned<String>>,
        severity: BTreeMap<Spanned<String>, Spanned<Level>>,
        params: RawParams,
    ) -> Layer {
        let mut severity: Vec<_> = severity
            .into_iter()
            .map(|(selector, level)| SeverityOverride {
                selector: self.located(selector),
                level: self.located(level),
            })
            .collect();
        severity.sort_by_key(|o| o.selector.span());
        let mut params: Vec<_> = params
            .into_iter()
            .flat_map(|(rule, values)| {
                let rule: Selector = self.located(rule);
                values
                    .into_iter()
                    .map(move |(param, value)| (rule.clone(), param, value))
            })
            .map(|(rule, param, value)| ParamOverride {
                rule,
                param: self.located(param),
                value: self.param_value(value),
            })
            .collect();
        params.sort_by_key(|o| o.param.span());
        Layer {
            selection: SelectionLayer {
                select: select.map(|s| self.all(s)),
                extend_select: self.all(extend_select),
                ignore: self.all(ignore),
            },
            severity,
            params,
        }
    }

    /// A parameter value as text: a string as written, an integer in decimal, a float exactly as typed (no
    /// rounding through `f64`), without `_` separators.
    fn param_value(&self, value: Spanned<ParamValue>) -> Located<String> {
        let range = value.span();
        let text = match value.into_inner() {
            ParamValue::Text(text) => text,
            ParamValue::Float => self.text[range.clone()].replace('_', ""),
        };
        Located {
            value: text,
            origin: self.origin(range),
        }
    }

    fn override_(&self, raw: RawOverride) -> Result<Override, ConfigError> {
        let files = self.located(raw.files);
        if files.value.is_empty() {
            return Err(files
                .error(Text::new("files 不能为空", "files cannot be empty"))
                .with_help(Text::new(
                    "写出这些设置适用的路径模式，如 files = [\"legacy/**/*.jx\"]",
                    "give the path patterns these settings apply to, e.g. files = [\"legacy/**/*.jx\"]",
                )));
        }
        let mut globs = GlobSetBuilder::new();
        for pattern in &files.value {
            globs.add(self.glob(pattern)?);
        }
        let globs = globs.build().map_err(|err| {
            files.error(Text::new(
                format!("无法编译路径模式：{err}"),
                format!("cannot compile the path patterns: {err}"),
            ))
        })?;
        Ok(Override {
            globs,
            layer: self.layer(
                raw.select,
                raw.extend_select,
                raw.ignore,
                raw.severity,
                raw.params,
            ),
        })
    }

    /// One `files` pattern, relative to the config's directory; a pattern without `/` matches a file name
    /// in any directory, as in `.gitignore`.
    fn glob(&self, pattern: &Spanned<String>) -> Result<globset::Glob, ConfigError> {
        let text = pattern.get_ref().trim_start_matches("./");
        let full = if text.contains('/') {
            text.to_string()
        } else {
            format!("**/{text}")
        };
        GlobBuilder::new(&full)
            .literal_separator(true)
            .build()
            .map_err(|err| {
                self.located(pattern.clone())
                    .error(Text::new(
                        format!("无效的路径模式“{}”：{}", pattern.get_ref(), err.kind()),
                        format!("invalid path pattern `{}`: {}", pattern.get_ref(), err.kind()),
                    ))
                    .with_help(Text::new(
                        "路径模式相对于 jixiao.toml 所在的目录：`*` 匹配文件名中的任意字符，`**` 匹配任意层目录，\
                         如 \"legacy/**/*.jx\"",
                        "patterns are relative to the directory of jixiao.toml: `*` matches within a name, \
                         `**` any number of directories, e.g. \"legacy/**/*.jx\"",
                    ))
            })
    }
}
