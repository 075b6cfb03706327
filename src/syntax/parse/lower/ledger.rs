//! Lowering the ledger fields of a header: 到位, 支出, 结余, 执行率, 下达, 合同 and the contracts' totals. A field
//! given twice is reported as any header field is (an allocation is given once per year and year again: the
//! rules judge two amounts for one year).

use super::Lowerer;
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::parse::grammar::Rule;
use pest::iterators::Pair;

/// Whether a header field's rule is one of the ledger's.
pub(super) fn is_ledger_field(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::received_field
            | Rule::spent_field
            | Rule::balance_field
            | Rule::execution_field
            | Rule::allocation_field
            | Rule::contract_field
            | Rule::contracted_field
            | Rule::paid_total_field
            | Rule::progress_field
    )
}

impl Lowerer<'_> {
    /// One ledger field into `ledger`.
    pub(super) fn ledger_field(&mut self, pair: Pair<'_, Rule>, ledger: &mut Ledger) {
        let rule = pair.as_rule();
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().expect("a ledger field has a keyword");
        match rule {
            Rule::received_field => {
                let amount = self.amount(inner.next().expect("an amount"));
                self.set_once(&mut ledger.received, amount, &keyword);
            }
            Rule::balance_field => {
                let amount = self.amount(inner.next().expect("an amount"));
                self.set_once(&mut ledger.balance, amount, &keyword);
            }
            Rule::contracted_field => {
                let amount = self.amount(inner.next().expect("an amount"));
                self.set_once(&mut ledger.contracted, amount, &keyword);
            }
            Rule::paid_total_field => {
                let amount = self.amount(inner.next().expect("an amount"));
                self.set_once(&mut ledger.paid, amount, &keyword);
            }
            Rule::progress_field => {
                let rate = self.percent(inner.next().expect("a percentage"));
                self.set_once(&mut ledger.progress, rate, &keyword);
            }
            Rule::spent_field => {
                let mut spent = Spent {
                    total: None,
                    items: Vec::new(),
                    span,
                };
                for part in inner {
                    match part.as_rule() {
                        Rule::amount => spent.total = Some(self.amount(part)),
                        _ => spent.items = self.fund_sources(part),
                    }
                }
                self.set_once(&mut ledger.spent, spent, &keyword);
            }
            Rule::execution_field => {
                let (mut rate, mut attributes) = (None, Attributes::default());
                for part in inner {
                    match part.as_rule() {
                        Rule::percent => rate = Some(self.percent(part)),
                        _ => attributes = self.attributes(part),
                    }
                }
                let execution = Execution {
                    rate,
                    attributes,
                    span,
                };
                self.set_once(&mut ledger.execution, execution, &keyword);
            }
            Rule::allocation_field => {
                let year = self.year_value(inner.next().expect("a year"));
                let amount = self.amount(inner.next().expect("an amount"));
                ledger.allocations.push(Allocation { year, amount, span });
            }
            Rule::contract_field => {
                let contract = self.contract(inner, span);
                ledger.contracts.push(contract);
            }
            other => unreachable!("not a ledger field: {other:?}"),
        }
    }

    /// `合同 "…" { … }`: its name, then its entries, each at most once.
    fn contract(&mut self, mut inner: pest::iterators::Pairs<'_, Rule>, span: Span) -> Contract {
        let name = self.text(inner.next().expect("a contract has a name"));
        let mut contract = Contract {
            name,
            budget: None,
            award: None,
            paid: None,
            share: None,
            span,
        };
        for item in inner {
            let rule = item.as_rule();
            let mut parts = item.into_inner();
            let keyword = parts.next().expect("a contract entry has a keyword");
            let value = parts.next().expect("a contract entry has a value");
            match rule {
                Rule::contract_budget => {
                    let amount = self.amount(value);
                    self.set_once(&mut contract.budget, amount, &keyword);
                }
                Rule::contract_award => {
                    let amount = self.amount(value);
                    self.set_once(&mut contract.award, amount, &keyword);
                }
                Rule::contract_paid => {
                    let amount = self.amount(value);
                    self.set_once(&mut contract.paid, amount, &keyword);
                }
                _ => {
                    let share = self.percent(value);
                    self.set_once(&mut contract.share, share, &keyword);
                }
            }
        }
        contract
    }

    /// `95 %`: a number with the unit `%`.
    pub(super) fn percent(&mut self, pair: Pair<'_, Rule>) -> Quantity {
        let span = self.span_of(&pair);
        let number = pair.into_inner().next().expect("a percentage has a number");
        let value = self.number(number);
        let text = &self.source.text()[span.range()];
        let sign = text.rfind('%').unwrap_or(text.len());
        Quantity {
            value,
            unit: Some(Spanned::new(
                "%".to_string(),
                Span::new(span.start + sign, span.start + sign + 1),
            )),
        }
    }
}
