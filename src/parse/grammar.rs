//! The pest parser generated from `grammar/jx.pest`, and the grammar's own tests.

use pest::iterators::Pairs;
use pest::Parser;

/// The parser for .jx files.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jx.pest"]
pub(super) struct JxParser;

/// Parses a whole file, collecting the detail that syntax errors need (the tokens expected at the failure).
pub(super) fn parse_file(text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    pest::set_error_detail(true);
    JxParser::parse(Rule::file, text).map_err(Box::new)
}

#[cfg(test)]
mod tests;
