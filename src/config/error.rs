//! Configuration errors as findings: every problem with a `jixiao.toml`, or with a value a user wrote in one, is
//! a [`codes::INVALID_CONFIG`] finding pointing into that file, so it renders like a finding in a `.jx` file.
//!
//! serde and `toml` describe a problem in English (`unknown field `selct`, expected one of …`); the few shapes
//! they use are recognised here and said again in both languages, with help listing what is valid.

use super::raw::TABLE_KEYS;
use super::source::ConfigSource;
use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::paths::compare_paths;
use crate::report::FileReport;
use crate::source::Span;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A problem with a configuration file or with a value written in one: one [`codes::INVALID_CONFIG`] finding
/// and the file it is about.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The path of the configuration file as shown to the user, or the command-line option (`--select`) for a
    /// value given there.
    pub path: String,
    /// The file's text, when it could be read.
    pub source: Option<Arc<ConfigSource>>,
    /// The finding; its span is a byte span of `source`'s text. Boxed: a `Diagnostic` is large.
    pub diagnostic: Box<Diagnostic>,
}

impl ConfigError {
    /// An error about the file `source`, at `span`.
    pub fn at(source: Arc<ConfigSource>, span: Span, message: Text) -> Self {
        ConfigError {
            path: source.display().to_string(),
            diagnostic: invalid(span, message),
            source: Some(source),
        }
    }

    /// An error about a file with no text to show (it could not be read) or a command-line option.
    pub fn without_source(path: impl Into<String>, message: Text) -> Self {
        ConfigError {
            path: path.into(),
            source: None,
            diagnostic: invalid(Span::point(0), message),
        }
    }

    /// Adds a help line saying what to write instead.
    pub fn with_help(mut self, help: Text) -> Self {
        self.diagnostic.help = Some(help);
        self
    }

    /// Adds a label under the span.
    pub fn with_label(mut self, label: Text) -> Self {
        self.diagnostic.label = Some(label);
        self
    }

    /// The report of this one error, for the renderers: `path` and `source` are the configuration file's.
    pub fn to_report(&self) -> FileReport {
        reports([self.clone()]).remove(0)
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => {
                let at = source.source.line_col(self.diagnostic.span.start);
                write!(f, "{}:{}:{}: ", self.path, at.line, at.column)?;
            }
            None => write!(f, "{}: ", self.path)?,
        }
        f.write_str(&self.diagnostic.message.en)
    }
}

impl std::error::Error for ConfigError {}

/// Gathers errors into one report per configuration file, sorted by path, each with its findings sorted by
/// position and duplicates removed (the same file can fail for many checked files, and the same unknown
/// selector be met while compiling many rule sets).
pub fn reports(errors: impl IntoIterator<Item = ConfigError>) -> Vec<FileReport> {
    let mut by_path: BTreeMap<String, (Option<Arc<ConfigSource>>, Vec<Diagnostic>)> =
        BTreeMap::new();
    for error in errors {
        let entry = by_path.entry(error.path).or_default();
        if entry.0.is_none() {
            entry.0 = error.source;
        }
        if !entry.1.contains(&error.diagnostic) {
            entry.1.push(*error.diagnostic);
        }
    }
    let mut reports: Vec<FileReport> = by_path
        .into_iter()
        .map(|(path, (source, mut diagnostics))| {
            diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
            FileReport {
                path,
                source: source.map(|s| s.source.clone()),
                document: None,
                diagnostics,
            }
        })
        .collect();
    reports.sort_by(|a, b| compare_paths(&a.path, &b.path));
    reports
}

fn invalid(span: Span, message: Text) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        codes::INVALID_CONFIG,
        Severity::Error,
        span,
        message,
    ))
}

/// The finding for a `toml` deserialisation error of `source`'s text.
pub(crate) fn toml_error(source: &Arc<ConfigSource>, err: &toml::de::Error) -> ConfigError {
    let span = err
        .span()
        .map_or_else(Span::default, |r| Span::new(r.start, r.end));
    let file = source.file_name();
    let text = source.source.text();
    let key = key_before(text, span.start);
    let (message, help, label) = match classify(err.message()) {
        Problem::UnknownKey { key, valid } => (
            Text::new(
                format!("{file} 中未知的键“{key}”"),
                format!("unknown key `{key}` in {file}"),
            ),
            Some(valid_keys_help(key, &valid)),
            Some(Text::new("未知的键", "unknown key")),
        ),
        Problem::UnknownValue { value, valid } => (
            Text::new(
                format!("未知的取值“{value}”"),
                format!("unknown value `{value}`"),
            ),
            Some(Text::new(
                format!("可用的取值：{}", valid.join("、")),
                format!("valid values: {}", valid.join(", ")),
            )),
            None,
        ),
        Problem::WrongType { found, expected } => {
            let (found_zh, found_en) = describe_found(found);
            let (expected_zh, expected_en) = describe_expected(expected);
            let message = match key {
                Some(key) => Text::new(
                    format!("“{key}”的值应为{expected_zh}，却是{found_zh}"),
                    format!("`{key}` should be {expected_en}, not {found_en}"),
                ),
                None => Text::new(
                    format!("这里应为{expected_zh}，却是{found_zh}"),
                    format!("expected {expected_en} here, not {found_en}"),
                ),
            };
            (
                message,
                key.and_then(example),
                Some(Text::new("类型不对", "wrong type")),
            )
        }
        Problem::MissingKey { key } => (
            Text::new(format!("缺少键“{key}”"), format!("missing key `{key}`")),
            example(key),
            None,
        ),
        Problem::Syntax(message) => (
            Text::new(
                format!("{file} 不是合法的 TOML：{message}"),
                format!("{file} is not valid TOML: {message}"),
            ),
            Some(Text::new(
                "TOML 的写法见 https://toml.io/cn/；字符串要加英文双引号，如 select = [\"JX1\"]",
                "see https://toml.io for the syntax; strings take double quotes, e.g. select = [\"JX1\"]",
            )),
            None,
        ),
    };
    let mut error = ConfigError::at(Arc::clone(source), span, message);
    error.diagnostic.help = help;
    error.diagnostic.label = label;
    error
}

/// The shapes of serde's and toml's messages.
#[derive(Debug, PartialEq, Eq)]
enum Problem<'a> {
    UnknownKey { key: &'a str, valid: Vec<&'a str> },
    UnknownValue { value: &'a str, valid: Vec<&'a str> },
    WrongType { found: &'a str, expected: &'a str },
    MissingKey { key: &'a str },
    Syntax(&'a str),
}

fn classify(message: &str) -> Problem<'_> {
    let quoted = || message.split('`').skip(1).step_by(2).collect::<Vec<_>>();
    if message.starts_with("unknown field `") {
        let names = quoted();
        Problem::UnknownKey {
            key: names[0],
            valid: names[1..].to_vec(),
        }
    } else if message.starts_with("unknown variant `") {
        let names = quoted();
        Problem::UnknownValue {
            value: names[0],
            valid: names[1..].to_vec(),
        }
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        match rest.split_once(", expected ") {
            Some((found, expected)) => Problem::WrongType { found, expected },
            None => Problem::Syntax(message),
        }
    } else if message.starts_with("missing field `") {
        Problem::MissingKey { key: quoted()[0] }
    } else {
        Problem::Syntax(message.trim())
    }
}

/// `可用的键：…`, with a guess when the unknown key is a misspelling of a valid one.
fn valid_keys_help(key: &str, valid: &[&str]) -> Text {
    let valid: Vec<&str> = if valid.is_empty() {
        Vec::new()
    } else {
        // serde lists the keys of the table; use our own order (which is the documented one) when we know it.
        TABLE_KEYS
            .iter()
            .find(|(_, keys)| keys.len() == valid.len() && valid.iter().all(|v| keys.contains(v)))
            .map_or_else(|| valid.to_vec(), |(_, keys)| keys.to_vec())
    };
    if valid.is_empty() {
        return Text::new("这里不能写键", "no keys are allowed here");
    }
    let guess = valid
        .iter()
        .map(|candidate| (distance(key, candidate), *candidate))
        .filter(|&(d, candidate)| d <= (candidate.chars().count() / 3).max(1))
        .min();
    let (zh, en) = match guess {
        Some((_, guess)) => (
            format!("是否想写“{guess}”？"),
            format!("did you mean `{guess}`? "),
        ),
        None => (String::new(), String::new()),
    };
    Text::new(
        format!("{zh}可用的键：{}", valid.join("、")),
        format!("{en}valid keys: {}", valid.join(", ")),
    )
}

/// The edit distance between two words, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The key of `key = value` when `offset` is the start of the value on the same line.
fn key_before(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..offset].trim_end().strip_suffix('=')?;
    let key = before.trim().rsplit('.').next()?.trim().trim_matches('"');
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    (!key.is_empty() && key.chars().all(bare)).then_some(key)
}

/// `integer `3`` → (`整数 3`, `integer 3`).
fn describe_found(found: &str) -> (String, String) {
    let (kind, value) = match found.split_once(' ') {
        Some((kind, value)) if !found.starts_with("floating") => (kind, value),
        _ => match found.strip_prefix("floating point ") {
            Some(value) => ("float", value),
            None => (found, ""),
        },
    };
    let value = value.trim_matches('`');
    let zh = match kind {
        "string" => "字符串",
        "integer" => "整数",
        "float" => "小数",
        "boolean" => "布尔值",
        "sequence" => "数组",
        "map" => "表",
        other => other,
    };
    let en = match kind {
        "sequence" => "an array",
        "map" => "a table",
        "float" => "a float",
        "integer" => "an integer",
        "string" => "a string",
        "boolean" => "a boolean",
        other => other,
    };
    if value.is_empty() {
        (zh.to_string(), en.to_string())
    } else {
        (format!("{zh} {value}"), format!("{en} {value}"))
    }
}

/// `a sequence` → (`数组`, `an array`).
fn describe_expected(expected: &str) -> (String, String) {
    let (zh, en) = match expected {
        "a string" => ("字符串", "a string"),
        "a sequence" => ("数组", "an array"),
        "a map" => ("表", "a table"),
        "a string or a number" => ("字符串或数字", "a string or a number"),
        "a severity" => (
            "error、warning、info 或 off",
            "one of error, warning, info, off",
        ),
        other if other.starts_with("struct ") => ("表", "a table"),
        other => (other, other),
    };
    (zh.to_string(), en.to_string())
}

/// What to write for a key, as help for a value of the wrong type or a missing key.
fn example(key: &str) -> Option<Text> {
    let (zh, en) = match key {
        "extends" => (
            "写成带引号的路径，相对于本文件：extends = \"共用.toml\"",
            "write a quoted path, relative to this file: extends = \"共用.toml\"",
        ),
        "select" | "extend-select" | "ignore" => (
            "写成字符串数组，元素为规则代码、代码前缀、规则名称或类别：select = [\"JX1\", \"vague-target-value\"]",
            "write an array of strings: rule codes, code prefixes, rule names or categories: \
             select = [\"JX1\", \"vague-target-value\"]",
        ),
        "extra" => (
            "写成路径数组，相对于本文件：extra = [\"rules/local.jxr\"]",
            "write an array of paths, relative to this file: extra = [\"rules/local.jxr\"]",
        ),
        "files" => (
            "每个 [[overrides]] 都要写 files，即路径模式数组：files = [\"legacy/**/*.jx\"]",
            "every [[overrides]] needs files, an array of path patterns: files = [\"legacy/**/*.jx\"]",
        ),
        "severity" => (
            "写成表：[rules.severity] 下每行一条，如 JX104 = \"error\"",
            "write a table: under [rules.severity], one line each, e.g. JX104 = \"error\"",
        ),
        "rules" => (
            "写成表：[rules]，其下是 select、extend-select、ignore、extra、severity",
            "write a table: [rules], holding select, extend-select, ignore, extra, severity",
        ),
        "params" => (
            "参数写在以规则命名的表中：[params.satisfaction-below-floor] 下写 floor = \"90 %\"",
            "parameters go in a table named after the rule: [params.satisfaction-below-floor] floor = \"90 %\"",
        ),
        "lexicons" => (
            "写成表：[lexicons] 下每个词表一行，如 vague-degree = [\"还行\", \"尚可\"]",
            "write a table: under [lexicons], one line per lexicon, e.g. vague-degree = [\"还行\", \"尚可\"]",
        ),
        "overrides" => (
            "写成表数组：[[overrides]]，其下是 files 和要改的设置",
            "write an array of tables: [[overrides]], holding files and the settings to change",
        ),
        _ => return None,
    };
    Some(Text::new(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_recognised() {
        assert_eq!(
            classify("unknown field `selct`, expected one of `select`, `ignore`"),
            Problem::UnknownKey {
                key: "selct",
                valid: vec!["select", "ignore"]
            }
        );
        assert_eq!(
            classify("unknown field `file`, expected `files`"),
            Problem::UnknownKey {
                key: "file",
                valid: vec!["files"]
            }
        );
        assert_eq!(
            classify("invalid type: integer `3`, expected a string"),
            Problem::WrongType {
                found: "integer `3`",
                expected: "a string"
            }
        );
        assert_eq!(
            classify("missing field `files`"),
            Problem::MissingKey { key: "files" }
        );
        assert_eq!(
            classify("duplicate key\n"),
            Problem::Syntax("duplicate key")
        );
    }

    #[test]
    fn a_misspelt_key_gets_a_guess() {
        let help = valid_keys_help(
            "selct",
            &["select", "ignore", "extra", "severity", "extend-select"],
        );
        assert_eq!(
            help.zh,
            "是否想写“select”？可用的键：select、extend-select、ignore、extra、severity"
        );
        let help = valid_keys_help("colour", &["select"]);
        assert_eq!(help.en, "valid keys: select");
    }

    #[test]
    fn the_key_of_a_value_is_found_on_its_line() {
        let text = "[rules]\nselect = 3\nrules.ignore= 4\n[a]\n  \"extends\"  =5";
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(key_before(text, at("3")), Some("select"));
        assert_eq!(key_before(text, at("4")), Some("ignore"));
        assert_eq!(key_before(text, at("5")), Some("extends"));
        assert_eq!(key_before(text, at("rules]")), None);
    }

    #[test]
    fn found_values_are_described_in_both_languages() {
        assert_eq!(
            describe_found("string \"JX1\""),
            ("字符串 \"JX1\"".to_string(), "a string \"JX1\"".to_string())
        );
        assert_eq!(
            describe_found("floating point `1.5`"),
            ("小数 1.5".to_string(), "a float 1.5".to_string())
        );
        assert_eq!(
            describe_found("sequence"),
            ("数组".to_string(), "an array".to_string())
        );
    }
}
