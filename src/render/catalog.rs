//! What the formats that describe rules (SARIF) know about them: a [`Catalog`] of [`RuleInfo`], built from the
//! rule sets of a run, and the fixed finding classes of the language itself (JX0xx).
//!
//! Renderers take a catalog instead of a [`RuleSet`], so they stay independent of how rules are compiled and
//! selected, and a run whose files use several configurations describes the rules of all of them.

use crate::diagnostic::{codes, Code, Severity, Text};
use crate::lint::registry::{self, Rule, RuleSet};
use crate::PROJECT_URL;

/// The category of the fixed finding classes of the language and the tool (JX0xx).
pub const FIXED_CATEGORY: &str = "language";

/// One rule or fixed finding class, as a format describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code, e.g. `JX101`.
    pub code: String,
    /// Kebab-case name, e.g. `missing-target`.
    pub name: String,
    /// Its category (`measurability`, `conventions`, `structure` …); `language` for the fixed classes.
    pub category: String,
    /// One line on what it finds.
    pub summary: Text,
    /// The documentation, in Markdown.
    pub docs: Text,
    /// The severity it has unless configured otherwise; `None` for a rule that is off unless selected.
    pub default_severity: Option<Severity>,
    /// Where its documentation is published, for built-in rules and the fixed classes.
    pub help_uri: Option<String>,
}

impl RuleInfo {
    /// A compiled rule. Only the built-in rules link to the published catalog.
    pub fn of_rule(rule: &Rule) -> Self {
        RuleInfo {
            code: rule.code.clone(),
            name: rule.name.clone(),
            category: rule.category.clone(),
            summary: rule.summary.clone(),
            docs: rule.docs.text().clone(),
            default_severity: rule.default_severity.severity(),
            help_uri: crate::lint::dsl::is_builtin_origin(&rule.origin).then(|| {
                format!(
                    "{PROJECT_URL}/blob/main/rules/README.md#{}",
                    rule.code.to_lowercase()
                )
            }),
        }
    }

    /// A fixed finding class of the language, seen at `severity`.
    pub fn of_fixed(code: Code, severity: Severity) -> Self {
        let (zh, en) = registry::docs::fixed_class(code);
        let docs = Text::new(
            format!("{zh}。`jixiao explain {}` 显示说明。", code.code),
            format!("{en}. `jixiao explain {}` explains it.", code.code),
        );
        RuleInfo {
            code: code.code.to_string(),
            name: code.name.to_string(),
            category: FIXED_CATEGORY.to_string(),
            summary: Text::new(zh, en),
            docs,
            default_severity: Some(severity),
            help_uri: Some(format!("{PROJECT_URL}/blob/main/rules/README.md")),
        }
    }

    /// A finding whose code no catalog entry describes: its code and name, nothing more.
    pub fn bare(code: &str, name: &str, severity: Severity) -> Self {
        RuleInfo {
            code: code.to_string(),
            name: name.to_string(),
            category: FIXED_CATEGORY.to_string(),
            summary: Text::new(name, name),
            docs: Text::new(name, name),
            default_severity: Some(severity),
            help_uri: None,
        }
    }
}

/// The rules a run could report, each once, in code order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    rules: Vec<RuleInfo>,
}

impl Catalog {
    /// Every rule of these rule sets, selected or not; a code defined by several sets is described by the first.
    pub fn of_rule_sets<'a>(sets: impl IntoIterator<Item = &'a RuleSet>) -> Self {
        let mut rules: Vec<RuleInfo> = Vec::new();
        for set in sets {
            for rule in set.rules() {
                if !rules.iter().any(|known| known.code == rule.code) {
                    rules.push(RuleInfo::of_rule(rule));
                }
            }
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Catalog { rules }
    }

    /// The catalog with every fixed class of the language (JX0xx) added, each at the severity its findings have:
    /// what a format that describes the rules before any finding is known (a streamed SARIF log) needs to
    /// describe every finding of a run.
    pub fn with_fixed_classes(mut self) -> Self {
        for code in codes::ALL {
            self.ensure(code.code, code.name, code.severity);
        }
        self
    }

    /// The rules, in code order.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    /// Where the rule of `code` is in [`Catalog::rules`], if the catalog describes it.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.rules
            .binary_search_by(|rule| rule.code.as_str().cmp(code))
            .ok()
    }

    /// Finds a rule by code.
    pub fn get(&self, code: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|rule| rule.code == code)
    }

    /// Adds the description of a finding's code unless the catalog has one: a fixed class when it is one, else a
    /// bare entry. Keeps the code order.
    pub fn ensure(&mut self, code: &str, name: &str, severity: Severity) {
        if let Some(known) = self.rules.iter_mut().find(|rule| rule.code == code) {
            // A fixed class is described at the most serious severity it was seen at.
            if Code::from_code(code).is_some() {
                known.default_severity = known.default_severity.max(Some(severity));
            }
            return;
        }
        let info = match Code::from_code(code) {
            Some(fixed) => RuleInfo::of_fixed(fixed, severity),
            None => RuleInfo::bare(code, name, severity),
        };
        let at = self.rules.partition_point(|rule| rule.code.as_str() < code);
        self.rules.insert(at, info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_link_to_their_section_and_fixed_classes_come_when_seen() {
        let set = crate::lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile"));
        let mut catalog = Catalog::of_rule_sets([&set, &set]);
        assert_eq!(catalog.rules().len(), set.rules().len());
        let missing = catalog.get("JX101").unwrap();
        assert_eq!(missing.name, "missing-target");
        assert_eq!(missing.default_severity, Some(Severity::Error));
        assert_eq!(
            missing.help_uri.as_deref(),
            Some("https://github.com/jixiao-lint/jixiao/blob/main/rules/README.md#jx101")
        );
        assert_eq!(catalog.get("JX108").unwrap().default_severity, None);
        assert!(catalog.get("JX001").is_none());

        catalog.ensure("JX013", "invalid-suppression", Severity::Warning);
        catalog.ensure("JX013", "invalid-suppression", Severity::Error);
        catalog.ensure("JX101", "missing-target", Severity::Info);
        catalog.ensure("X1", "from-elsewhere", Severity::Info);
        let codes: Vec<&str> = catalog.rules().iter().map(|r| r.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        let fixed = catalog.get("JX013").unwrap();
        assert_eq!(fixed.default_severity, Some(Severity::Error));
        assert_eq!(fixed.summary.en, "an unreadable jixiao comment");
        assert_eq!(
            catalog.get("JX101").unwrap().default_severity,
            Some(Severity::Error)
        );
        assert_eq!(catalog.get("X1").unwrap().help_uri, None);
        assert_eq!(catalog.position("JX013"), Some(0));
        assert_eq!(catalog.position("JX014"), None);
    }

    #[test]
    fn every_fixed_class_at_the_severity_of_its_findings() {
        let catalog = Catalog::default().with_fixed_classes();
        let codes: Vec<&str> = catalog.rules().iter().map(|r| r.code.as_str()).collect();
        let all: Vec<&str> = codes::ALL.iter().map(|c| c.code).collect();
        assert_eq!(codes, all);
        let level = |code: &str| catalog.get(code).unwrap().default_severity;
        assert_eq!(level("JX001"), Some(Severity::Error));
        assert_eq!(level("JX016"), Some(Severity::Warning));
        for (i, code) in all.iter().enumerate() {
            assert_eq!(catalog.position(code), Some(i));
        }
    }
}
