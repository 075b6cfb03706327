//! `jixiao rules` (the rules in force here, as a table, JSON or the Markdown catalogue) and `jixiao explain RULE`
//! (one rule's documentation, or what a fixed finding class such as JX001 means).
//!
//! Both read the configuration of the current directory, or `--config`; a broken one is reported, with exit 2.

use super::rule_sets::{loader, RuleSets};
use super::{lang_of, write_broken, write_text, Status};
use crate::cli::{ExplainArgs, RulesArgs, RulesFormat};
use jixiao::config::{self, CommandLine};
use jixiao::diagnostic::codes;
use jixiao::lint::registry;
use jixiao::lint::RuleSet;
use jixiao::{FileReport, Lang, Severity};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

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
    let list: Vec<serde_json::Value> = rules
        .rules()
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            serde_json::json!({
                "code": rule.code,
                "name": rule.name,
                "severity": rule.default_severity.word(),
                "enabled": rules.severity(i).map(Severity::as_str),
                "category": rule.category,
                "applies": rule.scope.keyword(),
                "summary": rule.summary.get(lang),
                "params": rule.params.iter().map(|p| serde_json::json!({
                    "name": p.name, "default": p.default, "description": p.description,
                })).collect::<Vec<_>>(),
            })
        })
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
