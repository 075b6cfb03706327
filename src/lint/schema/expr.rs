//! The compiled form of a rule's expressions: what the compiler produces and the evaluator runs. Operators,
//! built-in functions, aggregates and lexicons (compiled once into automata) live here, so that neither the
//! compiler nor the evaluator has to know the other.

use super::field::Field;
use super::pattern::Pattern;
use super::scope::Collection;
use super::value::Value;
use std::collections::HashMap;

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

    /// The expressions directly below this one, and whether they are evaluated on other nodes (an aggregate's
    /// `where` and `of`).
    fn children_mut(&mut self) -> Vec<(&mut CExpr, bool)> {
        match self {
            CExpr::Const(_) | CExpr::Field(_) => Vec::new(),
            CExpr::Unary(_, inner)
            | CExpr::InLexicon(inner, _)
            | CExpr::IsNull(inner, _)
            | CExpr::Memo(_, inner) => vec![(inner.as_mut(), false)],
            CExpr::Binary(_, lhs, rhs) => vec![(lhs.as_mut(), false), (rhs.as_mut(), false)],
            CExpr::InList(inner, items) => std::iter::once(inner.as_mut())
                .chain(items.iter_mut())
                .map(|e| (e, false))
                .collect(),
            CExpr::List(items) | CExpr::Call(_, items) => {
                items.iter_mut().map(|e| (e, false)).collect()
            }
            CExpr::Aggregate { filter, of, .. } => filter
                .iter_mut()
                .chain(of.iter_mut())
                .map(|e| (e.as_mut(), true))
                .collect(),
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

/// Marks the costly calls (lexicon searches, regular expressions) that the expressions make more than once on
/// the node they are evaluated on — the same call in several rules, `replace(name, …)` in a dozen — as
/// [`CExpr::Memo`] slots, so that the engine computes each once per node. Calls inside an aggregate's `where` or
/// `of` are evaluated on other nodes and stay as they are. Returns the number of slots.
pub fn memoize<'e>(exprs: impl IntoIterator<Item = &'e mut CExpr>) -> usize {
    let mut exprs: Vec<&mut CExpr> = exprs.into_iter().collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    // Each counted call's key, in the order both passes meet the calls (children first), so that a key is
    // written once.
    let mut keys = Vec::new();
    for expr in &mut exprs {
        count_calls(expr, false, &mut counts, &mut keys);
    }
    let mut keys = keys.into_iter();
    let mut slots: HashMap<String, usize> = HashMap::new();
    for expr in exprs {
        wrap_calls(expr, false, &counts, &mut keys, &mut slots);
    }
    slots.len()
}

/// The structure of a call, as a key: equal keys are the same computation on the same node. A kept call is
/// its call, so that a key is the same before and after the calls inside it are wrapped.
fn key(expr: &CExpr) -> String {
    let mut out = String::new();
    write_key(expr, &mut out);
    out
}

fn write_key(expr: &CExpr, out: &mut String) {
    use std::fmt::Write;
    let all = |out: &mut String, items: &[CExpr]| {
        for item in items {
            write_key(item, out);
            out.push(',');
        }
    };
    // Writing to a String cannot fail.
    let _ = match expr {
        CExpr::Const(value) => write!(out, "{value:?}"),
        CExpr::Field(field) => write!(out, "{field:?}"),
        CExpr::Memo(_, inner) => {
            write_key(inner, out);
            Ok(())
        }
        CExpr::Unary(op, inner) => {
            let _ = write!(out, "{op:?}(");
            write_key(inner, out);
            write!(out, ")")
        }
        CExpr::IsNull(inner, negated) => {
            let _ = write!(out, "null{negated}(");
            write_key(inner, out);
            write!(out, ")")
        }
        CExpr::Binary(op, lhs, rhs) => {
            let _ = write!(out, "{op:?}(");
            write_key(lhs, out);
            out.push(',');
            write_key(rhs, out);
            write!(out, ")")
        }
        CExpr::InLexicon(inner, lexicon) => {
            let _ = write!(out, "in{lexicon}(");
            write_key(inner, out);
            write!(out, ")")
        }
        CExpr::InList(inner, items) => {
            out.push_str("inlist(");
            write_key(inner, out);
            out.push(';');
            all(out, items);
            write!(out, ")")
        }
        CExpr::List(items) => {
            out.push('[');
            all(out, items);
            write!(out, "]")
        }
        CExpr::Call(function, args) => {
            let _ = match function {
                Function::Matches(regex) => write!(out, "matches/{}/(", regex.as_str()),
                Function::Replace(regex) => write!(out, "replace/{}/(", regex.as_str()),
                Function::Contains(l) => write!(out, "contains{l:?}("),
                Function::StartsWith(l) => write!(out, "starts{l:?}("),
                Function::EndsWith(l) => write!(out, "ends{l:?}("),
                Function::Strip(l) => write!(out, "strip{l:?}("),
                other => write!(out, "{other:?}("),
            };
            all(out, args);
            write!(out, ")")
        }
        CExpr::Aggregate {
            func,
            over,
            filter,
            of,
        } => {
            let _ = write!(out, "{func:?}{over:?}(");
            if let Some(filter) = filter {
                write_key(filter, out);
            }
            out.push(';');
            if let Some(of) = of {
                write_key(of, out);
            }
            write!(out, ")")
        }
    };
}

fn count_calls(
    expr: &mut CExpr,
    elsewhere: bool,
    counts: &mut HashMap<String, usize>,
    keys: &mut Vec<String>,
) {
    for (child, other_nodes) in expr.children_mut() {
        count_calls(child, elsewhere || other_nodes, counts, keys);
    }
    if !elsewhere && expr.is_costly_call() {
        let key = key(expr);
        *counts.entry(key.clone()).or_default() += 1;
        keys.push(key);
    }
}

fn wrap_calls(
    expr: &mut CExpr,
    elsewhere: bool,
    counts: &HashMap<String, usize>,
    keys: &mut std::vec::IntoIter<String>,
    slots: &mut HashMap<String, usize>,
) {
    // Whether the call was counted does not change when the calls inside are wrapped; its key was taken
    // before, as it was counted.
    let counted = !elsewhere && expr.is_costly_call();
    for (child, other_nodes) in expr.children_mut() {
        wrap_calls(child, elsewhere || other_nodes, counts, keys, slots);
    }
    if !counted {
        return;
    }
    let key = keys
        .next()
        .expect("both passes meet the same calls in the same order");
    if counts.get(&key).is_some_and(|&n| n > 1) {
        let next = slots.len();
        let slot = *slots.entry(key).or_insert(next);
        let inner = std::mem::replace(expr, CExpr::Const(Value::Null));
        *expr = CExpr::Memo(slot, Box::new(inner));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace_name() -> CExpr {
        CExpr::Call(
            Function::Replace(Pattern::new("[（(].*$").unwrap()),
            vec![CExpr::Field(Field::Name), CExpr::Const(Value::Null)],
        )
    }

    fn has_digit(inner: CExpr) -> CExpr {
        CExpr::Call(Function::HasDigit, vec![inner])
    }

    #[test]
    fn a_call_made_twice_on_the_node_gets_one_slot_and_a_call_made_once_none() {
        let mut first = has_digit(replace_name());
        let mut second = CExpr::Unary(UnaryOp::Not, Box::new(replace_name()));
        let mut once = CExpr::Call(Function::Number, vec![CExpr::Field(Field::Name)]);
        let slots = memoize([&mut first, &mut second, &mut once]);
        assert_eq!(slots, 1);
        let CExpr::Call(Function::HasDigit, args) = &first else {
            panic!("{first:?}")
        };
        assert!(matches!(args[0], CExpr::Memo(0, _)), "{first:?}");
        assert!(matches!(&second, CExpr::Unary(_, inner) if matches!(**inner, CExpr::Memo(0, _))));
        assert!(matches!(once, CExpr::Call(Function::Number, _)), "{once:?}");
    }

    /// An aggregate made twice on the node is kept (it visits every node below); the calls in its filter are
    /// made on those other nodes and are not.
    #[test]
    fn an_aggregate_is_kept_and_the_calls_inside_it_are_not() {
        let aggregate = || CExpr::Aggregate {
            func: Aggregate::Any,
            over: Collection {
                scope: crate::lint::schema::scope::Scope::Indicator,
                direct: false,
            },
            filter: Some(Box::new(replace_name())),
            of: None,
        };
        let (mut a, mut b) = (aggregate(), aggregate());
        assert_eq!(memoize([&mut a, &mut b]), 1);
        for kept in [&a, &b] {
            let CExpr::Memo(0, inner) = kept else {
                panic!("{kept:?}")
            };
            let CExpr::Aggregate {
                filter: Some(filter),
                ..
            } = inner.as_ref()
            else {
                panic!("{inner:?}")
            };
            assert!(
                matches!(filter.as_ref(), CExpr::Call(Function::Replace(_), _)),
                "{filter:?}"
            );
        }
    }
}
