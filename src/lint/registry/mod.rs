//! The compiled rules: a [`Rule`] with its texts, docs and examples, and the [`RuleSet`] of a run with the
//! user's [`Selection`] and severities applied. A [`Selector`] is read once against the known rules (see
//! `lint::load`); `lint::dsl` parses and compiles rule files into rules; [`docs`] renders their documentation.

pub mod docs;
mod rule_docs;

pub use rule_docs::{Deferred, Docs};

use crate::config::SelectionLayer;
use crate::diagnostic::{Code, Level, Severity, Text};
use crate::lint::schema::expr::{BinaryOp, CExpr, Lexicon};
use crate::lint::schema::field::{Field, Key};
use crate::lint::schema::guard;
use crate::lint::schema::hits::{HitIndex, LexiconSearch};
use crate::lint::schema::pattern::Pattern;
use crate::lint::schema::scope::Scope;
use crate::lint::schema::value::Value;
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

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
    /// The value in effect (the configured one, else the default), as it is displayed.
    pub value: String,
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
        let whole = [
            "项目",
            "部门整体",
            "评价",
            "绩效评价",
            "project",
            "department",
            "evaluation",
            "#",
        ]
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
    /// The condition: once the rule set is built, the part its guard leaves (see [`crate::lint::schema::guard`]).
    pub when: CExpr,
    /// The conjuncts of the condition that the node's discrete fields alone decide, split off by the rule set.
    pub guard: Option<CExpr>,
    /// Where findings point; `None` for the match if any, else the node.
    pub at: Option<At>,
    /// A safe fix: the field whose text is replaced, and the replacement.
    pub fix: Option<(Field, Template)>,
    /// The message, in Chinese and English.
    pub message: (Template, Template),
    /// The help, in Chinese and English.
    pub help: (Template, Template),
    /// The help of a finding in a spreadsheet (`table-help`), when the help speaks of `.jx` or `--fix`.
    pub table_help: Option<Text>,
    /// One line on what the rule finds.
    pub summary: Text,
    /// The documentation (Markdown) and the examples that the test suite runs.
    pub docs: Docs,
    /// The rule file it comes from.
    pub origin: String,
}

impl Rule {
    /// Every regex the rule uses: in its condition, guard and templates.
    pub fn for_each_pattern(&self, visit: &mut dyn FnMut(&Pattern)) {
        self.when.for_each_pattern(visit);
        if let Some(guard) = &self.guard {
            guard.for_each_pattern(visit);
        }
        let templates = [&self.message.0, &self.message.1, &self.help.0, &self.help.1]
            .into_iter()
            .chain(self.fix.as_ref().map(|(_, template)| template));
        for template in templates {
            for part in &template.0 {
                if let TemplatePart::Expr(expr) = part {
                    expr.for_each_pattern(visit);
                }
            }
        }
    }
}

/// Which rules a selector of jixiao.toml or the command line designates, read once against the known rules
/// ([`Selector::parse`]), like ruff's rule selectors.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// `ALL`: every rule.
    All,
    /// A code or the start of codes (`JX101`, `JX1`): at least two letters and digits.
    Prefix(String),
    /// A rule's name (`vague-target-value`).
    Name(String),
    /// A category (`measurability`).
    Category(String),
    /// A word with several readings (a rule's name that is also a category): the rules of every reading.
    AnyOf(Vec<Selector>),
}

impl Selector {
    /// Every way `text` can designate rules, whichever rules there are.
    fn readings(text: &str) -> Vec<Selector> {
        if text == "ALL" {
            return vec![Selector::All];
        }
        let mut readings = Vec::new();
        if text.len() >= 2 && text.chars().all(|c| c.is_ascii_alphanumeric()) {
            readings.push(Selector::Prefix(text.to_string()));
        }
        readings.push(Selector::Name(text.to_string()));
        readings.push(Selector::Category(text.to_string()));
        readings
    }

    /// One selector from several readings.
    fn of(mut readings: Vec<Selector>) -> Option<Selector> {
        match readings.len() {
            0 | 1 => readings.pop(),
            _ => Some(Selector::AnyOf(readings)),
        }
    }

    /// Reads `text` (a code, code prefix, rule name, category or `ALL`) against `rules`: the readings that
    /// designate at least one of them, or `None` when no rule matches.
    pub fn parse(text: &str, rules: &[Rule]) -> Option<Selector> {
        let readings = Selector::readings(text)
            .into_iter()
            .filter(|reading| rules.iter().any(|rule| reading.matches(rule)))
            .collect();
        Selector::of(readings)
    }

    /// Whether this selector designates `rule`.
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Selector::Name(name) => rule.name == *name,
            Selector::Category(category) => rule.category == *category,
            Selector::AnyOf(readings) => readings.iter().any(|reading| reading.matches(rule)),
        }
    }
}

/// A selector read without the rules: it keeps every reading of the word.
impl From<&str> for Selector {
    fn from(text: &str) -> Self {
        let mut readings = Selector::readings(text);
        if readings.len() == 1 {
            readings.swap_remove(0)
        } else {
            Selector::AnyOf(readings)
        }
    }
}

/// The selector as written.
impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Prefix(text) | Selector::Name(text) | Selector::Category(text) => {
                f.write_str(text)
            }
            Selector::AnyOf(readings) => match readings.first() {
                Some(first) => first.fmt(f),
                None => Ok(()),
            },
        }
    }
}

/// Which rules run and at which severity: the defaults (rules that are not `off`), changed layer by layer, then
/// severities by selector in order. A severity changes the rules that are selected (`off` turns them off); it
/// does not select a rule — `extend-select` does.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The layers, applied in order.
    pub layers: Vec<SelectionLayer<Selector>>,
    /// Severities by selector, applied in order.
    pub severity: Vec<(Selector, Level)>,
}

impl Selection {
    /// A selection of exactly the rules these selectors designate.
    pub fn only<S: Into<Selector>>(selectors: impl IntoIterator<Item = S>) -> Self {
        Selection {
            layers: vec![SelectionLayer {
                select: Some(selectors.into_iter().map(Into::into).collect()),
                ..SelectionLayer::default()
            }],
            severity: Vec::new(),
        }
    }

    fn selectors(&self) -> impl Iterator<Item = &Selector> {
        self.layers
            .iter()
            .flat_map(SelectionLayer::selectors)
            .chain(self.severity.iter().map(|(s, _)| s))
    }
}

/// The rules of a scope whose guard nodes of a key pass: by scope and packed key, then by unit.
type Passing = FxHashMap<(Scope, u32), ByUnit>;

/// The most units whose rules are kept for one scope and packed key. A unit is the user's text: past this many,
/// a node's guards are decided for it alone, so that a file with a million different units cannot grow the table
/// without end.
const UNITS_KEPT: usize = 1024;

/// The rules passing for each unit (none included) of one scope and packed key.
#[derive(Debug, Default)]
struct ByUnit {
    none: Option<Arc<[usize]>>,
    units: FxHashMap<Box<str>, Arc<[usize]>>,
}

impl ByUnit {
    fn get(&self, unit: Option<&str>) -> Option<&Arc<[usize]>> {
        match unit {
            None => self.none.as_ref(),
            Some(unit) => self.units.get(unit),
        }
    }

    /// Keeps `list` for `unit` unless a list is kept for it already or no more units are kept, and returns the
    /// list kept (or `list`).
    fn keep(&mut self, unit: Option<&str>, list: Arc<[usize]>) -> Arc<[usize]> {
        match unit {
            None => Arc::clone(self.none.get_or_insert(list)),
            Some(unit) if self.units.len() < UNITS_KEPT || self.units.contains_key(unit) => {
                Arc::clone(self.units.entry(unit.into()).or_insert(list))
            }
            Some(_) => list,
        }
    }
}

/// Compiled rules and lexicons, with the severity each rule runs at.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    lexicons: Vec<Lexicon>,
    /// How many calls the rules' conditions share per node (see [`crate::lint::schema::expr::memoize`]).
    memo_slots: usize,
    severities: Vec<Option<Severity>>,
    by_scope: Vec<(Scope, Vec<usize>)>,
    /// The rules of each scope whose guard a key passes, selected or not, decided once per key and shared by
    /// the clones of this set (the selection does not change them).
    passing: Arc<RwLock<Passing>>,
    /// The indexed lexicons' terms together, for finding all their matches in a text in one pass; built the
    /// first time a text is searched twice, and shared by the clones of this set.
    hits: Arc<OnceLock<HitIndex>>,
}

impl RuleSet {
    /// A rule set of compiled rules and the lexicons they refer to, with the default selection.
    pub fn new(mut rules: Vec<Rule>, lexicons: Vec<Lexicon>) -> RuleSet {
        for rule in &mut rules {
            let when = std::mem::replace(&mut rule.when, CExpr::Const(Value::Null));
            let (guard, rest) = guard::split(when, rule.scope);
            rule.guard = match (rule.guard.take(), guard) {
                (Some(old), Some(new)) => {
                    Some(CExpr::Binary(BinaryOp::And, Box::new(old), Box::new(new)))
                }
                (old, new) => old.or(new),
            };
            rule.when = rest;
            crate::lint::schema::expr::nest_right(&mut rule.when);
            if let Some(guard) = &mut rule.guard {
                crate::lint::schema::expr::nest_right(guard);
            }
        }
        let memo_slots = crate::lint::schema::expr::memoize(rules.iter_mut().map(|r| &mut r.when));
        let mut set = RuleSet {
            severities: vec![None; rules.len()],
            rules,
            lexicons,
            memo_slots,
            by_scope: Vec::new(),
            passing: Arc::default(),
            hits: Arc::default(),
        };
        set.select(&Selection::default())
            .expect("the default selection names no rule");
        set
    }

    /// Applies a selection. `Err` holds the selectors that designate no rule.
    pub fn select(&mut self, selection: &Selection) -> Result<(), Vec<String>> {
        let unknown: Vec<String> = selection
            .selectors()
            .filter(|s| !self.rules.iter().any(|r| s.matches(r)))
            .map(ToString::to_string)
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
                        .any(|s| s.matches(rule))
                        .then_some(as_selected);
                }
                if layer.extend_select.iter().any(|s| s.matches(rule)) {
                    severity = Some(as_selected);
                }
                if layer.ignore.iter().any(|s| s.matches(rule)) {
                    severity = None;
                }
            }
            for (selector, level) in &selection.severity {
                if selector.matches(rule) && severity.is_some() {
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

    /// The lexicons, with their terms indexed together ([`HitIndex`]), as the evaluator searches them.
    pub fn lexicon_search(&self) -> LexiconSearch<'_> {
        LexiconSearch::new(&self.lexicons, &self.hits)
    }

    /// How many shared calls the engine keeps per node.
    pub fn memo_slots(&self) -> usize {
        self.memo_slots
    }

    /// The severity a rule runs at, `None` when it does not run.
    pub fn severity(&self, rule: usize) -> Option<Severity> {
        self.severities[rule]
    }

    /// Builds every regex and lexicon automaton the rules use, which are otherwise built the first time a rule
    /// needs them: run in the background while the first files are read, so that a short run does not wait
    /// for them one by one. Whatever a rule needs meanwhile is built once either way.
    pub fn warm_up(&self) {
        for lexicon in &self.lexicons {
            lexicon.matcher();
            lexicon.set();
        }
        let mut build = |pattern: &Pattern| {
            // A user's pattern too big to build was reported when its file was loaded.
            let _ = pattern.build();
        };
        for rule in &self.rules {
            rule.for_each_pattern(&mut build);
        }
    }

    /// The rules of `scope` whose guard nodes with `key` pass, selected or not, in file order: decided by
    /// `passes` (which evaluates a rule's guard on such a node) the first time the key is met, then kept (for at most
    /// `UNITS_KEPT` units of a scope and packed key).
    pub fn passing<'s>(
        &'s self,
        scope: Scope,
        key: Key<'_>,
        mut passes: impl FnMut(&'s CExpr) -> bool,
    ) -> Arc<[usize]> {
        if let Some(list) = self
            .read_passing()
            .get(&(scope, key.packed))
            .and_then(|by_unit| by_unit.get(key.unit))
        {
            return Arc::clone(list);
        }
        let list: Arc<[usize]> = self
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| rule.scope == scope && rule.guard.as_ref().is_none_or(&mut passes))
            .map(|(i, _)| i)
            .collect();
        let mut cache = self.passing.write().unwrap_or_else(PoisonError::into_inner);
        cache
            .entry((scope, key.packed))
            .or_default()
            .keep(key.unit, list)
    }

    fn read_passing(&self) -> std::sync::RwLockReadGuard<'_, Passing> {
        self.passing.read().unwrap_or_else(PoisonError::into_inner)
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
        self.find(key).is_some() || Code::from_key(key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_of_at_most_so_many_units_are_kept() {
        let mut by_unit = ByUnit::default();
        let list = |n: usize| -> Arc<[usize]> { Arc::from(vec![n]) };
        assert_eq!(&*by_unit.keep(None, list(7)), &[7]);
        assert_eq!(
            &*by_unit.keep(None, list(8)),
            &[7],
            "the first list kept stays"
        );
        for n in 0..UNITS_KEPT {
            by_unit.keep(Some(&format!("单位{n}")), list(n));
        }
        assert_eq!(&*by_unit.keep(Some("多出来的"), list(1)), &[1]);
        assert!(
            by_unit.get(Some("多出来的")).is_none(),
            "past the bound, nothing is kept"
        );
        assert_eq!(by_unit.units.len(), UNITS_KEPT);
        assert_eq!(&**by_unit.get(Some("单位3")).unwrap(), &[3]);
        assert_eq!(&*by_unit.keep(Some("单位3"), list(9)), &[3]);
        assert_eq!(&**by_unit.get(None).unwrap(), &[7]);
    }
}
