//! The compiled form of a rule's expressions: what the compiler produces and the evaluator runs. Operators,
//! built-in functions, aggregates and lexicons (compiled once into automata) live here, so that neither the
//! compiler nor the evaluator has to know the other.

use super::field::Field;
use super::pattern::Pattern;
use super::scope::Collection;
use super::value::Value;

pub use super::lexicon::Lexicon;
pub use super::ops::{BinaryOp, UnaryOp};

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum CExpr {
    /// A literal or a parameter's value.
    Const(Value<'static>),
    /// A field of the current node.
    Field(Field),
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<CExpr>),
    /// `a op b` (every operator but `in`).
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    /// `x in lexicon`: exact membership.
    InLexicon(Box<CExpr>, usize),
    /// `x in [a, b]`.
    InList(Box<CExpr>, Vec<CExpr>),
    /// `x is null` (false) / `x is not null` (true).
    IsNull(Box<CExpr>, bool),
    /// `[a, b]` outside `in`.
    List(Vec<CExpr>),
    /// A built-in function.
    Call(Function, Vec<CExpr>),
    /// A call that several rules make on the same node: its value is computed once per node and kept in a
    /// numbered slot (see [`memoize`]).
    Memo(usize, Box<CExpr>),
    /// An aggregate over the nodes below.
    Aggregate {
        /// count, sum, any, all, min, max.
        func: Aggregate,
        /// What is iterated.
        over: Collection,
        /// The `where` filter.
        filter: Option<Box<CExpr>>,
        /// The `of` expression.
        of: Option<Box<CExpr>>,
    },
}

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// How many elements match.
    Count,
    /// The sum of `of` over the matching elements.
    Sum,
    /// Whether any element matches.
    Any,
    /// Whether every element matches.
    All,
    /// The least `of`.
    Min,
    /// The greatest `of`.
    Max,
}

impl Aggregate {
    /// Every aggregate, in the order of the documentation.
    pub const ALL: [Aggregate; 6] = [
        Aggregate::Count,
        Aggregate::Sum,
        Aggregate::Any,
        Aggregate::All,
        Aggregate::Min,
        Aggregate::Max,
    ];

    /// Its name in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
            Aggregate::Any => "any",
            Aggregate::All => "all",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
        }
    }

    /// The aggregate a rule file names, if it is one.
    pub fn from_name(name: &str) -> Option<Aggregate> {
        Aggregate::ALL
            .into_iter()
            .find(|aggregate| aggregate.name() == name)
    }

    /// Whether it takes `of` (sum, min and max) or not.
    pub fn takes_of(self) -> bool {
        match self {
            Aggregate::Sum | Aggregate::Min | Aggregate::Max => true,
            Aggregate::Count | Aggregate::Any | Aggregate::All => false,
        }
    }
}

/// A built-in function, with its compiled arguments' extras (lexicons, regular expressions).
#[derive(Debug, Clone)]
pub enum Function {
    /// `contains(text, lexicon…)`: whether the text contains a term; the leftmost-longest match is recorded.
    Contains(Vec<usize>),
    /// `starts-with(text, lexicon)`.
    StartsWith(Vec<usize>),
    /// `ends-with(text, lexicon)`.
    EndsWith(Vec<usize>),
    /// `matches(text, "regex")`: whether the regex matches; the match is recorded.
    Matches(Pattern),
    /// `strip(text, lexicon…)`: the text without the lexicons' terms.
    Strip(Vec<usize>),
    /// `replace(text, "regex", "with")`.
    Replace(Pattern),
    /// `has-digit(text)`.
    HasDigit,
    /// `len(text)`: characters.
    Len,
    /// `year(date)`.
    Year,
    /// `excel-date(number)`: the date an Excel serial number stands for.
    ExcelDate,
    /// `abs(number)`.
    Abs,
    /// `unitless(number)`: the number without its unit.
    Unitless,
    /// `number(text)`: the first number written in a text (full-width digits too), without a unit.
    Number,
    /// `if(condition, then, else)`: `then` when the condition holds, else `else`; only one is evaluated.
    If,
    /// `computed-score(upper, lower)`: the indicator's score computed from its weight, target and actual value
    /// (财预〔2020〕10号), qualitative bands edged at `upper` and `lower`.
    ComputedScore,
    /// `score-formula(upper, lower)`: how that score is computed, in numbers and signs.
    ScoreFormula,
    /// `grade(total, excellent, good, pass)`: 优, 良, 中 or 差.
    Grade,
    /// `round(number, digits)`: rounded half away from zero.
    Round,
}

impl CExpr {
    /// Calls `visit` on every regex this expression and the expressions below it use.
    pub fn for_each_pattern(&self, visit: &mut dyn FnMut(&Pattern)) {
        let below: Vec<&CExpr> = match self {
            CExpr::Const(_) | CExpr::Field(_) => Vec::new(),
            CExpr::Call(function, args) => {
                if let Function::Matches(p) | Function::Replace(p) = function {
                    visit(p);
                }
                args.iter().collect()
            }
            CExpr::List(items) => items.iter().collect(),
            CExpr::InList(inner, items) => std::iter::once(inner.as_ref()).chain(items).collect(),
            CExpr::Unary(_, inner)
            | CExpr::InLexicon(inner, _)
            | CExpr::IsNull(inner, _)
            | CExpr::Memo(_, inner) => vec![inner.as_ref()],
            CExpr::Binary(_, lhs, rhs) => vec![lhs.as_ref(), rhs.as_ref()],
            CExpr::Aggregate { filter, of, .. } => {
                filter.iter().chain(of).map(AsRef::as_ref).collect()
            }
        };
        for expr in below {
            expr.for_each_pattern(visit);
        }
    }

    /// Calls `visit` on each expression directly below this one, with whether it is evaluated on other nodes (an
    /// aggregate's `where` and `of`). Nothing is allocated: rule sets are built at every start.
    fn for_each_child_mut(&mut self, visit: &mut dyn FnMut(&mut CExpr, bool)) {
        match self {
            CExpr::Const(_) | CExpr::Field(_) => {}
            CExpr::Unary(_, inner)
            | CExpr::InLexicon(inner, _)
            | CExpr::IsNull(inner, _)
            | CExpr::Memo(_, inner) => visit(inner, false),
            CExpr::Binary(_, lhs, rhs) => {
                visit(lhs, false);
                visit(rhs, false);
            }
            CExpr::InList(inner, items) => {
                visit(inner, false);
                items.iter_mut().for_each(|item| visit(item, false));
            }
            CExpr::List(items) | CExpr::Call(_, items) => {
                items.iter_mut().for_each(|item| visit(item, false));
            }
            CExpr::Aggregate { filter, of, .. } => {
                filter
                    .iter_mut()
                    .chain(of.iter_mut())
                    .for_each(|e| visit(e, true));
            }
        }
    }

    /// Whether this is a call worth keeping: it searches or rewrites text (lexicons, regular expressions), or it
    /// visits the nodes below (an aggregate).
    fn is_costly_call(&self) -> bool {
        matches!(
            self,
            CExpr::Aggregate { .. }
                | CExpr::Call(
                    Function::Contains(_)
                        | Function::StartsWith(_)
                        | Function::EndsWith(_)
                        | Function::Matches(_)
                        | Function::Strip(_)
                        | Function::Replace(_)
                        | Function::HasDigit
                        | Function::Number,
                    _
                )
        )
    }
}

mod chain;
mod memo;

pub use chain::nest_right;
pub use memo::memoize;
