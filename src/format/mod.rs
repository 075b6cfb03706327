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
//! suppressions with the nodes they cover, the comments in order). A text that would not is never returned.
//! Nothing here reads files or prints.

mod items;
mod model;
mod nodes;
mod printer;

pub use model::model;

use crate::ast::Document;
use crate::diagnostic::{Diagnostic, Text};
use crate::parse;
use crate::source::SourceFile;
use nodes::Formatter;
use printer::Printer;

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
    let parsed = parse::parse(source);
    let Some(document) = parsed.document else {
        return Err(FormatError::Syntax(parsed.diagnostics));
    };
    let formatted = layout(source, &document);
    let again = SourceFile::new(source.name(), &formatted);
    match parse::parse(&again).document {
        Some(reparsed) if model(&again, &reparsed) == model(source, &document) => Ok(formatted),
        Some(_) => Err(FormatError::Changed(Text::new(
            "格式化会改变注释的位置或抑制注释作用的指标，文件保持原样；把注释移到独占一行或所注指标的行末后再试",
            "formatting would move a comment or change what a suppression covers, so the file is left as it \
             is; put the comment on a line of its own or at the end of its indicator's line and try again",
        ))),
        None => Err(FormatError::Changed(Text::new(
            "格式化后的文本无法解析（这是 jixiao 的缺陷，请报告），文件保持原样",
            "the formatted text would not parse (a fault of jixiao, please report it), so the file is left as it is",
        ))),
    }
}

/// The layout of `document`, without the check.
fn layout(source: &SourceFile, document: &Document) -> String {
    let attached = attached_suppressions(source, document);
    let breaks = idle_suppression_lines(source, document);
    let printer = Printer::new(source.text(), source.comments(), &attached, breaks);
    Formatter::new(source.text(), printer).document(document)
}

/// The trailing suppressions to write at the end of the first line of the node they cover, so that they keep
/// covering it when the line they stood on is split: (node start, comment index). A suppression covering an
/// inline level-2 group stays where it stood, since its indicator starts on the group's line.
fn attached_suppressions(source: &SourceFile, document: &Document) -> Vec<(usize, usize)> {
    let inline: Vec<_> = document
        .declarations
        .iter()
        .flat_map(|d| &d.groups)
        .flat_map(|g| &g.groups)
        .filter(|g| g.inline)
        .map(|g| g.span)
        .collect();
    let comments = source.comments();
    document
        .suppressions
        .iter()
        .filter_map(|suppression| {
            let scope = suppression.scope?;
            let index = comments
                .iter()
                .position(|c| c.span == suppression.comment)?;
            (comments[index].trailing && !inline.contains(&scope)).then_some((scope.start, index))
        })
        .collect()
}

/// The first token of each line that ends in a trailing suppression covering nothing (no node starts on that
/// line before it): that token keeps starting a line, so that no node starts on the comment's line afterwards
/// either.
fn idle_suppression_lines(source: &SourceFile, document: &Document) -> Vec<usize> {
    let text = source.text();
    document
        .suppressions
        .iter()
        .filter(|suppression| suppression.scope.is_none())
        .filter(|suppression| {
            source
                .comments()
                .iter()
                .any(|c| c.span == suppression.comment && c.trailing)
        })
        .map(|suppression| {
            let line = text[..suppression.comment.start]
                .rfind('\n')
                .map_or(0, |n| n + 1);
            line + (text[line..].len() - text[line..].trim_start().len())
        })
        .collect()
}

#[cfg(test)]
mod tests;
