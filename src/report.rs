//! What checking one input produced: its source, its typed model and its findings. Every stage above parsing
//! fills a [`FileReport`]; every output format renders them.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::Document;

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
