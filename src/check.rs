//! Checking one input: parse, lower and validate it, run the rules, and collect every finding in order.

use crate::ast::Document;
use crate::diagnostic::Diagnostic;
use crate::rules::RuleSet;
use crate::source::SourceFile;

/// Everything found in one input.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path shown to the user.
    pub path: String,
    /// The source, when it could be read.
    pub source: Option<SourceFile>,
    /// The typed model, when the file parsed.
    pub document: Option<Document>,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// A report for an input that could not be read at all.
    pub fn unreadable(path: impl Into<String>, diagnostic: Diagnostic) -> Self {
        FileReport {
            path: path.into(),
            source: None,
            document: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Parses and validates one source text, without running rules.
pub fn check_source(source: SourceFile) -> FileReport {
    check(source, None)
}

/// Parses and validates one source text, then runs `rules` over it.
pub fn check_with_rules(source: SourceFile, rules: &RuleSet) -> FileReport {
    check(source, Some(rules))
}

fn check(source: SourceFile, rules: Option<&RuleSet>) -> FileReport {
    let parsed = crate::parse::parse(&source);
    let mut diagnostics = parsed.diagnostics;
    if let (Some(rules), Some(document)) = (rules, &parsed.document) {
        diagnostics.extend(crate::engine::run(document, &source, rules));
    }
    diagnostics.sort_by(|a, b| (a.span.start, &a.code).cmp(&(b.span.start, &b.code)));
    FileReport {
        path: source.name().to_string(),
        document: parsed.document,
        source: Some(source),
        diagnostics,
    }
}
