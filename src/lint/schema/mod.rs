//! What rules can see and compute: the scopes a rule applies to, the fields of each node, the values fields
//! and expressions take, the compiled expression model, and the scores and grades of 财预〔2020〕10号
//! ([`score`]). Shared by the rule compiler ([`super::dsl`]) and
//! the evaluator ([`super::engine`]); it knows neither.

pub mod expr;
pub mod field;
pub mod guard;
pub mod hits;
pub mod lexicon;
pub mod matcher;
pub mod node;
pub mod ops;
pub mod pattern;
pub mod required;
pub mod scope;
pub mod score;
mod shared;
pub mod terms;
pub mod value;
