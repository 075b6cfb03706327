//! Chains of `and` and of `or`, nested to the right for the evaluator.
//!
//! The rule language's `a and b and c` compiles to `(a and b) and c`: walking it costs a call per link. Nested
//! to the right, `a and (b and c)`, the evaluator goes down a chain in a loop, the last link's value being the
//! chain's. The parts stay in their order and each still decides whether the next is evaluated, so the value
//! and the match recorded are the same.

use super::{BinaryOp, CExpr};
use crate::lint::schema::value::Value;

/// Nests every chain of `and`s and every chain of `or`s in `expr` to the right, in place: each link of a chain's
/// left spine is turned over, `(a op b) op c` into `a op (b op c)`, reusing its box.
pub fn nest_right(expr: &mut CExpr) {
    let CExpr::Binary(op @ (BinaryOp::And | BinaryOp::Or), ..) = expr else {
        expr.for_each_child_mut(&mut |child, _| nest_right(child));
        return;
    };
    let op = *op;
    let CExpr::Binary(_, lhs, rhs) = expr else {
        unreachable!("matched above")
    };
    while matches!(&**lhs, CExpr::Binary(inner, ..) if *inner == op) {
        let CExpr::Binary(_, a, b) = std::mem::replace(&mut **lhs, CExpr::Const(Value::Null))
        else {
            unreachable!("matched by the loop's test")
        };
        // The box that held `a op b` is to hold `b op c`.
        let emptied = std::mem::replace(lhs, a);
        let c = std::mem::replace(rhs, emptied);
        **rhs = CExpr::Binary(op, b, c);
    }
    // The left side is no chain of `op` now; the right side may be a chain that `b` began.
    nest_right(lhs);
    nest_right(rhs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::schema::expr::Function;
    use crate::lint::schema::field::Field;

    fn leaf(field: Field) -> CExpr {
        CExpr::Call(Function::HasDigit, vec![CExpr::Field(field)])
    }

    fn bin(op: BinaryOp, lhs: CExpr, rhs: CExpr) -> CExpr {
        CExpr::Binary(op, Box::new(lhs), Box::new(rhs))
    }

    /// The expression's shape: links in order, chains in brackets.
    fn shape(expr: &CExpr) -> String {
        match expr {
            CExpr::Binary(op, lhs, rhs) => format!("({} {op:?} {})", shape(lhs), shape(rhs)),
            CExpr::Call(_, args) => match &args[0] {
                CExpr::Field(field) => format!("{field:?}"),
                other => shape(other),
            },
            CExpr::Unary(_, inner) => format!("not {}", shape(inner)),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_chain_written_left_to_right_nests_to_the_right_in_its_order() {
        let (a, b, c, d) = (Field::Name, Field::Unit, Field::Text, Field::Goal);
        let mut expr = bin(
            BinaryOp::And,
            bin(BinaryOp::And, bin(BinaryOp::And, leaf(a), leaf(b)), leaf(c)),
            leaf(d),
        );
        nest_right(&mut expr);
        assert_eq!(shape(&expr), "(Name And (Unit And (Text And Goal)))");
    }

    #[test]
    fn chains_of_the_other_operator_and_below_other_expressions_nest_apart() {
        let (a, b, c, d) = (Field::Name, Field::Unit, Field::Text, Field::Goal);
        // (a or b or c) and not (c and d and a) and d
        let or = bin(BinaryOp::Or, bin(BinaryOp::Or, leaf(a), leaf(b)), leaf(c));
        let inner = bin(BinaryOp::And, bin(BinaryOp::And, leaf(c), leaf(d)), leaf(a));
        let not = CExpr::Unary(crate::lint::schema::expr::UnaryOp::Not, Box::new(inner));
        let mut expr = bin(BinaryOp::And, bin(BinaryOp::And, or, not), leaf(d));
        nest_right(&mut expr);
        assert_eq!(
            shape(&expr),
            "((Name Or (Unit Or Text)) And (not (Text And (Goal And Name)) And Goal))"
        );
    }
}
