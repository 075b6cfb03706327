//! What a rule applies to: the five kinds of node of the indicator tree, from the file down to one indicator.

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
        }
    }

    /// Every scope, from the file down to an indicator.
    pub const ALL: [Scope; 5] = [
        Scope::File,
        Scope::Declaration,
        Scope::Level1,
        Scope::Group,
        Scope::Indicator,
    ];

    /// Reads a keyword of the check language.
    pub fn from_keyword(word: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.keyword() == word)
    }
}
