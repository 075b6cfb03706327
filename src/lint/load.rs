//! Building the rule set a configuration asks for: the built-in rule files and the extra ones, lexicon additions,
//! parameter values, selection and severities, each checked against the rules, with errors pointing at the place
//! in jixiao.toml (or the command-line option) that names something unknown.

use super::dsl::{self, compile, Overrides};
use super::registry::{RuleSet, Selection, Selector};
use crate::config::{ConfigError, Located, Settings};
use crate::diagnostic::Text;
use crate::report::FileReport;
use crate::source::SourceFile;

/// Compiles the rules `settings` asks for. Errors are reports on jixiao.toml (unknown rules, parameters,
/// lexicons, unreadable extra files) or on the rule files (syntax, unknown names).
pub fn for_settings(settings: &Settings) -> Result<RuleSet, Vec<FileReport>> {
    let mut sources = dsl::builtin_sources();
    let mut config_errors = Vec::new();
    for extra in &settings.extra_rules {
        match std::fs::read_to_string(&extra.value) {
            Ok(text) => sources.push(SourceFile::verbatim(display(&extra.value), &text)),
            Err(err) => config_errors.push(
                extra
                    .error(Text::new(
                        format!("无法读取规则文件“{}”：{err}", extra.value.display()),
                        format!(
                            "cannot read the rule file `{}`: {err}",
                            extra.value.display()
                        ),
                    ))
                    .with_help(Text::new(
                        "extra 中的路径相对于写它的 jixiao.toml",
                        "paths in `extra` are relative to the jixiao.toml they are written in",
                    )),
            ),
        }
    }
    if !config_errors.is_empty() {
        return Err(crate::config::reports(config_errors));
    }

    // First without overrides, to learn the rules, parameters and lexicons the configuration may name.
    let plain = compile::compile(&sources, &Overrides::default())
        .map_err(|errors| dsl::error_reports(&sources, errors))?;
    let overrides = overrides(settings, &plain, &mut config_errors);
    let selection = selection(settings, &plain, &mut config_errors);
    if !config_errors.is_empty() {
        return Err(crate::config::reports(config_errors));
    }
    let mut set = if overrides.params.is_empty() && overrides.lexicon_terms.is_empty() {
        RuleSet::new(plain.rules, plain.lexicons)
    } else {
        dsl::rule_set(&sources, &overrides)?
    };
    set.select(&selection)
        .expect("every selector was checked against the rules");
    Ok(set)
}

fn display(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

fn unknown_rule(selector: &Located<String>) -> ConfigError {
    selector
        .error(Text::new(
            format!("没有规则“{}”", selector.value),
            format!("no rule matches `{}`", selector.value),
        ))
        .with_help(Text::new(
            "写规则代码（JX101）、代码前缀（JX1）、规则名称、类别或 ALL；`jixiao rules` 列出所有规则",
            "write a code (JX101), a code prefix (JX1), a rule name, a category or ALL; `jixiao rules` lists them",
        ))
}

/// The selection `settings` ask for, every selector read against the rules; those that designate no rule are
/// errors (and left out).
fn selection(
    settings: &Settings,
    rules: &compile::Compiled,
    errors: &mut Vec<ConfigError>,
) -> Selection {
    let mut parse = |written: &Located<String>| {
        let selector = Selector::parse(&written.value, &rules.rules);
        if selector.is_none() {
            errors.push(unknown_rule(written));
        }
        selector
    };
    let layers = settings
        .selection
        .iter()
        .map(|layer| layer.filter_map(&mut parse))
        .collect();
    let severity = settings
        .severity
        .iter()
        .filter_map(|o| Some((parse(&o.selector)?, o.level.value)))
        .collect();
    Selection { layers, severity }
}

fn overrides(
    settings: &Settings,
    rules: &compile::Compiled,
    errors: &mut Vec<ConfigError>,
) -> Overrides {
    let mut overrides = Overrides::default();
    for param in &settings.params {
        let Some(rule) = rules
            .rules
            .iter()
            .find(|r| r.code == param.rule.value || r.name == param.rule.value)
        else {
            errors.push(unknown_rule(&param.rule));
            continue;
        };
        if !rule.params.iter().any(|p| p.name == param.param.value) {
            let names: Vec<&str> = rule.params.iter().map(|p| p.name.as_str()).collect();
            errors.push(
                param
                    .param
                    .error(Text::new(
                        format!(
                            "规则 {} {} 没有参数“{}”",
                            rule.code, rule.name, param.param.value
                        ),
                        format!(
                            "rule {} {} has no parameter `{}`",
                            rule.code, rule.name, param.param.value
                        ),
                    ))
                    .with_help(if names.is_empty() {
                        Text::new("这条规则没有参数", "this rule has no parameters")
                    } else {
                        Text::new(
                            format!("它的参数有：{}", names.join("、")),
                            format!("its parameters are {}", names.join(", ")),
                        )
                    }),
            );
            continue;
        }
        if dsl::syntax::parse_expr(&param.value.value).is_err() {
            errors.push(
                param
                    .value
                    .error(Text::new(
                        format!("参数值“{}”无法读取", param.value.value),
                        format!("the parameter value `{}` cannot be read", param.value.value),
                    ))
                    .with_help(Text::new(
                        "写成数字加单位（如 \"90 %\"）、文字或 true/false",
                        "write a number with its unit (\"90 %\"), a string, true or false",
                    )),
            );
            continue;
        }
        overrides
            .params
            .entry(rule.code.clone())
            .or_default()
            .insert(param.param.value.clone(), param.value.value.clone());
    }
    for addition in &settings.lexicons {
        if !rules
            .lexicons
            .iter()
            .any(|l| l.name == addition.lexicon.value)
        {
            let mut names: Vec<&str> = rules
                .lexicons
                .iter()
                .map(|l| l.name.as_str())
                .filter(|n| !n.starts_with('"'))
                .collect();
            names.sort_unstable();
            errors.push(
                addition
                    .lexicon
                    .error(Text::new(
                        format!("没有词表“{}”", addition.lexicon.value),
                        format!("there is no lexicon `{}`", addition.lexicon.value),
                    ))
                    .with_help(Text::new(
                        format!("已有的词表：{}", names.join("、")),
                        format!("the lexicons are {}", names.join(", ")),
                    )),
            );
            continue;
        }
        overrides
            .lexicon_terms
            .entry(addition.lexicon.value.clone())
            .or_default()
            .extend(addition.terms.iter().map(|t| t.value.clone()));
    }
    overrides
}
