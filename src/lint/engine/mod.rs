//! The rule engine: evaluates a [`RuleSet`] over a parsed document in one pass and turns what fires into
//! findings, honouring suppression comments. No I/O.
//!
//! [`crate::lint::schema`] says what rules can read and compute with, [`eval`] how expressions run.

pub mod eval;
mod suppress;

use crate::diagnostic::{Diagnostic, Edit, Text};
use crate::lint::registry::{At, RuleSet, Template, TemplatePart};
use crate::lint::schema::field::Field;
use crate::lint::schema::node::{DeclarationFacts, Node};
use crate::source::SourceFile;
use crate::syntax::ast::Document;
use eval::{Evaluator, Memo};

/// Runs every selected rule of `rules` over `document` and returns the findings, suppressed ones removed and
/// unused suppressions reported.
pub fn run<'a>(
    document: &'a Document,
    source: &'a SourceFile,
    rules: &'a RuleSet,
) -> Vec<Diagnostic> {
    let facts: Vec<DeclarationFacts<'_>> = document
        .declarations
        .iter()
        .map(DeclarationFacts::new)
        .collect();
    let root = Node::root(source.text(), document, &facts);
    let mut findings = Vec::new();
    let mut memo = Memo::new();
    visit(&root, rules, &mut findings, &mut memo);
    suppress::suppress(document, rules, findings)
}

/// Evaluates the rules of the node's scope, then descends. The shared calls' values are kept for the node's
/// rules in `memo`, emptied for each node.
fn visit<'a>(
    node: &Node<'a>,
    rules: &'a RuleSet,
    findings: &mut Vec<Diagnostic>,
    memo: &mut Memo<'a>,
) {
    if node.is_whole() && !rules.at_scope(node.scope()).is_empty() {
        memo.clear();
        // Guards are judged on the first node of each kind; what they read and search is the node's, kept for
        // its rules.
        let judged = rules.passing(node.scope(), Field::key(node), |guard| {
            Evaluator::new(rules.lexicon_search(), memo).test(guard, node)
        });
        for &index in judged.iter() {
            if let Some(finding) = apply(node, rules, index, memo) {
                findings.push(finding);
            }
        }
    }
    let _ = node.children(&mut |child| {
        visit(&child, rules, findings, memo);
        std::ops::ControlFlow::Continue(())
    });
}

/// Evaluates one rule on one node: a finding when it fires.
fn apply<'a>(
    node: &Node<'a>,
    rules: &'a RuleSet,
    index: usize,
    memo: &mut Memo<'a>,
) -> Option<Diagnostic> {
    let rule = &rules.rules()[index];
    let severity = rules.severity(index)?;
    let mut evaluator = Evaluator::new(rules.lexicon_search(), memo);
    if !evaluator.test(&rule.when, node) {
        return None;
    }
    let matched = evaluator.matched.clone();
    let at_match = matched.as_ref().and_then(|m| m.span);
    let span = match rule.at {
        Some(At::Field(field)) => field.span(node),
        Some(At::Match) | None => at_match,
    }
    .unwrap_or_else(|| node.default_span());
    // The matched words label the finding only where it points at them.
    let label = matched
        .as_ref()
        .filter(|m| m.span == Some(span))
        .map(|m| Text::new(format!("“{}”", m.text), format!("`{}`", m.text)));
    let message = Text::new(
        render(&rule.message.0, node, &mut evaluator),
        render(&rule.message.1, node, &mut evaluator),
    );
    let help = Text::new(
        render(&rule.help.0, node, &mut evaluator),
        render(&rule.help.1, node, &mut evaluator),
    );
    let fix = rule.fix.as_ref().and_then(|(field, template)| {
        Some(Edit {
            span: field.span(node)?,
            replacement: render(template, node, &mut evaluator),
        })
    });
    Some(Diagnostic {
        code: rule.code.clone(),
        rule: rule.name.clone(),
        severity,
        message,
        help: Some(help),
        span,
        label,
        cell: None,
        fix,
    })
}

/// Fills a template's placeholders. `{match}` is the last match of the condition.
fn render<'a>(
    template: &'a Template,
    node: &Node<'a>,
    evaluator: &mut Evaluator<'_, 'a>,
) -> String {
    let matched = evaluator.matched.clone();
    // Room for the literal text and a short value per placeholder: most messages are written without growing.
    let room: usize = template
        .0
        .iter()
        .map(|part| match part {
            TemplatePart::Text(text) => text.len(),
            TemplatePart::Match | TemplatePart::Expr(_) => 24,
        })
        .sum();
    let mut out = String::with_capacity(room);
    for part in &template.0 {
        match part {
            TemplatePart::Text(text) => out.push_str(text),
            TemplatePart::Match => {
                if let Some(m) = &matched {
                    out.push_str(&m.text);
                }
            }
            TemplatePart::Expr(expr) => out.push_str(&evaluator.eval(expr, node).display()),
        }
    }
    evaluator.matched = matched;
    out
}
