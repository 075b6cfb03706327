//! Sharing the costly calls that several rules make on one node ([`memoize`]): each call is known by a key,
//! the bytes of its structure, so that equal keys are the same computation on the same node.

use super::{CExpr, Function};
use crate::lint::schema::value::Value;
use rustc_hash::FxHashMap as HashMap;

/// Marks the costly calls (lexicon searches, regular expressions, aggregates) that the expressions make more
/// than once on the node they are evaluated on — the same call in several rules, `replace(name, …)` in a dozen
/// — as [`CExpr::Memo`] slots, so that the engine computes each once per node. Calls inside an aggregate's
/// `where` or `of` are evaluated on other nodes and stay as they are. Returns the number of slots.
pub fn memoize<'e>(exprs: impl IntoIterator<Item = &'e mut CExpr>) -> usize {
    let mut exprs: Vec<&mut CExpr> = exprs.into_iter().collect();
    let mut counts: HashMap<Vec<u8>, usize> = HashMap::default();
    // Each counted call's key, in the order both passes meet the calls (children first), so that a key is
    // written once.
    let mut keys = Vec::new();
    for expr in &mut exprs {
        count_calls(expr, false, &mut counts, &mut keys);
    }
    let mut keys = keys.into_iter();
    let mut slots: HashMap<Vec<u8>, usize> = HashMap::default();
    for expr in exprs {
        wrap_calls(expr, false, &counts, &mut keys, &mut slots);
    }
    slots.len()
}

/// The structure of a call, as a key: equal keys are the same computation on the same node. A kept call is
/// its call, so that a key is the same before and after the calls inside it are wrapped. Every part starts with
/// a tag byte and gives its length where it has one, so that no two structures write the same bytes. (Written
/// at every start for the built-in rules: bytes, not `Debug` text, which took a sixth of a small run.)
fn key(expr: &CExpr) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    write_key(expr, &mut out);
    out
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn text(out: &mut Vec<u8>, text: &str) {
    number(out, text.len());
    out.extend_from_slice(text.as_bytes());
}

fn all(out: &mut Vec<u8>, items: &[CExpr]) {
    number(out, items.len());
    for item in items {
        write_key(item, out);
    }
}

fn lexicons(out: &mut Vec<u8>, tag: u8, lexicons: &[usize]) {
    out.push(tag);
    number(out, lexicons.len());
    for &lexicon in lexicons {
        number(out, lexicon);
    }
}

fn write_value(value: &Value<'_>, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.push(0),
        Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
        Value::Num(n, unit) => {
            out.push(2);
            out.extend_from_slice(&n.serialize());
            match unit {
                Some(unit) => {
                    out.push(1);
                    text(out, unit);
                }
                None => out.push(0),
            }
        }
        Value::Text(t) => {
            out.push(3);
            text(out, &t.text);
            number(out, t.origin.map_or(0, |o| o + 1));
        }
        Value::Date(d) => {
            out.push(4);
            out.extend_from_slice(&d.year.to_le_bytes());
            out.extend_from_slice(&[d.month.unwrap_or(0), d.day.unwrap_or(0)]);
        }
    }
}

fn write_function(function: &Function, out: &mut Vec<u8>) {
    match function {
        Function::Contains(l) => lexicons(out, 0, l),
        Function::StartsWith(l) => lexicons(out, 1, l),
        Function::EndsWith(l) => lexicons(out, 2, l),
        Function::Strip(l) => lexicons(out, 3, l),
        Function::Matches(regex) => {
            out.push(4);
            text(out, regex.as_str());
        }
        Function::Replace(regex) => {
            out.push(5);
            text(out, regex.as_str());
        }
        other => {
            // The other functions take nothing but their arguments: their name tells them apart.
            out.push(6);
            text(out, &format!("{other:?}"));
        }
    }
}

fn write_key(expr: &CExpr, out: &mut Vec<u8>) {
    match expr {
        CExpr::Const(value) => {
            out.push(b'c');
            write_value(value, out);
        }
        CExpr::Field(field) => out.extend_from_slice(&[b'f', *field as u8]),
        CExpr::Memo(_, inner) => write_key(inner, out),
        CExpr::Unary(op, inner) => {
            out.extend_from_slice(&[b'u', *op as u8]);
            write_key(inner, out);
        }
        CExpr::IsNull(inner, negated) => {
            out.extend_from_slice(&[b'n', u8::from(*negated)]);
            write_key(inner, out);
        }
        CExpr::Binary(op, lhs, rhs) => {
            out.extend_from_slice(&[b'b', *op as u8]);
            write_key(lhs, out);
            write_key(rhs, out);
        }
        CExpr::InLexicon(inner, lexicon) => {
            out.push(b'x');
            number(out, *lexicon);
            write_key(inner, out);
        }
        CExpr::InList(inner, items) => {
            out.push(b'i');
            write_key(inner, out);
            all(out, items);
        }
        CExpr::List(items) => {
            out.push(b'l');
            all(out, items);
        }
        CExpr::Call(function, args) => {
            out.push(b'k');
            write_function(function, out);
            all(out, args);
        }
        CExpr::Aggregate {
            func,
            over,
            filter,
            of,
        } => {
            out.extend_from_slice(&[b'a', *func as u8, over.scope as u8, u8::from(over.direct)]);
            for part in [filter, of] {
                match part {
                    Some(part) => {
                        out.push(1);
                        write_key(part, out);
                    }
                    None => out.push(0),
                }
            }
        }
    }
}

fn count_calls(
    expr: &mut CExpr,
    elsewhere: bool,
    counts: &mut HashMap<Vec<u8>, usize>,
    keys: &mut Vec<Vec<u8>>,
) {
    expr.for_each_child_mut(&mut |child, other_nodes| {
        count_calls(child, elsewhere || other_nodes, counts, keys);
    });
    if !elsewhere && expr.is_costly_call() {
        let key = key(expr);
        *counts.entry(key.clone()).or_default() += 1;
        keys.push(key);
    }
}

fn wrap_calls(
    expr: &mut CExpr,
    elsewhere: bool,
    counts: &HashMap<Vec<u8>, usize>,
    keys: &mut std::vec::IntoIter<Vec<u8>>,
    slots: &mut HashMap<Vec<u8>, usize>,
) {
    // Whether the call was counted does not change when the calls inside are wrapped; its key was taken
    // before, as it was counted.
    let counted = !elsewhere && expr.is_costly_call();
    expr.for_each_child_mut(&mut |child, other_nodes| {
        wrap_calls(child, elsewhere || other_nodes, counts, keys, slots);
    });
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
    use crate::lint::schema::expr::{Aggregate, UnaryOp};
    use crate::lint::schema::field::Field;
    use crate::lint::schema::pattern::Pattern;
    use crate::lint::schema::scope::Collection;

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

    /// Calls that differ in any part (function, lexicons, pattern, field, constant) get slots of their own.
    #[test]
    fn calls_that_differ_anywhere_get_their_own_slots() {
        let contains = |lexicons: Vec<usize>, field: Field| {
            CExpr::Call(Function::Contains(lexicons), vec![CExpr::Field(field)])
        };
        let matches = |pattern: &str, field: Field| {
            CExpr::Call(
                Function::Matches(Pattern::new(pattern).unwrap()),
                vec![CExpr::Field(field)],
            )
        };
        let number = |text: &str| {
            CExpr::Call(
                Function::Number,
                vec![CExpr::Const(Value::owned_text(text.to_string()))],
            )
        };
        let mut exprs = vec![
            contains(vec![0], Field::Name),
            contains(vec![0, 1], Field::Name),
            contains(vec![1], Field::Name),
            contains(vec![0], Field::Text),
            matches("率$", Field::Name),
            matches("率", Field::Name),
            matches("率$", Field::Unit),
            number("12"),
            number("1"),
        ];
        let mut twice = exprs.clone();
        let slots = memoize(exprs.iter_mut().chain(twice.iter_mut()));
        assert_eq!(slots, 9);
        for (one, other) in exprs.iter().zip(&twice) {
            let (CExpr::Memo(a, _), CExpr::Memo(b, _)) = (one, other) else {
                panic!("{one:?} {other:?}")
            };
            assert_eq!(a, b);
        }
    }
}
