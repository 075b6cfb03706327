//! Parameters and what a configuration changes: each `param` of a rule gets its default, or the value
//! jixiao.toml gives it, before the rule's expressions (which read parameters as constants) are compiled.

use super::expr::literal;
use super::Compiler;
use crate::diagnostic::Text;
use crate::lint::dsl::syntax::{Expr, RuleSyntax};
use crate::lint::registry::Param;
use crate::lint::schema::value::Value;
use crate::source::Span;
use std::collections::BTreeMap;

/// What a configuration changes in compiled rules, read and checked before the rules are compiled.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Parameter values by rule (code or name) and parameter.
    pub params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    /// Terms added to lexicons by name.
    pub lexicon_terms: BTreeMap<String, Vec<String>>,
}

/// A parameter's value given by a configuration, parsed once.
#[derive(Debug, Clone)]
pub enum ParamValue {
    /// The value of a literal.
    Value(Value<'static>),
    /// An expression that is not a literal: the rule is compiled without the parameter, and the error, if any,
    /// reported in the rule file at the span it has in the value's own text (see [`literal`]).
    Invalid(Option<(Span, Text)>),
}

impl ParamValue {
    /// The value of a parsed expression.
    pub fn of(expr: &Expr) -> ParamValue {
        match literal(expr) {
            Ok(value) => ParamValue::Value(value),
            Err(error) => ParamValue::Invalid(error),
        }
    }
}

impl Overrides {
    /// Whether a parameter value is not a literal.
    pub fn has_invalid(&self) -> bool {
        self.params
            .values()
            .flat_map(BTreeMap::values)
            .any(|value| matches!(value, ParamValue::Invalid(_)))
    }

    /// The same overrides without the parameter values that are not literals.
    pub fn valid(&self) -> Overrides {
        let params = self
            .params
            .iter()
            .map(|(rule, values)| {
                let values = values
                    .iter()
                    .filter(|(_, value)| matches!(value, ParamValue::Value(_)))
                    .map(|(name, value)| (name.clone(), value.clone()))
                    .collect();
                (rule.clone(), values)
            })
            .collect();
        Overrides {
            params,
            lexicon_terms: self.lexicon_terms.clone(),
        }
    }
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
                Some(ParamValue::Value(value)) => Some(value.clone()),
                Some(ParamValue::Invalid(error)) => {
                    if let Some((span, message)) = error {
                        self.error_text(*span, message.clone());
                    }
                    None
                }
                None => default.clone(),
            };
            let shown = value.as_ref().map(Value::display).unwrap_or_default();
            if let Some(value) = value {
                self.params.insert(param.name.text.clone(), value);
            }
            params.push(Param {
                name: param.name.text.clone(),
                default: default.map(|d| d.display()).unwrap_or_default(),
                value: shown,
                description: param.description.clone(),
            });
        }
        params
    }
}
