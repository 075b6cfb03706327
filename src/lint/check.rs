//! Checking one input: parse, lower and validate it, run the rules, and collect every finding in order.

use super::registry::RuleSet;
use crate::report::FileReport;
use crate::source::SourceFile;

/// Parses and validates one source text, without running rules.
pub fn check_source(source: SourceFile) -> FileReport {
    check(source, None)
}

/// Parses and validates one source text, then runs `rules` over it.
pub fn check_with_rules(source: SourceFile, rules: &RuleSet) -> FileReport {
    check(source, Some(rules))
}

fn check(source: SourceFile, rules: Option<&RuleSet>) -> FileReport {
    let parsed = crate::syntax::parse::parse(&source);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(rules), Some(document)) = (rules, &parsed.document) {
        let findings = crate::lint::engine::run(document, &source, rules);
        // A file that parses cleanly has no diagnostics yet: its findings become the list, not a copy of them
        // (a file with a hundred thousand findings would hold both at once).
        if diagnostics.is_empty() {
            diagnostics = findings;
        } else {
            diagnostics.extend(findings);
        }
    }
    diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    FileReport {
        path: source.name().to_string(),
        document: parsed.document,
        source: Some(source),
        diagnostics,
    }
}
