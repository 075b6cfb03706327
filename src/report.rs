//! What checking one input produced: its source, its typed model and its findings. Every stage above parsing
//! fills a [`FileReport`]; every output format renders them.

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Declaration, Document};

/// Everything found in one input.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path shown to the user.
    pub path: String,
    /// The source, when it could be read.
    pub source: Option<SourceFile>,
    /// The typed model, when the file parsed.
    pub document: Option<Document>,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// A report for an input that could not be read at all.
    pub fn unreadable(path: impl Into<String>, diagnostic: Diagnostic) -> Self {
        FileReport {
            path: path.into(),
            source: None,
            document: None,
            diagnostics: vec![diagnostic],
        }
    }
}

/// What a finding is about, for a review opinion (审核意见) that lists the changes indicator by indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// The declaration as a whole: its header, its goals, what it lacks.
    Declaration,
    /// A level-1 group, or a level-2 group under it.
    Group {
        /// The level-1 label as written.
        level1: &'a str,
        /// The level-2 label as written, for a finding about a level-2 group.
        level2: Option<&'a str>,
    },
    /// An indicator.
    Indicator {
        /// Its level-1 label as written.
        level1: &'a str,
        /// Its level-2 label as written.
        level2: &'a str,
        /// Its name.
        name: &'a str,
    },
}

impl Subject<'_> {
    /// The subject as an opinion names it: `产出指标 › 质量指标 › 系统验收合格率`; `None` for the declaration.
    pub fn label(&self) -> Option<String> {
        match self {
            Subject::Declaration => None,
            Subject::Group { level1, level2 } => Some(match level2 {
                Some(level2) => format!("{level1} › {level2}"),
                None => (*level1).to_string(),
            }),
            Subject::Indicator {
                level1,
                level2,
                name,
            } => Some(format!("{level1} › {level2} › {name}")),
        }
    }
}

/// The index of the declaration of `document` that holds the byte `offset`, if any.
pub fn declaration_at(document: &Document, offset: usize) -> Option<usize> {
    holding(&document.declarations, |d| d.span, offset).map(|(index, _)| index)
}

/// What the finding at byte `offset` of `declaration` is about: the innermost indicator or group whose text
/// holds it, else the declaration.
pub fn subject_at(declaration: &Declaration, offset: usize) -> Subject<'_> {
    if let Some((_, level1)) = holding(&declaration.groups, |g| g.span, offset) {
        if let Some((_, level2)) = holding(&level1.groups, |g| g.span, offset) {
            if let Some((_, indicator)) = holding(&level2.indicators, |i| i.span, offset) {
                return Subject::Indicator {
                    level1: &level1.label.value,
                    level2: &level2.label.value,
                    name: &indicator.name.value,
                };
            }
            return Subject::Group {
                level1: &level1.label.value,
                level2: Some(&level2.label.value),
            };
        }
        return Subject::Group {
            level1: &level1.label.value,
            level2: None,
        };
    }
    Subject::Declaration
}

/// The first of `items` whose span holds `offset`, with its index. The items are siblings of the tree, in the order
/// of the text and apart from one another, so only those starting at or before `offset` and not ending by it can
/// (found by search, not by a walk over all of them: a file may hold thousands of indicators with findings).
fn holding<T>(items: &[T], span: impl Fn(&T) -> Span, offset: usize) -> Option<(usize, &T)> {
    let ends_by = |item: &T| {
        let span = span(item);
        span.end.max(span.start + 1) <= offset
    };
    let from = items.partition_point(ends_by);
    let to = items.partition_point(|item| span(item).start <= offset);
    (from..to.max(from))
        .map(|index| (index, &items[index]))
        .find(|(_, item)| contains(span(item), offset))
}

/// Whether `span` holds `offset` (its end included, for a finding at the end of an empty node).
fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse::parse;

    #[test]
    fn the_sibling_holding_an_offset_is_the_one_a_walk_finds() {
        let spans = [
            Span::new(0, 5),
            Span::new(5, 5),
            Span::new(5, 10),
            Span::new(12, 20),
            Span::new(20, 20),
        ];
        for offset in 0..24 {
            let walked = spans.iter().position(|&span| contains(span, offset));
            let found = holding(&spans, |&span| span, offset).map(|(index, _)| index);
            assert_eq!(found, walked, "at {offset}");
        }
    }

    #[test]
    fn subjects_from_the_innermost_node() {
        let text = "项目 \"甲\" {\n  年度 2022\n  产出 {\n    数量 {\n      \"培训人次\" = 280 人次\n    }\n  }\n}\n";
        let source = SourceFile::new("a.jx", text);
        let document = parse(&source).document.expect("parses");
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(declaration_at(&document, at("年度")), Some(0));
        let declaration = &document.declarations[0];
        assert_eq!(subject_at(declaration, at("年度")), Subject::Declaration);
        assert_eq!(
            subject_at(declaration, at("280")).label().as_deref(),
            Some("产出 › 数量 › 培训人次")
        );
        assert_eq!(
            subject_at(declaration, at("数量")).label().as_deref(),
            Some("产出 › 数量")
        );
    }
}
