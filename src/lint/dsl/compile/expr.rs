//! Expressions: literals and parameters become constants, paths resolve to fields of the scope, `in` takes a
//! lexicon or a list, and lexicon and regular-expression arguments are checked and built.

use super::Compiler;
use crate::diagnostic::Text;
use crate::lint::dsl::syntax::{Expr, ExprKind};
use crate::lint::schema::expr::{BinaryOp, CExpr, Lexicon, UnaryOp};
use crate::lint::schema::field::Field;
use crate::lint::schema::pattern::Pattern;
use crate::lint::schema::value::Value;
use crate::source::Span;
use std::borrow::Cow;

/// The value of a literal (a number with its unit, a string, true, false, null, or `-` before a number): for
/// parameters, in a rule file or in jixiao.toml. `Err` for anything else, with where and what to report — except
/// `-` before something that is not a number, which is refused without a word.
pub fn literal(expr: &Expr) -> Result<Value<'static>, Option<(Span, Text)>> {
    match &expr.kind {
        ExprKind::Number(n, unit) => Ok(Value::Num(*n, unit.clone().map(Cow::Owned))),
        ExprKind::Str(s) => Ok(Value::owned_text(s.clone())),
        ExprKind::Bool(b) => Ok(Value::Bool(*b)),
        ExprKind::Null => Ok(Value::Null),
        ExprKind::Unary(UnaryOp::Neg, inner) => match literal(inner)? {
            Value::Num(n, u) => Ok(Value::Num(-n, u)),
            _ => Err(None),
        },
        _ => Err(Some((
            expr.span,
            Text::new(
                "参数的值应为数字、文字或 true/false",
                "a parameter's value is a number, a string, true or false",
            ),
        ))),
    }
}

impl Compiler<'_> {
    pub(super) fn expr(&mut self, expr: &Expr) -> Option<CExpr> {
        Some(match &expr.kind {
            ExprKind::Number(..) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Null => {
                CExpr::Const(self.constant(expr)?)
            }
            ExprKind::Path(path) if self.lets.defines(path) => self.use_let(&path[0], expr.span)?,
            ExprKind::Path(path) => match Field::resolve(path, self.scope) {
                Ok(field) => CExpr::Field(field),
                Err(available) => {
                    self.unknown_field(expr.span, &path.join("."), &available);
                    return None;
                }
            },
            ExprKind::Param(name) => self.param(name, expr.span)?,
            ExprKind::List(items) => CExpr::List(self.all(items)?),
            ExprKind::Unary(op, inner) => CExpr::Unary(*op, Box::new(self.expr(inner)?)),
            ExprKind::IsNull(inner, negated) => {
                CExpr::IsNull(Box::new(self.expr(inner)?), *negated)
            }
            ExprKind::Binary(BinaryOp::In, lhs, rhs) => self.membership(lhs, rhs)?,
            ExprKind::Binary(op, lhs, rhs) => {
                let lhs = self.expr(lhs);
                let rhs = self.expr(rhs);
                CExpr::Binary(*op, Box::new(lhs?), Box::new(rhs?))
            }
            ExprKind::Call(name, args) => self.call(name, args)?,
            ExprKind::Aggregate {
                func,
                collection,
                filter,
                of,
            } => self.aggregate(func, collection, filter.as_deref(), of.as_deref())?,
        })
    }

    pub(super) fn all(&mut self, items: &[Expr]) -> Option<Vec<CExpr>> {
        let compiled: Vec<Option<CExpr>> = items.iter().map(|e| self.expr(e)).collect();
        compiled.into_iter().collect()
    }

    /// A literal's value, for parameters; an error when it is not a literal.
    pub(super) fn constant(&mut self, expr: &Expr) -> Option<Value<'static>> {
        match literal(expr) {
            Ok(value) => Some(value),
            Err(error) => {
                if let Some((span, message)) = error {
                    self.error_text(span, message);
                }
                None
            }
        }
    }

    /// `$name`: the parameter's value.
    fn param(&mut self, name: &str, span: Span) -> Option<CExpr> {
        if let Some(value) = self.params.get(name) {
            return Some(CExpr::Const(value.clone()));
        }
        self.error(
            span,
            format!("未定义的参数“${name}”：先用 param {name} = … 定义"),
            format!("undefined parameter `${name}`: define it with `param {name} = …`"),
        );
        None
    }

    /// `x in lexicon` or `x in [a, b]`.
    fn membership(&mut self, lhs: &Expr, rhs: &Expr) -> Option<CExpr> {
        let lhs = Box::new(self.expr(lhs)?);
        match &rhs.kind {
            ExprKind::Path(path) if path.len() == 1 => {
                let mut lexicons = self.lexicons_named(&path[0], rhs.span)?.into_iter();
                let first = CExpr::InLexicon(lhs.clone(), lexicons.next()?);
                Some(lexicons.fold(first, |either, index| {
                    let member = CExpr::InLexicon(lhs.clone(), index);
                    CExpr::Binary(BinaryOp::Or, Box::new(either), Box::new(member))
                }))
            }
            ExprKind::List(items) => Some(CExpr::InList(lhs, self.all(items)?)),
            _ => {
                self.error(
                    rhs.span,
                    "in 的右边应为词表名或列表 [ … ]".into(),
                    "the right side of `in` is a lexicon name or a list [ … ]".into(),
                );
                None
            }
        }
    }

    pub(super) fn unknown_field(&mut self, span: Span, name: &str, available: &[String]) {
        let scope = self.scope.keyword();
        self.error(
            span,
            format!(
                "{scope} 上没有字段“{name}”；可用的有：{}",
                available.join("、")
            ),
            format!(
                "there is no field `{name}` on {scope}; available: {}",
                available.join(", ")
            ),
        );
    }

    /// The lexicons a name stands for: one lexicon, or the members of a union.
    fn lexicons_named(&mut self, name: &str, span: Span) -> Option<Vec<usize>> {
        if let Some(&index) = self.lexicon_index.get(name) {
            return Some(vec![index]);
        }
        if let Some(members) = self.unions.get(name) {
            return Some(members.clone());
        }
        let mut known: Vec<&str> = self.lexicon_index.keys().map(String::as_str).collect();
        known.extend(self.unions.keys().map(String::as_str));
        known.sort_unstable();
        self.error(
            span,
            format!("未知的词表“{name}”；已有：{}", known.join("、")),
            format!("unknown lexicon `{name}`; known: {}", known.join(", ")),
        );
        None
    }

    /// A lexicon argument: a lexicon's or a union's name, or a string literal (a lexicon of one term).
    pub(super) fn lexicon_arg(&mut self, arg: &Expr) -> Option<Vec<usize>> {
        match &arg.kind {
            ExprKind::Path(path) if path.len() == 1 => self.lexicons_named(&path[0], arg.span),
            ExprKind::Str(term) => {
                let key = format!("\"{term}\"");
                if let Some(&index) = self.lexicon_index.get(&key) {
                    return Some(vec![index]);
                }
                self.lexicon_index.insert(key.clone(), self.lexicons.len());
                self.lexicons
                    .push(Lexicon::new(key, None, vec![term.clone()]));
                Some(vec![self.lexicons.len() - 1])
            }
            _ => {
                self.error(
                    arg.span,
                    "这里应为词表名或文字".into(),
                    "expected a lexicon name or a string".into(),
                );
                None
            }
        }
    }

    /// A regular expression argument: a string that compiles.
    pub(super) fn regex(&mut self, arg: &Expr) -> Option<Pattern> {
        let ExprKind::Str(pattern) = &arg.kind else {
            self.error(
                arg.span,
                "这里应为正则表达式文字".into(),
                "expected a regular expression string".into(),
            );
            return None;
        };
        if let Some(regex) = self.regexes.get(pattern) {
            return Some(regex.clone());
        }
        // The built-in rules' regexes are tested (each one builds); a user's are built now, so that one too
        // big to build is an error in the rule file rather than a rule that never matches.
        let built = if self.lazy_regexes {
            Ok(Pattern::builtin(pattern))
        } else {
            Pattern::new(pattern).and_then(|p| {
                p.build()?;
                Ok(p)
            })
        };
        match built {
            Ok(regex) => {
                self.regexes.insert(pattern.clone(), regex.clone());
                Some(regex)
            }
            Err(e) => {
                self.error(
                    arg.span,
                    format!("正则表达式无效：{e}"),
                    format!("invalid regular expression: {e}"),
                );
                None
            }
        }
    }
}
