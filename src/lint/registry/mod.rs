//! Rules as data: the check language's files (rules/*.jxr and those a user adds), compiled once per run into a
//! [`RuleSet`], with the user's selection and severities applied.
//!
//! [`syntax`] parses rule files (pest, `grammar/rules.pest`), [`compile`] resolves and compiles them; the
//! built-in files are embedded in the binary by `build.rs`.

pub mod docs;

use crate::diagnostic::{codes, Level, Severity, Text};
use crate::lint::schema::expr::{CExpr, Lexicon};
use crate::lint::schema::field::{Field, Scope};

/// Where a finding points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The last lexicon or regex match of the condition.
    Match,
    /// A field of the node.
    Field(Field),
}

/// A piece of a message template.
#[derive(Debug, Clone)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// `{match}`: the words the condition matched.
    Match,
    /// A `{…}` placeholder.
    Expr(CExpr),
}

/// A message or help template.
#[derive(Debug, Clone)]
pub struct Template(pub Vec<TemplatePart>);

/// A named parameter of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name.
    pub name: String,
    /// The default, as it is displayed.
    pub default: String,
    /// What it means.
    pub description: Option<String>,
}

/// An example of a rule: a declaration that must (fails) or must not trigger it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// Whether the rule must fire.
    pub fails: bool,
    /// The .jx text: a whole declaration, or level-1 groups that [`Example::document`] wraps in one.
    pub text: String,
}

impl Example {
    /// The example as a whole .jx document.
    pub fn document(&self) -> String {
        let trimmed = self.text.trim_start();
        let whole = ["项目", "部门整体", "project", "department", "#"]
            .iter()
            .any(|k| trimmed.starts_with(k));
        if whole {
            self.text.clone()
        } else {
            format!(
                "项目 \"示例\" {{\n  年度 2024\n  资金 100 万元\n{}\n}}\n",
                self.text
            )
        }
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable code, e.g. JX101.
    pub code: String,
    /// Kebab-case name of the defect.
    pub name: String,
    /// The level the rule file declares: `off` rules run only when selected.
    pub default_severity: Level,
    /// measurability, conventions, structure …
    pub category: String,
    /// What it applies to.
    pub scope: Scope,
    /// Named parameters.
    pub params: Vec<Param>,
    /// The condition.
    pub when: CExpr,
    /// Where findings point; `None` for the match if any, else the node.
    pub at: Option<At>,
    /// A safe fix: the field whose text is replaced, and the replacement.
    pub fix: Option<(Field, Template)>,
    /// The message, in Chinese and English.
    pub message: (Template, Template),
    /// The help, in Chinese and English.
    pub help: (Template, Template),
    /// One line on what the rule finds.
    pub summary: Text,
    /// The documentation (Markdown).
    pub docs: Text,
    /// Examples that the test suite runs.
    pub examples: Vec<Example>,
    /// The rule file it comes from.
    pub origin: String,
}

impl Rule {
    /// Whether a selector (code, code prefix, name, category or `ALL`) designates this rule.
    pub fn matches(&self, selector: &str) -> bool {
        selector == "ALL"
            || selector == self.name
            || selector == self.category
            || (self.code.starts_with(selector)
                && selector.len() >= 2
                && selector.chars().all(|c| c.is_ascii_alphanumeric()))
    }
}

/// One layer of a selection: a configuration file's `[rules]`, an override, or the command line.
#[derive(Debug, Clone, Default)]
pub struct SelectionLayer {
    /// Replaces the selection so far.
    pub select: Option<Vec<String>>,
    /// Added to the selection.
    pub extend_select: Vec<String>,
    /// Removed from the selection.
    pub ignore: Vec<String>,
}

/// Which rules run and at which severity: the defaults (rules that are not `off`), changed layer by layer, then
/// severities by selector in order. A severity changes the rules that are selected (`off` turns them off); it
/// does not select a rule — `extend-select` does.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The layers, applied in order.
    pub layers: Vec<SelectionLayer>,
    /// Severities by selector, applied in order.
    pub severity: Vec<(String, Level)>,
}

impl Selection {
    /// A selection of exactly the rules these selectors designate.
    pub fn only<S: Into<String>>(selectors: impl IntoIterator<Item = S>) -> Self {
        Selection {
            layers: vec![SelectionLayer {
                select: Some(selectors.into_iter().map(Into::into).collect()),
                ..SelectionLayer::default()
            }],
            severity: Vec::new(),
        }
    }

    fn selectors(&self) -> impl Iterator<Item = &String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.select
                    .iter()
                    .flatten()
                    .chain(&l.extend_select)
                    .chain(&l.ignore)
            })
            .chain(self.severity.iter().map(|(s, _)| s))
    }
}

/// Compiled rules and lexicons, with the severity each rule runs at.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    lexicons: Vec<Lexicon>,
    severities: Vec<Option<Severity>>,
    by_scope: Vec<(Scope, Vec<usize>)>,
}

impl RuleSet {
    /// A rule set of compiled rules and the lexicons they refer to, with the default selection.
    pub fn new(rules: Vec<Rule>, lexicons: Vec<Lexicon>) -> RuleSet {
        let mut set = RuleSet {
            severities: vec![None; rules.len()],
            rules,
            lexicons,
            by_scope: Vec::new(),
        };
        set.select(&Selection::default())
            .expect("the default selection names no rule");
        set
    }

    /// Applies a selection. `Err` holds the selectors that designate no rule.
    pub fn select(&mut self, selection: &Selection) -> Result<(), Vec<String>> {
        let unknown: Vec<String> = selection
            .selectors()
            .filter(|s| !self.rules.iter().any(|r| r.matches(s)))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            // An `off` rule runs as a warning when selected, unless a severity is configured.
            let as_selected = rule
                .default_severity
                .severity()
                .unwrap_or(Severity::Warning);
            let mut severity = rule.default_severity.severity();
            for layer in &selection.layers {
                if let Some(select) = &layer.select {
                    severity = select
                        .iter()
                        .any(|s| rule.matches(s))
                        .then_some(as_selected);
                }
                if layer.extend_select.iter().any(|s| rule.matches(s)) {
                    severity = Some(as_selected);
                }
                if layer.ignore.iter().any(|s| rule.matches(s)) {
                    severity = None;
                }
            }
            for (selector, level) in &selection.severity {
                if rule.matches(selector) && severity.is_some() {
                    severity = level.severity();
                }
            }
            self.severities[i] = severity;
        }
        let mut by_scope: Vec<(Scope, Vec<usize>)> = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if self.severities[i].is_none() {
                continue;
            }
            match by_scope.iter_mut().find(|(s, _)| *s == rule.scope) {
                Some((_, list)) => list.push(i),
                None => by_scope.push((rule.scope, vec![i])),
            }
        }
        self.by_scope = by_scope;
        Ok(())
    }

    /// Every rule, selected or not, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The lexicons.
    pub fn lexicons(&self) -> &[Lexicon] {
        &self.lexicons
    }

    /// The severity a rule runs at, `None` when it does not run.
    pub fn severity(&self, rule: usize) -> Option<Severity> {
        self.severities[rule]
    }

    /// The rules that run at `scope`, by index.
    pub fn at_scope(&self, scope: Scope) -> &[usize] {
        self.by_scope
            .iter()
            .find(|(s, _)| *s == scope)
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// Finds a rule by code or name.
    pub fn find(&self, key: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.code == key || r.name == key)
    }

    /// Whether a code or name belongs to any rule (or to a fixed finding class).
    pub fn knows(&self, key: &str) -> bool {
        self.find(key).is_some() || codes::ALL.iter().any(|c| c.code == key || c.name == key)
    }
}
