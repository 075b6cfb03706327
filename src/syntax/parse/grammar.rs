//! The pest parser generated from `grammar/jx.pest`, and the grammar's own tests.

use pest::iterators::{Pair, Pairs};
use pest::Parser;

/// The parser for .jx files.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jx.pest"]
pub(super) struct JxParser;

/// Parses a whole file. A file that fails is parsed a second time with pest's error detail on (the tokens
/// expected at the failure), which a syntax error needs and a sound file does not pay for. Without the detail,
/// the parser leaves out alternatives the next character rules out, and lists fewer expected tokens.
pub(super) fn parse_file(text: &str) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    if let Ok(pairs) = JxParser::parse(Rule::file, text) {
        return Ok(pairs);
    }
    parse_file_in_detail(text)
}

/// Parses a whole file with pest's error detail on, for a file already known not to read ([`each_item`] failed
/// on it): its syntax error, without the parse that would fail first without the detail.
pub(super) fn parse_file_in_detail(
    text: &str,
) -> Result<Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    pest::with_error_detail(|| JxParser::parse(Rule::file, text)).map_err(Box::new)
}

/// Reads a file as `file` reads it, one declaration or evaluation at a time: each item's pair (and the comments
/// before it) goes to `each` with the offset in `text` its positions count from, and pest's tokens of an item are
/// dropped before the next is read. `false` when the file does not read so (a syntax error, or no item at all),
/// after some items may have gone to `each`: [`parse_file`] then finds the error.
pub(super) fn each_item(text: &str, mut each: impl FnMut(Pair<'_, Rule>, usize)) -> bool {
    let mut at = 0;
    let mut items = 0;
    loop {
        let rest = &text[at..];
        let Ok(mut pairs) = JxParser::parse(Rule::file_item, rest) else {
            return items > 0 && JxParser::parse(Rule::file_end, rest).is_ok();
        };
        let Some(item) = pairs.next() else {
            return false;
        };
        let end = item.as_span().end();
        if end == 0 {
            return false;
        }
        for pair in item.into_inner() {
            each(pair, at);
        }
        items += 1;
        at += end;
    }
}

/// Where `text` fails to parse as a file, if it does: the offset of the error, without its detail.
pub(super) fn failure(text: &str) -> Option<usize> {
    JxParser::parse(Rule::file, text)
        .err()
        .map(|err| offset(&err))
}

/// Where `text` fails to parse as a file, if it does, found with pest's error detail on: where a syntax error is
/// reported. [`failure`] finds the same offset without the detail.
pub(super) fn detailed_failure(text: &str) -> Option<usize> {
    parse_file(text).err().map(|err| offset(&err))
}

/// The offset in the text at which a pest error occurred.
pub(super) fn offset(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        pest::error::InputLocation::Pos(pos) => pos,
        pest::error::InputLocation::Span((start, _)) => start,
    }
}

/// The form of `text` if it is one whole target value.
pub(super) fn target_form(text: &str) -> Option<super::TargetForm> {
    use super::TargetForm;
    [
        (Rule::qualitative, TargetForm::Qualitative),
        (Rule::period, TargetForm::Period),
        (Rule::deadline, TargetForm::Deadline),
        (Rule::quantitative, TargetForm::Quantitative),
    ]
    .into_iter()
    .find(|(rule, _)| {
        JxParser::parse(*rule, text)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .is_some_and(|pair| pair.as_str().len() == text.len())
    })
    .map(|(_, form)| form)
}

#[cfg(test)]
mod tests;
