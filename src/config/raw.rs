//! One `jixiao.toml` as serde reads it: every table with `deny_unknown_fields`, every user-written value kept
//! with its span, and the valid keys of each table for the help of an unknown-key error.

use super::Level;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

pub(super) type RawParams =
    BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<ParamValue>>>;
pub(super) type Strings = Vec<Spanned<String>>;

/// The file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) extends: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) rules: RawRules,
    #[serde(default)]
    pub(super) params: RawParams,
    #[serde(default)]
    pub(super) lexicons: BTreeMap<Spanned<String>, Strings>,
    #[serde(default)]
    pub(super) overrides: Vec<RawOverride>,
    /// `[opinion]`, read again by [`super::Thresholds::of`]; here it is checked.
    #[serde(default)]
    #[allow(dead_code)]
    pub(super) opinion: super::opinion::RawOpinion,
}

/// `[rules]`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawRules {
    pub(super) select: Option<Strings>,
    #[serde(default)]
    pub(super) extend_select: Strings,
    #[serde(default)]
    pub(super) ignore: Strings,
    #[serde(default)]
    pub(super) extra: Strings,
    #[serde(default)]
    pub(super) severity: BTreeMap<Spanned<String>, Spanned<Level>>,
}

/// One `[[overrides]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawOverride {
    pub(super) files: Spanned<Strings>,
    pub(super) select: Option<Strings>,
    #[serde(default)]
    pub(super) extend_select: Strings,
    #[serde(default)]
    pub(super) ignore: Strings,
    #[serde(default)]
    pub(super) severity: BTreeMap<Spanned<String>, Spanned<Level>>,
    #[serde(default)]
    pub(super) params: RawParams,
}

/// The valid keys of each table, for help texts: `(table, keys)`.
pub(crate) const TABLE_KEYS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "extends",
            "rules",
            "params",
            "lexicons",
            "overrides",
            "opinion",
        ],
    ),
    ("opinion", super::opinion::KEYS),
    (
        "rules",
        &["select", "extend-select", "ignore", "extra", "severity"],
    ),
    (
        "overrides",
        &[
            "files",
            "select",
            "extend-select",
            "ignore",
            "severity",
            "params",
        ],
    ),
];

/// A parameter value: a string, or a number whose text is taken from the file.
pub(super) enum ParamValue {
    Text(String),
    /// A float: its exact text is read back from the span.
    Float,
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamVisitor;
        impl Visitor<'_> for ParamVisitor {
            type Value = ParamValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ParamValue, E> {
                Ok(ParamValue::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamValue, E> {
                Ok(ParamValue::Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamValue, E> {
                Ok(ParamValue::Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<ParamValue, E> {
                Ok(ParamValue::Float)
            }
        }
        deserializer.deserialize_any(ParamVisitor)
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LevelVisitor;
        impl Visitor<'_> for LevelVisitor {
            type Value = Level;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a severity")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Level, E> {
                Level::from_word(v).ok_or_else(|| E::unknown_variant(v, &Level::NAMES))
            }
        }
        deserializer.deserialize_str(LevelVisitor)
    }
}
