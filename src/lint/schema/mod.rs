//! What rules can see and compute: the scopes a rule applies to, the fields of each node, the values fields
//! and expressions take, and the compiled expression model. Shared by the rule compiler ([`super::dsl`]) and
//! the evaluator ([`super::engine`]); it knows neither.

pub mod expr;
pub mod field;
pub mod guard;
pub mod node;
pub mod pattern;
pub mod scope;
pub mod value;
