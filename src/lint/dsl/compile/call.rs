//! Calls of the built-in functions (their names, arities and the kinds of their arguments) and aggregates over
//! the nodes below the rule's scope.

use super::Compiler;
use crate::lint::dsl::syntax::{Expr, Word};
use crate::lint::schema::expr::{Aggregate, CExpr, Function};
use crate::lint::schema::field::Scope;

/// The built-in functions: name, arity (minimum, maximum), and what the arguments after the first are.
const FUNCTIONS: &[(&str, usize, usize, &str)] = &[
    ("contains", 2, 16, "lexicons"),
    ("starts-with", 2, 16, "lexicons"),
    ("ends-with", 2, 16, "lexicons"),
    ("matches", 2, 2, "regex"),
    ("strip", 2, 16, "lexicons"),
    ("replace", 3, 3, "regex"),
    ("has-digit", 1, 1, ""),
    ("len", 1, 1, ""),
    ("year", 1, 1, ""),
    ("excel-date", 1, 1, ""),
    ("abs", 1, 1, ""),
    ("unitless", 1, 1, ""),
    ("if", 3, 3, "branches"),
];

/// The names of the built-in functions, for documentation and error messages.
pub fn function_names() -> Vec<&'static str> {
    FUNCTIONS.iter().map(|f| f.0).collect()
}

impl Compiler<'_> {
    pub(super) fn call(&mut self, name: &Word, args: &[Expr]) -> Option<CExpr> {
        let Some(&(_, min, max, extras)) = FUNCTIONS.iter().find(|f| f.0 == name.text) else {
            self.error(
                name.span,
                format!(
                    "未知的函数“{}”；可用的有：{}",
                    name.text,
                    function_names().join("、")
                ),
                format!(
                    "unknown function `{}`; available: {}",
                    name.text,
                    function_names().join(", ")
                ),
            );
            return None;
        };
        if args.len() < min || args.len() > max {
            self.error(
                name.span,
                format!("函数 {} 的参数个数不对", name.text),
                format!("wrong number of arguments to `{}`", name.text),
            );
            return None;
        }
        let first = self.expr(&args[0])?;
        if extras == "branches" {
            let then = self.expr(&args[1])?;
            let otherwise = self.expr(&args[2])?;
            return Some(CExpr::Call(Function::If, vec![first, then, otherwise]));
        }
        let function = match (name.text.as_str(), extras) {
            (_, "lexicons") => {
                let lexicons: Option<Vec<usize>> =
                    args[1..].iter().map(|a| self.lexicon_arg(a)).collect();
                let lexicons = lexicons?;
                match name.text.as_str() {
                    "contains" => Function::Contains(lexicons),
                    "starts-with" => Function::StartsWith(lexicons),
                    "ends-with" => Function::EndsWith(lexicons),
                    _ => Function::Strip(lexicons),
                }
            }
            ("matches", _) => Function::Matches(self.regex(&args[1])?),
            ("replace", _) => {
                let regex = self.regex(&args[1])?;
                let with = self.expr(&args[2])?;
                return Some(CExpr::Call(Function::Replace(regex), vec![first, with]));
            }
            ("has-digit", _) => Function::HasDigit,
            ("len", _) => Function::Len,
            ("year", _) => Function::Year,
            ("excel-date", _) => Function::ExcelDate,
            ("abs", _) => Function::Abs,
            _ => Function::Unitless,
        };
        Some(CExpr::Call(function, vec![first]))
    }

    pub(super) fn aggregate(
        &mut self,
        func: &Word,
        collection: &Word,
        filter: Option<&Expr>,
        of: Option<&Expr>,
    ) -> Option<CExpr> {
        let func_kind = match func.text.as_str() {
            "count" => Aggregate::Count,
            "sum" => Aggregate::Sum,
            "any" => Aggregate::Any,
            "all" => Aggregate::All,
            "min" => Aggregate::Min,
            _ => Aggregate::Max,
        };
        let over = match collection.text.as_str() {
            "indicators" => Scope::Indicator,
            "groups" => Scope::Group,
            "level1s" => Scope::Level1,
            _ => Scope::Declaration,
        };
        if over <= self.scope {
            self.error(
                collection.span,
                format!("{} 不在 {} 之下", collection.text, self.scope.keyword()),
                format!(
                    "there are no {} below a {}",
                    collection.text,
                    self.scope.keyword()
                ),
            );
            return None;
        }
        let needs_of = matches!(func_kind, Aggregate::Sum | Aggregate::Min | Aggregate::Max);
        if needs_of != of.is_some() {
            self.error(
                func.span,
                format!(
                    "{} 的 of 用法不对：sum、min、max 需要 of，其余不用",
                    func.text
                ),
                format!(
                    "`{}`: sum, min and max take `of`, the others do not",
                    func.text
                ),
            );
            return None;
        }
        let outer = self.scope;
        self.scope = over;
        let filter = filter.map(|f| self.expr(f));
        let of = of.map(|o| self.expr(o));
        self.scope = outer;
        let filter = match filter {
            Some(f) => Some(Box::new(f?)),
            None => None,
        };
        let of = match of {
            Some(o) => Some(Box::new(o?)),
            None => None,
        };
        Some(CExpr::Aggregate {
            func: func_kind,
            over,
            filter,
            of,
        })
    }
}
