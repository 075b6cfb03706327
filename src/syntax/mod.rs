//! The .jx language: the typed model of a declaration ([`ast`]), the indicator framework it is checked against
//! ([`levels`]), the parser from text to that model ([`parse`]) and a readable outline of it ([`outline`]).

pub mod ast;
mod date;
pub mod levels;
pub mod outline;
pub mod parse;
