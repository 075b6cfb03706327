//! The canonical layout of .jx files (`jixiao fmt`): the formatter walks the typed AST and writes each node's
//! own source slices with canonical space between them, putting every comment back where it stood.
//!
//! The layout is documented in docs/language.md, section “格式 · Layout”. In short: two-space indentation, one
//! header field, group, indicator, grade or funding source per line, a block `{ … }` per level-1 group and per
//! level-2 block, attributes on the indicator's line when they fit in 100 columns, one space between the parts
//! of a target (`≥ 95 %`), one empty line between declarations and at most one elsewhere, a final line break.
//! Keywords, names, texts, numbers, units and dates are kept as the user wrote them (after the language's own
//! normalisation of full-width forms); only `>=`, `<=`, `==` become `≥`, `≤`, `=`.
//!
//! The result is checked before it is returned: it must parse to the same [`model`] (the AST without spans, the
//! suppressions with the nodes they cover, the comments in order). Comments are first put back where they stood;
//! a trailing suppression that would then cover another node (its line was split or joined to another) is
//! repaired and the layout tried again. A text that would not mean the same is never returned. The layout is
//! applied to its own result until that no longer changes, so that formatting twice changes nothing more.
//! Nothing here reads files or prints.

mod items;
mod ledger;
mod model;
mod nodes;
mod printer;
mod spanless;

pub use model::model;

use crate::diagnostic::{Diagnostic, Text};
use crate::source::{SourceFile, Span};
use crate::syntax::ast::Document;
use crate::syntax::parse;
use nodes::Formatter;
use printer::Printer;
use rustc_hash::FxHashSet as HashSet;

/// Why a source was not formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The source does not parse: its syntax error, to show as `jixiao check` would.
    Syntax(Vec<Diagnostic>),
    /// The laid-out text would not mean the same as the source (a comment that cannot keep its place, or a fault
    /// of the formatter): the source is left as it is.
    Changed(Text),
}

/// The canonical layout of `source`.
///
/// # Errors
/// [`FormatError::Syntax`] when the source does not parse, [`FormatError::Changed`] when the layout would change
/// what the source means.
pub fn format_source(source: &SourceFile) -> Result<String, FormatError> {
    format_checked(source, Check::Meaning)
}

/// `format_source`, with the first layout checked as `check` says.
fn format_checked(source: &SourceFile, check: Check) -> Result<String, FormatError> {
    format_parsed(source, &whole_document(source)?, check)
}

/// `format_checked` of a source already parsed to `document`.
fn format_parsed(
    source: &SourceFile,
    document: &Document,
    check: Check,
) -> Result<String, FormatError> {
    let (mut formatted, mut repaired) = format_once_parsed(source, document, check)?;
    for _ in 0..MAX_ROUNDS {
        if !repaired {
            break;
        }
        let again;
        (again, repaired) =
            format_once(&SourceFile::new(source.name(), &formatted), Check::Meaning)?;
        if again == formatted {
            break;
        }
        formatted = again;
    }
    Ok(formatted)
}

/// For `jixiao fmt --check`: whether `source` is in the layout `format_source` would give it, that is whether its
/// text is that layout. The layout is compared with the text line by line as it is written, and given up at the
/// first line that differs (often a few lines in). A source without trailing suppressions is laid out once (only
/// those can need a repair), unchecked: the answer is `format_source`'s unless the formatter is at fault — where
/// `format_source` refuses with [`FormatError::Changed`] and this still says the source is not in the layout. A
/// source with a trailing suppression is formatted in full.
///
/// # Errors
/// [`FormatError::Syntax`] when the source does not parse, [`FormatError::Changed`] as for `format_source` when it
/// has a trailing suppression.
pub fn is_in_layout(source: &SourceFile) -> Result<bool, FormatError> {
    let document = whole_document(source)?;
    if repairs(source, &document)
        .iter()
        .any(|repair| !matches!(repair, Repair::None))
    {
        return Ok(format_parsed(source, &document, Check::Layout)? == source.text());
    }
    let printer = Printer::new(source.text(), source.comments(), &[], Vec::new());
    let formatter = Formatter::new(source.text(), printer.expecting(source.text()));
    // A layout cut short at a line that differs never equals the source.
    Ok(formatter.document(&document) == source.text())
}

/// How much `format_once` checks of its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// That it parses to the same model.
    Meaning,
    /// Nothing when no suppression can need a repair (none trails its line), else that it parses to the same model.
    Layout,
}

/// How many times the layout is applied again to its own result at most. Once is enough but when a repaired
/// suppression (see [`Repair`]) lets the second layout join what the first kept apart: a layout without repairs
/// is its own layout.
const MAX_ROUNDS: usize = 3;

/// One layout of `source`, checked to mean the same, and whether a suppression had to be repaired. A source
/// already in the layout is its own layout and means the same without parsing it again.
fn format_once(source: &SourceFile, check: Check) -> Result<(String, bool), FormatError> {
    format_once_parsed(source, &whole_document(source)?, check)
}

/// The document `source` parses to, without a syntax error (none recovered from).
fn whole_document(source: &SourceFile) -> Result<Document, FormatError> {
    let parsed = parse::parse(source);
    parsed
        .document
        .filter(|_| !parsed.recovered)
        .ok_or(FormatError::Syntax(parsed.diagnostics))
}

/// `format_once` of a source already parsed to `document`.
fn format_once_parsed(
    source: &SourceFile,
    document: &Document,
    check: Check,
) -> Result<(String, bool), FormatError> {
    let first = layout(source, document, &[], Vec::new());
    if first == source.text() {
        return Ok((first, false));
    }
    let repairs = repairs(source, document);
    if check == Check::Layout && repairs.iter().all(|r| matches!(r, Repair::None)) {
        // Only a trailing suppression can need a repair: without one, the first layout is the last.
        return Ok((first, false));
    }
    let expected = model(source, document);
    // What each suppression covered, named only once a layout is found to change the model (rarely).
    let mut covered = None;
    let (mut attached, mut breaks) = (Vec::new(), Vec::new());
    // The repairs made, to be told apart in one look each (a file may need thousands).
    let mut made: HashSet<Repair> = HashSet::default();
    let mut formatted = first;
    loop {
        let again = SourceFile::new(source.name(), &formatted);
        let reparsed = parse::parse(&again);
        let Some(reparsed) = reparsed.document.filter(|_| !reparsed.recovered) else {
            return Err(FormatError::Changed(Text::new(
                "格式化后的文本无法解析（这是 jixiao 的缺陷，请报告），文件保持原样",
                "the formatted text would not parse (a fault of jixiao, please report it), so the file is left \
                 as it is",
            )));
        };
        if model::has_model(&again, &reparsed, &expected) {
            let repaired = !attached.is_empty() || !breaks.is_empty();
            return Ok((formatted, repaired));
        }
        // Each trailing suppression that no longer covers what it covered is repaired, and the layout tried again.
        let covers = model::covers(&reparsed);
        let covered = covered.get_or_insert_with(|| model::covers(document));
        let mut repaired = false;
        for (index, repair) in repairs.iter().enumerate() {
            if covers.get(index) == covered.get(index) {
                continue;
            }
            match *repair {
                Repair::Attach(node, comment) if made.insert(*repair) => {
                    attached.push((node, comment));
                    repaired = true;
                }
                Repair::Break(at) if made.insert(*repair) => {
                    breaks.push(at);
                    repaired = true;
                }
                _ => {}
            }
        }
        if !repaired {
            return Err(FormatError::Changed(Text::new(
                "格式化会改变注释的位置或抑制注释作用的指标，文件保持原样；把注释移到独占一行或所注指标的行末后再试",
                "formatting would move a comment or change what a suppression covers, so the file is left as it \
                 is; put the comment on a line of its own or at the end of its indicator's line and try again",
            )));
        }
        formatted = layout(source, document, &attached, breaks.clone());
    }
}

/// The layout of `document`, with the comments `attached` to the first line of their node and the tokens at
/// `breaks` starting lines; without the check.
fn layout(
    source: &SourceFile,
    document: &Document,
    attached: &[(usize, usize)],
    breaks: Vec<usize>,
) -> String {
    let printer = Printer::new(source.text(), source.comments(), attached, breaks);
    Formatter::new(source.text(), printer).document(document)
}

/// How to keep a trailing suppression on its node when the plain layout moves it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Repair {
    /// Nothing to do (an own-line suppression, or one covering an inline level-2 group, whose indicator starts
    /// on the group's line).
    None,
    /// Write the comment (its index) at the end of the first line of the node starting at the offset.
    Attach(usize, usize),
    /// The suppression covers nothing: make the token at the offset, the first of the comment's line, start a
    /// line again, so that no node starts on the comment's line afterwards either.
    Break(usize),
}

/// The repair of each suppression of `document`, in order.
fn repairs(source: &SourceFile, document: &Document) -> Vec<Repair> {
    if document.suppressions.is_empty() {
        return Vec::new();
    }
    // A set: a file may hold thousands of suppressions and groups.
    let inline: HashSet<Span> = document
        .declarations
        .iter()
        .flat_map(|d| &d.groups)
        .flat_map(|g| &g.groups)
        .filter(|g| g.inline)
        .map(|g| g.span)
        .collect();
    let text = source.text();
    // The comments are in the order of the text.
    let comments = source.comments();
    document
        .suppressions
        .iter()
        .map(|suppression| {
            let Ok(index) =
                comments.binary_search_by_key(&suppression.comment.start, |c| c.span.start)
            else {
                return Repair::None;
            };
            match suppression.scope {
                _ if comments[index].span != suppression.comment || !comments[index].trailing => {
                    Repair::None
                }
                Some(scope) if inline.contains(&scope) => Repair::None,
                Some(scope) => Repair::Attach(scope.start, index),
                None => {
                    let line = text[..suppression.comment.start]
                        .rfind('\n')
                        .map_or(0, |n| n + 1);
                    Repair::Break(line + (text[line..].len() - text[line..].trim_start().len()))
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
