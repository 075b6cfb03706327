//! The compiled form of a rule's expressions: what the compiler produces and the evaluator runs. Operators,
//! built-in functions, aggregates and lexicons (compiled once into automata) live here, so that neither the
//! compiler nor the evaluator has to know the other.

use super::field::Field;
use super::scope::Scope;
use super::value::Value;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::collections::HashSet;

/// A prefix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Neg,
}

/// An infix operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `in`.
    In,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

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
    /// An aggregate over the nodes below.
    Aggregate {
        /// count, sum, any, all, min, max.
        func: Aggregate,
        /// What is iterated.
        over: Scope,
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
    Matches(Regex),
    /// `strip(text, lexicon…)`: the text without the lexicons' terms.
    Strip(Vec<usize>),
    /// `replace(text, "regex", "with")`.
    Replace(Regex),
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
}

/// A lexicon compiled into an automaton (for `contains`) and a set (for `in`).
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The name.
    pub name: String,
    /// What it holds.
    pub description: Option<String>,
    /// The terms, in order, additions included.
    pub terms: Vec<String>,
    /// Leftmost-longest automaton over the terms.
    pub automaton: AhoCorasick,
    /// The terms as a set.
    pub set: HashSet<String>,
}

impl Lexicon {
    /// Builds the automaton and the set over `terms`.
    pub fn new(name: String, description: Option<String>, terms: Vec<String>) -> Lexicon {
        // A contiguous NFA builds in a fraction of a DFA's time and searches short names nearly as fast: the
        // built-in rules are compiled at every start, so building is what a small run waits for.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&terms)
            .expect("a leftmost-longest automaton over plain terms always builds");
        let set = terms.iter().cloned().collect();
        Lexicon {
            name,
            description,
            terms,
            automaton,
            set,
        }
    }
}
