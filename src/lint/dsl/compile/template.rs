//! Message, help and fix templates: text with `{expression}` placeholders (`{match}` for the words the condition
//! matched); `{{` and `}}` stand for braces. A placeholder's errors point at the whole template.

use super::Compiler;
use crate::lint::dsl::embedded::builtin_placeholder;
use crate::lint::dsl::syntax::template::{self, Piece};
use crate::lint::dsl::syntax::{self, Expr, Word};
use crate::lint::registry::{Template, TemplatePart};
use crate::lint::schema::expr::CExpr;
use crate::source::Span;
use std::borrow::Cow;

impl Compiler<'_> {
    /// A template: text with `{expression}` placeholders; `{{` and `}}` stand for braces.
    pub(super) fn template(&mut self, word: &Word) -> Option<Template> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let errors_before = self.errors.len();
        for piece in template::pieces(&word.text) {
            match piece {
                Piece::Text(text) => literal.push_str(text),
                Piece::Placeholder(inner) => {
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                    }
                    if let Some(part) = self.placeholder(word, inner) {
                        parts.push(part);
                    }
                }
                Piece::StrayClose => {
                    self.error(
                        word.span,
                        "模板中多了“}”".into(),
                        "stray `}` in a template".into(),
                    );
                    return None;
                }
                Piece::Unclosed => {
                    self.error(
                        word.span,
                        "模板中的“{”没有闭合".into(),
                        "unclosed `{` in a template".into(),
                    );
                    return None;
                }
            }
        }
        if !literal.is_empty() {
            parts.push(TemplatePart::Text(literal));
        }
        (self.errors.len() == errors_before).then_some(Template(parts))
    }

    /// The part a placeholder stands for: `{match}`, or an expression (read at build time for the built-in
    /// templates).
    fn placeholder(&mut self, word: &Word, inner: &str) -> Option<TemplatePart> {
        if inner.trim() == "match" {
            return Some(TemplatePart::Match);
        }
        let parsed = match builtin_placeholder(inner) {
            Some(expr) => Ok(Cow::Borrowed(expr)),
            None => syntax::parse_expr(inner).map(Cow::Owned),
        };
        match parsed {
            Ok(expr) => self.expr_at(&expr, word.span).map(TemplatePart::Expr),
            Err(_) => {
                self.error(
                    word.span,
                    format!("模板占位“{{{inner}}}”不是表达式"),
                    format!("the placeholder `{{{inner}}}` is not an expression"),
                );
                None
            }
        }
    }

    /// Compiles an expression whose spans are relative to a placeholder, reporting errors at `span`.
    fn expr_at(&mut self, expr: &Expr, span: Span) -> Option<CExpr> {
        let before = self.errors.len();
        let compiled = self.expr(expr);
        for error in &mut self.errors[before..] {
            error.span = span;
        }
        compiled
    }
}
