//! Lowering an evaluation (`评价 "…" { … }`): its header fields as a declaration's, its own fields (评价机构,
//! 总分, 得分率, 等级) and its index system, node by node, each node's level its depth.

use super::Lowerer;
use crate::syntax::ast::*;
use crate::syntax::parse::grammar::Rule;
use pest::iterators::Pair;

/// The deepest a node of an index system may be nested; deeper nodes are read as this deep.
const MAX_LEVEL: u8 = 9;

impl Lowerer<'_> {
    pub(super) fn evaluation(&mut self, pair: Pair<'_, Rule>) -> Evaluation {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().expect("an evaluation has a keyword");
        let keyword = Spanned::new(keyword.as_str().to_string(), self.span_of(&keyword));
        let name = self.text(inner.next().expect("an evaluation has a name"));
        let mut evaluation = Evaluation {
            keyword,
            name,
            header: Header::default(),
            evaluator: None,
            total: None,
            rate: None,
            grade: None,
            nodes: Vec::new(),
            span,
        };
        for item in inner {
            match item.as_rule() {
                Rule::eval_node => {
                    let node = self.eval_node(item, 1);
                    evaluation.nodes.push(node);
                }
                Rule::unknown_field => self.unknown_field(item),
                Rule::evaluator_field
                | Rule::total_field
                | Rule::grade_field
                | Rule::total_rate_field => self.evaluation_field(item, &mut evaluation),
                _ => self.header_field(item, &mut evaluation.header),
            }
        }
        evaluation
    }

    fn evaluation_field(&mut self, pair: Pair<'_, Rule>, evaluation: &mut Evaluation) {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let keyword = inner.next().expect("a field has a keyword");
        let value = inner.next().expect("a field has a value");
        match rule {
            Rule::evaluator_field => {
                let text = self.text(value);
                self.set_once(&mut evaluation.evaluator, text, &keyword);
            }
            Rule::total_field => {
                let number = self.number(value);
                self.set_once(&mut evaluation.total, number, &keyword);
            }
            Rule::grade_field => {
                let text = self.text(value);
                self.set_once(&mut evaluation.grade, text, &keyword);
            }
            _ => {
                let rate = self.percent(value);
                self.set_once(&mut evaluation.rate, rate, &keyword);
            }
        }
    }

    /// A node at `level`, with its weight, score, rate and the nodes under it.
    fn eval_node(&mut self, pair: Pair<'_, Rule>, level: u8) -> EvalNode {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let label = self.text(inner.next().expect("a node has a label"));
        let mut node = EvalNode {
            label,
            level,
            part: None,
            weight: None,
            score: None,
            rate: None,
            children: Vec::new(),
            span,
        };
        for part in inner {
            let rule = part.as_rule();
            if rule == Rule::node_block {
                let below = (level + 1).min(MAX_LEVEL);
                node.children = part
                    .into_inner()
                    .map(|child| self.eval_node(child, below))
                    .collect();
                continue;
            }
            let mut parts = part.into_inner();
            let keyword = parts.next().expect("an attribute has a keyword");
            let value = parts.next().expect("an attribute has a value");
            match rule {
                Rule::node_weight => {
                    let number = self.number(value);
                    self.set_once(&mut node.weight, number, &keyword);
                }
                Rule::node_score => {
                    let number = self.number(value);
                    self.set_once(&mut node.score, number, &keyword);
                }
                _ => {
                    let rate = self.percent(value);
                    self.set_once(&mut node.rate, rate, &keyword);
                }
            }
        }
        node
    }
}
