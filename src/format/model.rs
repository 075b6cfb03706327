//! What a document means, without where it was written: the model that formatting must not change.
//!
//! The AST with every span removed, the suppressions with the node each covers named by its place in the tree
//! (`声明1/一级2/二级1/指标3`) rather than by offsets, and the comments in order with their text and whether they
//! trail code. Two sources with equal models declare the same thing, suppress the same findings on the same
//! nodes and keep the same comments.

use super::spanless::spanless;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::Document;
use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write;

/// The span-free model of `document`, parsed from `source`, as text compared as text: the declarations written
/// without their spans (by `spanless`), then a line for each suppression and each comment, each text written
/// after its length in bytes (so that no text can pass for a line break or for another field, and nothing is
/// escaped). (Built as a string, not as a tree of values: the tree of a large file takes a hundred times the
/// file's size.)
pub fn model(source: &SourceFile, document: &Document) -> String {
    let declarations = spanless(&document.declarations);
    let evaluations = spanless(&document.evaluations);
    // Naming the places of nodes is for suppressions; most documents have none.
    let places = if document.suppressions.is_empty() {
        HashMap::default()
    } else {
        node_places(document)
    };
    let comments = source.comments();
    let mut out = String::with_capacity(
        declarations.len()
            + evaluations.len()
            + 64 * (comments.len() + document.suppressions.len())
            + 2,
    );
    out.push_str(&declarations);
    out.push('\n');
    out.push_str(&evaluations);
    out.push('\n');
    for suppression in &document.suppressions {
        out.push_str("suppression");
        for rule in &suppression.rules {
            field(&mut out, Some(&rule.value));
        }
        out.push_str(" reason");
        field(&mut out, suppression.reason.as_deref());
        out.push_str(" covers");
        let covers = suppression
            .scope
            .map(|scope| places.get(&scope).map_or("?", String::as_str));
        field(&mut out, covers);
        out.push('\n');
    }
    for comment in comments {
        out.push_str(if comment.trailing {
            "trailing"
        } else {
            "comment"
        });
        field(&mut out, Some(source.slice(comment.span).trim_end()));
        out.push('\n');
    }
    out
}

/// ` LENGTH:TEXT`, or ` -` for no text.
fn field(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => {
            let _ = write!(out, " {}:", text.len());
            out.push_str(text);
        }
        None => out.push_str(" -"),
    }
}

/// The place of the node each suppression of `document` covers, in the order of the suppressions.
pub(super) fn covers(document: &Document) -> Vec<Option<String>> {
    if document.suppressions.is_empty() {
        return Vec::new();
    }
    let places = node_places(document);
    document
        .suppressions
        .iter()
        .map(|suppression| {
            suppression
                .scope
                .and_then(|scope| places.get(&scope).cloned())
        })
        .collect()
}

/// Every node a suppression can cover, named by its place in the tree.
fn node_places(document: &Document) -> HashMap<Span, String> {
    let mut places = HashMap::default();
    for (e, evaluation) in document.evaluations.iter().enumerate() {
        let e = format!("评价{}", e + 1);
        places.insert(evaluation.span, e.clone());
        for (n, node) in evaluation.nodes.iter().enumerate() {
            for (i, below) in node.walk().into_iter().enumerate() {
                places.insert(below.span, format!("{e}/节点{}/{i}", n + 1));
            }
        }
        ledger_places(&evaluation.header.ledger, &e, &mut places);
    }
    for (d, declaration) in document.declarations.iter().enumerate() {
        let d = format!("声明{}", d + 1);
        places.insert(declaration.span, d.clone());
        ledger_places(&declaration.header.ledger, &d, &mut places);
        for (g, level1) in declaration.groups.iter().enumerate() {
            let g = format!("{d}/一级{}", g + 1);
            places.insert(level1.span, g.clone());
            for (s, level2) in level1.groups.iter().enumerate() {
                let s = format!("{g}/二级{}", s + 1);
                places.insert(level2.span, s.clone());
                for (i, indicator) in level2.indicators.iter().enumerate() {
                    places.insert(indicator.span, format!("{s}/指标{}", i + 1));
                }
            }
        }
    }
    places
}

/// The ledger's fields, named by their order in their declaration or evaluation.
fn ledger_places(
    ledger: &crate::syntax::ast::Ledger,
    owner: &str,
    places: &mut HashMap<Span, String>,
) {
    for (i, span) in ledger.spans().into_iter().enumerate() {
        places.insert(span, format!("{owner}/资金{}", i + 1));
    }
}
