//! The fields beyond a declaration's indicator tree: an evaluation's (评价机构, 总分, 得分率, 等级), its index
//! system's nodes, the ledger's (到位, 支出, 结余, 执行率 …) and its entries' (funding sources, allocations,
//! contracts), with the fields of the declaration or evaluation any node belongs to.

use super::{quantity, quoted_text, word, Field};
use crate::lint::schema::node::{Entry, Node};
use crate::lint::schema::scope::Scope;
use crate::lint::schema::score;
use crate::lint::schema::value::{arithmetic, money_factor, Value};
use crate::source::Span;
use crate::syntax::ast::*;
use rust_decimal::Decimal;

/// The fields of evaluations, nodes, ledgers and their entries, with their names and scopes.
pub(super) const FIELDS: &[(&str, Field, &[Scope])] = {
    use Scope::*;
    const EVAL: &[Scope] = &[Evaluation];
    const NODE: &[Scope] = &[Node];
    const LEDGER: &[Scope] = &[Ledger];
    &[
        ("evaluator", Field::Evaluator, EVAL),
        ("total", Field::EvalTotal, EVAL),
        ("rate", Field::EvalRate, EVAL),
        ("grade", Field::EvalGrade, EVAL),
        ("computed-total", Field::EvalComputedTotal, EVAL),
        ("label", Field::NodeLabel, NODE),
        ("level", Field::NodeLevel, NODE),
        ("part", Field::NodePart, NODE),
        ("weight", Field::NodeWeight, NODE),
        ("score", Field::NodeScore, NODE),
        ("rate", Field::NodeRate, NODE),
        ("computed-score", Field::NodeComputedScore, NODE),
        ("received", Field::Received, LEDGER),
        ("spent", Field::Spent, LEDGER),
        ("spent-total", Field::SpentTotal, LEDGER),
        ("spent-items", Field::SpentItems, LEDGER),
        ("balance", Field::Balance, LEDGER),
        ("execution-rate", Field::ExecutionRate, LEDGER),
        ("execution-weight", Field::ExecutionWeight, LEDGER),
        ("execution-score", Field::ExecutionScore, LEDGER),
        (
            "computed-execution-score",
            Field::ComputedExecutionScore,
            LEDGER,
        ),
        ("contracted", Field::Contracted, LEDGER),
        ("paid", Field::PaidTotal, LEDGER),
        ("payment-progress", Field::Progress, LEDGER),
        ("name", Field::SourceName, &[Source]),
        ("amount", Field::SourceAmount, &[Source]),
        ("year", Field::AllocationYear, &[Allocation]),
        ("amount", Field::AllocationAmount, &[Allocation]),
        ("first-amount", Field::FirstAmount, &[Allocation]),
        ("name", Field::ContractName, &[Contract]),
        ("budget", Field::ContractBudget, &[Contract]),
        ("award", Field::ContractAward, &[Contract]),
        ("paid", Field::ContractPaid, &[Contract]),
        ("paid-share", Field::ContractShare, &[Contract]),
    ]
};

/// The default weight of budget execution in a self-evaluation (财预〔2020〕10号).
const EXECUTION_WEIGHT: i64 = 10;

fn number<'a>(n: &Option<Spanned<Decimal>>) -> Value<'a> {
    n.as_ref()
        .map_or(Value::Null, |n| Value::Num(n.value, None))
}

fn amount(q: &Option<Quantity>) -> Value<'_> {
    q.as_ref().map_or(Value::Null, quantity)
}

/// A label or name as written, quoted or not.
fn label<'a>(source: &str, s: &'a Spanned<String>) -> Value<'a> {
    if source[s.span.start..].starts_with(['"', '“']) {
        quoted_text(source, s)
    } else {
        Value::text_at(&s.value, Some(s.span.start))
    }
}

/// The sum of amounts, money converted; null for none.
fn sum<'a>(amounts: impl Iterator<Item = &'a Quantity>) -> Value<'a> {
    amounts.map(quantity).fold(Value::Null, |acc, q| match acc {
        Value::Null => q,
        acc => arithmetic(|x, y| x.checked_add(y), true, &acc, &q),
    })
}

/// Two amounts in one unit: the same, money converted, or a side without a unit.
fn aligned(a: &Value<'_>, b: &Value<'_>) -> Option<(Decimal, Decimal)> {
    let (Value::Num(x, ux), Value::Num(y, uy)) = (a, b) else {
        return None;
    };
    match (ux.as_deref(), uy.as_deref()) {
        (Some(p), Some(q)) if p != q => Some((
            x.checked_mul(money_factor(p)?)?,
            y.checked_mul(money_factor(q)?)?,
        )),
        _ => Some((*x, *y)),
    }
}

impl Field {
    /// The fields of the declaration or evaluation a node belongs to: its name and its header's; `None` for the
    /// other fields.
    pub(super) fn read_owner<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        let text = |t: &'a Option<Spanned<String>>| {
            t.as_ref()
                .map_or(Value::Null, |t| quoted_text(node.text, t))
        };
        let header = node.header();
        Some(match self {
            Field::DeclarationName => node
                .owner_name()
                .map_or(Value::Null, |name| quoted_text(node.text, name)),
            Field::Year => header
                .and_then(|h| h.year.as_ref())
                .map_or(Value::Null, |y| Value::Num(Decimal::from(y.value), None)),
            Field::Budget => header
                .and_then(|h| h.funds.as_ref())
                .map_or(Value::Null, |f| quantity(&f.total)),
            Field::Supervisor => header.map_or(Value::Null, |h| text(&h.supervisor)),
            Field::Implementer => header.map_or(Value::Null, |h| text(&h.implementer)),
            _ => return None,
        })
    }

    /// The fields of evaluations, nodes, ledgers and entries; `None` for the other fields.
    /// Whether the field belongs to an indicator alone (its target, its attributes, its name).
    pub(super) fn is_indicator_field(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Kind
                | Field::Comparator
                | Field::ComparatorText
                | Field::Value
                | Field::Unit
                | Field::Text
                | Field::Grades
                | Field::Date
                | Field::PeriodStart
                | Field::Target
                | Field::Basis
                | Field::Source
                | Field::Weight
                | Field::Score
                | Field::Actual
                | Field::Deviation
                | Field::Note
                | Field::Scoring
                | Field::SameNameCount
        )
    }

    pub(super) fn read_more<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        if let Some(value) = self.read_evaluation(node) {
            return Some(value);
        }
        if let Some(value) = self.read_ledger(node) {
            return Some(value);
        }
        self.read_entry(node)
    }

    fn read_evaluation<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        let evaluation = node.evaluation;
        let n = node.eval_node;
        let null = Value::Null;
        Some(match self {
            Field::Evaluator => evaluation.map_or(null, |e| {
                e.evaluator
                    .as_ref()
                    .map_or(Value::Null, |t| quoted_text(node.text, t))
            }),
            Field::EvalTotal => evaluation.map_or(null, |e| number(&e.total)),
            Field::EvalRate => evaluation.map_or(null, |e| amount(&e.rate)),
            Field::EvalGrade => {
                evaluation
                    .and_then(|e| e.grade.as_ref())
                    .map_or(null, |g| match score::grade_word(&g.value) {
                        Some(canonical) => word(canonical),
                        None => label(node.text, g),
                    })
            }
            Field::EvalComputedTotal => evaluation
                .and_then(|e| score::sum_scores(&e.nodes))
                .map_or(null, |total| Value::Num(total, None)),
            Field::NodeLabel => n.map_or(null, |n| label(node.text, &n.label)),
            Field::NodeLevel => n.map_or(null, |n| Value::Num(Decimal::from(n.level), None)),
            Field::NodePart => n
                .and_then(|n| n.part)
                .map_or(null, |part| word(part.name_en())),
            Field::NodeWeight => n.map_or(null, |n| number(&n.weight)),
            Field::NodeScore => n.map_or(null, |n| number(&n.score)),
            Field::NodeRate => n.map_or(null, |n| amount(&n.rate)),
            Field::NodeComputedScore => n
                .and_then(score::node_computed)
                .map_or(null, |s| Value::Num(s, None)),
            _ => return None,
        })
    }

    fn read_ledger<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        let Some(header) = node.ledger else {
            return self.is_ledger().then_some(Value::Null);
        };
        let ledger = &header.ledger;
        let spent = ledger.spent.as_ref();
        let execution = ledger.execution.as_ref();
        Some(match self {
            Field::Received => amount(&ledger.received),
            Field::Spent => match spent.and_then(|s| s.total.as_ref()) {
                Some(total) => quantity(total),
                None => sum(spent.into_iter().flat_map(|s| &s.items).map(|i| &i.amount)),
            },
            Field::SpentTotal => spent.map_or(Value::Null, |s| amount(&s.total)),
            Field::SpentItems => sum(spent.into_iter().flat_map(|s| &s.items).map(|i| &i.amount)),
            Field::Balance => amount(&ledger.balance),
            Field::ExecutionRate => execution.map_or(Value::Null, |e| amount(&e.rate)),
            Field::ExecutionWeight => {
                execution.map_or(Value::Null, |e| number(&e.attributes.weight))
            }
            Field::ExecutionScore => execution.map_or(Value::Null, |e| number(&e.attributes.score)),
            Field::ComputedExecutionScore => {
                let spent = Field::Spent.read(node);
                let budget = Field::Budget.read(node);
                let weight = execution
                    .and_then(|e| e.attributes.weight.as_ref())
                    .map_or(Decimal::from(EXECUTION_WEIGHT), |w| w.value);
                aligned(&spent, &budget)
                    .and_then(|(spent, budget)| score::execution_score(spent, budget, weight))
                    .map_or(Value::Null, |c| Value::Num(c.low, None))
            }
            Field::Contracted => amount(&ledger.contracted),
            Field::PaidTotal => amount(&ledger.paid),
            Field::Progress => amount(&ledger.progress),
            _ => return None,
        })
    }

    /// Whether the field is read from a ledger.
    fn is_ledger(self) -> bool {
        FIELDS
            .iter()
            .any(|(_, field, scopes)| *field == self && scopes.contains(&Scope::Ledger))
    }

    fn read_entry<'a>(self, node: &Node<'a>) -> Option<Value<'a>> {
        let entry = node.entry;
        Some(match (self, entry) {
            (Field::SourceName, Some(Entry::Source(s))) => label(node.text, &s.name),
            (Field::SourceAmount, Some(Entry::Source(s))) => quantity(&s.amount),
            (Field::AllocationYear, Some(Entry::Allocation(a))) => {
                Value::Num(Decimal::from(a.year.value), None)
            }
            (Field::AllocationAmount, Some(Entry::Allocation(a))) => quantity(&a.amount),
            (Field::FirstAmount, Some(Entry::Allocation(a))) => node
                .ledger
                .and_then(|h| {
                    h.ledger
                        .allocations
                        .iter()
                        .find(|first| first.year.value == a.year.value)
                })
                .map_or(Value::Null, |first| quantity(&first.amount)),
            (Field::ContractName, Some(Entry::Contract(c))) => quoted_text(node.text, &c.name),
            (Field::ContractBudget, Some(Entry::Contract(c))) => amount(&c.budget),
            (Field::ContractAward, Some(Entry::Contract(c))) => amount(&c.award),
            (Field::ContractPaid, Some(Entry::Contract(c))) => amount(&c.paid),
            (Field::ContractShare, Some(Entry::Contract(c))) => amount(&c.share),
            (
                Field::SourceName
                | Field::SourceAmount
                | Field::AllocationYear
                | Field::AllocationAmount
                | Field::FirstAmount
                | Field::ContractName
                | Field::ContractBudget
                | Field::ContractAward
                | Field::ContractPaid
                | Field::ContractShare,
                _,
            ) => Value::Null,
            _ => return None,
        })
    }

    /// Where a field of an evaluation, node, ledger or entry was written; `None` for the other fields.
    pub(super) fn span_more(self, node: &Node<'_>) -> Option<Option<Span>> {
        let value = |q: &Option<Quantity>| q.as_ref().map(|q| q.value.span);
        let evaluation = node.evaluation;
        let n = node.eval_node;
        let label = n.map(|n| n.label.span);
        let ledger = node.ledger.map(|h| &h.ledger);
        let execution = ledger.and_then(|l| l.execution.as_ref());
        let spent = ledger.and_then(|l| l.spent.as_ref());
        Some(match (self, node.entry) {
            (Field::Evaluator, _) => evaluation.and_then(|e| e.evaluator.as_ref().map(|t| t.span)),
            (Field::EvalTotal | Field::EvalComputedTotal, _) => {
                evaluation.and_then(|e| e.total.as_ref().map(|t| t.span).or(Some(e.name.span)))
            }
            (Field::EvalRate, _) => evaluation.and_then(|e| value(&e.rate)),
            (Field::EvalGrade, _) => evaluation.and_then(|e| e.grade.as_ref().map(|g| g.span)),
            (
                Field::NodeLabel | Field::NodeLevel | Field::NodePart | Field::NodeComputedScore,
                _,
            ) => label,
            (Field::NodeWeight, _) => n.and_then(|n| n.weight.as_ref().map(|w| w.span)).or(label),
            (Field::NodeScore, _) => n.and_then(|n| n.score.as_ref().map(|s| s.span)).or(label),
            (Field::NodeRate, _) => n.and_then(|n| value(&n.rate)).or(label),
            (Field::Received, _) => ledger.and_then(|l| value(&l.received)),
            (Field::Spent | Field::SpentTotal, _) => spent
                .and_then(|s| value(&s.total))
                .or(spent.map(|s| s.span)),
            (Field::SpentItems, _) => spent.map(|s| s.span),
            (Field::Balance, _) => ledger.and_then(|l| value(&l.balance)),
            (Field::ExecutionRate, _) => execution.map(|e| value(&e.rate).unwrap_or(e.span)),
            (Field::ExecutionWeight, _) => {
                execution.and_then(|e| e.attributes.weight.as_ref().map(|w| w.span))
            }
            (Field::ExecutionScore | Field::ComputedExecutionScore, _) => execution.and_then(|e| {
                e.attributes
                    .score
                    .as_ref()
                    .map(|s| s.span)
                    .or_else(|| value(&e.rate))
                    .or(Some(e.span))
            }),
            (Field::Contracted, _) => ledger.and_then(|l| value(&l.contracted)),
            (Field::PaidTotal, _) => ledger.and_then(|l| value(&l.paid)),
            (Field::Progress, _) => ledger.and_then(|l| value(&l.progress)),
            (Field::SourceName, Some(Entry::Source(s))) => Some(s.name.span),
            (Field::SourceAmount, Some(Entry::Source(s))) => Some(s.amount.value.span),
            (Field::AllocationYear, Some(Entry::Allocation(a))) => Some(a.year.span),
            (Field::AllocationAmount | Field::FirstAmount, Some(Entry::Allocation(a))) => {
                Some(a.amount.value.span)
            }
            (Field::ContractName, Some(Entry::Contract(c))) => Some(c.name.span),
            (Field::ContractBudget, Some(Entry::Contract(c))) => {
                value(&c.budget).or(Some(c.name.span))
            }
            (Field::ContractAward, Some(Entry::Contract(c))) => {
                value(&c.award).or(Some(c.name.span))
            }
            (Field::ContractPaid, Some(Entry::Contract(c))) => value(&c.paid).or(Some(c.name.span)),
            (Field::ContractShare, Some(Entry::Contract(c))) => {
                value(&c.share).or(Some(c.name.span))
            }
            (
                Field::SourceName
                | Field::SourceAmount
                | Field::AllocationYear
                | Field::AllocationAmount
                | Field::FirstAmount
                | Field::ContractName
                | Field::ContractBudget
                | Field::ContractAward
                | Field::ContractPaid
                | Field::ContractShare,
                _,
            ) => None,
            _ => return None,
        })
    }
}
