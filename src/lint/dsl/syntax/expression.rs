//! Expressions of the check language as written: operators ordered by a Pratt parser (or < and < not <
//! comparison < + - < * / < unary -), operands, calls, aggregates and literals.

use super::grammar::Rule;
use super::{describe, part, span_of, string, unexpected, word, Expr, ExprKind, SyntaxError};
use crate::lint::schema::ops::{BinaryOp, UnaryOp};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;
use std::sync::LazyLock;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
        .op(Op::postfix(Rule::postfix))
});

pub(super) fn expr(pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
    pratt(pair.into_inner())
}

fn pratt(pairs: Pairs<'_, Rule>) -> Result<Expr, SyntaxError> {
    PRATT
        .map_primary(primary)
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let span = span_of(&op).cover(rhs.span);
            Ok(Expr {
                kind: ExprKind::Unary(unary_op(&op)?, Box::new(rhs)),
                span,
            })
        })
        .map_postfix(|lhs, op| {
            let lhs = lhs?;
            let span = lhs.span.cover(span_of(&op));
            let negated = op.into_inner().any(|p| p.as_rule() == Rule::op_not);
            Ok(Expr {
                kind: ExprKind::IsNull(Box::new(lhs), negated),
                span,
            })
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let span = lhs.span.cover(rhs.span);
            Ok(Expr {
                kind: ExprKind::Binary(binary_op(&op)?, Box::new(lhs), Box::new(rhs)),
                span,
            })
        })
        .parse(pairs)
}

fn unary_op(op: &Pair<'_, Rule>) -> Result<UnaryOp, SyntaxError> {
    match op.as_rule() {
        Rule::op_not => Ok(UnaryOp::Not),
        Rule::op_neg => Ok(UnaryOp::Neg),
        _ => Err(unexpected(op, "`not` or `-`")),
    }
}

fn binary_op(op: &Pair<'_, Rule>) -> Result<BinaryOp, SyntaxError> {
    Ok(match op.as_rule() {
        Rule::op_or => BinaryOp::Or,
        Rule::op_and => BinaryOp::And,
        Rule::op_eq => BinaryOp::Eq,
        Rule::op_ne => BinaryOp::Ne,
        Rule::op_lt => BinaryOp::Lt,
        Rule::op_le => BinaryOp::Le,
        Rule::op_gt => BinaryOp::Gt,
        Rule::op_ge => BinaryOp::Ge,
        Rule::op_in => BinaryOp::In,
        Rule::op_add => BinaryOp::Add,
        Rule::op_sub => BinaryOp::Sub,
        Rule::op_mul => BinaryOp::Mul,
        Rule::op_div => BinaryOp::Div,
        _ => return Err(unexpected(op, "an operator")),
    })
}

fn primary(pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
    let span = span_of(&pair);
    let kind = match pair.as_rule() {
        Rule::expr => return expr(pair),
        Rule::literal => return literal(pair),
        Rule::path => ExprKind::Path(pair.as_str().split('.').map(str::to_string).collect()),
        Rule::param_ref => ExprKind::Param(pair.as_str()[1..].to_string()),
        Rule::list => ExprKind::List(pair.into_inner().map(expr).collect::<Result<_, _>>()?),
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = word(&part(&mut inner, span, "a function name")?);
            ExprKind::Call(name, inner.map(expr).collect::<Result<_, _>>()?)
        }
        Rule::aggregate => aggregate(pair)?,
        _ => return Err(unexpected(&pair, &describe(Rule::expr))),
    };
    Ok(Expr { kind, span })
}

/// `count(indicators where … of …)`.
fn aggregate(pair: Pair<'_, Rule>) -> Result<ExprKind, SyntaxError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let func = word(&part(&mut inner, span, "count, sum, any, all, min or max")?);
    let collection = word(&part(
        &mut inner,
        span,
        "indicators, groups, level1s or declarations",
    )?);
    let mut filter = None;
    let mut of = None;
    for clause in inner {
        let kind = clause.as_rule();
        let clause_span = span_of(&clause);
        let mut parts = clause.clone().into_inner().skip(1);
        let e = Box::new(expr(part(&mut parts, clause_span, "an expression")?)?);
        match kind {
            Rule::where_clause => filter = Some(e),
            Rule::of_clause => of = Some(e),
            _ => return Err(unexpected(&clause, "`where` or `of`")),
        }
    }
    Ok(ExprKind::Aggregate {
        func,
        collection,
        filter,
        of,
    })
}

pub(super) fn literal(pair: Pair<'_, Rule>) -> Result<Expr, SyntaxError> {
    let span = span_of(&pair);
    let inner = part(&mut pair.into_inner(), span, "a literal")?;
    let kind = match inner.as_rule() {
        Rule::number_literal => {
            let mut parts = inner.into_inner();
            let number = part(&mut parts, span, "a number")?;
            let value = Decimal::from_str_exact(number.as_str()).unwrap_or_default();
            ExprKind::Number(value, parts.next().map(|u| u.as_str().to_string()))
        }
        Rule::string => ExprKind::Str(string(&inner)?.text),
        Rule::boolean => match inner.as_str() {
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            _ => return Err(unexpected(&inner, "true or false")),
        },
        Rule::null => ExprKind::Null,
        _ => return Err(unexpected(&inner, "a literal")),
    };
    Ok(Expr { kind, span })
}
