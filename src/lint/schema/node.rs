//! A node of a file as rules see it: the node with everything above it, and the facts computed once per
//! declaration before its rules run. The nodes below each one are visited in file order ([`Node::children`]).

use super::scope::Scope;
use crate::source::Span;
use crate::syntax::ast::{
    Allocation, Contract, Declaration, Document, EvalNode, Evaluation, FundSource, Header,
    Indicator, Level1Group, Level2Group,
};
use crate::syntax::levels::{Level1, Level2};
use rustc_hash::FxHashMap as HashMap;
use std::ops::ControlFlow;

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
    /// The evaluation, at evaluation scope and below.
    pub evaluation: Option<&'a Evaluation>,
    /// The node of the evaluation's index system, at node scope.
    pub eval_node: Option<&'a EvalNode>,
    /// The header whose money this is, at ledger scope and below.
    pub ledger: Option<&'a Header>,
    /// The entry of the ledger, at source, allocation and contract scope.
    pub entry: Option<Entry<'a>>,
}

/// An entry of a ledger.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// A funding source of the budget.
    Source(&'a FundSource),
    /// An allocation for a year.
    Allocation(&'a Allocation),
    /// A contract.
    Contract(&'a Contract),
}

impl<'a> Node<'a> {
    /// The root of a file's tree.
    pub fn root(text: &'a str, document: &'a Document, facts: &'a [DeclarationFacts<'a>]) -> Self {
        Node {
            text,
            document,
            facts,
            declaration: None,
            level1: None,
            group: None,
            indicator: None,
            evaluation: None,
            eval_node: None,
            ledger: None,
            entry: None,
        }
    }

    /// The scope of this node.
    pub fn scope(&self) -> Scope {
        if let Some(entry) = self.entry {
            match entry {
                Entry::Source(_) => Scope::Source,
                Entry::Allocation(_) => Scope::Allocation,
                Entry::Contract(_) => Scope::Contract,
            }
        } else if self.ledger.is_some() {
            Scope::Ledger
        } else if self.eval_node.is_some() {
            Scope::Node
        } else if self.evaluation.is_some() {
            Scope::Evaluation
        } else if self.indicator.is_some() {
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
        let span = if let Some(span) = self.own_span() {
            span
        } else if let Some(indicator) = self.indicator {
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

    /// The span of a node of an evaluation or of a ledger: the entry, the ledger's owner, the node, the
    /// evaluation.
    fn own_span(&self) -> Option<Span> {
        if let Some(entry) = self.entry {
            return Some(match entry {
                Entry::Source(source) => source.span,
                Entry::Allocation(allocation) => allocation.span,
                Entry::Contract(contract) => contract.span,
            });
        }
        if self.ledger.is_some() {
            return self.owner_span();
        }
        self.eval_node
            .map(|node| node.span)
            .or_else(|| self.evaluation.map(|e| e.span))
    }

    /// The span of the declaration or evaluation this node belongs to.
    fn owner_span(&self) -> Option<Span> {
        self.evaluation
            .map(|e| e.span)
            .or_else(|| self.declaration.map(|f| f.declaration.span))
    }

    /// The header of the declaration or evaluation this node belongs to.
    pub fn header(&self) -> Option<&'a Header> {
        self.evaluation
            .map(|e| &e.header)
            .or_else(|| self.declaration.map(|f| &f.declaration.header))
    }

    /// The name of the declaration or evaluation this node belongs to.
    pub fn owner_name(&self) -> Option<&'a crate::syntax::ast::Spanned<String>> {
        self.evaluation
            .map(|e| &e.name)
            .or_else(|| self.declaration.map(|f| &f.declaration.name))
    }

    /// Where a finding about this node points when its rule says nothing else.
    pub fn default_span(&self) -> Span {
        if let Some(entry) = self.entry {
            match entry {
                Entry::Source(source) => source.amount.value.span,
                Entry::Allocation(allocation) => allocation.amount.value.span,
                Entry::Contract(contract) => contract.name.span,
            }
        } else if let Some(header) = self.ledger {
            header.funds.as_ref().map_or_else(
                || self.owner_name().map_or(Span::point(0), |n| n.span),
                |funds| funds.total.value.span,
            )
        } else if let Some(node) = self.eval_node {
            node.label.span
        } else if let Some(evaluation) = self.evaluation {
            evaluation.name.span
        } else if let Some(indicator) = self.indicator {
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

impl<'a> Node<'a> {
    /// Calls `visit` on each node directly below this one, in file order, until it breaks: a file's declarations
    /// then its evaluations; a declaration's ledger (when it states any money) then its level-1 groups; an
    /// evaluation's ledger then its level-1 nodes; a node's children; a ledger's sources, allocations and
    /// contracts.
    pub fn children(&self, visit: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>) -> ControlFlow<()> {
        let node = *self;
        match self.scope() {
            Scope::File => {
                for fact in node.facts {
                    visit(Node {
                        declaration: Some(fact),
                        ..node
                    })?;
                }
                for evaluation in &node.document.evaluations {
                    visit(Node {
                        evaluation: Some(evaluation),
                        ..node
                    })?;
                }
            }
            Scope::Declaration => {
                let declaration = node.declaration.expect("declaration scope").declaration;
                node.ledger_below(&declaration.header, visit)?;
                for level1 in &declaration.groups {
                    visit(Node {
                        level1: Some(level1),
                        ..node
                    })?;
                }
            }
            Scope::Evaluation => {
                let evaluation = node.evaluation.expect("evaluation scope");
                node.ledger_below(&evaluation.header, visit)?;
                for child in &evaluation.nodes {
                    visit(Node {
                        eval_node: Some(child),
                        ..node
                    })?;
                }
            }
            Scope::Node => {
                for child in &node.eval_node.expect("node scope").children {
                    visit(Node {
                        eval_node: Some(child),
                        ..node
                    })?;
                }
            }
            Scope::Ledger => node.entries(visit)?,
            Scope::Level1 => {
                for group in &node.level1.expect("level-1 scope").groups {
                    visit(Node {
                        group: Some(group),
                        ..node
                    })?;
                }
            }
            Scope::Group => {
                for indicator in &node.group.expect("group scope").indicators {
                    visit(Node {
                        indicator: Some(indicator),
                        ..node
                    })?;
                }
            }
            Scope::Indicator | Scope::Source | Scope::Allocation | Scope::Contract => {}
        }
        ControlFlow::Continue(())
    }

    /// Calls `visit` on each indicator below this node, in file order, until it breaks, when this node is a
    /// declaration, a level-1 group or a group; `None` for any other. The walk of [`Node::children`] without the
    /// levels in between, for the aggregates over `indicators` that rules make on every declaration.
    pub fn each_indicator(
        &self,
        visit: &mut dyn FnMut(&Node<'a>) -> ControlFlow<()>,
    ) -> Option<ControlFlow<()>> {
        let groups: &[Level1Group] = match self.scope() {
            Scope::Group => {
                return Some(self.indicators_of(self.level1?, self.group?, visit));
            }
            Scope::Level1 => std::slice::from_ref(self.level1?),
            Scope::Declaration => &self.declaration?.declaration.groups,
            _ => return None,
        };
        for level1 in groups {
            for group in &level1.groups {
                if self.indicators_of(level1, group, visit).is_break() {
                    return Some(ControlFlow::Break(()));
                }
            }
        }
        Some(ControlFlow::Continue(()))
    }

    /// Calls `visit` on each indicator of `group` (under `level1`) until it breaks.
    fn indicators_of(
        &self,
        level1: &'a Level1Group,
        group: &'a Level2Group,
        visit: &mut dyn FnMut(&Node<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        for indicator in &group.indicators {
            visit(&Node {
                level1: Some(level1),
                group: Some(group),
                indicator: Some(indicator),
                ..*self
            })?;
        }
        ControlFlow::Continue(())
    }

    /// The ledger of `header` as a node, when the header states any money.
    fn ledger_below(
        self,
        header: &'a Header,
        visit: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if header.funds.is_none() && header.ledger.is_empty() {
            return ControlFlow::Continue(());
        }
        visit(Node {
            ledger: Some(header),
            ..self
        })
    }

    /// The entries of a ledger: sources, allocations, contracts.
    fn entries(self, visit: &mut dyn FnMut(Node<'a>) -> ControlFlow<()>) -> ControlFlow<()> {
        let header = self.ledger.expect("ledger scope");
        let sources = header
            .funds
            .iter()
            .flat_map(|f| &f.sources)
            .map(Entry::Source);
        let allocations = header.ledger.allocations.iter().map(Entry::Allocation);
        let contracts = header.ledger.contracts.iter().map(Entry::Contract);
        for entry in sources.chain(allocations).chain(contracts) {
            visit(Node {
                entry: Some(entry),
                ..self
            })?;
        }
        ControlFlow::Continue(())
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
