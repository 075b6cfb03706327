//! Parsing: .jx text → pest pairs → the typed [`Document`] with spans → framework validation.
//!
//! Three passes, kept apart: `grammar` (pest, generated from `grammar/jx.pest`), `lower` (one function per
//! grammar rule, building the AST and converting numbers and dates exactly) and `validate` (level names against
//! the indicator framework). Suppression comments are read in `suppress`, syntax errors are put into the user's
//! words in `error`. No pest type leaves this module.

mod error;
mod grammar;
mod lower;
mod suppress;
mod validate;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::Document;

/// The result of parsing one source: the document when the syntax was sound, and every finding.
#[derive(Debug)]
pub struct Parsed {
    /// The typed model; `None` after a syntax error.
    pub document: Option<Document>,
    /// Syntax and semantic findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, lowers and validates `source`.
pub fn parse(source: &SourceFile) -> Parsed {
    if let Some(open) = source.unterminated_string() {
        return Parsed {
            document: None,
            diagnostics: vec![error::unterminated_string(open.open)],
        };
    }
    let pairs = match grammar::parse_file(source.text()) {
        Ok(pairs) => pairs,
        Err(err) => {
            return Parsed {
                document: None,
                diagnostics: vec![error::syntax_error(source, &err)],
            }
        }
    };
    let mut diagnostics = Vec::new();
    let mut document = lower::lower_file(source, pairs, &mut diagnostics);
    validate::validate(&mut document, &mut diagnostics);
    document.suppressions = suppress::suppressions(source, &document, &mut diagnostics);
    Parsed {
        document: Some(document),
        diagnostics,
    }
}

/// The forms of a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetForm {
    /// `定性 "…"`.
    Qualitative,
    /// `2023.07-2024.01`.
    Period,
    /// `2023年12月前`.
    Deadline,
    /// `≥ 95 %`.
    Quantitative,
}

/// The form of `text` if it is, as a whole, one target value of the language (`≥ 95 %`, `2023年12月前`,
/// `定性 "…"` …).
pub fn target_form(text: &str) -> Option<TargetForm> {
    grammar::target_form(text)
}
