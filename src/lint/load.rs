//! Building the rule set a configuration asks for: the built-in rule files and the extra ones, lexicon additions,
//! parameter values, selection and severities, each checked against the rules, with errors pointing at the place
//! in jixiao.toml (or the command-line option) that names something unknown.
//!
//! The rule files are parsed once; the parameters a configuration sets are checked against the rules as parsed
//! and their values parsed once; then the rules are compiled once, with those values and the lexicon additions.
//! Lexicon names and selectors are checked against what compiled. Errors keep one order of precedence: the rule
//! files' own errors, then the configuration's, then those of a parameter value that is not a literal.

use super::dsl::syntax::RuleSyntax;
use super::dsl::{self, compile, Overrides, ParamValue};
use super::registry::{RuleSet, Selection, Selector};
use crate::config::{ConfigError, Located, ParamOverride, Settings, EXTRA_EXAMPLE};
use crate::confine::{self, Refusal};
use crate::diagnostic::Text;
use crate::paths::display_relative;
use crate::report::FileReport;
use crate::source::SourceFile;

/// Compiles the rules `settings` asks for. Errors are reports on jixiao.toml (unknown rules, parameters,
/// lexicons, unreadable extra files) or on the rule files (syntax, unknown names).
pub fn for_settings(settings: &Settings) -> Result<RuleSet, Vec<FileReport>> {
    let sources = sources(settings)?;
    let parsed = compile::parse(&sources);
    // Not before: reading the built-in trees keeps both cores busy.
    dsl::embedded::build_ahead();
    let mut config_errors = Vec::new();
    let overrides = overrides(settings, &parsed, &mut config_errors);
    let compiled = compile::compile_parsed(&sources, &parsed, &overrides.valid())
        .map_err(|errors| dsl::error_reports(&sources, errors))?;
    check_lexicons(settings, &compiled, &mut config_errors);
    let selection = selection(settings, &compiled, &mut config_errors);
    if !config_errors.is_empty() {
        return Err(crate::config::reports(config_errors));
    }
    if overrides.has_invalid() {
        // A parameter value that is not a literal is reported in the rule file, with what the rule, compiled
        // without the parameter, says of its uses.
        compile::compile_parsed(&sources, &parsed, &overrides)
            .map_err(|errors| dsl::error_reports(&sources, errors))?;
    }
    let mut set = RuleSet::new(compiled.rules, compiled.lexicons);
    set.select(&selection)
        .expect("every selector was checked against the rules");
    // The rule files' text and syntax are not needed any more; freeing their many small allocations is work the
    // operating system does at once when the process ends (a run compiles a rule set once per configuration).
    std::mem::forget(parsed);
    std::mem::forget(sources);
    Ok(set)
}

/// The built-in rule files and the extra ones `settings` name; errors for those that cannot be read. An extra
/// file is read only inside the directory of the jixiao.toml that names it (no symbolic link leading out), and
/// only a regular file of at most [`confine::MAX_BYTES`].
fn sources(settings: &Settings) -> Result<Vec<SourceFile>, Vec<FileReport>> {
    let mut sources = dsl::builtin_sources();
    let mut errors = Vec::new();
    for extra in &settings.extra_rules {
        let inside = match extra.config() {
            Some(config) => confine::inside(config.dir(), &extra.value),
            None => Ok(()),
        };
        match inside.and_then(|()| confine::read(&extra.value)) {
            Ok(text) => sources.push(SourceFile::verbatim(shown(&extra.value), &text)),
            Err(refusal) => {
                let error = extra.refused("extra", &shown(&extra.value), &refusal, EXTRA_EXAMPLE);
                errors.push(match refusal {
                    Refusal::Unreadable(_) => error.with_help(Text::new(
                        "extra 中的路径相对于写它的 jixiao.toml",
                        "paths in `extra` are relative to the jixiao.toml they are written in",
                    )),
                    _ => error,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(crate::config::reports(errors))
    }
}

/// A rule file's path as shown in its findings: relative to the working directory where it lies under it.
fn shown(path: &std::path::Path) -> String {
    display_relative(path, &std::env::current_dir().unwrap_or_default())
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

/// What `settings` change in the rules: each parameter checked against the rules as parsed and its value parsed
/// once; the terms added to lexicons, whose names [`check_lexicons`] checks once the rules are compiled.
fn overrides(
    settings: &Settings,
    parsed: &compile::Parsed,
    errors: &mut Vec<ConfigError>,
) -> Overrides {
    let mut overrides = Overrides::default();
    for param in &settings.params {
        let Some(rule) = parsed
            .rules()
            .find(|r| r.code.text == param.rule.value || r.name.text == param.rule.value)
        else {
            errors.push(unknown_rule(&param.rule));
            continue;
        };
        match param_value(rule, param) {
            Ok(value) => {
                overrides
                    .params
                    .entry(rule.code.text.clone())
                    .or_default()
                    .insert(param.param.value.clone(), value);
            }
            Err(error) => errors.push(error),
        }
    }
    for addition in &settings.lexicons {
        overrides
            .lexicon_terms
            .entry(addition.lexicon.value.clone())
            .or_default()
            .extend(addition.terms.iter().map(|t| t.value.clone()));
    }
    overrides
}

/// The value of a parameter `rule` has, parsed from its text.
fn param_value(rule: &RuleSyntax, param: &ParamOverride) -> Result<ParamValue, ConfigError> {
    let (code, name) = (&rule.code.text, &rule.name.text);
    if !rule.params.iter().any(|p| p.name.text == param.param.value) {
        let names: Vec<&str> = rule.params.iter().map(|p| p.name.text.as_str()).collect();
        return Err(param
            .param
            .error(Text::new(
                format!("规则 {code} {name} 没有参数“{}”", param.param.value),
                format!(
                    "rule {code} {name} has no parameter `{}`",
                    param.param.value
                ),
            ))
            .with_help(if names.is_empty() {
                Text::new("这条规则没有参数", "this rule has no parameters")
            } else {
                Text::new(
                    format!("它的参数有：{}", names.join("、")),
                    format!("its parameters are {}", names.join(", ")),
                )
            }));
    }
    match dsl::syntax::parse_expr(&param.value.value) {
        Ok(expr) => Ok(ParamValue::of(&expr)),
        Err(_) => Err(param
            .value
            .error(Text::new(
                format!("参数值“{}”无法读取", param.value.value),
                format!("the parameter value `{}` cannot be read", param.value.value),
            ))
            .with_help(Text::new(
                "写成数字加单位（如 \"90 %\"）、文字或 true/false",
                "write a number with its unit (\"90 %\"), a string, true or false",
            ))),
    }
}

/// Every lexicon that `settings` add terms to is one of the compiled rules'.
fn check_lexicons(settings: &Settings, rules: &compile::Compiled, errors: &mut Vec<ConfigError>) {
    for addition in &settings.lexicons {
        for term in addition.terms.iter().filter(|term| term.value.is_empty()) {
            errors.push(term.error(Text::new(
                "词语是空的：空词语什么也匹配不到，删去它",
                "an empty term matches nothing; remove it",
            )));
        }
        if rules
            .lexicons
            .iter()
            .any(|l| l.name == addition.lexicon.value)
        {
            continue;
        }
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
    }
}
