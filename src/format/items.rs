//! The items of a block, found between the spans the AST records.
//!
//! The AST keeps the span of every value but not of the keywords, colons and braces around it, and it drops
//! what the lowering reports and discards (an unknown field, a field given twice, a 取值依据 that is none of the
//! four). A small lexer reads the gaps between the AST's spans: the keyword of a field is the word just before
//! its value (and an optional colon); whatever else stands in a gap is kept as raw tokens, so that the formatter
//! never drops a word of the user's.

use crate::source::Span;
use crate::syntax::ast::{
    Allocation, Contract, EvalNode, Execution, Funds, Ledger, Level1Group, Quantity, Spent, Target,
};

/// The kinds of token in a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A keyword, a name or any run of other characters (`负责人`, `100万元`).
    Word,
    /// A quoted text, `"…"` or `“…”`.
    Text,
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `:`.
    Colon,
}

/// One token of a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// What it is.
    pub kind: Kind,
    /// Where it stands.
    pub span: Span,
}

/// The tokens of `text[from..to]`, skipping spaces and comments.
pub(super) fn lex(text: &str, from: usize, to: usize) -> impl Iterator<Item = Token> + '_ {
    let mut at = from;
    let bytes = text.as_bytes();
    std::iter::from_fn(move || loop {
        // Spaces and line breaks, the most of a gap, are passed by their bytes.
        while at < to && matches!(bytes.get(at), Some(b' ' | b'\n' | b'\t')) {
            at += 1;
        }
        // An empty or crossed range (an item that ends past where the next begins) holds no token.
        let c = text.get(at..to)?.chars().next()?;
        let start = at;
        let kind = match c {
            c if c.is_whitespace() => {
                at += c.len_utf8();
                continue;
            }
            '#' => {
                at = text[at..to].find('\n').map_or(to, |n| at + n);
                continue;
            }
            '{' => Kind::Open,
            '}' => Kind::Close,
            ':' => Kind::Colon,
            '"' | '“' => Kind::Text,
            _ => Kind::Word,
        };
        at = match kind {
            Kind::Text => string_end(text, at, to),
            Kind::Word => {
                let rest = &text[at..to];
                at + rest
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '{' | '}' | ':' | '"' | '“' | '#')
                    })
                    .unwrap_or(rest.len())
            }
            _ => at + 1,
        };
        return Some(Token {
            kind,
            span: Span::new(start, at),
        });
    })
}

/// The end of the quoted text opening at `at` (its closing quote included), or `to` when it does not close.
fn string_end(text: &str, at: usize, to: usize) -> usize {
    let bytes = &text.as_bytes()[..to];
    if bytes[at] != b'"' {
        // `“…”`, which has no escapes.
        return text[at..to]
            .find('”')
            .map_or(to, |i| at + i + '”'.len_utf8());
    }
    // `"…"`: the next quote or backslash, a backslash taking the character after it with it.
    let mut from = at + 1;
    while let Some(i) = memchr::memchr2(b'"', b'\\', &bytes[from..]) {
        let found = from + i;
        if bytes[found] == b'"' {
            return found + 1;
        }
        // The escaped character is skipped whole (it may be a quote, or a character of several bytes).
        from = found + 1 + text[found + 1..to].chars().next().map_or(0, char::len_utf8);
        if from >= to {
            return to;
        }
    }
    to
}

/// The first `{` between `from` and `to`.
pub(super) fn open_brace(text: &str, from: usize, to: usize) -> Option<usize> {
    lex(text, from, to)
        .find(|token| token.kind == Kind::Open)
        .map(|token| token.span.start)
}

/// Whether a `:` stands between `from` and `to`, and where.
pub(super) fn colon(text: &str, from: usize, to: usize) -> Option<usize> {
    lex(text, from, to)
        .find(|token| token.kind == Kind::Colon)
        .map(|token| token.span.start)
}

/// The value of a field or attribute the AST knows, or a level-1 group of a declaration.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'d> {
    /// Written as it stands: a quoted text, a year, a number, a 取值依据.
    Verbatim(Span),
    /// A period or a single date: as it stands, with runs of spaces made one.
    Period(Span),
    /// 资金: an amount and its sources.
    Funds(&'d Funds),
    /// 实际完成值: a target value.
    Target(&'d Target),
    /// A level-1 group (no keyword before it).
    Level1(&'d Level1Group),
    /// An amount or a percentage: `1961 万元`, `71.29 %`.
    Quantity(&'d Quantity),
    /// 支出: a total, its items, or both.
    Spent(&'d Spent),
    /// 执行率 and its attributes.
    Execution(&'d Execution),
    /// 下达: a year and an amount.
    Allocation(&'d Allocation),
    /// 合同: a name and its entries.
    Contract(&'d Contract),
    /// A node of an evaluation's index system (no keyword before it).
    Node(&'d EvalNode),
}

/// A value of the AST and where it stands.
#[derive(Debug, Clone, Copy)]
pub(super) struct Known<'d> {
    /// The value.
    pub value: Value<'d>,
    /// Where the value starts (after its keyword).
    pub start: usize,
    /// Where the whole item ends.
    pub end: usize,
}

impl<'d> Known<'d> {
    /// A value that spans exactly `span`.
    pub(super) fn at(value: Value<'d>, span: Span) -> Self {
        Known {
            value,
            start: span.start,
            end: span.end,
        }
    }

    fn keyed(&self) -> bool {
        !matches!(self.value, Value::Level1(_) | Value::Node(_))
    }
}

/// One item of a block, in source order.
#[derive(Debug, Clone)]
pub(super) enum Entry<'d> {
    /// Tokens the AST does not hold (an unknown or repeated field), kept as written.
    Raw(Vec<Token>),
    /// A value of the AST with its keyword and colon, if any.
    Item {
        /// The keyword (`主管部门`, `依据` …), absent for a level-1 group.
        keyword: Option<Span>,
        /// The colon after the keyword.
        colon: Option<usize>,
        /// The value.
        value: Value<'d>,
    },
}

/// The items of the block body `text[from..to]`, given the values the AST knows there.
pub(super) fn split<'d>(
    text: &str,
    from: usize,
    to: usize,
    mut known: Vec<Known<'d>>,
) -> Vec<Entry<'d>> {
    known.sort_by_key(|item| item.start);
    let mut entries = Vec::new();
    let mut cursor = from;
    for item in known {
        let mut gap: Vec<Token> = lex(text, cursor, item.start).collect();
        let (mut keyword, mut colon) = (None, None);
        if item.keyed() {
            if gap.last().is_some_and(|t| t.kind == Kind::Colon) {
                colon = gap.pop().map(|t| t.span.start);
            }
            if gap.last().is_some_and(|t| t.kind == Kind::Word) {
                keyword = gap.pop().map(|t| t.span);
            }
        }
        if !gap.is_empty() {
            entries.push(Entry::Raw(gap));
        }
        entries.push(Entry::Item {
            keyword,
            colon,
            value: item.value,
        });
        cursor = item.end;
    }
    let rest: Vec<Token> = lex(text, cursor, to).collect();
    if !rest.is_empty() {
        entries.push(Entry::Raw(rest));
    }
    entries
}

/// The ledger fields the AST holds, each at its value.
pub(super) fn ledger_items<'d>(text: &str, ledger: &'d Ledger) -> Vec<Known<'d>> {
    let quantities = [
        &ledger.received,
        &ledger.balance,
        &ledger.contracted,
        &ledger.paid,
        &ledger.progress,
    ];
    let mut known: Vec<Known<'d>> = quantities
        .into_iter()
        .flatten()
        .map(|q| Known::at(Value::Quantity(q), q.span()))
        .collect();
    if let Some(spent) = &ledger.spent {
        let start = spent.total.as_ref().map_or_else(
            || open_brace(text, spent.span.start, spent.span.end).unwrap_or(spent.span.start),
            |total| total.value.span.start,
        );
        known.push(Known {
            value: Value::Spent(spent),
            start,
            end: spent.span.end,
        });
    }
    if let Some(execution) = &ledger.execution {
        known.push(Known {
            value: Value::Execution(execution),
            start: execution.rate.as_ref().map_or_else(
                || {
                    open_brace(text, execution.span.start, execution.span.end)
                        .unwrap_or(execution.span.start)
                },
                |rate| rate.value.span.start,
            ),
            end: execution.span.end,
        });
    }
    for allocation in &ledger.allocations {
        known.push(Known {
            value: Value::Allocation(allocation),
            start: allocation.year.span.start,
            end: allocation.span.end,
        });
    }
    for contract in &ledger.contracts {
        known.push(Known {
            value: Value::Contract(contract),
            start: contract.name.span.start,
            end: contract.span.end,
        });
    }
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        lex(text, 0, text.len())
            .map(|t| (t.kind, &text[t.span.range()]))
            .collect()
    }

    #[test]
    fn gaps_lex_into_words_texts_braces_and_colons() {
        assert_eq!(
            kinds("负责人: \"张\\\"三\" # 注释 {\n 100万元 { “甲”}"),
            [
                (Kind::Word, "负责人"),
                (Kind::Colon, ":"),
                (Kind::Text, "\"张\\\"三\""),
                (Kind::Word, "100万元"),
                (Kind::Open, "{"),
                (Kind::Text, "“甲”"),
                (Kind::Close, "}"),
            ]
        );
    }

    #[test]
    fn a_text_ends_at_its_closing_quote_after_any_escape_or_at_the_range_end() {
        assert_eq!(
            kinds("\"a\\\\\" \"\\“\\é\" “x\\”"),
            [
                (Kind::Text, "\"a\\\\\""),
                (Kind::Text, "\"\\“\\é\""),
                (Kind::Text, "“x\\”")
            ]
        );
        assert_eq!(kinds("\"开\\\""), [(Kind::Text, "\"开\\\"")]);
        assert_eq!(kinds("“开"), [(Kind::Text, "“开")]);
        let text = "\"甲\" 乙";
        let to = text.find('\"').unwrap() + 4;
        let spans: Vec<&str> = lex(text, 0, to).map(|t| &text[t.span.range()]).collect();
        assert_eq!(spans, ["\"甲"]);
    }

    #[test]
    fn the_word_before_a_value_is_its_keyword_and_the_rest_is_kept_raw() {
        let text = "{ 负责人 \"张三\" 年度: 2022 }";
        let year = text.find("2022").unwrap();
        let known = vec![Known::at(
            Value::Verbatim(Span::new(year, year + 4)),
            Span::new(year, year + 4),
        )];
        let entries = split(text, 1, text.len() - 1, known);
        assert_eq!(entries.len(), 2);
        let Entry::Raw(raw) = &entries[0] else {
            panic!("{entries:?}")
        };
        assert_eq!(raw.len(), 2);
        let Entry::Item { keyword, colon, .. } = &entries[1] else {
            panic!("{entries:?}")
        };
        assert_eq!(&text[keyword.unwrap().range()], "年度");
        assert_eq!(colon.map(|c| &text[c..c + 1]), Some(":"));
    }
}
