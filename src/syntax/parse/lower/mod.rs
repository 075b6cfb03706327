//! Lowering: pest pairs → the typed AST, one function per grammar rule.
//!
//! Numbers become exact decimals (a literal that does not fit is reported, never rounded), dates are checked
//! against the calendar, and header fields or attributes given twice or unknown are reported with their spans.

use super::grammar::Rule;
use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::*;
use pest::iterators::{Pair, Pairs};

mod evaluation;
mod ledger;
mod literal;

struct Lowerer<'a> {
    source: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Where in the source the positions of the pairs being lowered count from: the start of the item they were
    /// read from, when a file is read one item at a time.
    base: usize,
}

/// Lowers the pairs of `Rule::file`.
pub(super) fn lower_file(
    source: &SourceFile,
    pairs: Pairs<'_, Rule>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Document {
    let mut lowerer = Lowerer {
        source,
        diagnostics,
        base: 0,
    };
    let mut document = Document::default();
    for pair in pairs.flat_map(Pair::into_inner) {
        lowerer.item(pair, &mut document);
    }
    document
}

/// Reads and lowers `source` one declaration or evaluation at a time ([`super::grammar::each_item`]); `None`
/// when it does not read so, for [`lower_file`] of the whole file's pairs to report the error (what was lowered
/// meanwhile, and reported, is dropped).
pub(super) fn lower_items(
    source: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let before = diagnostics.len();
    let mut lowerer = Lowerer {
        source,
        diagnostics,
        base: 0,
    };
    let mut document = Document::default();
    let read = super::grammar::each_item(source.text(), |pair, at| {
        lowerer.base = at;
        lowerer.item(pair, &mut document);
    });
    if !read {
        diagnostics.truncate(before);
        return None;
    }
    Some(document)
}

impl Lowerer<'_> {
    /// A declaration or an evaluation of a file, added to `document`; anything else (a comment) is passed over.
    fn item(&mut self, pair: Pair<'_, Rule>, document: &mut Document) {
        match pair.as_rule() {
            Rule::declaration => document.declarations.push(self.declaration(pair)),
            Rule::evaluation => document.evaluations.push(self.evaluation(pair)),
            _ => {}
        }
    }

    /// Where `pair` is in the source.
    fn span_of(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(self.base + span.start(), self.base + span.end())
    }

    /// The span of a pair without the whitespace and comments that pest's implicit skipping leaves at its end
    /// (`"名称" # 注释` followed by an absent target).
    fn trimmed(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = self.span_of(pair);
        trim_end(self.source, span)
    }
}

/// `span` without the whitespace and comments at its end.
fn trim_end(source: &SourceFile, span: Span) -> Span {
    let text = source.text();
    let comments = source.comments();
    let mut end = span.end;
    loop {
        end = span.start + text[span.start..end].trim_end().len();
        let i = comments.partition_point(|c| c.span.end < end);
        match comments.get(i) {
            Some(comment) if comment.span.end == end && comment.span.start >= span.start => {
                end = comment.span.start;
            }
            _ => break,
        }
    }
    Span::new(span.start, end)
}

impl Lowerer<'_> {
    fn error(&mut self, code: crate::diagnostic::Code, span: Span, message: Text, help: Text) {
        self.diagnostics
            .push(Diagnostic::new(code, Severity::Error, span, message).with_help(help));
    }

    fn declaration(&mut self, pair: Pair<'_, Rule>) -> Declaration {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let kind = self.declaration_kind(inner.next().expect("declaration has a kind"));
        let name = self.text(inner.next().expect("declaration has a name"));
        let mut header = Header::default();
        let mut groups = Vec::new();
        for item in inner {
            match item.as_rule() {
                Rule::level1 => groups.push(self.level1(item)),
                Rule::unknown_field => self.unknown_field(item),
                _ => self.header_field(item, &mut header),
            }
        }
        Declaration {
            kind,
            name,
            header,
            groups,
            span,
        }
    }

    fn declaration_kind(&mut self, pair: Pair<'_, Rule>) -> Spanned<DeclarationKind> {
        let span = self.span_of(&pair);
        let keyword = pair.into_inner().next().expect("kind has a keyword");
        let kind = match keyword.as_rule() {
            Rule::kw_department => DeclarationKind::Department,
            _ => DeclarationKind::Project,
        };
        Spanned::new(kind, span)
    }

    /// Stores a header field, reporting a second occurrence.
    fn set_once<T>(&mut self, slot: &mut Option<T>, value: T, keyword: &Pair<'_, Rule>) {
        if slot.is_some() {
            let word = keyword.as_str();
            self.error(
                codes::DUPLICATE_FIELD,
                self.span_of(keyword),
                Text::new(
                    format!("“{word}”重复填写"),
                    format!("`{word}` is given twice"),
                ),
                Text::new(
                    "每个字段只填一次：删除多余的一处",
                    "give each field once: remove the extra one",
                ),
            );
        } else {
            *slot = Some(value);
        }
    }

    fn header_field(&mut self, pair: Pair<'_, Rule>, header: &mut Header) {
        let rule = pair.as_rule();
        if ledger::is_ledger_field(rule) {
            self.ledger_field(pair, &mut header.ledger);
            return;
        }
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().expect("field has a keyword");
        let value = inner.next().expect("field has a value");
        match rule {
            Rule::supervisor_field => {
                let text = self.text(value);
                self.set_once(&mut header.supervisor, text, &keyword);
            }
            Rule::implementer_field => {
                let text = self.text(value);
                self.set_once(&mut header.implementer, text, &keyword);
            }
            Rule::annual_goal_field => {
                let text = self.text(value);
                self.set_once(&mut header.annual_goal, text, &keyword);
            }
            Rule::overall_goal_field => {
                let text = self.text(value);
                self.set_once(&mut header.overall_goal, text, &keyword);
            }
            Rule::year_field => {
                let year = self.year_value(value);
                self.set_once(&mut header.year, year, &keyword);
            }
            Rule::period_field => {
                let period = match value.as_rule() {
                    Rule::period => self.period(value),
                    _ => {
                        let date = self.date(value);
                        Spanned::new(
                            Period {
                                from: date.value,
                                to: date.value,
                            },
                            date.span,
                        )
                    }
                };
                self.set_once(&mut header.period, period, &keyword);
            }
            Rule::funds_field => {
                let total = self.amount(value);
                let sources = inner
                    .next()
                    .map(|sources| self.fund_sources(sources))
                    .unwrap_or_default();
                let funds = Funds {
                    total,
                    sources,
                    span,
                };
                self.set_once(&mut header.funds, funds, &keyword);
            }
            other => unreachable!("not a header field: {other:?}"),
        }
    }

    fn unknown_field(&mut self, pair: Pair<'_, Rule>) {
        let name = pair.into_inner().next().expect("unknown field has a name");
        let word = name.as_str();
        self.error(
            codes::UNKNOWN_FIELD,
            self.span_of(&name),
            Text::new(
                format!("未知的表头字段“{word}”"),
                format!("unknown header field `{word}`"),
            ),
            Text::new(
                "表头字段有：主管部门、实施单位、年度、资金、实施期、年度目标、总体目标；一级指标后应跟 { … }",
                "header fields are 主管部门, 实施单位, 年度, 资金, 实施期, 年度目标, 总体目标; a level-1 group is followed by { … }",
            ),
        );
    }

    fn year_value(&mut self, pair: Pair<'_, Rule>) -> Spanned<i32> {
        let span = self.span_of(&pair);
        let year = pair.into_inner().next().expect("year value has a year");
        let value = self.year(&year);
        Spanned::new(value, span)
    }

    fn fund_sources(&mut self, pair: Pair<'_, Rule>) -> Vec<FundSource> {
        pair.into_inner()
            .map(|source| {
                let span = self.trimmed(&source);
                let mut inner = source.into_inner();
                let name = self.text(inner.next().expect("source has a name"));
                let amount = self.amount(inner.next().expect("source has an amount"));
                FundSource { name, amount, span }
            })
            .collect()
    }

    fn amount(&mut self, pair: Pair<'_, Rule>) -> Quantity {
        let mut inner = pair.into_inner();
        let value = self.number(inner.next().expect("amount has a number"));
        let unit = inner.next().map(|unit| self.unit(unit));
        Quantity { value, unit }
    }

    fn level1(&mut self, pair: Pair<'_, Rule>) -> Level1Group {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let label = self.name(inner.next().expect("level 1 has a name"));
        let mut inner = inner.peekable();
        let weight = self.group_weight(&mut inner);
        let groups = inner.map(|level2| self.level2(level2)).collect();
        Level1Group {
            label,
            level: None,
            weight,
            groups,
            span,
        }
    }

    fn level2(&mut self, pair: Pair<'_, Rule>) -> Level2Group {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let label = self.name(inner.next().expect("level 2 has a name"));
        let mut inner = inner.peekable();
        let weight = self.group_weight(&mut inner);
        let body = inner.next().expect("level 2 has a body");
        let (indicators, inline) = match body.as_rule() {
            Rule::level2_block => (
                body.into_inner().map(|ind| self.indicator(ind)).collect(),
                false,
            ),
            _ => (vec![self.indicator(body)], true),
        };
        Level2Group {
            label,
            level: None,
            weight,
            indicators,
            inline,
            span,
        }
    }

    /// `分值 70` after a group's label, if it is there. The rule is atomic (so that a syntax error after a label
    /// names what usually follows), so its keyword and number are read from its text: the keyword runs to the
    /// first space or colon, the number is the run of digits, signs, points and separators that ends it.
    fn group_weight(
        &mut self,
        inner: &mut std::iter::Peekable<Pairs<'_, Rule>>,
    ) -> Option<GroupWeight> {
        let pair = inner.next_if(|pair| pair.as_rule() == Rule::group_weight)?;
        let text = pair.as_str();
        let span = self.span_of(&pair);
        let keyword_end = text.find([' ', '\t', ':']).unwrap_or(text.len());
        let number_start = text
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let keyword = Spanned::new(
            text[..keyword_end].to_string(),
            Span::new(span.start, span.start + keyword_end),
        );
        let value = self.number_text(
            &text[number_start..],
            Span::new(span.start + number_start, span.end),
        );
        Some(GroupWeight { keyword, value })
    }

    fn indicator(&mut self, pair: Pair<'_, Rule>) -> Indicator {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let name = self.text(inner.next().expect("indicator has a name"));
        let mut target = None;
        let mut attributes = Attributes::default();
        for part in inner {
            match part.as_rule() {
                Rule::attributes => attributes = self.attributes(part),
                _ => target = Some(self.target(part)),
            }
        }
        Indicator {
            name,
            target,
            attributes,
            span,
        }
    }

    fn target(&mut self, pair: Pair<'_, Rule>) -> Target {
        let span = self.trimmed(&pair);
        let kind = match pair.as_rule() {
            Rule::quantitative => self.quantitative(pair),
            Rule::deadline => self.deadline(pair),
            Rule::period => TargetKind::Period(self.period(pair)),
            Rule::qualitative => self.qualitative(pair),
            other => unreachable!("not a target: {other:?}"),
        };
        Target { kind, span }
    }

    fn quantitative(&mut self, pair: Pair<'_, Rule>) -> TargetKind {
        let mut comparator = None;
        let mut value = None;
        let mut unit = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::comparator => comparator = Some(self.comparator(&part)),
                Rule::number => value = Some(self.number(part)),
                _ => unit = Some(self.unit(part)),
            }
        }
        TargetKind::Quantitative {
            comparator,
            quantity: Quantity {
                value: value.expect("quantitative target has a number"),
                unit,
            },
        }
    }

    fn deadline(&mut self, pair: Pair<'_, Rule>) -> TargetKind {
        let mut comparator = None;
        let mut date = None;
        let mut before = false;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::comparator => comparator = Some(self.comparator(&part)),
                Rule::before => before = true,
                _ => date = Some(self.date(part)),
            }
        }
        TargetKind::Deadline {
            comparator,
            date: date.expect("deadline has a date"),
            before,
        }
    }

    fn period(&mut self, pair: Pair<'_, Rule>) -> Spanned<Period> {
        let span = self.span_of(&pair);
        let mut dates = pair.into_inner().map(|date| self.date(date));
        let from = dates.next().expect("period has a start").value;
        let to = dates.next().expect("period has an end").value;
        Spanned::new(Period { from, to }, span)
    }

    fn qualitative(&mut self, pair: Pair<'_, Rule>) -> TargetKind {
        let mut inner = pair.into_inner().skip(1);
        let text = self.text(inner.next().expect("qualitative target has a text"));
        let grades = inner
            .next()
            .map(|grades| {
                grades
                    .into_inner()
                    .skip(1)
                    .map(|grade| self.grade(grade))
                    .collect()
            })
            .unwrap_or_default();
        TargetKind::Qualitative { text, grades }
    }

    fn grade(&mut self, pair: Pair<'_, Rule>) -> Grade {
        let span = self.trimmed(&pair);
        let mut inner = pair.into_inner();
        let label = self.text(inner.next().expect("grade has a label"));
        let meaning = self.text(inner.next().expect("grade has a meaning"));
        Grade {
            label,
            meaning,
            span,
        }
    }

    fn attributes(&mut self, pair: Pair<'_, Rule>) -> Attributes {
        let mut attributes = Attributes::default();
        for attr in pair.into_inner() {
            let rule = attr.as_rule();
            let mut inner = attr.into_inner();
            let keyword = inner.next().expect("attribute has a keyword");
            let value = inner.next().expect("attribute has a value");
            match rule {
                Rule::basis_attr => {
                    if let Some(basis) = self.basis(value) {
                        self.set_once(&mut attributes.basis, basis, &keyword);
                    }
                }
                Rule::source_attr => {
                    let text = self.text(value);
                    self.set_once(&mut attributes.source, text, &keyword);
                }
                Rule::weight_attr => {
                    let number = self.number(value);
                    self.set_once(&mut attributes.weight, number, &keyword);
                }
                Rule::actual_attr => {
                    let target = self.target(value);
                    self.set_once(&mut attributes.actual, target, &keyword);
                }
                Rule::score_attr => {
                    let number = self.number(value);
                    self.set_once(&mut attributes.score, number, &keyword);
                }
                Rule::deviation_attr => {
                    let text = self.text(value);
                    self.set_once(&mut attributes.deviation, text, &keyword);
                }
                Rule::note_attr => {
                    let text = self.text(value);
                    self.set_once(&mut attributes.note, text, &keyword);
                }
                Rule::scoring_attr => {
                    let text = self.text(value);
                    self.set_once(&mut attributes.scoring, text, &keyword);
                }
                _ => self.unknown_attribute(&keyword),
            }
        }
        attributes
    }

    fn unknown_attribute(&mut self, name: &Pair<'_, Rule>) {
        let word = name.as_str();
        self.error(
            codes::UNKNOWN_FIELD,
            self.span_of(name),
            Text::new(
                format!("未知的指标属性“{word}”"),
                format!("unknown indicator attribute `{word}`"),
            ),
            Text::new(
                "指标属性有：取值依据、数据来源、分值、实际完成值、得分、偏差说明、说明、评分标准",
                "indicator attributes are 取值依据, 数据来源, 分值, 实际完成值, 得分, 偏差说明, 说明, 评分标准",
            ),
        );
    }

    fn basis(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Basis>> {
        let span = self.span_of(&pair);
        let word = self.text(pair).value;
        let basis = match word.as_str() {
            "计划标准" | "计划" | "plan" => Basis::Plan,
            "行业标准" | "行业" | "industry" => Basis::Industry,
            "历史标准" | "历史" | "history" => Basis::History,
            "其他标准" | "其他" | "other" => Basis::Other,
            _ => {
                self.error(
                    codes::INVALID_BASIS,
                    span,
                    Text::new(
                        format!("“{word}”不是取值依据"),
                        format!("`{word}` is not a basis of a target value"),
                    ),
                    Text::new(
                        "取值依据写 计划标准、行业标准、历史标准 或 其他标准",
                        "write 计划标准 (plan), 行业标准 (industry), 历史标准 (history) or 其他标准 (other)",
                    ),
                );
                return None;
            }
        };
        Some(Spanned::new(basis, span))
    }
}
