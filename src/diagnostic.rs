//! Findings: the one type that every stage (reading, parsing, validation, rules) produces and every output
//! format renders.
//!
//! A [`Diagnostic`] carries its text in both languages ([`Text`]); the renderer picks one with [`Lang`].

use crate::source::Span;
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run unless `--fail-level info`.
    Info,
    /// Should be fixed.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The stable lowercase name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a rule runs: at a [`Severity`], or `off`. A rule file declares one for each rule (`severity warning`), and
/// jixiao.toml may set another (`[rules.severity]`); an `off` rule runs only when selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The rule does not run (unless selected, for a rule declared `off`).
    Off,
    /// Reported as [`Severity::Info`].
    Info,
    /// Reported as [`Severity::Warning`].
    Warning,
    /// Reported as [`Severity::Error`].
    Error,
}

impl Level {
    /// Every level, in the order of the documentation.
    pub const ALL: [Level; 4] = [Level::Error, Level::Warning, Level::Info, Level::Off];
    /// The names of [`Level::ALL`].
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "off"];

    /// The word written in rule files and jixiao.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Off => "off",
        }
    }

    /// Reads `error`, `warning`, `info` or `off`.
    pub fn from_word(word: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.as_str() == word)
    }

    /// The severity of findings, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl From<Severity> for Level {
    fn from(severity: Severity) -> Self {
        match severity {
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// A text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two translations.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// What a finding is about: its stable code and kebab-case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code {
    /// Stable code, e.g. `JX001`.
    pub code: &'static str,
    /// Name of the defect, e.g. `syntax-error`.
    pub name: &'static str,
    /// The severity its findings are reported at; a fixed class, unlike a rule, cannot be given another.
    pub severity: Severity,
}

impl Code {
    /// The fixed class whose code is `code` (`JX014`), if any.
    pub fn from_code(code: &str) -> Option<Code> {
        codes::ALL.iter().copied().find(|class| class.code == code)
    }

    /// The fixed class whose code or name is `key` (`JX014`, `read-error`), if any.
    pub fn from_key(key: &str) -> Option<Code> {
        codes::ALL
            .iter()
            .copied()
            .find(|class| class.code == key || class.name == key)
    }
}

/// One finding at one place of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `JX001`.
    pub code: String,
    /// Kebab-case name of the rule or error class.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, quoting the user's own words.
    pub message: Text,
    /// What to write instead.
    pub help: Option<Text>,
    /// Where; empty for findings about a whole file that could not be read.
    pub span: Span,
    /// A short label shown under the span.
    pub label: Option<Text>,
    /// The spreadsheet cell the finding is about, for inputs read from tables.
    pub cell: Option<CellLocation>,
    /// A safe fix, when the rule declares one.
    pub fix: Option<Edit>,
}

/// A replacement of some text of the source: a safe fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The text replaced (in the normalised source).
    pub span: Span,
    /// What replaces it.
    pub replacement: String,
}

/// A cell of a table: its sheet (for workbooks) and its reference, e.g. `B7`; for a finding of the rules, also
/// the cell's text and what it is about, which the review outputs show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CellLocation {
    /// The sheet's name, for workbooks.
    pub sheet: Option<String>,
    /// The cell reference: column letters and 1-based row.
    pub cell: String,
    /// The cell's text, as read.
    pub text: Option<String>,
    /// The indicator or group the finding is about, as [`crate::report::Subject::label`] names it; `None` for
    /// the declaration as a whole or a problem of reading.
    pub subject: Option<String>,
}

impl Diagnostic {
    /// A finding of the fixed class `code`.
    pub fn new(code: Code, severity: Severity, span: Span, message: Text) -> Self {
        Diagnostic {
            code: code.code.to_string(),
            rule: code.name.to_string(),
            severity,
            message,
            help: None,
            span,
            label: None,
            cell: None,
            fix: None,
        }
    }

    /// The fixed class of the finding ([`codes`]), `None` for a rule's finding: compare it with a constant, as
    /// in `diagnostic.class() == Some(codes::READ_ERROR)`.
    pub fn class(&self) -> Option<Code> {
        Code::from_code(&self.code)
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// Adds a label under the span.
    pub fn with_label(mut self, label: Text) -> Self {
        self.label = Some(label);
        self
    }
}

/// The fixed classes of findings produced before any rule runs: reading, syntax and the language's semantics.
pub mod codes {
    use super::{Code, Severity};

    macro_rules! codes {
        ($($(#[$doc:meta])* $id:ident = $code:literal, $name:literal, $severity:ident;)*) => {
            $($(#[$doc])* pub const $id: Code = Code {
                code: $code,
                name: $name,
                severity: Severity::$severity,
            };)*
            /// Every fixed class, in code order.
            pub const ALL: &[Code] = &[$($id),*];
        };
    }

    codes! {
        /// The text does not follow the grammar.
        SYNTAX = "JX001", "syntax-error", Error;
        /// A string literal is never closed.
        UNTERMINATED_STRING = "JX002", "unterminated-string", Error;
        /// A number does not fit an exact decimal (more than 28 significant digits).
        INVALID_NUMBER = "JX003", "invalid-number", Error;
        /// A date that does not exist (2022-02-30) or a year out of range.
        INVALID_DATE = "JX004", "invalid-date", Error;
        /// A level-1 name that is not one of 成本/产出/效益/满意度.
        UNKNOWN_LEVEL1 = "JX005", "unknown-level1", Error;
        /// A heading of the evaluation framework (决策/过程) used as a level 1.
        EVALUATION_LEVEL1 = "JX006", "evaluation-level1", Error;
        /// A level-2 name unknown in the indicator framework.
        UNKNOWN_LEVEL2 = "JX007", "unknown-level2", Error;
        /// A level-2 name placed under the wrong level 1.
        MISPLACED_LEVEL2 = "JX008", "misplaced-level2", Error;
        /// A header field or attribute given twice.
        DUPLICATE_FIELD = "JX009", "duplicate-field", Error;
        /// A header field or attribute the language does not know.
        UNKNOWN_FIELD = "JX010", "unknown-field", Error;
        /// A 取值依据 other than 计划标准/行业标准/历史标准/其他标准.
        INVALID_BASIS = "JX011", "invalid-basis", Error;
        /// A funding amount whose unit is not money.
        INVALID_MONEY_UNIT = "JX012", "invalid-money-unit", Error;
        /// A `# jixiao:` comment that cannot be read.
        INVALID_SUPPRESSION = "JX013", "invalid-suppression", Warning;
        /// A file or directory that cannot be read.
        READ_ERROR = "JX014", "read-error", Error;
        /// A file that is not UTF-8 text.
        NOT_UTF8 = "JX015", "not-utf8", Error;
        /// A `# jixiao: allow(…)` comment that suppressed nothing.
        UNUSED_SUPPRESSION = "JX016", "unused-suppression", Warning;
        /// A jixiao.toml that cannot be read, or a key or value it should not hold.
        INVALID_CONFIG = "JX017", "invalid-config", Error;
        /// A rule or lexicon file that cannot be read or compiled.
        INVALID_RULE_FILE = "JX018", "invalid-rule-file", Error;
        /// A table (CSV or workbook) with no recognisable indicator table.
        NO_INDICATOR_TABLE = "JX019", "no-indicator-table", Error;
        /// A row of a table that could not be read: text that is no indicator, level heading or footer, a
        /// second header row that disagrees with the first, or a table from which no indicator was read.
        UNREAD_TABLE_ROW = "JX020", "unread-table-row", Error;
        /// A cell of a table that could not be read as written: a quote never closed, a formula saved without its
        /// value, cells beyond the reading limits. The rest of the table is read.
        UNREADABLE_CELL = "JX021", "unreadable-cell", Error;
        /// An amount of money below zero (资金, 到位, 支出, 结余, 下达, a contract's amounts).
        NEGATIVE_AMOUNT = "JX022", "negative-amount", Error;
        /// A declaration or evaluation `jixiao score` cannot score: no weight is given.
        NO_WEIGHTS = "JX023", "no-weights", Error;
    }
}
