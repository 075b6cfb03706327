//! Suppression comments: `# jixiao: allow(RULE, …) 原因`.
//!
//! A suppression on its own line covers the next indicator or block (a level-2 or level-1 group, a whole
//! declaration); a trailing one covers the innermost node that starts earlier on its line. The rule engine
//! honours them and reports the ones that suppress nothing.

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::{Comment, SourceFile, Span};
use crate::syntax::ast::{Document, Spanned, Suppression};

/// Reads every `jixiao:` comment of `source` and works out what each covers.
pub(super) fn suppressions(
    source: &SourceFile,
    document: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let nodes = node_spans(document);
    source
        .comments()
        .iter()
        .filter_map(|comment| {
            let directive = directive(source, comment)?;
            match parse_directive(directive) {
                Ok((rules, reason)) => Some(Suppression {
                    rules,
                    reason,
                    comment: comment.span,
                    scope: scope(source, &nodes, comment),
                }),
                Err(message) => {
                    diagnostics.push(
                        Diagnostic::new(
                            codes::INVALID_SUPPRESSION,
                            Severity::Warning,
                            comment.span,
                            message,
                        )
                        .with_help(Text::new(
                            "写成 # jixiao: allow(规则代码或名称, …) 原因，例如 # jixiao: allow(JX101) 已与财政局确认",
                            "write # jixiao: allow(RULE, …) reason, e.g. # jixiao: allow(JX101) agreed with the finance bureau",
                        )),
                    );
                    None
                }
            }
        })
        .collect()
}

/// Every node a suppression can cover, sorted by start (outer nodes first at equal starts).
fn node_spans(document: &Document) -> Vec<Span> {
    let mut spans = Vec::new();
    for evaluation in &document.evaluations {
        spans.push(evaluation.span);
        spans.extend(evaluation.header.ledger.spans());
        for node in &evaluation.nodes {
            spans.extend(node.walk().into_iter().map(|n| n.span));
        }
    }
    for declaration in &document.declarations {
        spans.push(declaration.span);
        spans.extend(declaration.header.ledger.spans());
        for level1 in &declaration.groups {
            spans.push(level1.span);
            for level2 in &level1.groups {
                spans.push(level2.span);
                spans.extend(level2.indicators.iter().map(|i| i.span));
            }
        }
    }
    spans.sort_by_key(|span| (span.start, std::cmp::Reverse(span.end)));
    spans
}

fn scope(source: &SourceFile, nodes: &[Span], comment: &Comment) -> Option<Span> {
    let at = comment.span.start;
    if comment.trailing {
        // The last node (innermost at equal starts) starting on the comment's line before it: the nodes are sorted
        // by start, so the one just before the comment is it unless it starts on an earlier line.
        let line_start = source.line_span(at).start;
        let before = nodes.partition_point(|span| span.start < at);
        nodes[..before]
            .last()
            .filter(|span| span.start >= line_start)
            .copied()
    } else {
        let next = nodes.partition_point(|span| span.start < comment.span.end);
        nodes.get(next).copied()
    }
}

/// The part after `jixiao:` and the byte offset where it starts, if this comment is a directive.
fn directive<'s>(source: &'s SourceFile, comment: &Comment) -> Option<(usize, &'s str)> {
    let raw = source.slice(comment.span);
    let body = raw.strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix("jixiao")?;
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some((comment.span.start + raw.len() - rest.len(), rest))
}

type Parts = (Vec<Spanned<String>>, Option<String>);

fn parse_directive((offset, rest): (usize, &str)) -> Result<Parts, Text> {
    let invalid = |detail_zh: &str, detail_en: &str| {
        Text::new(
            format!("无法识别的 jixiao 注释：{detail_zh}"),
            format!("unreadable jixiao comment: {detail_en}"),
        )
    };
    let trimmed = rest.trim_start();
    let mut offset = offset + (rest.len() - trimmed.len());
    let Some(args) = trimmed.strip_prefix("allow") else {
        return Err(invalid("应为 allow(…)", "expected allow(…)"));
    };
    offset += "allow".len();
    let (open_len, args) = if let Some(a) = args.strip_prefix('(') {
        (1, a)
    } else if let Some(a) = args.strip_prefix('（') {
        ('（'.len_utf8(), a)
    } else {
        return Err(invalid("allow 后应为括号", "expected `(` after allow"));
    };
    offset += open_len;
    let Some(close) = args.find([')', '）']) else {
        return Err(invalid("缺少右括号", "missing `)`"));
    };
    let close_len = args[close..].chars().next().map_or(1, char::len_utf8);
    let mut rules = Vec::new();
    let mut at = 0;
    for item in args[..close].split([',', '，', '、']) {
        let name = item.trim();
        let start = offset + at + (item.len() - item.trim_start().len());
        at += item.len()
            + args[at + item.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if name.is_empty() {
            continue;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(invalid(
                &format!("“{name}”不是规则代码或名称"),
                &format!("`{name}` is not a rule code or name"),
            ));
        }
        rules.push(Spanned::new(
            name.to_string(),
            Span::new(start, start + name.len()),
        ));
    }
    if rules.is_empty() {
        return Err(invalid("括号内没有规则", "no rule inside the parentheses"));
    }
    let reason = args[close + close_len..].trim();
    let reason = (!reason.is_empty()).then(|| reason.to_string());
    Ok((rules, reason))
}
