//! Rule files as written: pest (`grammar/rules.pest`) → a plain syntax tree with spans.
//!
//! Nothing is resolved here: field, function and lexicon names are checked by [`super::compile`]. Errors carry
//! spans into the rule file. This file reads files, lexicons and rules; `expression.rs` reads expressions.

use crate::lint::schema::ops::{BinaryOp, UnaryOp};
use crate::source::{unescape, Span};
use pest::iterators::{Pair, Pairs};
use pest::Parser;
use rust_decimal::Decimal;

mod grammar {
    /// The parser generated from `grammar/rules.pest`.
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/rules.pest"]
    pub struct RulesParser;
}
use grammar::{Rule, RulesParser};

mod expression;
use expression::{expr, literal};
mod gather;
pub mod template;
pub use gather::{parsed_placeholders, regex_literals};

/// A parsed rule file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RuleFileSyntax {
    /// The lexicons, in file order.
    pub lexicons: Vec<LexiconSyntax>,
    /// The rules, in file order.
    pub rules: Vec<RuleSyntax>,
}

/// `lexicon NAME "description" { terms }` or `lexicon NAME "description" = a | b`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LexiconSyntax {
    /// The name.
    pub name: Word,
    /// What the lexicon holds.
    pub description: Option<String>,
    /// The terms.
    pub terms: Vec<Word>,
    /// For a union, the lexicons it stands for (and no terms).
    pub union: Vec<Word>,
}

/// A word or string with its span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// `rule CODE name { … }`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RuleSyntax {
    /// The stable code.
    pub code: Word,
    /// The kebab-case name.
    pub name: Word,
    /// The whole rule.
    pub span: Span,
    /// `severity …`.
    pub severity: Option<Word>,
    /// `category …`.
    pub category: Option<Word>,
    /// `applies …`.
    pub scope: Option<Word>,
    /// `param …` entries.
    pub params: Vec<ParamSyntax>,
    /// `let NAME = …` entries, in order.
    pub lets: Vec<(Word, Expr)>,
    /// `when …`.
    pub when: Option<Expr>,
    /// `at …`.
    pub at: Option<Word>,
    /// `fix FIELD "template"`.
    pub fix: Option<(Word, Word)>,
    /// `message|help|summary|docs zh|en "…"` entries: (kind, lang, text).
    pub texts: Vec<(Word, Word, Word)>,
    /// `example fail|pass "…"` entries.
    pub examples: Vec<(Word, Word)>,
}

/// What `build.rs` keeps apart from a built-in rule's tree: its `docs` texts (kind, language, text) and its
/// examples (kind, text), read only by what shows them.
pub type RuleDocs = (Vec<(Word, Word, Word)>, Vec<(Word, Word)>);

/// `param NAME = LITERAL "description"`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ParamSyntax {
    /// The name.
    pub name: Word,
    /// The default.
    pub default: Expr,
    /// What it means.
    pub description: Option<String>,
}

/// An expression and where it was written.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// The forms of an expression.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExprKind {
    /// A number with an optional unit.
    Number(Decimal, Option<String>),
    /// A string.
    Str(String),
    /// true or false.
    Bool(bool),
    /// null.
    Null,
    /// A field: `name`, `declaration.budget`.
    Path(Vec<String>),
    /// `$name`.
    Param(String),
    /// `f(a, b)`.
    Call(Word, Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `count(indicators where … of …)`.
    Aggregate {
        /// count, sum, any, all, min, max.
        func: Word,
        /// indicators, groups, level1s, declarations.
        collection: Word,
        /// The `where` filter.
        filter: Option<Box<Expr>>,
        /// The `of` expression.
        of: Option<Box<Expr>>,
    },
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `x is null` (false) or `x is not null` (true).
    IsNull(Box<Expr>, bool),
}

/// A syntax error in a rule file.
///
/// Besides pest's errors, the tree is read defensively: a part the grammar always gives that is missing, or one
/// it never gives, is an error here too (never a panic, never a silent default).
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// Where.
    pub span: Span,
    /// What pest expected, in words.
    pub expected: String,
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

fn word(pair: &Pair<'_, Rule>) -> Word {
    Word {
        text: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

/// The next part of a grammar rule, `what` in words; the grammar guarantees it.
fn part<'i>(
    parts: &mut impl Iterator<Item = Pair<'i, Rule>>,
    parent: Span,
    what: &str,
) -> Result<Pair<'i, Rule>, SyntaxError> {
    parts.next().ok_or_else(|| SyntaxError {
        span: parent,
        expected: what.to_string(),
    })
}

/// A part that the grammar does not put where it was found; `expected` is what belongs there.
fn unexpected(pair: &Pair<'_, Rule>, expected: &str) -> SyntaxError {
    SyntaxError {
        span: span_of(pair),
        expected: expected.to_string(),
    }
}

/// How deep brackets may nest in a rule file. The grammar's expressions nest, and pest runs without its stack
/// probe (see the crate root), so depth is bounded here, before pest, the lowering and the evaluator recurse.
const MAX_NESTING: usize = 64;

/// Where brackets (`(`, `[`) first nest deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = memchr_newline(bytes, i);
                continue;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i = text[i + 3..]
                    .find("\"\"\"")
                    .map_or(bytes.len(), |end| i + 3 + end + 3);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset of the line break at or after `from`, or the end.
fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The error for brackets nested too deep, if they are.
fn check_nesting(text: &str) -> Result<(), SyntaxError> {
    match too_deep(text) {
        Some(at) => Err(SyntaxError {
            span: Span::new(at, at + 1),
            expected: format!("brackets nested at most {MAX_NESTING} deep"),
        }),
        None => Ok(()),
    }
}

/// Parses a whole rule file.
pub fn parse_file(text: &str) -> Result<RuleFileSyntax, SyntaxError> {
    check_nesting(text)?;
    let pairs = parse(Rule::file, text)?;
    let mut file = RuleFileSyntax::default();
    for item in pairs.flat_map(Pair::into_inner) {
        match item.as_rule() {
            Rule::lexicon => file.lexicons.push(lexicon(item)?),
            Rule::rule => file.rules.push(rule(item)?),
            Rule::EOI => {}
            _ => return Err(unexpected(&item, &describe(Rule::rule))),
        }
    }
    Ok(file)
}

/// Parses one expression (a `{…}` placeholder of a message, or a parameter value from jixiao.toml).
pub fn parse_expr(text: &str) -> Result<Expr, SyntaxError> {
    if let Some(simple) = simple_expr(text.trim()) {
        return Ok(simple);
    }
    check_nesting(text)?;
    let mut pairs = parse(Rule::expr, text.trim())?;
    let pair = part(&mut pairs, Span::point(0), &describe(Rule::expr))?;
    if pair.as_str().len() != text.trim().len() {
        return Err(SyntaxError {
            span: Span::point(pair.as_str().len()),
            expected: "the end of the expression".into(),
        });
    }
    expr(pair)
}

/// A field or a parameter (`name`, `declaration.budget`, `$floor`), the most frequent placeholders of the
/// built-in templates, read without the parser: exactly what the grammar's `path` and `param_ref` would give.
fn simple_expr(text: &str) -> Option<Expr> {
    let is_name = |name: &str| {
        let mut bytes = name.bytes();
        bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let kind = match text.strip_prefix('$') {
        Some(param) if is_name(param) => ExprKind::Param(param.to_string()),
        Some(_) => return None,
        // Literals, and `not`, which the grammar takes for the operator (and then finds no operand).
        None if matches!(text, "true" | "false" | "null" | "not") => return None,
        None if text.split('.').all(is_name) => {
            ExprKind::Path(text.split('.').map(str::to_string).collect())
        }
        None => return None,
    };
    Some(Expr {
        kind,
        span: Span::new(0, text.len()),
    })
}

/// Parses `text` from `rule`. A text that fails is parsed a second time with pest's error detail on: without it,
/// the parser leaves out alternatives the next character rules out, and its error lists fewer expected tokens.
fn parse(start: Rule, text: &str) -> Result<Pairs<'_, Rule>, SyntaxError> {
    RulesParser::parse(start, text)
        .or_else(|_| pest::with_error_detail(|| RulesParser::parse(start, text)))
        .map_err(|err| syntax_error(&err))
}

fn syntax_error(err: &pest::error::Error<Rule>) -> SyntaxError {
    let (start, end) = match err.location {
        pest::error::InputLocation::Pos(p) => (p, p),
        pest::error::InputLocation::Span((s, e)) => (s, e),
    };
    let expected = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<String> = positives.iter().map(|r| describe(*r)).collect();
            words.sort();
            words.dedup();
            words.join(", ")
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    SyntaxError {
        span: Span::new(start, end),
        expected,
    }
}

/// A grammar rule in words, for error messages of rule files (read by rule authors).
fn describe(expected: Rule) -> String {
    match expected {
        Rule::lexicon | Rule::kw_lexicon | Rule::rule | Rule::kw_rule => {
            "`rule` or `lexicon`".into()
        }
        Rule::severity => "error, warning, info or off".into(),
        Rule::scope => "indicator, group, level1, declaration or file".into(),
        Rule::lang => "zh or en".into(),
        Rule::text_kind => "message, help, table-help, summary or docs".into(),
        Rule::example_kind => "fail or pass".into(),
        Rule::code => "a code such as JX101".into(),
        Rule::name => "a kebab-case name".into(),
        Rule::string | Rule::escaped_text | Rule::raw_text => "a quoted string".into(),
        Rule::expr
        | Rule::literal
        | Rule::number_literal
        | Rule::number
        | Rule::path
        | Rule::call => "an expression".into(),
        Rule::EOI => "the end of the file".into(),
        other => format!("{other:?}").replace('_', " "),
    }
}

fn lexicon(pair: Pair<'_, Rule>) -> Result<LexiconSyntax, SyntaxError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    part(&mut inner, span, "`lexicon`")?;
    let name = word(&part(&mut inner, span, &describe(Rule::name))?);
    let mut description = None;
    let mut terms = Vec::new();
    let mut union = Vec::new();
    for item in inner {
        match item.as_rule() {
            Rule::string => description = Some(string(&item)?.text),
            Rule::union => union = item.into_inner().map(|name| word(&name)).collect(),
            Rule::term => terms.push(term(item)?),
            _ => return Err(unexpected(&item, "a term")),
        }
    }
    Ok(LexiconSyntax {
        name,
        description,
        terms,
        union,
    })
}

/// A term of a lexicon: a string, or a bare run of characters.
fn term(pair: Pair<'_, Rule>) -> Result<Word, SyntaxError> {
    let span = span_of(&pair);
    let term = part(&mut pair.into_inner(), span, "a term")?;
    match term.as_rule() {
        Rule::string => string(&term),
        Rule::bare_term => Ok(word(&term)),
        _ => Err(unexpected(&term, "a term")),
    }
}

fn rule(pair: Pair<'_, Rule>) -> Result<RuleSyntax, SyntaxError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    part(&mut inner, span, "`rule`")?;
    let code = word(&part(&mut inner, span, &describe(Rule::code))?);
    let name = word(&part(&mut inner, span, &describe(Rule::name))?);
    let mut rule = RuleSyntax {
        code,
        name,
        span,
        severity: None,
        category: None,
        scope: None,
        params: Vec::new(),
        lets: Vec::new(),
        when: None,
        at: None,
        fix: None,
        texts: Vec::new(),
        examples: Vec::new(),
    };
    for item in inner {
        rule_item(&mut rule, item)?;
    }
    Ok(rule)
}

/// One item of a rule, recorded in `rule`.
fn rule_item(rule: &mut RuleSyntax, item: Pair<'_, Rule>) -> Result<(), SyntaxError> {
    let kind = item.as_rule();
    let span = span_of(&item);
    let mut parts = item.clone().into_inner();
    if kind != Rule::text_item {
        part(&mut parts, span, "a keyword")?;
    }
    let parts = &mut parts;
    match kind {
        Rule::severity_item => rule.severity = Some(word(&part(parts, span, "a severity")?)),
        Rule::category_item => rule.category = Some(word(&part(parts, span, "a category")?)),
        Rule::applies_item => rule.scope = Some(word(&part(parts, span, "a scope")?)),
        Rule::let_item => {
            let name = word(&part(parts, span, "a name")?);
            rule.lets
                .push((name, expr(part(parts, span, "an expression")?)?));
        }
        Rule::when_item => rule.when = Some(expr(part(parts, span, "an expression")?)?),
        Rule::at_item => rule.at = Some(word(&part(parts, span, "a field")?)),
        Rule::fix_item => {
            let field = word(&part(parts, span, "a field")?);
            let template = string(&part(parts, span, "a quoted string")?)?;
            rule.fix = Some((field, template));
        }
        Rule::param_item => {
            let name = word(&part(parts, span, "a name")?);
            let default = literal(part(parts, span, "a literal")?)?;
            let description = parts.next().map(|d| string(&d)).transpose()?;
            rule.params.push(ParamSyntax {
                name,
                default,
                description: description.map(|d| d.text),
            });
        }
        Rule::text_item => {
            let kind = word(&part(
                parts,
                span,
                "message, help, table-help, summary or docs",
            )?);
            let lang = word(&part(parts, span, "zh or en")?);
            let text = string(&part(parts, span, "a quoted string")?)?;
            rule.texts.push((kind, lang, text));
        }
        Rule::example_item => {
            let kind = word(&part(parts, span, "fail or pass")?);
            let text = string(&part(parts, span, "a quoted string")?)?;
            rule.examples.push((kind, text));
        }
        _ => return Err(unexpected(&item, "a rule item")),
    }
    Ok(())
}

/// A string's value: escapes resolved in `"…"`; in `"""…"""` a leading newline and the common indentation
/// removed. The span covers the quotes.
fn string(pair: &Pair<'_, Rule>) -> Result<Word, SyntaxError> {
    let span = span_of(pair);
    let inner = part(&mut pair.clone().into_inner(), span, "a quoted string")?;
    let text = match inner.as_rule() {
        Rule::raw_text => dedent(inner.as_str()),
        Rule::escaped_text => unescape(inner.as_str()),
        _ => return Err(unexpected(&inner, "a quoted string")),
    };
    Ok(Word { text, span })
}

/// Removes a leading newline, trailing spaces on the last line and the indentation common to all lines.
fn dedent(raw: &str) -> String {
    let raw = raw.strip_prefix('\n').unwrap_or(raw);
    let raw = raw.trim_end_matches([' ', '\t']);
    let indent = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in raw.lines() {
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
        out.push('\n');
    }
    if !raw.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser's reading of an expression, never the shortcut.
    fn parsed(text: &str) -> Option<Expr> {
        let mut pairs = RulesParser::parse(Rule::expr, text).ok()?;
        let pair = pairs.next()?;
        (pair.as_str().len() == text.len()).then(|| expr(pair).ok())?
    }

    #[test]
    fn the_shortcut_for_fields_and_parameters_reads_what_the_parser_reads() {
        for text in [
            "name",
            "declaration.budget",
            "target-value",
            "a_b.c-d.e1",
            "$floor",
            "$min-rate",
            "count",
            "and",
            "or",
            "in",
            "is",
            "where",
            "of",
            "indicators",
            "nothing",
            "true-value",
        ] {
            assert_eq!(simple_expr(text), parsed(text), "{text}");
        }
        for text in [
            "true", "false", "null", "not", "$", "$1", "a.", ".a", "1a", "a b", "a.b()", "名称",
        ] {
            assert_eq!(simple_expr(text), None, "{text}");
        }
    }
}
