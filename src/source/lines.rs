//! Where each line starts, and the column of any offset, in characters, without counting a long line's characters
//! from its start every time: a file written on one line, with a finding every few characters, would otherwise
//! take time quadratic in its length.

/// How many bytes of a long line lie between two of its marks, at most (give or take a character).
const MARK_STEP: usize = 1024;

/// The line starts of a text and the column marks of its long lines.
#[derive(Debug, Clone)]
pub(super) struct Lines {
    /// The offset where each line starts: 0, then the offset after each `\n`.
    starts: Vec<usize>,
    marks: ColumnMarks,
}

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let marks = ColumnMarks::new(text, starts.iter().copied());
        Lines { starts, marks }
    }

    /// The 0-based line holding `offset` and the offset where it starts.
    pub(super) fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        (line, self.starts[line])
    }

    /// Where 0-based line `line` starts, if the text has it.
    pub(super) fn start_of(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The 0-based column, in characters, of `offset` (a character boundary) on the line of `text` starting at
    /// `line_start` (from [`Lines::line_of`]).
    pub(super) fn column(&self, text: &str, line_start: usize, offset: usize) -> usize {
        self.marks.column(text, line_start, offset)
    }
}

/// Marks along the lines of a text longer than 1 KB (one every 1 KB): how many characters precede each on its line.
#[derive(Debug, Clone, Default)]
pub struct ColumnMarks {
    /// `(offset, characters between the line's start and offset)`, in the order of the text.
    marks: Vec<(usize, usize)>,
}

impl ColumnMarks {
    /// The marks of `text`, whose lines start at `starts` (in order, the first at 0; a line runs to the next
    /// start, its line break included).
    pub fn new(text: &str, starts: impl IntoIterator<Item = usize>) -> ColumnMarks {
        let mut marks = Vec::new();
        let mut starts = starts.into_iter().peekable();
        while let Some(start) = starts.next() {
            let end = starts.peek().copied().unwrap_or(text.len());
            let (mut at, mut column) = (start, 0);
            while end.saturating_sub(at) > MARK_STEP {
                let mut next = at + MARK_STEP;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                column += text[at..next].chars().count();
                marks.push((next, column));
                at = next;
            }
        }
        ColumnMarks { marks }
    }

    /// The 0-based column, in characters, of `offset` (a character boundary) on the line of `text` starting at
    /// `line_start`: counted from the last mark before it on the line, or from the line's start.
    pub fn column(&self, text: &str, line_start: usize, offset: usize) -> usize {
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, before) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, column)) if at >= line_start => (at, column),
            _ => (line_start, 0),
        };
        before + text[from..offset].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line and column a scan from the start gives.
    fn scanned(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        (line, text[start..offset].chars().count())
    }

    #[test]
    fn columns_on_long_and_short_lines_are_those_a_scan_gives() {
        let long_line: String = (0..3000)
            .map(|i| if i % 3 == 0 { "项" } else { "a" })
            .collect();
        let text = format!("短\n{long_line}\n\n{long_line}末\nb");
        let lines = Lines::new(&text);
        assert!(!lines.marks.marks.is_empty());
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let (line, start) = lines.line_of(offset);
            assert_eq!(
                (line, lines.column(&text, start, offset)),
                scanned(&text, offset),
                "at {offset}"
            );
        }
    }
}
