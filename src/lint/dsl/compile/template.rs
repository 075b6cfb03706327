//! Message, help and fix templates: text with `{expression}` placeholders (`{match}` for the words the condition
//! matched); `{{` and `}}` stand for braces. A placeholder's errors point at the whole template.

use super::Compiler;
use crate::lint::dsl::syntax::{self, Expr, Word};
use crate::lint::registry::{Template, TemplatePart};
use crate::lint::schema::expr::CExpr;
use crate::source::Span;

impl Compiler<'_> {
    /// A template: text with `{expression}` placeholders; `{{` and `}}` stand for braces.
    pub(super) fn template(&mut self, word: &Word) -> Option<Template> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = word.text.as_str();
        let errors_before = self.errors.len();
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            let end = self.placeholder_end(word, tail)?;
            if !literal.is_empty() {
                parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
            }
            if let Some(part) = self.placeholder(word, &tail[1..end]) {
                parts.push(part);
            }
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(TemplatePart::Text(literal));
        }
        (self.errors.len() == errors_before).then_some(Template(parts))
    }

    /// Where the placeholder that `tail` starts with ends (its `}`), or an error for a stray `}` or an unclosed
    /// `{`.
    fn placeholder_end(&mut self, word: &Word, tail: &str) -> Option<usize> {
        if tail.starts_with('}') {
            self.error(
                word.span,
                "模板中多了“}”".into(),
                "stray `}` in a template".into(),
            );
            return None;
        }
        let end = tail.find('}');
        if end.is_none() {
            self.error(
                word.span,
                "模板中的“{”没有闭合".into(),
                "unclosed `{` in a template".into(),
            );
        }
        end
    }

    /// The part a placeholder stands for: `{match}`, or an expression.
    fn placeholder(&mut self, word: &Word, inner: &str) -> Option<TemplatePart> {
        if inner.trim() == "match" {
            return Some(TemplatePart::Match);
        }
        match syntax::parse_expr(inner) {
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
