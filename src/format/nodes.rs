//! The layout of each node of the AST, one function per node, writing the source's own slices.
//!
//! Names, texts, numbers, units, dates and keywords are copied from the (normalised) source byte for byte; only
//! the space between them is decided here, and the ASCII comparators `>=`, `<=`, `==` become `≥`, `≤`, `=`.

use super::items::{self, Entry, Known, Value};
use super::printer::Printer;
use crate::source::Span;
use crate::syntax::ast::*;
use unicode_width::UnicodeWidthStr;

/// The widest line an attribute block is kept on; wider ones get one attribute per line.
pub(super) const MAX_WIDTH: usize = 100;

/// The bytes of a line as wide as [`MAX_WIDTH`] all in Chinese characters (two columns and three bytes each):
/// the room a fragment tried on one line starts with.
const FRAGMENT_ROOM: usize = MAX_WIDTH / 2 * 3;

/// Writes the canonical layout of one document.
pub(super) struct Formatter<'a> {
    pub(super) text: &'a str,
    pub(super) p: Printer<'a>,
}

impl<'a> Formatter<'a> {
    /// A formatter of `text` writing through `printer`.
    pub(super) fn new(text: &'a str, printer: Printer<'a>) -> Self {
        Formatter { text, p: printer }
    }

    pub(super) fn slice(&self, span: Span) -> &'a str {
        &self.text[span.range()]
    }

    /// The whole document: declarations and evaluations in file order, separated by one empty line.
    pub(super) fn document(mut self, document: &Document) -> String {
        let mut items: Vec<(usize, Option<&Declaration>, Option<&Evaluation>)> = document
            .declarations
            .iter()
            .map(|d| (d.span.start, Some(d), None))
            .chain(
                document
                    .evaluations
                    .iter()
                    .map(|e| (e.span.start, None, Some(e))),
            )
            .collect();
        items.sort_by_key(|item| item.0);
        for (i, (_, declaration, evaluation)) in items.into_iter().enumerate() {
            // Once the output differs from the text it is compared with, the rest is not laid out.
            if self.p.diverged() {
                break;
            }
            if i > 0 {
                self.p.blank();
            }
            if let Some(declaration) = declaration {
                self.declaration(declaration);
            }
            if let Some(evaluation) = evaluation {
                self.evaluation(evaluation);
            }
        }
        self.p.line();
        self.p.finish()
    }

    /// `项目 "名称" {` header fields and level-1 groups `}`.
    fn declaration(&mut self, declaration: &Declaration) {
        self.p.start_node(declaration.span.start);
        let kind = declaration.kind.span;
        self.p.token(kind.start, self.slice(kind));
        self.p.space();
        let name = declaration.name.span;
        self.p.token(name.start, self.slice(name));
        let close = declaration.span.end - 1;
        let open =
            items::open_brace(self.text, name.end, close + 1).expect("a declaration has a body");
        let mut known = header_items(&declaration.header);
        known.extend(items::ledger_items(self.text, &declaration.header.ledger));
        known.extend(
            declaration
                .groups
                .iter()
                .map(|group| Known::at(Value::Level1(group), group.span)),
        );
        let entries = items::split(self.text, open + 1, close, known);
        self.p.space();
        self.block(open, close, entries.is_empty(), |f| f.entries(&entries));
    }

    /// A block `{ … }` from `open` to `close`, `{}` when empty and without comments.
    pub(super) fn block(
        &mut self,
        open: usize,
        close: usize,
        empty: bool,
        body: impl FnOnce(&mut Self),
    ) {
        if empty && !self.p.has_comment_in(open, close) {
            self.p.token(open, "{}");
            return;
        }
        self.p.open_block(open);
        body(self);
        self.p.close_block(close);
    }

    /// Block items, one per line.
    pub(super) fn entries(&mut self, entries: &[Entry<'_>]) {
        for (i, entry) in entries.iter().enumerate() {
            if self.p.diverged() {
                break;
            }
            if i > 0 {
                self.p.line();
            }
            self.entry(entry);
        }
    }

    /// One item: its keyword and colon, then its value; or raw tokens as they were written.
    pub(super) fn entry(&mut self, entry: &Entry<'_>) {
        match entry {
            Entry::Raw(tokens) => self.raw(tokens),
            Entry::Item {
                keyword,
                colon,
                value,
            } => {
                if let Some(keyword) = keyword {
                    self.p.token(keyword.start, self.slice(*keyword));
                    if let Some(colon) = colon {
                        self.p.token(*colon, ":");
                    }
                    self.p.space();
                }
                self.value(value);
            }
        }
    }

    /// Tokens the AST does not hold: their line breaks are kept, spaces within a line become one.
    fn raw(&mut self, tokens: &[items::Token]) {
        for (i, token) in tokens.iter().enumerate() {
            if let Some(before) = i.checked_sub(1).map(|j| tokens[j]) {
                let gap = &self.text[before.span.end..token.span.start];
                if gap.contains('\n') {
                    self.p.line();
                } else if !gap.is_empty() {
                    self.p.space();
                }
            }
            self.p.token(token.span.start, self.slice(token.span));
        }
    }

    fn value(&mut self, value: &Value<'_>) {
        match *value {
            Value::Verbatim(span) => self.p.token(span.start, self.slice(span)),
            Value::Period(span) => self.period(span),
            Value::Funds(funds) => self.funds(funds),
            Value::Target(target) => self.target(target),
            Value::Level1(group) => self.level1(group),
            Value::Quantity(quantity) => self.quantity(quantity),
            Value::Spent(spent) => self.spent(spent),
            Value::Execution(execution) => self.execution(execution),
            Value::Allocation(allocation) => self.allocation(allocation),
            Value::Contract(contract) => self.contract(contract),
            Value::Node(node) => self.eval_node(node),
        }
    }

    /// A period or date as written, with each run of spaces made one.
    fn period(&mut self, span: Span) {
        let written: Vec<&str> = self
            .slice(span)
            .split([' ', '\t'])
            .filter(|part| !part.is_empty())
            .collect();
        self.p.token(span.start, &written.join(" "));
    }

    /// `1961 万元 {` funding sources, one per line `}`.
    fn funds(&mut self, funds: &Funds) {
        self.quantity(&funds.total);
        let amount_end = funds
            .total
            .unit
            .as_ref()
            .map_or(funds.total.value.span.end, |unit| unit.span.end);
        let Some(open) = items::open_brace(self.text, amount_end, funds.span.end) else {
            return;
        };
        self.p.space();
        self.block(open, funds.span.end - 1, funds.sources.is_empty(), |f| {
            for (i, source) in funds.sources.iter().enumerate() {
                if i > 0 {
                    f.p.line();
                }
                f.fund_source(source);
            }
        });
    }

    /// `本级财政 1961 万元`.
    pub(super) fn fund_source(&mut self, source: &FundSource) {
        self.labelled(source.name.span, source.amount.value.span.start);
        self.quantity(&source.amount);
    }

    /// A label and the colon after it, if any, before the value at `value`.
    fn labelled(&mut self, label: Span, value: usize) {
        self.p.token(label.start, self.slice(label));
        if let Some(colon) = items::colon(self.text, label.end, value) {
            self.p.token(colon, ":");
        }
        self.p.space();
    }

    /// `产出 {` level-2 groups `}`.
    fn level1(&mut self, group: &Level1Group) {
        self.p.start_node(group.span.start);
        let label = group.label.span;
        self.p.token(label.start, self.slice(label));
        let after = self.group_weight(label.end, &group.weight);
        let close = group.span.end - 1;
        let open = items::open_brace(self.text, after, close + 1).expect("a level 1 has a block");
        self.p.space();
        self.block(open, close, group.groups.is_empty(), |f| {
            for (i, child) in group.groups.iter().enumerate() {
                if f.p.diverged() {
                    break;
                }
                if i > 0 {
                    f.p.line();
                }
                f.level2(child);
            }
        });
    }

    /// `数量 {` indicators `}`, or `数量 "名称" = 32 个` when written inline.
    fn level2(&mut self, group: &Level2Group) {
        self.p.start_node(group.span.start);
        let label = group.label.span;
        self.p.token(label.start, self.slice(label));
        let after = self.group_weight(label.end, &group.weight);
        self.p.space();
        if group.inline {
            if let Some(indicator) = group.indicators.first() {
                self.indicator(indicator);
            }
            return;
        }
        let close = group.span.end - 1;
        let open = items::open_brace(self.text, after, close + 1).expect("a level 2 has a block");
        self.block(open, close, group.indicators.is_empty(), |f| {
            for (i, indicator) in group.indicators.iter().enumerate() {
                if f.p.diverged() {
                    break;
                }
                if i > 0 {
                    f.p.line();
                }
                f.indicator(indicator);
            }
        });
    }

    /// `分值 70` after a group's label, its keyword as written; where the group goes on.
    fn group_weight(&mut self, label_end: usize, weight: &Option<GroupWeight>) -> usize {
        let Some(weight) = weight else {
            return label_end;
        };
        self.p.space();
        self.p
            .token(weight.keyword.span.start, &weight.keyword.value);
        self.p.space();
        self.p
            .token(weight.value.span.start, self.slice(weight.value.span));
        weight.value.span.end
    }

    /// `"名称" 指标值 { 属性 }`.
    fn indicator(&mut self, indicator: &Indicator) {
        self.p.start_node(indicator.span.start);
        let name = indicator.name.span;
        self.p.token(name.start, self.slice(name));
        let mut end = name.end;
        if let Some(target) = &indicator.target {
            self.p.space();
            self.target(target);
            end = target.span.end;
        }
        if let Some(open) = items::open_brace(self.text, end, indicator.span.end) {
            let close = indicator.span.end - 1;
            // A comment inside the block, a line that must start inside it, or a comment before or right after
            // it while a suppression waits for the end of the indicator's first line: one attribute per line.
            let commented = self.p.has_comment_in(open, close)
                || self.p.has_break_in(open, close)
                || (self.p.has_due()
                    && (self.p.has_comment_in(indicator.span.start, close)
                        || self.p.has_comment_after(close + 1)));
            self.p.space();
            self.attributes(&indicator.attributes, open, close, commented);
        }
    }

    /// `{ 依据 计划标准  来源 "…" }` on the indicator's line when it fits and holds no comment, else one
    /// attribute per line.
    pub(super) fn attributes(
        &mut self,
        attributes: &Attributes,
        open: usize,
        close: usize,
        commented: bool,
    ) {
        let entries = items::split(self.text, open + 1, close, attribute_items(attributes));
        let all_known = entries
            .iter()
            .all(|entry| matches!(entry, Entry::Item { .. }));
        if !commented && all_known && !entries.is_empty() {
            let mut line = Formatter::new(self.text, Printer::quiet(self.text, FRAGMENT_ROOM));
            line.p.token(open, "{");
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    line.p.wide();
                } else {
                    line.p.space();
                }
                line.entry(entry);
            }
            line.p.space();
            line.p.token(close, "}");
            let line = line.p.fragment();
            // Most fit by their bytes alone, which no width exceeds; the others are measured.
            let fits = |column: usize, width: usize| column + 1 + width <= MAX_WIDTH;
            let fits = !line.contains('\n')
                && (fits(self.p.column_at_most(), line.len())
                    || fits(self.p.column(), line.width()));
            if fits {
                self.p.token(open, &line);
                return;
            }
        }
        self.block(open, close, entries.is_empty(), |f| f.entries(&entries));
    }

    /// A target value: quantitative, deadline, period or qualitative.
    fn target(&mut self, target: &Target) {
        match &target.kind {
            TargetKind::Quantitative {
                comparator,
                quantity,
            } => {
                if let Some(comparator) = comparator {
                    self.comparator(comparator);
                }
                self.quantity(quantity);
            }
            TargetKind::Deadline {
                comparator, date, ..
            } => {
                if let Some(comparator) = comparator {
                    self.comparator(comparator);
                }
                let written = Span::new(date.span.start, target.span.end);
                self.p.token(written.start, self.slice(written));
            }
            TargetKind::Period(period) => self.period(period.span),
            TargetKind::Qualitative { text, grades } => self.qualitative(target, text, grades),
        }
    }

    /// `≥ ` for `>=`, `≥`, `≧` or `＞＝`; a comparator in words (`不低于`) as written.
    fn comparator(&mut self, comparator: &Spanned<Comparator>) {
        let written = self.slice(comparator.span);
        let sign = written.chars().all(|c| "<>=≥≤".contains(c));
        let shown = if sign {
            comparator.value.symbol()
        } else {
            written
        };
        self.p.token(comparator.span.start, shown);
        self.p.space();
    }

    /// `95 %`: the number and its unit, one space apart.
    pub(super) fn quantity(&mut self, quantity: &Quantity) {
        let value = quantity.value.span;
        self.p.token(value.start, self.slice(value));
        if let Some(unit) = &quantity.unit {
            self.p.space();
            self.p.token(unit.span.start, self.slice(unit.span));
        }
    }

    /// `定性 "…"`, then `分档 {` one grade per line `}`.
    fn qualitative(&mut self, target: &Target, text: &Spanned<String>, grades: &[Grade]) {
        let keyword = items::lex(self.text, target.span.start, text.span.start)
            .next()
            .map_or(target.span, |token| token.span);
        self.p.token(keyword.start, self.slice(keyword));
        self.p.space();
        self.p.token(text.span.start, self.slice(text.span));
        let rest = grades
            .first()
            .map_or(target.span.end, |grade| grade.span.start);
        let mut tokens = items::lex(self.text, text.span.end, rest);
        let (Some(keyword), Some(open)) = (tokens.next(), tokens.next()) else {
            return;
        };
        self.p.space();
        self.p.token(keyword.span.start, self.slice(keyword.span));
        self.p.space();
        self.block(
            open.span.start,
            target.span.end - 1,
            grades.is_empty(),
            |f| {
                for (i, grade) in grades.iter().enumerate() {
                    if i > 0 {
                        f.p.line();
                    }
                    f.grade(grade);
                }
            },
        );
    }

    /// `优 "全年无故障"`.
    fn grade(&mut self, grade: &Grade) {
        self.labelled(grade.label.span, grade.meaning.span.start);
        self.p
            .token(grade.meaning.span.start, self.slice(grade.meaning.span));
    }
}

/// The header fields the AST holds, each at its value.
pub(super) fn header_items(header: &Header) -> Vec<Known<'_>> {
    let mut known = Vec::new();
    for text in [
        &header.supervisor,
        &header.implementer,
        &header.annual_goal,
        &header.overall_goal,
    ]
    .into_iter()
    .flatten()
    {
        known.push(Known::at(Value::Verbatim(text.span), text.span));
    }
    if let Some(year) = &header.year {
        known.push(Known::at(Value::Verbatim(year.span), year.span));
    }
    if let Some(period) = &header.period {
        known.push(Known::at(Value::Period(period.span), period.span));
    }
    if let Some(funds) = &header.funds {
        known.push(Known {
            value: Value::Funds(funds),
            start: funds.total.value.span.start,
            end: funds.span.end,
        });
    }
    known
}

/// The attributes the AST holds, each at its value.
fn attribute_items(attributes: &Attributes) -> Vec<Known<'_>> {
    let texts = [
        &attributes.source,
        &attributes.deviation,
        &attributes.note,
        &attributes.scoring,
    ];
    let mut spans: Vec<Span> = texts.into_iter().flatten().map(|text| text.span).collect();
    spans.extend(
        [&attributes.weight, &attributes.score]
            .into_iter()
            .flatten()
            .map(|n| n.span),
    );
    spans.extend(attributes.basis.as_ref().map(|basis| basis.span));
    let mut known: Vec<Known<'_>> = spans
        .into_iter()
        .map(|span| Known::at(Value::Verbatim(span), span))
        .collect();
    if let Some(actual) = &attributes.actual {
        known.push(Known::at(Value::Target(actual), actual.span));
    }
    known
}
