//! Guards: the part of a rule's condition that only the node's place and its target's form decide.
//!
//! Most rules begin with a test such as `level2 == "quantity"`, `kind in ["deadline", "period"]` or `unit in
//! percent-units`. Such a conjunct reads nothing but the node's [discrete fields](super::field::Field::is_discrete),
//! whose values form a [`Key`](super::field::Key) that many nodes share; nodes with the same key pass or fail it
//! alike. The registry splits each condition into its guard and
//! the rest; the engine decides the guards once per key and evaluates only the rest of the rules that pass. A
//! conjunct that is an `or` stays in the rest, and what the key decides of each of its sides joins the guard.

use super::expr::{BinaryOp, CExpr, Function};
use super::scope::Scope;
use super::value::Value;

/// Splits a condition into its guard (`None` when there is none) and the rest (`true` when nothing remains).
/// The guard holds the top-level conjuncts decided by the key alone, which leave the rest, and what the key
/// alone decides of the other conjuncts and they need (`needs`: `comparator in ["≥", ">"] or comparator in
/// ["≤", "<"]` of `(comparator in ["≥", ">"] and …) or (comparator in ["≤", "<"] and …)`), which stay in the
/// rest as written. Both keep the conjuncts' order.
pub fn split(when: CExpr, scope: Scope) -> (Option<CExpr>, CExpr) {
    let mut conjuncts = Vec::new();
    flatten(when, &mut conjuncts);
    let mut guard = Vec::new();
    let mut rest = Vec::new();
    for conjunct in conjuncts {
        if is_discrete(&conjunct, scope) {
            guard.push(conjunct);
        } else {
            guard.extend(needs(&conjunct, scope));
            rest.push(conjunct);
        }
    }
    let rest = conjoin(rest).unwrap_or(CExpr::Const(Value::Bool(true)));
    (conjoin(guard), rest)
}

/// A condition that the key alone decides and that holds whenever `expr` does, if there is one: the discrete
/// conjuncts of an `and`, and of an `or` what each side needs (when each side needs something).
fn needs(expr: &CExpr, scope: Scope) -> Option<CExpr> {
    if is_discrete(expr, scope) {
        return Some(expr.clone());
    }
    match expr {
        CExpr::Binary(BinaryOp::And, lhs, rhs) => match (needs(lhs, scope), needs(rhs, scope)) {
            (Some(l), Some(r)) => Some(CExpr::Binary(BinaryOp::And, Box::new(l), Box::new(r))),
            (one, other) => one.or(other),
        },
        CExpr::Binary(BinaryOp::Or, lhs, rhs) => Some(CExpr::Binary(
            BinaryOp::Or,
            Box::new(needs(lhs, scope)?),
            Box::new(needs(rhs, scope)?),
        )),
        _ => None,
    }
}

/// The conjuncts of a chain of `and`s, left to right.
fn flatten(expr: CExpr, out: &mut Vec<CExpr>) {
    match expr {
        CExpr::Binary(BinaryOp::And, lhs, rhs) => {
            flatten(*lhs, out);
            flatten(*rhs, out);
        }
        other => out.push(other),
    }
}

/// The `and` of the conjuncts, left-associative as written.
fn conjoin(conjuncts: Vec<CExpr>) -> Option<CExpr> {
    conjuncts
        .into_iter()
        .reduce(|lhs, rhs| CExpr::Binary(BinaryOp::And, Box::new(lhs), Box::new(rhs)))
}

/// Whether the expression, in a rule of `scope`, reads nothing but discrete fields, constants and the rule set's
/// lexicons, and records no match: `unit in money-units` and `starts-with(unit, money-per-unit)` are;
/// `contains(unit, …)`, which records the words it finds for the finding to point at, and aggregates are not. In an
/// indicator's rule, whether it has a weight, a score, an actual value or a deviation is discrete too
/// ([`super::field::Field::is_present_in_key`]).
fn is_discrete(expr: &CExpr, scope: Scope) -> bool {
    let discrete = |e: &CExpr| is_discrete(e, scope);
    match expr {
        CExpr::Const(_) => true,
        CExpr::Field(field) => field.is_discrete(),
        CExpr::IsNull(inner, _)
            if scope == Scope::Indicator
                && matches!(**inner, CExpr::Field(field) if field.is_present_in_key()) =>
        {
            true
        }
        CExpr::Unary(_, inner) | CExpr::IsNull(inner, _) | CExpr::InLexicon(inner, _) => {
            discrete(inner)
        }
        CExpr::Binary(_, lhs, rhs) => discrete(lhs) && discrete(rhs),
        CExpr::InList(inner, items) => discrete(inner) && items.iter().all(discrete),
        CExpr::List(items) => items.iter().all(discrete),
        CExpr::Call(Function::StartsWith(_) | Function::EndsWith(_), args) => {
            args.iter().all(discrete)
        }
        CExpr::Call(..) | CExpr::Memo(..) | CExpr::Aggregate { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::schema::field::Field;
    use std::borrow::Cow;

    fn word(w: &'static str) -> CExpr {
        CExpr::Const(Value::Text(crate::lint::schema::value::Text {
            text: Cow::Borrowed(w),
            origin: None,
        }))
    }

    fn and(lhs: CExpr, rhs: CExpr) -> CExpr {
        CExpr::Binary(BinaryOp::And, Box::new(lhs), Box::new(rhs))
    }

    fn eq(field: Field, w: &'static str) -> CExpr {
        CExpr::Binary(
            BinaryOp::Eq,
            Box::new(CExpr::Field(field)),
            Box::new(word(w)),
        )
    }

    fn has_digit_name() -> CExpr {
        CExpr::Call(Function::HasDigit, vec![CExpr::Field(Field::Name)])
    }

    #[test]
    fn the_discrete_conjuncts_become_the_guard_in_order() {
        let when = and(
            and(eq(Field::Level2, "quantity"), has_digit_name()),
            eq(Field::Kind, "quantitative"),
        );
        let (guard, rest) = split(when, Scope::Indicator);
        let guard = format!("{guard:?}");
        assert!(guard.find("Level2").unwrap() < guard.find("Kind").unwrap());
        assert!(matches!(rest, CExpr::Call(Function::HasDigit, _)));
    }

    #[test]
    fn a_condition_without_discrete_conjuncts_has_no_guard() {
        let (guard, rest) = split(has_digit_name(), Scope::Indicator);
        assert!(guard.is_none());
        assert!(matches!(rest, CExpr::Call(..)));
    }

    #[test]
    fn a_disjunction_of_discrete_tests_is_a_guard_and_leaves_true() {
        let when = CExpr::Binary(
            BinaryOp::Or,
            Box::new(eq(Field::Level1, "cost")),
            Box::new(eq(Field::Level2, "output-cost")),
        );
        let (guard, rest) = split(when, Scope::Indicator);
        assert!(guard.is_some());
        assert!(matches!(rest, CExpr::Const(Value::Bool(true))));
    }

    #[test]
    fn a_test_mixing_a_discrete_and_another_field_stays_in_the_rest() {
        let when = CExpr::Binary(
            BinaryOp::Or,
            Box::new(eq(Field::Level1, "cost")),
            Box::new(eq(Field::Name, "满意度")),
        );
        let (guard, _) = split(when, Scope::Indicator);
        assert!(guard.is_none());
    }

    #[test]
    fn tests_of_the_unit_with_a_lexicon_are_guards_unless_they_record_a_match() {
        let unit = || Box::new(CExpr::Field(Field::Unit));
        let in_lexicon = CExpr::InLexicon(unit(), 0);
        let starts = CExpr::Call(
            Function::StartsWith(vec![1]),
            vec![CExpr::Field(Field::Unit)],
        );
        let contains = CExpr::Call(Function::Contains(vec![0]), vec![CExpr::Field(Field::Unit)]);
        let (guard, rest) = split(and(and(in_lexicon, contains), starts), Scope::Indicator);
        let guard = format!("{guard:?}");
        assert!(
            guard.contains("InLexicon") && guard.contains("StartsWith"),
            "{guard}"
        );
        assert!(matches!(rest, CExpr::Call(Function::Contains(_), _)));
        let (guard, _) = split(eq(Field::Comparator, "≥"), Scope::Indicator);
        assert!(guard.is_some());
        // The name is no discrete field: its lexicon tests stay in the rest.
        let (guard, _) = split(
            CExpr::InLexicon(Box::new(CExpr::Field(Field::Name)), 0),
            Scope::Indicator,
        );
        assert!(guard.is_none());
    }

    fn or(lhs: CExpr, rhs: CExpr) -> CExpr {
        CExpr::Binary(BinaryOp::Or, Box::new(lhs), Box::new(rhs))
    }

    #[test]
    fn what_each_side_of_an_or_needs_joins_the_guard_and_the_or_stays() {
        let when = and(
            has_digit_name(),
            or(
                and(eq(Field::Comparator, "≥"), has_digit_name()),
                and(
                    has_digit_name(),
                    and(eq(Field::Comparator, "≤"), eq(Field::Kind, "quantitative")),
                ),
            ),
        );
        let (guard, rest) = split(when, Scope::Indicator);
        let guard = format!("{guard:?}");
        assert!(guard.starts_with("Some(Binary(Or"), "{guard}");
        assert!(!guard.contains("HasDigit"), "{guard}");
        assert_eq!(guard.matches("Comparator").count(), 2, "{guard}");
        assert!(guard.contains("Kind"), "{guard}");
        // The rest is the condition as written: the guard only adds a test the key decides.
        let rest = format!("{rest:?}");
        assert_eq!(rest.matches("HasDigit").count(), 3, "{rest}");
        assert_eq!(rest.matches("Comparator").count(), 2, "{rest}");
    }

    #[test]
    fn an_or_with_a_side_that_needs_nothing_adds_no_guard() {
        let when = or(
            and(eq(Field::Comparator, "≥"), has_digit_name()),
            has_digit_name(),
        );
        let (guard, _) = split(when, Scope::Indicator);
        assert!(guard.is_none());
    }

    #[test]
    fn whether_an_indicator_has_a_score_is_a_guard_in_an_indicators_rule_only() {
        let has_score = || CExpr::IsNull(Box::new(CExpr::Field(Field::Score)), true);
        let (guard, rest) = split(and(has_score(), has_digit_name()), Scope::Indicator);
        assert!(guard.is_some());
        assert!(matches!(rest, CExpr::Call(Function::HasDigit, _)));
        let (guard, _) = split(and(has_score(), has_digit_name()), Scope::Node);
        assert!(guard.is_none(), "a node's score is not in its key");
        let (guard, _) = split(
            CExpr::IsNull(Box::new(CExpr::Field(Field::Name)), false),
            Scope::Indicator,
        );
        assert!(guard.is_none());
    }
}
