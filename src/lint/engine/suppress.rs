//! Suppressions applied to findings: a finding is dropped when a suppression naming its rule covers its place,
//! and a suppression that drops nothing is reported. The suppressions are indexed by the node each covers, so
//! that each finding looks only at the nodes around it: a file with tens of thousands of suppressions and
//! findings is not quadratic.

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::lint::registry::RuleSet;
use crate::source::Span;
use crate::syntax::ast::{Document, Suppression};

/// Removes findings covered by a suppression naming their rule; reports suppressions that covered nothing.
pub(super) fn suppress(
    document: &Document,
    rules: &RuleSet,
    findings: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let suppressions = &document.suppressions;
    let mut used = vec![false; suppressions.len()];
    let covers = Covers::new(suppressions);
    let mut kept: Vec<Diagnostic> = findings
        .into_iter()
        .filter(|finding| {
            let mut suppressed = false;
            covers.each_covering(finding.span, |i| {
                let names_rule = suppressions[i]
                    .rules
                    .iter()
                    .any(|r| r.value == finding.code || r.value == finding.rule);
                if names_rule {
                    used[i] = true;
                    suppressed = true;
                }
            });
            !suppressed
        })
        .collect();
    for (suppression, used) in suppressions.iter().zip(used) {
        if !used {
            kept.push(unused(suppression, rules));
        }
    }
    kept
}

/// The finding for a suppression that suppressed nothing.
fn unused(suppression: &Suppression, rules: &RuleSet) -> Diagnostic {
    let unknown: Vec<&str> = suppression
        .rules
        .iter()
        .filter(|r| !rules.knows(&r.value))
        .map(|r| r.value.as_str())
        .collect();
    let (zh, en) = if !unknown.is_empty() {
        (
            format!("抑制注释中的“{}”不是规则代码或名称", unknown.join("”“")),
            format!(
                "`{}` in this suppression is not a rule code or name",
                unknown.join("`, `")
            ),
        )
    } else if suppression.scope.is_none() {
        (
            "抑制注释后面没有指标或块，它不起作用".to_string(),
            "nothing follows this suppression, so it suppresses nothing".to_string(),
        )
    } else {
        (
            "抑制注释没有抑制任何问题".to_string(),
            "this suppression suppresses nothing".to_string(),
        )
    };
    Diagnostic::new(
        codes::UNUSED_SUPPRESSION,
        Severity::Warning,
        suppression.comment,
        Text::new(zh, en),
    )
    .with_help(Text::new(
        "删除这条注释，或改正其中的规则代码",
        "remove the comment, or correct the rule code in it",
    ))
}

/// The nodes the suppressions cover, each with the suppressions covering it, and which node is around which.
enum Covers {
    /// The nodes nest or lie apart (as the nodes of a tree do), by start and, at equal starts, widest first;
    /// the suppressions of node `i` are `order[first[i]..first[i + 1]]`.
    Nested {
        scopes: Vec<Span>,
        /// The nearest node around each, if any.
        parent: Vec<Option<usize>>,
        first: Vec<usize>,
        order: Vec<usize>,
    },
    /// Nodes that overlap without one holding the other (no parse gives them): every suppression is looked at.
    All(Vec<(Span, usize)>),
}

impl Covers {
    fn new(suppressions: &[Suppression]) -> Covers {
        let mut pairs: Vec<(Span, usize)> = suppressions
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((s.scope?, i)))
            .collect();
        pairs.sort_by_key(|&(span, i)| (span.start, std::cmp::Reverse(span.end), i));
        let (mut scopes, mut first, mut order) = (Vec::new(), Vec::new(), Vec::new());
        for &(span, i) in &pairs {
            if scopes.last() != Some(&span) {
                scopes.push(span);
                first.push(order.len());
            }
            order.push(i);
        }
        first.push(order.len());
        let mut parent = Vec::with_capacity(scopes.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, &span) in scopes.iter().enumerate() {
            while let Some(&top) = open.last() {
                if scopes[top].contains(span) {
                    break;
                }
                if scopes[top].end > span.start {
                    return Covers::All(pairs);
                }
                open.pop();
            }
            parent.push(open.last().copied());
            open.push(i);
        }
        Covers::Nested {
            scopes,
            parent,
            first,
            order,
        }
    }

    /// Calls `visit` with each suppression whose node holds `span` (a suppression more than once at most when
    /// `span` is empty).
    fn each_covering(&self, span: Span, mut visit: impl FnMut(usize)) {
        match self {
            Covers::All(pairs) => {
                for &(scope, i) in pairs {
                    if scope.contains(span) {
                        visit(i);
                    }
                }
            }
            Covers::Nested {
                scopes,
                parent,
                first,
                order,
            } => {
                // The nodes holding `span` are the last node starting at or before it and the nodes around that
                // one; an empty span where one node ends and the next starts is also held by the nodes around
                // the last node starting before it.
                let at = scopes.partition_point(|scope| scope.start <= span.start);
                let before = scopes.partition_point(|scope| scope.start < span.start);
                let also = if span.start == span.end && before != at {
                    before.checked_sub(1)
                } else {
                    None
                };
                for start in [at.checked_sub(1), also] {
                    let mut node = start;
                    while let Some(n) = node {
                        if scopes[n].contains(span) {
                            order[first[n]..first[n + 1]].iter().for_each(|&i| visit(i));
                        }
                        node = parent[n];
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn suppression(scope: Option<Span>) -> Suppression {
        Suppression {
            rules: Vec::new(),
            reason: None,
            comment: Span::point(0),
            scope,
        }
    }

    fn covering(covers: &Covers, span: Span) -> BTreeSet<usize> {
        let mut found = BTreeSet::new();
        covers.each_covering(span, |i| {
            found.insert(i);
        });
        found
    }

    fn naive(suppressions: &[Suppression], span: Span) -> BTreeSet<usize> {
        (0..suppressions.len())
            .filter(|&i| suppressions[i].scope.is_some_and(|s| s.contains(span)))
            .collect()
    }

    /// The spans of a tree of nodes in 0..64: each node's children lie inside it, one after another, sometimes
    /// touching.
    fn tree(cuts: &[(u8, u8)]) -> Vec<Span> {
        let mut spans = vec![Span::new(0, 64)];
        for &(parent, gap) in cuts {
            let parent = spans[usize::from(parent) % spans.len()];
            let start = parent.start + usize::from(gap) % (parent.len() + 1);
            let end = start + (parent.end - start) / 2;
            // Only a span that nests or lies apart from every other one is kept.
            let candidate = Span::new(start, end);
            if spans.iter().all(|s| {
                s.contains(candidate) || candidate.contains(*s) || s.end <= start || end <= s.start
            }) {
                spans.push(candidate);
            }
        }
        spans
    }

    #[test]
    fn an_empty_span_where_one_node_ends_and_the_next_starts_is_held_by_both() {
        let suppressions = [
            suppression(Some(Span::new(0, 10))),
            suppression(Some(Span::new(10, 20))),
            suppression(Some(Span::new(0, 30))),
            suppression(None),
        ];
        let covers = Covers::new(&suppressions);
        assert!(matches!(covers, Covers::Nested { .. }));
        assert_eq!(
            covering(&covers, Span::point(10)),
            BTreeSet::from([0, 1, 2])
        );
        assert_eq!(covering(&covers, Span::new(9, 11)), BTreeSet::from([2]));
        assert_eq!(covering(&covers, Span::new(12, 15)), BTreeSet::from([1, 2]));
        assert_eq!(covering(&covers, Span::new(25, 31)), BTreeSet::new());
    }

    #[test]
    fn overlapping_nodes_are_all_looked_at() {
        let suppressions = [
            suppression(Some(Span::new(0, 10))),
            suppression(Some(Span::new(5, 15))),
        ];
        let covers = Covers::new(&suppressions);
        assert!(matches!(covers, Covers::All(_)));
        assert_eq!(covering(&covers, Span::new(6, 9)), BTreeSet::from([0, 1]));
        assert_eq!(covering(&covers, Span::new(11, 12)), BTreeSet::from([1]));
    }

    proptest! {
        #[test]
        fn the_suppressions_found_are_those_a_scan_finds(
            cuts in proptest::collection::vec((any::<u8>(), any::<u8>()), 0..24),
            picks in proptest::collection::vec((any::<u8>(), any::<bool>()), 0..24),
            finds in proptest::collection::vec((0usize..70, 0usize..8), 0..40),
        ) {
            let spans = tree(&cuts);
            // Several suppressions may cover one node; some cover nothing.
            let suppressions: Vec<Suppression> = picks
                .iter()
                .map(|&(pick, some)| suppression(some.then(|| spans[usize::from(pick) % spans.len()])))
                .collect();
            let covers = Covers::new(&suppressions);
            prop_assert!(matches!(covers, Covers::Nested { .. }), "the tree nests");
            for (start, len) in finds {
                let span = Span::new(start, start + len);
                prop_assert_eq!(covering(&covers, span), naive(&suppressions, span), "{:?}", span);
            }
        }
    }
}
