//! Parameters and what a configuration changes: each `param` of a rule gets its default, or the value
//! jixiao.toml gives it, before the rule's expressions (which read parameters as constants) are compiled.

use super::Compiler;
use crate::lint::dsl::syntax::{self, RuleSyntax};
use crate::lint::registry::Param;
use std::collections::BTreeMap;

/// What a configuration changes in compiled rules.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Parameter values by rule (code or name) and parameter, as literal text (`"90 %"`).
    pub params: BTreeMap<String, BTreeMap<String, String>>,
    /// Terms added to lexicons by name.
    pub lexicon_terms: BTreeMap<String, Vec<String>>,
}

impl Compiler<'_> {
    /// The rule's parameters, each with its value (the configured one, else the default) recorded for the
    /// expressions that read it.
    pub(super) fn params(&mut self, rule: &RuleSyntax, overrides: &Overrides) -> Vec<Param> {
        let mut params = Vec::new();
        let rule_overrides = overrides
            .params
            .get(&rule.code.text)
            .or_else(|| overrides.params.get(&rule.name.text));
        if let Some(given) = rule_overrides {
            for name in given.keys() {
                if !rule.params.iter().any(|p| &p.name.text == name) {
                    self.error(
                        rule.name.span,
                        format!("规则“{}”没有参数“{name}”", rule.name.text),
                        format!("rule `{}` has no parameter `{name}`", rule.name.text),
                    );
                }
            }
        }
        for param in &rule.params {
            let default = self.constant(&param.default);
            let value = match rule_overrides.and_then(|o| o.get(&param.name.text)) {
                Some(text) => match syntax::parse_expr(text) {
                    Ok(expr) => self.constant(&expr),
                    Err(_) => {
                        self.error(
                            param.name.span,
                            format!("参数“{}”的值“{text}”无法读取", param.name.text),
                            format!(
                                "the value `{text}` of parameter `{}` cannot be read",
                                param.name.text
                            ),
                        );
                        None
                    }
                },
                None => default.clone(),
            };
            if let Some(value) = value {
                self.params.insert(param.name.text.clone(), value);
            }
            params.push(Param {
                name: param.name.text.clone(),
                default: default.map(|d| d.display()).unwrap_or_default(),
                description: param.description.clone(),
            });
        }
        params
    }
}
