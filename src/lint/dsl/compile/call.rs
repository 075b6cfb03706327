//! Calls of the built-in functions (their names, arities and the kinds of their arguments) and aggregates over
//! the nodes below the rule's scope.

use super::Compiler;
use crate::lint::dsl::syntax::{Expr, Word};
use crate::lint::schema::expr::{Aggregate, CExpr, Function};
use crate::lint::schema::scope::Collection;

/// A built-in function of the check language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionName {
    /// `contains(text, lexicon…)`.
    Contains,
    /// `starts-with(text, lexicon…)`.
    StartsWith,
    /// `ends-with(text, lexicon…)`.
    EndsWith,
    /// `matches(text, "regex")`.
    Matches,
    /// `strip(text, lexicon…)`.
    Strip,
    /// `replace(text, "regex", with)`.
    Replace,
    /// `has-digit(text)`.
    HasDigit,
    /// `len(text)`.
    Len,
    /// `year(date)`.
    Year,
    /// `excel-date(number)`.
    ExcelDate,
    /// `abs(number)`.
    Abs,
    /// `unitless(number)`.
    Unitless,
    /// `number(text)`.
    Number,
    /// `if(condition, then, else)`.
    If,
    /// `computed-score(upper, lower)`.
    ComputedScore,
    /// `score-formula(upper, lower)`.
    ScoreFormula,
    /// `grade(total, excellent, good, pass)`.
    Grade,
    /// `round(number, digits)`.
    Round,
}

/// What the arguments of a function after the first are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// None: the function takes one value.
    Values,
    /// Lexicons: each a lexicon's name or a string (a lexicon of one term).
    Lexicons,
    /// A regular expression (a string), then for `replace` the replacement (a value).
    Regex,
    /// The two values of `if`, of which one is evaluated.
    Branches,
    /// More values, each evaluated.
    More,
}

/// How a built-in function is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionSpec {
    /// Its name in rule files.
    pub name: &'static str,
    /// The fewest arguments it takes.
    pub min_args: usize,
    /// The most arguments it takes.
    pub max_args: usize,
    /// What the arguments after the first are.
    pub args: ArgKind,
}

impl FunctionName {
    /// Every built-in function, in the order error messages list them.
    pub const ALL: [FunctionName; 18] = [
        FunctionName::Contains,
        FunctionName::StartsWith,
        FunctionName::EndsWith,
        FunctionName::Matches,
        FunctionName::Strip,
        FunctionName::Replace,
        FunctionName::HasDigit,
        FunctionName::Len,
        FunctionName::Year,
        FunctionName::ExcelDate,
        FunctionName::Abs,
        FunctionName::Unitless,
        FunctionName::Number,
        FunctionName::If,
        FunctionName::ComputedScore,
        FunctionName::ScoreFormula,
        FunctionName::Grade,
        FunctionName::Round,
    ];

    /// The function's name, arity and arguments.
    pub fn spec(self) -> FunctionSpec {
        let (name, min_args, max_args, args) = match self {
            FunctionName::Contains => ("contains", 2, 16, ArgKind::Lexicons),
            FunctionName::StartsWith => ("starts-with", 2, 16, ArgKind::Lexicons),
            FunctionName::EndsWith => ("ends-with", 2, 16, ArgKind::Lexicons),
            FunctionName::Matches => ("matches", 2, 2, ArgKind::Regex),
            FunctionName::Strip => ("strip", 2, 16, ArgKind::Lexicons),
            FunctionName::Replace => ("replace", 3, 3, ArgKind::Regex),
            FunctionName::HasDigit => ("has-digit", 1, 1, ArgKind::Values),
            FunctionName::Len => ("len", 1, 1, ArgKind::Values),
            FunctionName::Year => ("year", 1, 1, ArgKind::Values),
            FunctionName::ExcelDate => ("excel-date", 1, 1, ArgKind::Values),
            FunctionName::Abs => ("abs", 1, 1, ArgKind::Values),
            FunctionName::Unitless => ("unitless", 1, 1, ArgKind::Values),
            FunctionName::Number => ("number", 1, 1, ArgKind::Values),
            FunctionName::If => ("if", 3, 3, ArgKind::Branches),
            FunctionName::ComputedScore => ("computed-score", 2, 2, ArgKind::More),
            FunctionName::ScoreFormula => ("score-formula", 2, 2, ArgKind::More),
            FunctionName::Grade => ("grade", 4, 4, ArgKind::More),
            FunctionName::Round => ("round", 2, 2, ArgKind::More),
        };
        FunctionSpec {
            name,
            min_args,
            max_args,
            args,
        }
    }

    /// The function a rule file names, if it is one.
    pub fn from_name(name: &str) -> Option<FunctionName> {
        FunctionName::ALL
            .into_iter()
            .find(|function| function.spec().name == name)
    }
}

/// The names of the built-in functions, for documentation and error messages.
pub fn function_names() -> Vec<&'static str> {
    FunctionName::ALL.map(|f| f.spec().name).to_vec()
}

impl Compiler<'_> {
    /// A call of a built-in function: its name known, its arity right, each argument of the kind it takes.
    pub(super) fn call(&mut self, name: &Word, args: &[Expr]) -> Option<CExpr> {
        let Some(function) = FunctionName::from_name(&name.text) else {
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
        let spec = function.spec();
        if args.len() < spec.min_args || args.len() > spec.max_args {
            self.error(
                name.span,
                format!("函数 {} 的参数个数不对", name.text),
                format!("wrong number of arguments to `{}`", name.text),
            );
            return None;
        }
        let first = self.expr(&args[0])?;
        let rest = &args[1..];
        let (function, args) = match function {
            FunctionName::Contains => (Function::Contains(self.lexicon_args(rest)?), vec![first]),
            FunctionName::StartsWith => {
                (Function::StartsWith(self.lexicon_args(rest)?), vec![first])
            }
            FunctionName::EndsWith => (Function::EndsWith(self.lexicon_args(rest)?), vec![first]),
            FunctionName::Strip => (Function::Strip(self.lexicon_args(rest)?), vec![first]),
            FunctionName::Matches => (Function::Matches(self.regex(&rest[0])?), vec![first]),
            FunctionName::Replace => {
                let regex = self.regex(&rest[0])?;
                let with = self.expr(&rest[1])?;
                (Function::Replace(regex), vec![first, with])
            }
            FunctionName::HasDigit => (Function::HasDigit, vec![first]),
            FunctionName::Len => (Function::Len, vec![first]),
            FunctionName::Year => (Function::Year, vec![first]),
            FunctionName::ExcelDate => (Function::ExcelDate, vec![first]),
            FunctionName::Abs => (Function::Abs, vec![first]),
            FunctionName::Unitless => (Function::Unitless, vec![first]),
            FunctionName::Number => (Function::Number, vec![first]),
            FunctionName::If => {
                let then = self.expr(&rest[0])?;
                let otherwise = self.expr(&rest[1])?;
                (Function::If, vec![first, then, otherwise])
            }
            FunctionName::ComputedScore
            | FunctionName::ScoreFormula
            | FunctionName::Grade
            | FunctionName::Round => {
                let mut all = vec![first];
                all.extend(self.all(rest)?);
                let function = match function {
                    FunctionName::ComputedScore => Function::ComputedScore,
                    FunctionName::ScoreFormula => Function::ScoreFormula,
                    FunctionName::Grade => Function::Grade,
                    _ => Function::Round,
                };
                (function, all)
            }
        };
        Some(CExpr::Call(function, args))
    }

    /// The lexicon arguments of `contains`, `starts-with`, `ends-with` and `strip`.
    fn lexicon_args(&mut self, args: &[Expr]) -> Option<Vec<usize>> {
        let lexicons: Option<Vec<Vec<usize>>> = args.iter().map(|a| self.lexicon_arg(a)).collect();
        Some(lexicons?.into_iter().flatten().collect())
    }

    pub(super) fn aggregate(
        &mut self,
        func: &Word,
        collection: &Word,
        filter: Option<&Expr>,
        of: Option<&Expr>,
    ) -> Option<CExpr> {
        let func_kind = self.aggregate_function(func)?;
        let over = self.collection(collection)?;
        if !over.is_below(self.scope) {
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
        if func_kind.takes_of() != of.is_some() {
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
        self.scope = over.scope;
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

    /// count, sum, any, all, min or max.
    fn aggregate_function(&mut self, func: &Word) -> Option<Aggregate> {
        let aggregate = Aggregate::from_name(&func.text);
        if aggregate.is_none() {
            let names = Aggregate::ALL.map(Aggregate::name);
            self.error(
                func.span,
                format!("未知的聚合“{}”；可用的有：{}", func.text, names.join("、")),
                format!(
                    "unknown aggregate `{}`; available: {}",
                    func.text,
                    names.join(", ")
                ),
            );
        }
        aggregate
    }

    /// What an aggregate iterates: indicators, groups, level1s, declarations, evaluations, nodes, children,
    /// sources, allocations or contracts.
    fn collection(&mut self, collection: &Word) -> Option<Collection> {
        let found = Collection::from_name(&collection.text);
        if found.is_none() {
            let names = Collection::names();
            self.error(
                collection.span,
                format!(
                    "未知的集合“{}”；可用的有：{}",
                    collection.text,
                    names.join("、")
                ),
                format!(
                    "unknown collection `{}`; available: {}",
                    collection.text,
                    names.join(", ")
                ),
            );
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_is_found_by_its_name_and_its_spec_fits_its_arguments() {
        for function in FunctionName::ALL {
            let spec = function.spec();
            assert_eq!(FunctionName::from_name(spec.name), Some(function));
            assert!(1 <= spec.min_args && spec.min_args <= spec.max_args);
            let fixed = match spec.args {
                ArgKind::Values => Some(1),
                ArgKind::Lexicons => None,
                ArgKind::Regex => Some(if function == FunctionName::Replace {
                    3
                } else {
                    2
                }),
                ArgKind::Branches => Some(3),
                ArgKind::More => None,
            };
            if let Some(n) = fixed {
                assert_eq!((spec.min_args, spec.max_args), (n, n), "{function:?}");
            }
        }
        assert_eq!(FunctionName::from_name("containz"), None);
    }
}
