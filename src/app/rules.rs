//! `jixiao rules` (the rules in force here, as a table, JSON or the Markdown catalogue) and `jixiao explain RULE`
//! (one rule's documentation, or what a fixed finding class such as JX001 means).
//!
//! Both read the configuration of the current directory, or `--config`; a broken one is reported, with exit 2.
//! The JSON of `jixiao rules --format json` is [`RuleJson`].

use super::rule_sets::{loader, RuleSets};
use super::{lang_of, write_broken, write_text, Status};
use crate::cli::{ExplainArgs, RulesArgs, RulesFormat};
use jixiao::config::{self, CommandLine};
use jixiao::diagnostic::codes;
use jixiao::lint::registry::{self, Param, Rule};
use jixiao::lint::RuleSet;
use jixiao::{FileReport, Lang, Severity};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

/// One rule in the output of `jixiao rules --format json`.
///
/// The fields are in alphabetical order because serde writes them in the order they are declared, and the keys
/// have always come sorted (the JSON used to be a `serde_json::Value`, whose objects sort their keys): scripts
/// may compare the output as text.
#[derive(Debug, Serialize)]
struct RuleJson<'a> {
    /// What the rule applies to: `indicator`, `declaration` …
    applies: &'static str,
    /// measurability, conventions, structure …
    category: &'a str,
    /// The stable code, e.g. JX101.
    code: &'a str,
    /// The severity in force here; `null` when the configuration turns the rule off.
    enabled: Option<&'static str>,
    /// The kebab-case name.
    name: &'a str,
    /// The named parameters, with their defaults as the rule file declares them.
    params: Vec<ParamJson<'a>>,
    /// The severity the rule file declares (`off` included).
    severity: &'static str,
    /// One line on what the rule finds, in the language asked for.
    summary: &'a str,
}

/// A parameter of a rule in the output of `jixiao rules --format json`; its fields in alphabetical order, as in
/// [`RuleJson`].
#[derive(Debug, Serialize)]
struct ParamJson<'a> {
    /// The default, as it is displayed.
    default: &'a str,
    /// What it means; `null` when the rule file does not say.
    description: Option<&'a str>,
    /// The name.
    name: &'a str,
}

impl<'a> RuleJson<'a> {
    /// The `i`-th rule of `rules`, `rule`, with its summary in `lang`.
    fn new(rules: &RuleSet, i: usize, rule: &'a Rule, lang: Lang) -> Self {
        RuleJson {
            applies: rule.scope.keyword(),
            category: &rule.category,
            code: &rule.code,
            enabled: rules.severity(i).map(Severity::as_str),
            name: &rule.name,
            params: rule.params.iter().map(ParamJson::new).collect(),
            severity: rule.default_severity.as_str(),
            summary: rule.summary.get(lang),
        }
    }
}

impl<'a> ParamJson<'a> {
    fn new(param: &'a Param) -> Self {
        ParamJson {
            default: &param.default,
            description: param.description.as_deref(),
            name: &param.name,
        }
    }
}

/// `jixiao rules`.
pub(super) fn list(args: &RulesArgs) -> Status {
    let lang = lang_of(args.lang);
    let rules = match rules_here(args.config.as_deref()) {
        Ok(rules) => rules,
        Err(reports) => return write_broken(&reports, lang),
    };
    let text = match args.format {
        RulesFormat::Markdown => registry::docs::catalog(&rules),
        RulesFormat::Json => json(&rules, lang),
        RulesFormat::Human => table(&rules, lang),
    };
    write_text(&text)
}

/// The rules as a pretty-printed JSON array, with a final newline.
fn json(rules: &RuleSet, lang: Lang) -> String {
    let list: Vec<RuleJson<'_>> = rules
        .rules()
        .iter()
        .enumerate()
        .map(|(i, rule)| RuleJson::new(rules, i, rule, lang))
        .collect();
    let mut text = serde_json::to_string_pretty(&list).expect("JSON of plain values");
    text.push('\n');
    text
}

/// The rules as a table: code, name, severity in force, category, summary.
fn table(rules: &RuleSet, lang: Lang) -> String {
    let mut text = String::new();
    for (i, rule) in rules.rules().iter().enumerate() {
        let severity = rules.severity(i).map_or("off", Severity::as_str);
        text.push_str(&format!(
            "{:<6} {:<34} {:<8} {:<14} {}\n",
            rule.code,
            rule.name,
            severity,
            rule.category,
            rule.summary.get(lang)
        ));
    }
    text
}

/// `jixiao explain RULE`.
pub(super) fn explain(args: &ExplainArgs) -> Status {
    let lang = lang_of(args.lang);
    let rules = match rules_here(args.config.as_deref()) {
        Ok(rules) => rules,
        Err(reports) => return write_broken(&reports, lang),
    };
    if let Some(rule) = rules.find(&args.rule) {
        return write_text(&registry::docs::explain(rule, lang));
    }
    if let Some(code) = codes::ALL
        .iter()
        .find(|c| c.code == args.rule || c.name == args.rule)
    {
        let (zh, en) = registry::docs::fixed_class(*code);
        let what = if lang == Lang::Zh { zh } else { en };
        return write_text(&format!("# {} {}\n\n{what}\n", code.code, code.name));
    }
    let _ = writeln!(
        io::stderr(),
        "jixiao: 没有规则“{}” / no rule `{}`：`jixiao rules` 列出所有规则 / lists every rule",
        args.rule,
        args.rule
    );
    Status::Trouble
}

/// The rules of the current directory's configuration (or `--config`), or the reports of what is broken.
fn rules_here(config: Option<&Path>) -> Result<Arc<RuleSet>, Vec<FileReport>> {
    let loader = loader(config, CommandLine::default());
    let settings = loader
        .settings_for(Path::new("jixiao.toml"))
        .map_err(|e| config::reports([e]))?;
    RuleSets::default().for_settings(&settings)
}
