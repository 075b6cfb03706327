//! Chains of `and` and of `or`, nested to the right for the evaluator.
//!
//! The rule language's `a and b and c` compiles to `(a and b) and c`: walking it costs a call per link. Nested
//! to the right, `a and (b and c)`, the evaluator goes down a chain in a loop, the last link's value being the
//! chain's. The parts stay in their order and each still decides whether the next is evaluated, so the value
//! and the match recorded are the same.

use super::{BinaryOp, CExpr};
use crate::lint::schema::value::Value;

/// Nests every chain of `and`s and every chain of `or`s in `expr` to the right.
pub fn nest_right(expr: &mut CExpr) {
    match expr {
        CExpr::Binary(op @ (BinaryOp::And | BinaryOp::Or), ..) => {
            let op = *op;
            let mut links = Vec::new();
            gather(
                std::mem::replace(expr, CExpr::Const(Value::Null)),
                op,
                &mut links,
            );
            for link in &mut links {
                nest_right(link);
            }
            *expr = links
                .into_iter()
                .rev()
                .reduce(|rest, link| CExpr::Binary(op, Box::new(link), Box::new(rest)))
                .expect("a chain has two links at least");
        }
        _ => {
            for (child, _) in expr.children_mut() {
                nest_right(child);
            }
        }
    }
}

/// The links of the chain of `op` that `expr` is, left to right.
fn gather(expr: CExpr, op: BinaryOp, links: &mut Vec<CExpr>) {
    match expr {
        CExpr::Binary(inner, lhs, rhs) if inner == op => {
            gather(*lhs, op, links);
            gather(*rhs, op, links);
        }
        other => links.push(other),
    }
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
