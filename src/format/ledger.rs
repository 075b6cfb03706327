//! The layout of the ledger fields (到位, 支出, 结余, 执行率, 下达, 合同 …) and of evaluations: one field, node or
//! contract entry per line; a node's weight, score and rate on its label's line, its children in a block.

use super::items::{self, ledger_items, Known, Value};
use super::nodes::{header_items, Formatter};
use crate::syntax::ast::*;

impl Formatter<'_> {
    /// `评价 "名称" {` header fields, the evaluation's fields and its level-1 nodes `}`.
    pub(super) fn evaluation(&mut self, evaluation: &Evaluation) {
        self.p.start_node(evaluation.span.start);
        let keyword = evaluation.keyword.span;
        self.p.token(keyword.start, self.slice(keyword));
        self.p.space();
        let name = evaluation.name.span;
        self.p.token(name.start, self.slice(name));
        let close = evaluation.span.end - 1;
        let open =
            items::open_brace(self.text, name.end, close + 1).expect("an evaluation has a body");
        let mut known = header_items(&evaluation.header);
        known.extend(ledger_items(self.text, &evaluation.header.ledger));
        for text in [&evaluation.evaluator, &evaluation.grade]
            .into_iter()
            .flatten()
        {
            known.push(Known::at(Value::Verbatim(text.span), text.span));
        }
        if let Some(total) = &evaluation.total {
            known.push(Known::at(Value::Verbatim(total.span), total.span));
        }
        if let Some(rate) = &evaluation.rate {
            known.push(Known::at(Value::Quantity(rate), rate.span()));
        }
        known.extend(
            evaluation
                .nodes
                .iter()
                .map(|node| Known::at(Value::Node(node), node.span)),
        );
        let entries = items::split(self.text, open + 1, close, known);
        self.p.space();
        self.block(open, close, entries.is_empty(), |f| f.entries(&entries));
    }

    /// `决策 分值 20 得分 18 {` the nodes under it `}`.
    pub(super) fn eval_node(&mut self, node: &EvalNode) {
        self.p.start_node(node.span.start);
        let label = node.label.span;
        self.p.token(label.start, self.slice(label));
        let open = items::open_brace(self.text, label.end, node.span.end);
        let mut known: Vec<Known<'_>> = [&node.weight, &node.score]
            .into_iter()
            .flatten()
            .map(|n| Known::at(Value::Verbatim(n.span), n.span))
            .collect();
        if let Some(rate) = &node.rate {
            known.push(Known::at(Value::Quantity(rate), rate.span()));
        }
        let attributes = items::split(self.text, label.end, open.unwrap_or(node.span.end), known);
        for entry in &attributes {
            self.p.space();
            self.entry(entry);
        }
        let Some(open) = open else {
            return;
        };
        self.p.space();
        self.block(open, node.span.end - 1, node.children.is_empty(), |f| {
            for (i, child) in node.children.iter().enumerate() {
                if i > 0 {
                    f.p.line();
                }
                f.eval_node(child);
            }
        });
    }

    /// `492.75 万元 {` items, one per line `}`, or the items alone.
    pub(super) fn spent(&mut self, spent: &Spent) {
        let mut from = spent.span.start;
        if let Some(total) = &spent.total {
            self.quantity(total);
            from = total.span().end;
        }
        let Some(open) = items::open_brace(self.text, from, spent.span.end) else {
            return;
        };
        if spent.total.is_some() {
            self.p.space();
        }
        self.block(open, spent.span.end - 1, spent.items.is_empty(), |f| {
            for (i, item) in spent.items.iter().enumerate() {
                if i > 0 {
                    f.p.line();
                }
                f.fund_source(item);
            }
        });
    }

    /// `95 % { 分值 10  得分 9.5 }`.
    pub(super) fn execution(&mut self, execution: &Execution) {
        let mut from = execution.span.start;
        if let Some(rate) = &execution.rate {
            self.quantity(rate);
            from = rate.span().end;
        }
        let end = execution.span.end;
        let Some(open) = items::open_brace(self.text, from, end) else {
            return;
        };
        let close = end - 1;
        let commented = self.p.has_comment_in(open, close) || self.p.has_break_in(open, close);
        if execution.rate.is_some() {
            self.p.space();
        }
        self.attributes(&execution.attributes, open, close, commented);
    }

    /// `2023 1456 万元`.
    pub(super) fn allocation(&mut self, allocation: &Allocation) {
        let year = allocation.year.span;
        self.p.token(year.start, self.slice(year));
        self.p.space();
        self.quantity(&allocation.amount);
    }

    /// `"名称" {` 预算, 中标, 已支付, 支付比例, one per line `}`.
    pub(super) fn contract(&mut self, contract: &Contract) {
        let name = contract.name.span;
        self.p.token(name.start, self.slice(name));
        let close = contract.span.end - 1;
        let Some(open) = items::open_brace(self.text, name.end, close + 1) else {
            return;
        };
        let known: Vec<Known<'_>> = [
            &contract.budget,
            &contract.award,
            &contract.paid,
            &contract.share,
        ]
        .into_iter()
        .flatten()
        .map(|q| Known::at(Value::Quantity(q), q.span()))
        .collect();
        let entries = items::split(self.text, open + 1, close, known);
        self.p.space();
        self.block(open, close, entries.is_empty(), |f| f.entries(&entries));
    }
}
