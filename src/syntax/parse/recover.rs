//! Recovery from syntax errors: every syntax error of a file is reported, and what parsed around them is kept.
//!
//! pest stops at the first error. To go on, the offending line is blanked out in a copy of the text (its
//! characters replaced by spaces, line breaks kept, so that every offset stays where it was) and the copy is
//! parsed again; the next error is reported and blanked in turn, until the copy parses or [`MAX_ERRORS`] are
//! reported. A blanked part never splits a quoted text or a `{ … }` block: a line that opens or closes a block
//! takes the whole block with it, so what remains is the same file with some lines, indicators or groups left
//! out. When blanking a line makes the parser stumble at the very next token (the line was the rest of an item
//! begun on an earlier line, such as an inline level-2 group's indicator), that is no new error: the gap is
//! widened back over the earlier line instead. A file whose braces do not pair up is not recovered: the one
//! error is reported, as is one that only blanking everything would silence.

use super::error;
use super::grammar::{self, Rule};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// At most this many syntax errors are reported for one file.
const MAX_ERRORS: usize = 50;

/// How many times one gap may be widened back over earlier lines to undo an error it caused.
const MAX_WIDENINGS: usize = 8;

/// The syntax errors of a file, and the blanked copy of its text that parses, if recovery got that far.
pub(super) struct Recovery {
    /// Every syntax error, in order, each at its place in the original text.
    pub(super) errors: Vec<Diagnostic>,
    /// The text with the erroneous parts blanked out, when it parses.
    pub(super) text: Option<String>,
    /// The parts blanked out.
    pub(super) gaps: Vec<Span>,
}

/// Reports `first`, the error of `source`, and every later one, blanking each in turn.
pub(super) fn recover(source: &SourceFile, first: &pest::error::Error<Rule>) -> Recovery {
    let mut errors = vec![error::syntax_error(source, first)];
    let Some(layout) = Layout::of(source.text()) else {
        return Recovery {
            errors,
            text: None,
            gaps: Vec::new(),
        };
    };
    let mut text = source.text().to_string();
    let mut reported = grammar::offset(first);
    let mut gap = layout.settle(&text, Span::point(reported));
    let (mut widenings, mut gaps) = (0, Vec::new());
    loop {
        blank(&mut text, gap);
        gaps.push(gap);
        let Some(at) = grammar::failure(&text) else {
            return Recovery {
                errors,
                text: Some(text),
                gaps,
            };
        };
        if at <= next_code(&text, gap.end) && widenings < MAX_WIDENINGS {
            if let Some(wider) = layout.widen(&text, gap, at) {
                gap = wider;
                widenings += 1;
                continue;
            }
        }
        // Past the last error reported, and not just the end of a file whose content was blanked: a real error.
        let at_end = text[at..].trim().is_empty();
        if at <= reported || at_end || errors.len() >= MAX_ERRORS {
            return Recovery {
                errors,
                text: None,
                gaps: Vec::new(),
            };
        }
        let copy = SourceFile::new(source.name(), &text);
        match grammar::parse_file(copy.text()) {
            Ok(_) => {
                return Recovery {
                    errors,
                    text: Some(text),
                    gaps,
                }
            }
            Err(err) => errors.push(error::syntax_error(&copy, &err)),
        }
        reported = at;
        gap = layout.settle(&text, Span::point(at));
        widenings = 0;
    }
}

/// Where the quoted texts and the blocks of a text are.
struct Layout {
    /// Every quoted text, quotes included.
    strings: Vec<Span>,
    /// Every pair of braces outside texts and comments: the offsets of `{` and of its `}`.
    blocks: Vec<(usize, usize)>,
}

impl Layout {
    /// The layout of `text`; `None` when a brace is unpaired or a text is left open.
    fn of(text: &str) -> Option<Layout> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Code,
            Ascii { escaped: bool },
            Curly,
            Comment,
        }
        let mut layout = Layout {
            strings: Vec::new(),
            blocks: Vec::new(),
        };
        let (mut state, mut open, mut stack) = (State::Code, 0, Vec::new());
        for (i, c) in text.char_indices() {
            state = match (state, c) {
                (State::Code, '"') => {
                    open = i;
                    State::Ascii { escaped: false }
                }
                (State::Code, '“') => {
                    open = i;
                    State::Curly
                }
                (State::Code, '#') => State::Comment,
                (State::Code, '{') => {
                    stack.push(i);
                    State::Code
                }
                (State::Code, '}') => {
                    layout.blocks.push((stack.pop()?, i));
                    State::Code
                }
                (State::Ascii { escaped: false }, '\\') => State::Ascii { escaped: true },
                (State::Ascii { escaped: false }, '"') | (State::Curly, '”') => {
                    layout.strings.push(Span::new(open, i + c.len_utf8()));
                    State::Code
                }
                (State::Ascii { .. }, _) => State::Ascii { escaped: false },
                (State::Comment, '\n') => State::Code,
                (state, _) => state,
            };
        }
        let closed = matches!(state, State::Code | State::Comment) && stack.is_empty();
        closed.then_some(layout)
    }

    /// The smallest run of whole lines around `span` that splits no quoted text and no block.
    fn settle(&self, text: &str, mut span: Span) -> Span {
        loop {
            let before = span;
            span = whole_lines(text, span);
            for string in &self.strings {
                if string.start < span.end && string.end > span.start {
                    span = span.cover(*string);
                }
            }
            for &(open, close) in &self.blocks {
                let inside = |at: usize| span.start <= at && at < span.end;
                if inside(open) != inside(close) {
                    span = span.cover(Span::new(open, close + 1));
                }
            }
            if span == before {
                return span;
            }
        }
    }

    /// `gap` widened back over the last line of code before it, when that stops short of the error at `at` and
    /// the text then parses or fails further on: the error was caused by the gap.
    fn widen(&self, text: &str, gap: Span, at: usize) -> Option<Span> {
        let code_end = text[..gap.start].trim_end().len();
        if code_end == 0 {
            return None;
        }
        let wider = self.settle(text, Span::new(code_end, gap.end));
        if wider.end > at {
            return None;
        }
        let mut trial = text.to_string();
        blank(&mut trial, wider);
        grammar::failure(&trial)
            .is_none_or(|next| next > at)
            .then_some(wider)
    }
}

/// `span` grown to the start of its first line and the end of its last (its line break not included).
fn whole_lines(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end.max(start))
}

/// Replaces every character under `span` but line breaks by spaces, one per byte.
fn blank(text: &mut String, span: Span) {
    let blanked: String = text[span.range()]
        .chars()
        .flat_map(|c| {
            let (fill, count) = if c == '\n' {
                ('\n', 1)
            } else {
                (' ', c.len_utf8())
            };
            std::iter::repeat_n(fill, count)
        })
        .collect();
    text.replace_range(span.range(), &blanked);
}

/// The offset of the first token at or after `from`, past spaces, line breaks and comments.
fn next_code(text: &str, from: usize) -> usize {
    let mut at = from;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if !trimmed.starts_with('#') {
            return at;
        }
        at += trimmed.find('\n').unwrap_or(trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(text: &str, at: &str) -> String {
        let layout = Layout::of(text).expect("balanced");
        let offset = text.find(at).expect("marker");
        let span = layout.settle(text, Span::point(offset));
        text[span.range()].to_string()
    }

    #[test]
    fn a_line_is_blanked_alone_when_it_holds_no_brace() {
        let text = "产出 {\n  数量 {\n    \"a\" = ≥\n    \"b\" = 1 个\n  }\n}\n";
        assert_eq!(settle(text, "\"a\""), "    \"a\" = ≥");
    }

    #[test]
    fn a_line_that_closes_a_block_takes_the_block() {
        let text = "产出 {\n  数量 {\n    \"a\" = 1 个 {\n      依据\n    } }\n}\n";
        assert_eq!(
            settle(text, "} }"),
            "  数量 {\n    \"a\" = 1 个 {\n      依据\n    } }"
        );
    }

    #[test]
    fn a_text_over_several_lines_is_blanked_whole() {
        let text = "产出 {\n  数量 \"a\n b\" ≥\n}\n";
        assert_eq!(settle(text, "b\""), "  数量 \"a\n b\" ≥");
    }

    #[test]
    fn braces_in_texts_and_comments_do_not_count() {
        assert!(Layout::of("项目 \"{\" { # }\n}").is_some());
        assert!(Layout::of("项目 \"x\" {").is_none());
        assert!(Layout::of("项目 \"x").is_none());
    }

    #[test]
    fn blanking_keeps_offsets_and_line_breaks() {
        let mut text = String::from("甲\n乙丙\n丁");
        blank(&mut text, Span::new(0, "甲\n乙丙".len()));
        assert_eq!(text, "   \n      \n丁");
    }
}
