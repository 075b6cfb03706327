//! What `build.rs` reads ahead from a parsed built-in rule file: the template placeholders that need the parser,
//! and the regular expressions, for a run to build while it compiles the rules.

use super::{parse_expr, simple_expr, template, Expr, ExprKind, RuleFileSyntax};

/// The placeholders of every message, help and fix template of `file` that the parser reads (those that
/// [`parse_expr`] reads without it are left out), each once.
pub fn parsed_placeholders(file: &RuleFileSyntax) -> std::collections::BTreeMap<String, Expr> {
    let mut found = std::collections::BTreeMap::new();
    for rule in &file.rules {
        let texts = rule
            .texts
            .iter()
            .filter(|(kind, _, _)| matches!(kind.text.as_str(), "message" | "help"))
            .map(|(_, _, text)| text)
            .chain(rule.fix.as_ref().map(|(_, template)| template));
        for text in texts {
            for piece in template::pieces(&text.text) {
                let template::Piece::Placeholder(inner) = piece else {
                    continue;
                };
                if inner.trim() == "match" || simple_expr(inner.trim()).is_some() {
                    continue;
                }
                if let Ok(expr) = parse_expr(inner) {
                    found.insert(inner.to_string(), expr);
                }
            }
        }
    }
    found
}

/// The regular expressions `file` writes (the string given to `matches` and `replace`), in file order.
pub fn regex_literals(file: &RuleFileSyntax) -> Vec<String> {
    let mut found = Vec::new();
    let mut visit = |expr: &Expr| {
        if let ExprKind::Call(name, args) = &expr.kind {
            if let (
                "matches" | "replace",
                Some(Expr {
                    kind: ExprKind::Str(regex),
                    ..
                }),
            ) = (name.text.as_str(), args.get(1))
            {
                found.push(regex.clone());
            }
        }
    };
    let placeholders = parsed_placeholders(file);
    for rule in &file.rules {
        let exprs = rule.params.iter().map(|p| &p.default);
        let exprs = exprs.chain(rule.lets.iter().map(|(_, e)| e));
        for expr in exprs.chain(&rule.when) {
            expr.walk(&mut visit);
        }
    }
    for expr in placeholders.values() {
        expr.walk(&mut visit);
    }
    found
}

impl Expr {
    /// Calls `visit` on this expression and every one inside it.
    pub fn walk(&self, visit: &mut impl FnMut(&Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::Call(_, items) | ExprKind::List(items) => {
                items.iter().for_each(|item| item.walk(visit));
            }
            ExprKind::Aggregate { filter, of, .. } => {
                filter.iter().chain(of).for_each(|e| e.walk(visit));
            }
            ExprKind::Unary(_, inner) | ExprKind::IsNull(inner, _) => inner.walk(visit),
            ExprKind::Binary(_, lhs, rhs) => {
                lhs.walk(visit);
                rhs.walk(visit);
            }
            ExprKind::Number(..)
            | ExprKind::Str(_)
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Path(_)
            | ExprKind::Param(_) => {}
        }
    }
}
