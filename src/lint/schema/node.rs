//! A node of the indicator tree as rules see it: the node with everything above it, and the facts computed
//! once per declaration before its rules run.

use super::scope::Scope;
use crate::source::Span;
use crate::syntax::ast::{Declaration, Document, Indicator, Level1Group, Level2Group};
use crate::syntax::levels::{Level1, Level2};
use rustc_hash::FxHashMap as HashMap;

/// A node of the tree with everything above it.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// The normalised source text of the file.
    pub text: &'a str,
    /// The file.
    pub document: &'a Document,
    /// The facts of every declaration of the file, computed once.
    pub facts: &'a [DeclarationFacts<'a>],
    /// The declaration, below file scope.
    pub declaration: Option<&'a DeclarationFacts<'a>>,
    /// The level-1 group, at level-1 scope and below.
    pub level1: Option<&'a Level1Group>,
    /// The level-2 group, at group scope and below.
    pub group: Option<&'a Level2Group>,
    /// The indicator, at indicator scope.
    pub indicator: Option<&'a Indicator>,
}

impl<'a> Node<'a> {
    /// The scope of this node.
    pub fn scope(&self) -> Scope {
        if self.indicator.is_some() {
            Scope::Indicator
        } else if self.group.is_some() {
            Scope::Group
        } else if self.level1.is_some() {
            Scope::Level1
        } else if self.declaration.is_some() {
            Scope::Declaration
        } else {
            Scope::File
        }
    }

    /// The level 1 of this node: its group's, or, under a level 1 that was not recognised, its level 2's parent;
    /// satisfaction for a satisfaction group under 效益 (the 2015 template).
    pub fn level1_kind(&self) -> Option<Level1> {
        let group = self.group.and_then(|g| g.level);
        // A satisfaction group is satisfaction wherever the 2015 template put it (under 效益).
        if group == Some(Level2::ServiceRecipient) {
            return Some(Level1::Satisfaction);
        }
        self.level1
            .and_then(|l| l.level)
            .or_else(|| group.map(Level2::parent))
    }

    /// Whether the node was read whole: no part of the text inside it was left out after a syntax error. A node
    /// that was not is not judged as a whole (its indicators still are).
    pub fn is_whole(&self) -> bool {
        let span = if let Some(indicator) = self.indicator {
            indicator.span
        } else if let Some(group) = self.group {
            group.span
        } else if let Some(level1) = self.level1 {
            level1.span
        } else if let Some(facts) = self.declaration {
            facts.declaration.span
        } else {
            return self.document.gaps.is_empty();
        };
        !self
            .document
            .gaps
            .iter()
            .any(|gap| gap.start < span.end && gap.end > span.start)
    }

    /// Where a finding about this node points when its rule says nothing else.
    pub fn default_span(&self) -> Span {
        if let Some(indicator) = self.indicator {
            indicator
                .target
                .as_ref()
                .map_or(indicator.name.span, |t| t.span)
        } else if let Some(group) = self.group {
            group.label.span
        } else if let Some(level1) = self.level1 {
            level1.label.span
        } else if let Some(facts) = self.declaration {
            facts.declaration.name.span
        } else {
            self.document
                .declarations
                .first()
                .map_or(Span::point(0), |d| d.name.span)
        }
    }
}

/// A declaration and what is computed about it once, before its rules run.
#[derive(Debug)]
pub struct DeclarationFacts<'a> {
    /// The declaration.
    pub declaration: &'a Declaration,
    /// How many indicators carry each name.
    pub name_counts: HashMap<&'a str, usize>,
}

impl<'a> DeclarationFacts<'a> {
    /// Computes the facts of `declaration`.
    pub fn new(declaration: &'a Declaration) -> Self {
        let mut name_counts = HashMap::default();
        for indicator in declaration
            .groups
            .iter()
            .flat_map(|l| &l.groups)
            .flat_map(|g| &g.indicators)
        {
            *name_counts
                .entry(indicator.name.value.as_str())
                .or_insert(0) += 1;
        }
        DeclarationFacts {
            declaration,
            name_counts,
        }
    }
}
