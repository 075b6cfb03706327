//! Evaluating compiled expressions on a node. Pure: no I/O, nothing shared; the last lexicon or regex match is
//! kept so that a finding can point at the exact words.

use crate::lint::schema::expr::{Aggregate, BinaryOp, CExpr, Function, UnaryOp};
use crate::lint::schema::field::Field;
use crate::lint::schema::hits::{Hit, LexiconSearch};
use crate::lint::schema::lexicon::Affixes;
use crate::lint::schema::node::Node;
use crate::lint::schema::pattern::Pattern;
use crate::lint::schema::scope::{Collection, Scope};
use crate::lint::schema::value::{arithmetic, Text, Value};
use crate::source::Span;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::{ControlFlow, Range};

mod scoring;
mod values;

use values::{abs, excel_date, has_digit, len, number, unitless, year};

/// A match found by `contains` or `matches`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match<'a> {
    /// The words matched: borrowed from the source or the rules where the text searched was theirs.
    pub text: Cow<'a, str>,
    /// Where they were written, when the text was the source's own.
    pub span: Option<Span>,
}

/// What the rules computed on the node being judged, kept for the node's other rules and cleared for the next
/// node: the values of the shared calls ([`CExpr::Memo`]), each with the match it recorded (one slot per call,
/// filled by the first rule that makes it), and the values of the fields read (one slot per field: a node's
/// rules read its name and unit tens of times). Only the slots filled are cleared: a node's rules make a few of
/// the rule set's shared calls and read a few fields. And the texts searched with a lexicon, with every indexed
/// lexicon's match in those searched more than once (a node's name is searched with a dozen lexicons).
pub struct Memo<'a> {
    slots: Vec<Option<Shared<'a>>>,
    filled: Vec<usize>,
    fields: Box<[Option<Value<'a>>; Field::COUNT]>,
    fields_filled: Vec<Field>,
    searched: Vec<Searched>,
    hits: Vec<Hit>,
}

/// A text searched with a lexicon on the node being judged.
struct Searched {
    /// The text's address and length: a text borrowed from the source or the rules, which do not change while
    /// the node is judged, so the address names the text.
    key: (usize, usize),
    /// Where its matches start in [`Memo::hits`], once it is searched a second time.
    hits: Option<usize>,
}

/// A shared call's value and the match it recorded.
type Shared<'a> = (Value<'a>, Option<Match<'a>>);

impl Default for Memo<'_> {
    fn default() -> Self {
        Memo {
            slots: Vec::new(),
            filled: Vec::new(),
            fields: Box::new([const { None }; Field::COUNT]),
            fields_filled: Vec::new(),
            searched: Vec::new(),
            hits: Vec::new(),
        }
    }
}

impl<'a> Memo<'a> {
    /// No slot filled.
    pub fn new() -> Self {
        Memo::default()
    }

    /// Empties the slots for the next node.
    pub fn clear(&mut self) {
        for slot in self.filled.drain(..) {
            self.slots[slot] = None;
        }
        for field in self.fields_filled.drain(..) {
            self.fields[field as usize] = None;
        }
        self.searched.clear();
        self.hits.clear();
    }

    /// The field's value on `node`: from its slot, or read and kept.
    #[inline]
    fn field(&mut self, field: Field, node: &Node<'a>) -> Value<'a> {
        match &self.fields[field as usize] {
            Some(value) => value.copied(),
            None => self.read(field, node),
        }
    }

    /// Reads the field from `node` into its slot.
    #[inline(never)]
    fn read(&mut self, field: Field, node: &Node<'a>) -> Value<'a> {
        let value = field.read(node);
        self.fields[field as usize] = Some(value.copied());
        self.fields_filled.push(field);
        value
    }

    fn get(&self, slot: usize) -> Option<&Shared<'a>> {
        self.slots.get(slot)?.as_ref()
    }

    fn set(&mut self, slot: usize, shared: Shared<'a>) {
        if slot >= self.slots.len() {
            self.slots.resize(slot + 1, None);
        }
        if self.slots[slot].replace(shared).is_none() {
            self.filled.push(slot);
        }
    }
}

/// The state of one rule's evaluation on one node.
pub struct Evaluator<'r, 'a> {
    search: LexiconSearch<'r>,
    /// The last match recorded.
    pub matched: Option<Match<'a>>,
    /// The shared calls' and fields' values on the node the rule is evaluated on.
    memo: &'r mut Memo<'a>,
    /// How many aggregates deep the evaluation is: there the nodes are others, and nothing is kept.
    elsewhere: usize,
}

impl<'r, 'a> Evaluator<'r, 'a> {
    /// An evaluator over these lexicons, keeping the shared calls' values of the node in `memo` (all empty for
    /// a new node).
    pub fn new(search: LexiconSearch<'r>, memo: &'r mut Memo<'a>) -> Self {
        Evaluator {
            search,
            matched: None,
            memo,
            elsewhere: 0,
        }
    }

    /// A shared call: its value (and the match it recorded) from the slot, or computed and kept.
    // Kept out of `eval`, whose frame every node of every expression pays for.
    #[inline(never)]
    fn memo(&mut self, slot: usize, inner: &'a CExpr, node: &Node<'a>) -> Value<'a> {
        if self.elsewhere > 0 {
            return self.eval(inner, node);
        }
        if let Some((value, recorded)) = self.memo.get(slot) {
            if let Some(m) = recorded {
                self.matched = Some(m.clone());
            }
            return value.clone();
        }
        let before = self.matched.take();
        let value = self.eval(inner, node);
        let recorded = self.matched.clone();
        if recorded.is_none() {
            self.matched = before;
        }
        self.memo.set(slot, (value.clone(), recorded));
        value
    }

    /// Evaluates an operand: a constant or a field without a call of [`Evaluator::eval`] (most operands are one
    /// or the other), anything else through it.
    #[inline(always)]
    fn operand(&mut self, expr: &'a CExpr, node: &Node<'a>) -> Value<'a> {
        match expr {
            CExpr::Const(value) => value.borrowed(),
            // In an aggregate the node is another one: its fields are read, not kept.
            CExpr::Field(field) if self.elsewhere > 0 => field.read(node),
            CExpr::Field(field) => self.memo.field(*field, node),
            _ => self.eval(expr, node),
        }
    }

    /// Evaluates `expr` on `node`.
    pub fn eval(&mut self, expr: &'a CExpr, node: &Node<'a>) -> Value<'a> {
        match expr {
            CExpr::Memo(slot, inner) => self.memo(*slot, inner, node),
            CExpr::Const(_) | CExpr::Field(_) => self.operand(expr, node),
            CExpr::Unary(UnaryOp::Not, inner) => Value::Bool(!self.test(inner, node)),
            CExpr::Unary(UnaryOp::Neg, inner) => match self.eval(inner, node) {
                Value::Num(n, unit) => Value::Num(-n, unit),
                _ => Value::Null,
            },
            CExpr::IsNull(..) => Value::Bool(self.test(expr, node)),
            CExpr::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs, node),
            CExpr::InLexicon(inner, lexicon) => match self.operand(inner, node) {
                Value::Text(t) => Value::Bool(
                    self.search.lexicons[*lexicon]
                        .set()
                        .contains(t.text.as_ref()),
                ),
                _ => Value::Bool(false),
            },
            CExpr::InList(inner, items) => {
                let value = self.operand(inner, node);
                let found = items
                    .iter()
                    .any(|item| value.equals(&self.operand(item, node)));
                Value::Bool(found)
            }
            CExpr::List(_) => Value::Null,
            CExpr::Call(function, args) => self.call(function, args, node),
            CExpr::Aggregate {
                func,
                over,
                filter,
                of,
            } => self.aggregate(*func, *over, filter.as_deref(), of.as_deref(), node),
        }
    }

    /// Whether `expr` is true on `node`: the truthiness of [`Evaluator::eval`]'s value, without building the values
    /// of the `and`, `or`, `not`, `is null` and comparisons a rule's condition is made of. The same parts are
    /// evaluated in the same order, so the same match is recorded.
    pub fn test(&mut self, mut expr: &'a CExpr, node: &Node<'a>) -> bool {
        // A chain of `and`s or `or`s, nested to the right by the rule set, is walked in a loop: a link that does not
        // decide the chain passes it on to the rest, whose value is the chain's.
        loop {
            match expr {
                CExpr::Binary(BinaryOp::And, lhs, rhs) => {
                    if !self.test(lhs, node) {
                        return false;
                    }
                    expr = rhs;
                }
                CExpr::Binary(BinaryOp::Or, lhs, rhs) => {
                    if self.test(lhs, node) {
                        return true;
                    }
                    expr = rhs;
                }
                _ => return self.test_link(expr, node),
            }
        }
    }

    /// [`Evaluator::test`] of anything but `and` and `or`.
    fn test_link(&mut self, expr: &'a CExpr, node: &Node<'a>) -> bool {
        match expr {
            CExpr::Unary(UnaryOp::Not, inner) => !self.test(inner, node),
            CExpr::IsNull(inner, negated) => {
                matches!(self.operand(inner, node), Value::Null) != *negated
            }
            CExpr::Binary(op, lhs, rhs) if op.is_comparison() => {
                let a = self.operand(lhs, node);
                let b = self.operand(rhs, node);
                compare(*op, &a, &b)
            }
            _ => self.eval(expr, node).truthy(),
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &'a CExpr,
        rhs: &'a CExpr,
        node: &Node<'a>,
    ) -> Value<'a> {
        match op {
            BinaryOp::And => Value::Bool(self.test(lhs, node) && self.test(rhs, node)),
            BinaryOp::Or => Value::Bool(self.test(lhs, node) || self.test(rhs, node)),
            _ => {
                let a = self.operand(lhs, node);
                let b = self.operand(rhs, node);
                match op {
                    BinaryOp::Add => arithmetic(|x, y| x.checked_add(y), true, &a, &b),
                    BinaryOp::Sub => arithmetic(|x, y| x.checked_sub(y), true, &a, &b),
                    BinaryOp::Mul => arithmetic(|x, y| x.checked_mul(y), true, &a, &b),
                    BinaryOp::Div => arithmetic(|x, y| x.checked_div(y), false, &a, &b),
                    BinaryOp::And | BinaryOp::Or | BinaryOp::In => Value::Null,
                    comparison => Value::Bool(compare(comparison, &a, &b)),
                }
            }
        }
    }

    /// A call of a built-in function: `if` evaluates one branch; every other function its first argument, then
    /// what its family does with it.
    // Kept out of `eval`, whose frame every node of every expression pays for.
    #[inline(never)]
    fn call(&mut self, function: &Function, args: &'a [CExpr], node: &Node<'a>) -> Value<'a> {
        let mut first = || self.operand(&args[0], node);
        match function {
            Function::If => self.branch(args, node),
            Function::Contains(lexicons) => {
                let text = first();
                self.contains(lexicons, &text)
            }
            Function::StartsWith(lexicons) => {
                let text = first();
                self.affix(lexicons, &text, Affixes::starts)
            }
            Function::EndsWith(lexicons) => {
                let text = first();
                self.affix(lexicons, &text, Affixes::ends)
            }
            Function::Strip(lexicons) => {
                let text = first();
                self.strip(lexicons, text)
            }
            Function::Matches(regex) => {
                let text = first();
                self.matches(regex, &text)
            }
            Function::Replace(regex) => {
                let text = first();
                let with = self.eval(&args[1], node).display();
                replace(regex, text, &with)
            }
            Function::HasDigit => has_digit(&first()),
            Function::Len => len(&first()),
            Function::Year => year(first()),
            Function::ExcelDate => excel_date(first()),
            Function::Abs => abs(first()),
            Function::Unitless => unitless(first()),
            Function::Number => number(&first()),
            Function::ComputedScore | Function::ScoreFormula => {
                let upper = self.eval(&args[0], node);
                let lower = self.eval(&args[1], node);
                scoring::indicator(function, &upper, &lower, node)
            }
            Function::Grade => {
                let values: Vec<Value<'a>> = args.iter().map(|a| self.eval(a, node)).collect();
                scoring::grade(&values)
            }
            Function::Round => {
                let value = first();
                let digits = self.eval(&args[1], node);
                scoring::round(value, &digits)
            }
        }
    }

    /// `if(condition, then, else)`: only the branch taken is evaluated.
    fn branch(&mut self, args: &'a [CExpr], node: &Node<'a>) -> Value<'a> {
        let branch = if self.test(&args[0], node) { 1 } else { 2 };
        self.eval(&args[branch], node)
    }

    /// `contains(text, lexicon…)`: the leftmost-longest term of any lexicon, recorded as the match.
    fn contains(&mut self, lexicons: &[usize], first: &Value<'a>) -> Value<'static> {
        let Value::Text(text) = first else {
            return Value::Bool(false);
        };
        let kept = match text.text {
            Cow::Borrowed(whole) if self.elsewhere == 0 => self.find_kept(lexicons, whole),
            _ => None,
        };
        let found = kept.unwrap_or_else(|| {
            lexicons
                .iter()
                .filter_map(|&l| self.search.lexicons[l].matcher().find(text.text.as_ref()))
                .min_by_key(|m| (m.start, std::cmp::Reverse(m.end)))
        });
        match found {
            Some(m) => {
                self.matched = Some(Match {
                    span: first.source_span(m.start, m.len()),
                    text: slice(&text.text, m),
                });
                Value::Bool(true)
            }
            None => Value::Bool(false),
        }
    }

    /// The leftmost-longest match of any of `lexicons` in `text`, from every indexed lexicon's match in `text`,
    /// found in one pass the second time the node's rules search `text` and kept for the node. `None` when the
    /// text is searched the first time, or with a lexicon left out of the index: then each lexicon searches it.
    fn find_kept(&mut self, lexicons: &[usize], text: &str) -> Option<Option<Range<usize>>> {
        let key = (text.as_ptr() as usize, text.len());
        let memo = &mut *self.memo;
        let Some(at) = memo.searched.iter().position(|s| s.key == key) else {
            memo.searched.push(Searched { key, hits: None });
            return None;
        };
        let index = self.search.index();
        if lexicons.iter().any(|&l| index.slot(l).is_none()) {
            return None;
        }
        let base = match memo.searched[at].hits {
            Some(base) => base,
            None => {
                let base = memo.hits.len();
                index.hits(text, &mut memo.hits);
                memo.searched[at].hits = Some(base);
                base
            }
        };
        let hits = &memo.hits;
        Some(
            lexicons
                .iter()
                .filter_map(|&l| hits[base + index.slot(l)?])
                .map(|(start, end)| start..end)
                .min_by_key(|m| (m.start, std::cmp::Reverse(m.end))),
        )
    }

    /// `starts-with` and `ends-with`: whether the text has a term of a lexicon at that end.
    fn affix(
        &self,
        lexicons: &[usize],
        first: &Value<'_>,
        test: fn(&Affixes, &str) -> bool,
    ) -> Value<'static> {
        let Value::Text(text) = first else {
            return Value::Bool(false);
        };
        let found = lexicons
            .iter()
            .any(|&l| test(self.search.lexicons[l].affixes(), text.text.as_ref()));
        Value::Bool(found)
    }

    /// `strip(text, lexicon…)`: the text without the lexicons' terms (a text with none of them is not copied; as
    /// a computed text, it has no place, as `replace`'s).
    fn strip<'v>(&self, lexicons: &[usize], first: Value<'v>) -> Value<'v> {
        let Value::Text(Text { mut text, .. }) = first else {
            return first;
        };
        for &l in lexicons {
            if let Cow::Owned(stripped) = self.search.lexicons[l].matcher().strip(&text) {
                text = Cow::Owned(stripped);
            }
        }
        Value::Text(Text { text, origin: None })
    }

    /// `matches(text, "regex")`: whether the regex matches, the match recorded.
    fn matches(&mut self, pattern: &Pattern, first: &Value<'a>) -> Value<'static> {
        let (Value::Text(text), Some(regex)) = (first, pattern.regex()) else {
            return Value::Bool(false);
        };
        match regex.find(text.text.as_ref()) {
            Some(range) => {
                self.matched = Some(Match {
                    span: first.source_span(range.start, range.len()),
                    text: slice(&text.text, range),
                });
                Value::Bool(true)
            }
            None => Value::Bool(false),
        }
    }

    // Kept out of `eval`, whose frame every node of every expression pays for.
    #[inline(never)]
    fn aggregate(
        &mut self,
        func: Aggregate,
        over: Collection,
        filter: Option<&'a CExpr>,
        of: Option<&'a CExpr>,
        node: &Node<'a>,
    ) -> Value<'a> {
        let saved = self.matched.take();
        self.elsewhere += 1;
        let mut count = 0usize;
        let mut all = true;
        let mut total: Option<Value<'a>> = None;
        // Where the visit stopped early does not matter: the counts say what it found.
        let _ = each_below(node, over, &mut |element| {
            let keep = filter.is_none_or(|f| self.test(f, element));
            all &= keep;
            if !keep {
                // `all` is decided by the first element that fails.
                return if func == Aggregate::All {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                };
            }
            count += 1;
            if func == Aggregate::Any {
                return ControlFlow::Break(());
            }
            if let Some(of) = of {
                let value = self.eval(of, element);
                if !matches!(value, Value::Null) {
                    total = Some(match (func, total.take()) {
                        (_, None) => value,
                        (Aggregate::Sum, Some(acc)) => {
                            arithmetic(|x, y| x.checked_add(y), true, &acc, &value)
                        }
                        (Aggregate::Min, Some(acc)) => pick(acc, value, Ordering::Less),
                        // Only sum, min and max take `of`: the compiler sees to it.
                        (
                            Aggregate::Max | Aggregate::Count | Aggregate::Any | Aggregate::All,
                            Some(acc),
                        ) => pick(acc, value, Ordering::Greater),
                    });
                }
            }
            ControlFlow::Continue(())
        });
        self.elsewhere -= 1;
        self.matched = saved;
        match func {
            Aggregate::Count => Value::Num(Decimal::from(count), None),
            Aggregate::Any => Value::Bool(count > 0),
            Aggregate::All => Value::Bool(all),
            Aggregate::Sum => total.unwrap_or(Value::Num(Decimal::ZERO, None)),
            Aggregate::Min | Aggregate::Max => total.unwrap_or(Value::Null),
        }
    }
}

/// Part of a text: borrowed as long as the text is.
fn slice<'a>(text: &Cow<'a, str>, range: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(whole) => Cow::Borrowed(&whole[range]),
        Cow::Owned(whole) => Cow::Owned(whole[range].to_owned()),
    }
}

/// `replace(text, "regex", with)`.
fn replace<'a>(pattern: &Pattern, first: Value<'a>, with: &str) -> Value<'a> {
    match (first, pattern.regex()) {
        (Value::Text(text), Some(regex)) => {
            let replaced = match regex.replace_all(text.text.as_ref(), with) {
                Cow::Owned(replaced) => Cow::Owned(replaced),
                // Nothing matched: the same text, not copied (and, as a computed text, with no place).
                Cow::Borrowed(_) => text.text,
            };
            Value::Text(Text {
                text: replaced,
                origin: None,
            })
        }
        (first, _) => first,
    }
}

/// `a op b` for a comparison `op` (`==`, `!=`, `<`, `<=`, `>`, `>=`); false for any other.
fn compare(op: BinaryOp, a: &Value<'_>, b: &Value<'_>) -> bool {
    let ordered = |test: fn(Ordering) -> bool| a.compare(b).is_some_and(test);
    match op {
        BinaryOp::Eq => a.equals(b),
        BinaryOp::Ne => !a.equals(b),
        BinaryOp::Lt => ordered(|o| o == Ordering::Less),
        BinaryOp::Le => ordered(|o| o != Ordering::Greater),
        BinaryOp::Gt => ordered(|o| o == Ordering::Greater),
        BinaryOp::Ge => ordered(|o| o != Ordering::Less),
        _ => false,
    }
}

fn pick<'a>(acc: Value<'a>, value: Value<'a>, wanted: Ordering) -> Value<'a> {
    if value.compare(&acc) == Some(wanted) {
        value
    } else {
        acc
    }
}

/// Calls `visit` on each node of the collection `over` below `node`, in order, until it breaks.
fn each_below<'a>(
    node: &Node<'a>,
    over: Collection,
    visit: &mut dyn FnMut(&Node<'a>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if over.scope == Scope::Indicator && !over.direct {
        if let Some(flow) = node.each_indicator(visit) {
            return flow;
        }
    }
    node.children(&mut |child| {
        let scope = child.scope();
        if scope == over.scope {
            visit(&child)?;
            // Nodes hold nodes: every node below counts, unless only the children do.
            if scope == Scope::Node && !over.direct {
                each_below(&child, over, visit)?;
            }
            ControlFlow::Continue(())
        } else if over.scope.is_below(scope) && !over.direct {
            each_below(&child, over, visit)
        } else {
            ControlFlow::Continue(())
        }
    })
}
