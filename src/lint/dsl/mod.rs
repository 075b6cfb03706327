//! The check language: rule files (.jxr) as written ([`syntax`], pest over `grammar/rules.pest`) compiled into
//! the rules and lexicons of a [`RuleSet`] ([`compile`]). The built-in files are embedded in the binary by
//! `build.rs`; a user's files come through jixiao.toml.

pub mod compile;
pub mod embedded;
pub mod syntax;

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::lint::registry::RuleSet;
use crate::report::FileReport;
pub use compile::{CompileError, Overrides, ParamValue, RuleSource};
pub use embedded::{builtin_sources, is_builtin_origin};

/// Compiles rule files with a configuration's overrides into a rule set with the default selection. Errors
/// come as reports on the rule files.
pub fn rule_set(sources: &[RuleSource], overrides: &Overrides) -> Result<RuleSet, Vec<FileReport>> {
    match compile::compile(sources, overrides) {
        Ok(compiled) => Ok(RuleSet::new(compiled.rules, compiled.lexicons)),
        Err(errors) => Err(error_reports(sources, errors)),
    }
}

/// The built-in rules with their defaults.
pub fn builtin() -> Result<RuleSet, Vec<FileReport>> {
    rule_set(&builtin_sources(), &Overrides::default())
}

/// Groups compile errors into one report per rule file.
pub(crate) fn error_reports(sources: &[RuleSource], errors: Vec<CompileError>) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = Vec::new();
    for error in errors {
        let diagnostic = Diagnostic::new(
            codes::INVALID_RULE_FILE,
            Severity::Error,
            error.span,
            error.message,
        )
        .with_help(Text::new(
            "规则文件的写法见 rules/README.md 与 docs/rules.md",
            "see rules/README.md and docs/rules.md for how rule files are written",
        ));
        let source = &sources[error.file];
        match reports.iter_mut().find(|r| r.path == source.name()) {
            Some(report) => report.diagnostics.push(diagnostic),
            None => reports.push(FileReport {
                path: source.name().to_string(),
                source: Some(source.clone()),
                document: None,
                diagnostics: vec![diagnostic],
            }),
        }
    }
    for report in &mut reports {
        report.diagnostics.sort_by_key(|d| d.span.start);
    }
    reports
}
