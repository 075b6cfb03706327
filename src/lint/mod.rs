//! Linting a parsed declaration: what rules can see ([`schema`]), the rule language and its compiler ([`dsl`]),
//! the compiled rules and the user's selection of them ([`registry`]), building the rule set a configuration
//! asks for ([`load`]), running it over a document ([`engine`]), checking one input end to end ([`check`]),
//! applying the safe fixes rules declare ([`fix`]) and the score tables of `jixiao score` ([`score`]).
//!
//! Inside, imports point one way: schema ← registry ← dsl ← load; schema, registry ← engine ← check;
//! schema, registry ← score.

pub mod check;
pub mod dsl;
pub mod engine;
pub mod fix;
pub mod load;
pub mod registry;
pub mod schema;
pub mod score;

pub use check::{check_source, check_with_rules};
pub use dsl::builtin;
pub use registry::{Rule, RuleSet, Selection};
