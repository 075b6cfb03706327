//! Named conditions: `let NAME = expression` in a rule. A name stands for its expression wherever it is used, so
//! it is compiled at each use, in the scope of that place (a `let` of indicator fields works inside an
//! aggregate's `where`). A `let` sees the names defined before it; each must be used, must not be a field's name
//! and must not be defined twice.

use super::Compiler;
use crate::lint::dsl::syntax::{Expr, RuleSyntax, Word};
use crate::lint::schema::expr::CExpr;
use crate::lint::schema::field::Field;
use crate::source::Span;

/// The named conditions of the rule being compiled.
#[derive(Debug, Default)]
pub(super) struct Lets {
    /// Each name with its expression, in order, and whether it was used.
    defined: Vec<(Word, Expr, bool)>,
    /// How many of them the expression being compiled may use: all of them in the rule's items, those before it
    /// inside a `let`.
    visible: usize,
}

impl Lets {
    /// Whether `path` is the name of a visible `let`.
    pub(super) fn defines(&self, path: &[String]) -> bool {
        matches!(path, [name] if self.find(name).is_some())
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.defined[..self.visible]
            .iter()
            .position(|(word, ..)| word.text == name)
    }
}

impl Compiler<'_> {
    /// Records the rule's `let`s, reporting names that are fields or are defined twice.
    pub(super) fn define_lets(&mut self, rule: &RuleSyntax) {
        self.lets = Lets::default();
        for (name, expr) in &rule.lets {
            if self.lets.defined.iter().any(|(w, ..)| w.text == name.text) {
                self.error(
                    name.span,
                    format!("“{}”在这条规则里定义了两次", name.text),
                    format!("`{}` is defined twice in this rule", name.text),
                );
                continue;
            }
            if Field::is_field_name(&name.text) {
                self.error(
                    name.span,
                    format!("“{}”是字段名，let 请换一个名字", name.text),
                    format!("`{}` is a field; give the `let` another name", name.text),
                );
                continue;
            }
            self.lets.defined.push((name.clone(), expr.clone(), false));
        }
        self.lets.visible = self.lets.defined.len();
    }

    /// The expression a `let` stands for, compiled here; inside it only the `let`s before it are visible.
    pub(super) fn use_let(&mut self, name: &str, span: Span) -> Option<CExpr> {
        let index = self.lets.find(name)?;
        self.lets.defined[index].2 = true;
        let expr = self.lets.defined[index].1.clone();
        let outer = std::mem::replace(&mut self.lets.visible, index);
        let compiled = self.expr(&expr);
        self.lets.visible = outer;
        if compiled.is_none() {
            self.error(
                span,
                format!("“{name}”的定义有错，见上"),
                format!("the definition of `{name}` has an error, see above"),
            );
        }
        compiled
    }

    /// Reports the `let`s nothing used.
    pub(super) fn unused_lets(&mut self) {
        let unused: Vec<Word> = self
            .lets
            .defined
            .iter()
            .filter(|(_, _, used)| !used)
            .map(|(word, ..)| word.clone())
            .collect();
        for word in unused {
            self.error(
                word.span,
                format!("“{}”定义了却没有用到", word.text),
                format!("`{}` is defined but never used", word.text),
            );
        }
    }
}
