//! What a document means, without where it was written: the model that formatting must not change.
//!
//! The AST with every span removed, the suppressions with the node each covers named by its place in the tree
//! (`声明1/一级2/二级1/指标3`) rather than by offsets, and the comments in order with their text and whether they
//! trail code. Two sources with equal models declare the same thing, suppress the same findings on the same
//! nodes and keep the same comments.

use super::spanless::{self, Expect};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::Document;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::{self, Write};

/// The span-free model of `document`, parsed from `source`, as text compared as text: the declarations written
/// without their spans (by `spanless`), then a line for each suppression and each comment, each text written
/// after its length in bytes (so that no text can pass for a line break or for another field, and nothing is
/// escaped). (Built as a string, not as a tree of values: the tree of a large file takes a hundred times the
/// file's size.)
pub fn model(source: &SourceFile, document: &Document) -> String {
    // The model of a laid-out file is about its size: room for that saves most of the growing.
    let mut out = String::with_capacity(source.text().len() + 64);
    // Writing to a String cannot fail.
    let _ = write_model(&mut out, source, document);
    out
}

/// Whether `document`, parsed from `source`, has the model `expected`: the model is compared as it is written,
/// and given up at the first difference.
pub fn has_model(source: &SourceFile, document: &Document, expected: &str) -> bool {
    let mut expect = Expect::new(expected);
    write_model(&mut expect, source, document).is_ok() && expect.is_done()
}

/// Writes [`model`] to `out`; an error only where `out` gives one.
fn write_model<W: Write>(out: &mut W, source: &SourceFile, document: &Document) -> fmt::Result {
    spanless::write(out, &document.declarations)?;
    out.write_char('\n')?;
    spanless::write(out, &document.evaluations)?;
    out.write_char('\n')?;
    // Naming the places of nodes is for suppressions; most documents have none.
    let places = if document.suppressions.is_empty() {
        HashMap::default()
    } else {
        node_places(document)
    };
    for suppression in &document.suppressions {
        out.write_str("suppression")?;
        for rule in &suppression.rules {
            field(out, Some(&rule.value))?;
        }
        out.write_str(" reason")?;
        field(out, suppression.reason.as_deref())?;
        out.write_str(" covers")?;
        let covers = suppression
            .scope
            .map(|scope| places.get(&scope).map_or("?", String::as_str));
        field(out, covers)?;
        out.write_char('\n')?;
    }
    for comment in source.comments() {
        out.write_str(if comment.trailing {
            "trailing"
        } else {
            "comment"
        })?;
        field(out, Some(source.slice(comment.span).trim_end()))?;
        out.write_char('\n')?;
    }
    Ok(())
}

/// ` LENGTH:TEXT`, or ` -` for no text.
fn field<W: Write>(out: &mut W, text: Option<&str>) -> fmt::Result {
    match text {
        Some(text) => {
            write!(out, " {}:", text.len())?;
            out.write_str(text)
        }
        None => out.write_str(" -"),
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

/// The nodes the suppressions of `document` cover, named by their place in the tree. (Only those are named: a
/// document has many nodes and few suppressions.)
fn node_places(document: &Document) -> HashMap<Span, String> {
    let wanted = document
        .suppressions
        .iter()
        .filter_map(|suppression| suppression.scope)
        .collect();
    let mut places = Places {
        wanted,
        named: HashMap::default(),
    };
    for (e, evaluation) in document.evaluations.iter().enumerate() {
        let e = format!("评价{}", e + 1);
        places.name(evaluation.span, || e.clone());
        for (n, node) in evaluation.nodes.iter().enumerate() {
            for (i, below) in node.walk().into_iter().enumerate() {
                places.name(below.span, || format!("{e}/节点{}/{i}", n + 1));
            }
        }
        ledger_places(&evaluation.header.ledger, &e, &mut places);
    }
    for (d, declaration) in document.declarations.iter().enumerate() {
        let d = format!("声明{}", d + 1);
        places.name(declaration.span, || d.clone());
        ledger_places(&declaration.header.ledger, &d, &mut places);
        for (g, level1) in declaration.groups.iter().enumerate() {
            let g = format!("{d}/一级{}", g + 1);
            places.name(level1.span, || g.clone());
            for (s, level2) in level1.groups.iter().enumerate() {
                let s = format!("{g}/二级{}", s + 1);
                places.name(level2.span, || s.clone());
                for (i, indicator) in level2.indicators.iter().enumerate() {
                    places.name(indicator.span, || format!("{s}/指标{}", i + 1));
                }
            }
        }
    }
    places.named
}

/// The places named so far, of the nodes wanted.
struct Places {
    wanted: HashSet<Span>,
    named: HashMap<Span, String>,
}

impl Places {
    /// Names the node at `span` if it is wanted (a later node at the same span takes its place).
    fn name(&mut self, span: Span, place: impl FnOnce() -> String) {
        if self.wanted.contains(&span) {
            self.named.insert(span, place());
        }
    }
}

/// The ledger's fields, named by their order in their declaration or evaluation.
fn ledger_places(ledger: &crate::syntax::ast::Ledger, owner: &str, places: &mut Places) {
    for (i, span) in ledger.spans().into_iter().enumerate() {
        places.name(span, || format!("{owner}/资金{}", i + 1));
    }
}
