//! What a rule applies to: the kinds of node of a file, and the collections an aggregate iterates.
//!
//! A file holds declarations and evaluations. A declaration holds its indicator tree (level 1 > group >
//! indicator) and its ledger; an evaluation holds its index system (nodes, nested) and its ledger; a ledger holds
//! the funding sources, the allocations by year and the contracts.

/// What a rule applies to, and what an aggregate iterates over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A whole file.
    File,
    /// A declaration.
    Declaration,
    /// A level-1 group.
    Level1,
    /// A level-2 group.
    Group,
    /// A level-3 indicator.
    Indicator,
    /// An evaluation (评价).
    Evaluation,
    /// A node of an evaluation's index system, at any depth.
    Node,
    /// The money of a declaration or an evaluation: budget, received, spent, balance, execution.
    Ledger,
    /// A funding source of the budget.
    Source,
    /// An allocation for a year (下达).
    Allocation,
    /// A contract (合同).
    Contract,
}

impl Scope {
    /// The keyword of the check language.
    pub fn keyword(self) -> &'static str {
        match self {
            Scope::File => "file",
            Scope::Declaration => "declaration",
            Scope::Level1 => "level1",
            Scope::Group => "group",
            Scope::Indicator => "indicator",
            Scope::Evaluation => "evaluation",
            Scope::Node => "node",
            Scope::Ledger => "ledger",
            Scope::Source => "source",
            Scope::Allocation => "allocation",
            Scope::Contract => "contract",
        }
    }

    /// Every scope: the file, the declarations' tree, the evaluations' tree, the ledger's.
    pub const ALL: [Scope; 11] = [
        Scope::File,
        Scope::Declaration,
        Scope::Level1,
        Scope::Group,
        Scope::Indicator,
        Scope::Evaluation,
        Scope::Node,
        Scope::Ledger,
        Scope::Source,
        Scope::Allocation,
        Scope::Contract,
    ];

    /// Reads a keyword of the check language.
    pub fn from_keyword(word: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.keyword() == word)
    }

    /// The scopes a node of this scope sits directly in (a node sits in a node or in an evaluation).
    pub fn parents(self) -> &'static [Scope] {
        match self {
            Scope::File => &[],
            Scope::Declaration | Scope::Evaluation => &[Scope::File],
            Scope::Level1 => &[Scope::Declaration],
            Scope::Group => &[Scope::Level1],
            Scope::Indicator => &[Scope::Group],
            Scope::Node => &[Scope::Evaluation, Scope::Node],
            Scope::Ledger => &[Scope::Declaration, Scope::Evaluation],
            Scope::Source | Scope::Allocation | Scope::Contract => &[Scope::Ledger],
        }
    }

    /// Whether nodes of this scope can be found below a node of `ancestor` (a node below a node, too).
    pub fn is_below(self, ancestor: Scope) -> bool {
        self.parents()
            .iter()
            .any(|&parent| parent == ancestor || (parent != self && parent.is_below(ancestor)))
    }
}

/// What an aggregate iterates: every node of a scope below the current one, or only the nodes directly under
/// it (`children`: the nodes under a node, the level-1 nodes of an evaluation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Collection {
    /// The scope of the elements.
    pub scope: Scope,
    /// Only the nodes directly under the current one.
    pub direct: bool,
}

/// Every collection with its name in rule files.
const COLLECTIONS: &[(&str, Scope, bool)] = &[
    ("declarations", Scope::Declaration, false),
    ("level1s", Scope::Level1, false),
    ("groups", Scope::Group, false),
    ("indicators", Scope::Indicator, false),
    ("evaluations", Scope::Evaluation, false),
    ("nodes", Scope::Node, false),
    ("children", Scope::Node, true),
    ("sources", Scope::Source, false),
    ("allocations", Scope::Allocation, false),
    ("contracts", Scope::Contract, false),
];

impl Collection {
    /// The collection a rule file names, if it is one.
    pub fn from_name(name: &str) -> Option<Collection> {
        COLLECTIONS
            .iter()
            .find(|(n, ..)| *n == name)
            .map(|&(_, scope, direct)| Collection { scope, direct })
    }

    /// The names of every collection, for documentation and error messages.
    pub fn names() -> Vec<&'static str> {
        COLLECTIONS.iter().map(|(name, ..)| *name).collect()
    }

    /// Whether its elements can be found below a node of `scope`.
    pub fn is_below(self, scope: Scope) -> bool {
        if self.direct {
            self.scope.parents().contains(&scope)
        } else {
            self.scope.is_below(scope)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_lie_below_their_ancestors_only() {
        assert!(Scope::Indicator.is_below(Scope::Declaration));
        assert!(Scope::Indicator.is_below(Scope::File));
        assert!(!Scope::Indicator.is_below(Scope::Evaluation));
        assert!(Scope::Node.is_below(Scope::Node));
        assert!(Scope::Node.is_below(Scope::File));
        assert!(Scope::Source.is_below(Scope::Evaluation));
        assert!(Scope::Contract.is_below(Scope::Declaration));
        assert!(!Scope::Declaration.is_below(Scope::Declaration));
        assert!(!Scope::Level1.is_below(Scope::Ledger));
    }

    #[test]
    fn children_are_directly_below_nodes_and_evaluations() {
        let children = Collection::from_name("children").unwrap();
        assert!(children.is_below(Scope::Node) && children.is_below(Scope::Evaluation));
        assert!(!children.is_below(Scope::File));
        let nodes = Collection::from_name("nodes").unwrap();
        assert!(nodes.is_below(Scope::File));
        assert_eq!(Collection::from_name("indicator"), None);
    }
}
