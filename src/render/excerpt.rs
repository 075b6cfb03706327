//! The source excerpts of the human format, as miette reads them: a few lines around a finding, found through an
//! index of line starts, and a long line cut to a window around the finding.
//!
//! A line of any length is drawn within [`MAX_LINE_CHARS`] characters: a longer one is shown from a little before
//! the finding (`…` where text is left out on either side), so that a finding at column 100,000 is drawn like one
//! at column 40 — miette cannot pad past column 65,535, and a 100,000-character line repeated under every finding
//! on it would make the output quadratic. The header still gives the finding's real line and column.

use crate::source::{ColumnMarks, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The most characters of one line drawn; a longer line is drawn as a window around the finding.
pub const MAX_LINE_CHARS: usize = 160;
/// How many characters of a cut line are kept before the finding.
const BEFORE_CHARS: usize = 40;
/// The lines drawn around a finding's own lines (miette's default).
const CONTEXT_LINES: usize = 1;
/// What marks text left out of a cut line.
const ELLIPSIS: &str = "…";

/// A named source as miette reads it, with two differences from miette's own: the `file:line:column` header counts
/// the column in characters, as editors do (miette counts bytes, so `项目` would move a column by 6); and an
/// excerpt is read from the few lines around the finding, found through an index of line starts, not by scanning
/// the file from its start, so that drawing every finding of a file takes time linear in the file.
#[derive(Debug)]
pub struct Excerpt<'a> {
    name: &'a str,
    text: &'a str,
    /// The offset after each line break, as miette counts them (`\n`, `\r\n` or a lone `\r`).
    breaks: Vec<usize>,
    /// Where to count a column from on a long line (a file on one line has many findings on it).
    marks: ColumnMarks,
    /// For a [`Window`]'s text: the line of the file its first line is, and the finding's column in the file.
    origin: Option<(usize, usize)>,
}

/// The lines around a finding with the long ones cut, as text of their own, and the finding's span in it.
#[derive(Debug)]
pub struct Window {
    /// The lines, each within [`MAX_LINE_CHARS`] characters and the ellipses.
    pub text: String,
    /// The finding's span in `text`.
    pub span: Span,
    /// The 0-based line of the file where `text` starts.
    first_line: usize,
    /// The finding's 0-based column in the file, in characters.
    column: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpts of `text`, shown as `name`.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let breaks: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i + 1)
            .collect();
        let marks = ColumnMarks::new(text, std::iter::once(0).chain(breaks.iter().copied()));
        Excerpt {
            name,
            text,
            breaks,
            marks,
            origin: None,
        }
    }

    /// The excerpt of a [`Window`] of this source, shown with the file's name, lines and column.
    pub fn of_window(&self, window: &'a Window) -> Excerpt<'a> {
        Excerpt {
            origin: Some((window.first_line, window.column)),
            ..Excerpt::new(self.name, &window.text)
        }
    }

    /// The 0-based line holding the byte at `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.breaks.partition_point(|&start| start <= offset)
    }

    /// The byte offset where 0-based line `line` starts (the end of the text past the last line).
    fn line_start(&self, line: usize) -> usize {
        match line.checked_sub(1) {
            None => 0,
            Some(i) => self.breaks.get(i).copied().unwrap_or(self.text.len()),
        }
    }

    /// 0-based line `line` without its line break.
    fn line(&self, line: usize) -> &'a str {
        let (start, end) = (self.line_start(line), self.line_start(line + 1));
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The lines drawn for a finding at `span`, with each line longer than [`MAX_LINE_CHARS`] cut to a window
    /// around the finding; `None` when every line is short enough to be drawn whole.
    pub fn window(&self, span: Span) -> Option<Window> {
        let (start, end) = (
            span.start.min(self.text.len()),
            span.end.min(self.text.len()),
        );
        let first = self.line_of(start).saturating_sub(CONTEXT_LINES);
        let last =
            (self.line_of(end.saturating_sub(1).max(start)) + CONTEXT_LINES).min(self.breaks.len());
        if (first..=last).all(|line| !is_long(self.line(line))) {
            return None;
        }
        let mut text = String::new();
        let mut mapped = Span::point(0);
        for line in first..=last {
            let line_start = self.line_start(line);
            let content = self.line(line);
            // The finding's start on this line, else its end, else the line's start: what the window shows.
            let local = |offset: usize| {
                (line_start..=line_start + content.len())
                    .contains(&offset)
                    .then(|| offset - line_start)
            };
            let anchor = local(start).or(local(end)).unwrap_or(0);
            let (from, to) = match is_long(content) {
                true => cut(content, anchor),
                false => (0, content.len()),
            };
            let base = text.len();
            if from > 0 {
                text.push_str(ELLIPSIS);
            }
            let shown = text.len();
            text.push_str(&content[from..to]);
            let at = |local: usize| shown + local.clamp(from, to) - from;
            if let Some(offset) = local(start) {
                mapped.start = if offset < from { base } else { at(offset) };
            }
            if let Some(offset) = local(end) {
                mapped.end = at(offset);
            }
            if to < content.len() {
                text.push_str(ELLIPSIS);
            }
            text.push('\n');
        }
        mapped.end = mapped.end.max(mapped.start);
        let line_start = self.line_start(self.line_of(start));
        Some(Window {
            text,
            span: mapped,
            first_line: first,
            column: self.marks.column(self.text, line_start, start),
        })
    }
}

/// Whether a line is longer than [`MAX_LINE_CHARS`] characters.
pub fn is_long(line: &str) -> bool {
    line.len() > MAX_LINE_CHARS && line.chars().nth(MAX_LINE_CHARS).is_some()
}

/// The byte range of a long line drawn for a finding at byte `anchor` of it: 40 characters before
/// it, [`MAX_LINE_CHARS`] in all.
pub fn cut(line: &str, anchor: usize) -> (usize, usize) {
    let mut anchor = anchor.min(line.len());
    while !line.is_char_boundary(anchor) {
        anchor -= 1;
    }
    let from = line[..anchor]
        .char_indices()
        .rev()
        .nth(BEFORE_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let to = line[from..]
        .char_indices()
        .nth(MAX_LINE_CHARS)
        .map_or(line.len(), |(i, _)| from + i);
    (from, to)
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let offset = span.offset();
        let end = (offset + span.len()).min(self.text.len());
        if offset > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // A window one line wider than the context on each side, read by miette itself, gives the excerpt miette
        // would give from the whole text; its line is shifted by the lines before the window.
        let first = self
            .line_of(offset)
            .saturating_sub(context_lines_before + 1);
        let last = self.line_of(end.saturating_sub(1).max(offset)) + context_lines_after + 2;
        let (start, stop) = (self.line_start(first), self.line_start(last));
        let window = &self.text.as_bytes()[start..stop];
        let local = SourceSpan::new((offset - start).into(), span.len().min(stop - offset));
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let line_start = self.line_start(self.line_of(offset));
        let column = match (self.text.get(line_start..offset), self.origin) {
            _ if contents.column() == 0 => 0,
            (_, Some((_, column))) => column,
            (Some(before), None) => before.chars().count(),
            (None, None) => contents.column(),
        };
        let shift = first + self.origin.map_or(0, |(line, _)| line);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            (contents.span().offset() + start, contents.span().len()).into(),
            contents.line() + shift,
            column,
            contents.line_count() + shift,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let text = format!("a\n{}X{}\nb\n", "\"".repeat(100_000), "y".repeat(50_000));
        let at = text.find('X').unwrap();
        let excerpt = Excerpt::new("t", &text);
        let window = excerpt.window(Span::new(at, at + 1)).unwrap();
        let lines: Vec<&str> = window.text.lines().collect();
        assert_eq!(lines[0], "a");
        assert_eq!(lines[2], "b");
        let cut = lines[1];
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert_eq!(cut.chars().count(), MAX_LINE_CHARS + 2);
        assert_eq!(&window.text[window.span.range()], "X");
        assert_eq!((window.first_line, window.column), (0, 100_000));
        assert!(
            excerpt.window(Span::new(0, 1)).is_some(),
            "a context line is cut too"
        );
        assert!(Excerpt::new("t", "a\nb\n")
            .window(Span::new(2, 3))
            .is_none());
    }

    #[test]
    fn a_long_span_is_cut_where_the_window_ends() {
        let text = "名".repeat(100_000);
        let excerpt = Excerpt::new("t", &text);
        let window = excerpt.window(Span::new(3, text.len())).unwrap();
        assert_eq!(window.text, format!("{}…\n", "名".repeat(MAX_LINE_CHARS)));
        assert_eq!(window.span, Span::new(3, MAX_LINE_CHARS * 3));
        let end = excerpt.window(Span::point(text.len())).unwrap();
        assert_eq!(&end.text[end.span.start..], "\n");
        assert!(end.text.starts_with('…'));
    }

    #[test]
    fn the_column_of_a_finding_on_a_long_line_counts_its_characters() {
        let line: String = (0..5_000)
            .map(|i| if i % 4 == 0 { "项" } else { "a" })
            .collect();
        let text = format!("短\r{line}\r\n{line}\n");
        let excerpt = Excerpt::new("t", &text);
        let second = text.find("\r\n").unwrap() + 2;
        for offset in [5, 3_000, 7_001, second + 4_321] {
            let offset = (offset..).find(|&o| text.is_char_boundary(o)).unwrap();
            let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            let window = excerpt.window(Span::point(offset)).unwrap();
            assert_eq!(
                window.column,
                text[line_start..offset].chars().count(),
                "at {offset}"
            );
        }
    }
}
