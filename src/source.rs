//! Source text: the normalised text of one input, its line index, and the comments found in it.
//!
//! Budget-unit staff type on Chinese keyboards, so a file arrives with full-width digits, `％`, `＞＝`, a UTF-8
//! byte-order mark or Windows line ends. [`SourceFile::new`] normalises those *outside string literals and
//! comments* (the user's own words are kept exactly as typed) and maps every character to exactly one character,
//! so a line and column computed on the normalised text are the line and column the user sees in an editor.
//!
//! A line ends at LF, CRLF or a lone CR (old Mac files), as in an editor: every line end is `\n` in the
//! normalised text, inside strings and comments too, so the grammar, the line index and every renderer see the
//! same lines. A lone CR becomes one `\n` of the same length, so offsets do not move.

use std::ops::Range;

/// A byte range in a [`SourceFile`]'s normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The empty span at `offset`.
    pub fn point(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    /// The byte range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A comment (`# …` to the end of the line), as found by the normalising scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, `#` included.
    pub span: Span,
    /// The text after `#`, trimmed.
    pub text: String,
    /// Whether code precedes the comment on its line (a trailing comment).
    pub trailing: bool,
}

/// A string literal that is still open at the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnterminatedString {
    /// The opening quote.
    pub open: Span,
}

/// One input's text, normalised, with its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    comments: Vec<Comment>,
    unterminated: Option<UnterminatedString>,
}

impl SourceFile {
    /// Normalises `raw` and indexes it. `name` is the path shown to the user (with `/` separators).
    pub fn new(name: impl Into<String>, raw: &str) -> Self {
        let scan = normalize(raw);
        let line_starts = std::iter::once(0)
            .chain(scan.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text: scan.text,
            line_starts,
            comments: scan.comments,
            unterminated: scan.unterminated,
        }
    }

    /// A source kept as written but for a BOM and its line ends (CRLF and a lone CR become `\n`): for rule
    /// files and configuration, whose quoted and unquoted words must match the user's text exactly.
    pub fn verbatim(name: impl Into<String>, raw: &str) -> Self {
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            comments: Vec::new(),
            unterminated: None,
        }
    }

    /// The path shown to the user.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text under `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The comments, in order.
    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    /// A string literal left open at the end of the file, if any.
    pub fn unterminated_string(&self) -> Option<UnterminatedString> {
        self.unterminated
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The span of the character at `offset`, or an empty span at the end of the text or of a line.
    pub fn char_span(&self, offset: usize) -> Span {
        match self.text[offset..].chars().next() {
            Some(c) if c != '\n' => Span::new(offset, offset + c.len_utf8()),
            _ => Span::point(offset),
        }
    }

    /// The span of the word (a run of non-space characters, or a quoted text on one line) starting at `offset`,
    /// at most `max_chars` long.
    pub fn word_span(&self, offset: usize, max_chars: usize) -> Span {
        let rest = &self.text[offset..];
        let first = rest.chars().next();
        let is_word = |c: char| !c.is_whitespace() && !"{}\"“”#".contains(c);
        match first {
            Some(open @ ('"' | '“')) => {
                let close = if open == '"' { '"' } else { '”' };
                let end = rest
                    .char_indices()
                    .skip(1)
                    .take(max_chars)
                    .take_while(|&(_, c)| c != '\n')
                    .find(|&(_, c)| c == close)
                    .map_or(open.len_utf8(), |(i, c)| i + c.len_utf8());
                Span::new(offset, offset + end)
            }
            Some(c) if is_word(c) => {
                let end = rest
                    .char_indices()
                    .take(max_chars)
                    .take_while(|&(_, c)| is_word(c))
                    .last()
                    .map(|(i, c)| i + c.len_utf8())
                    .unwrap_or(0);
                Span::new(offset, offset + end)
            }
            _ => self.char_span(offset),
        }
    }
}

/// Resolves the escapes of a `"…"` text — `\"`, `\\`, `\n`, `\t`; any other escaped character stands for
/// itself. Shared by the declaration language and the check language.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

struct Scan {
    text: String,
    comments: Vec<Comment>,
    unterminated: Option<UnterminatedString>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// Inside `"…"`; `escaped` after a backslash.
    Ascii {
        escaped: bool,
    },
    /// Inside `“…”`.
    Curly,
    Comment,
}

/// Maps one character typed outside a string or comment to its canonical form.
fn canonical(c: char) -> char {
    match c {
        // Full-width ASCII forms: digits, letters, ％ ＞ ＜ ＝ ： ＃ （ ） and the rest.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '≧' => '≥',
        '≦' => '≤',
        _ => c,
    }
}

/// Strips a BOM, turns CRLF and a lone CR into LF and canonicalises characters outside strings and comments, one
/// character for one, recording comments and an unterminated string on the way.
fn normalize(raw: &str) -> Scan {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let mut text = String::with_capacity(raw.len());
    let mut comments = Vec::new();
    let mut state = State::Code;
    let mut open = 0;
    let mut comment_start = 0;
    let mut line_has_code = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        let c = if c == '\r' { '\n' } else { c };
        let at = text.len();
        match state {
            State::Code => {
                let c = canonical(c);
                match c {
                    '"' => {
                        state = State::Ascii { escaped: false };
                        open = at;
                    }
                    '“' => {
                        state = State::Curly;
                        open = at;
                    }
                    '#' => {
                        state = State::Comment;
                        comment_start = at;
                    }
                    _ => {}
                }
                if c == '\n' {
                    line_has_code = false;
                } else if !c.is_whitespace() && c != '#' {
                    line_has_code = true;
                }
                text.push(c);
                continue;
            }
            State::Ascii { escaped } => {
                state = match (escaped, c) {
                    (false, '\\') => State::Ascii { escaped: true },
                    (false, '"') => State::Code,
                    _ => State::Ascii { escaped: false },
                };
            }
            State::Curly => {
                if c == '”' {
                    state = State::Code;
                }
            }
            State::Comment => {
                if c == '\n' {
                    comments.push(make_comment(&text, comment_start, line_has_code));
                    state = State::Code;
                    line_has_code = false;
                }
            }
        }
        text.push(c);
    }
    let unterminated = match state {
        State::Ascii { .. } | State::Curly => Some(UnterminatedString {
            open: Span::new(
                open,
                open + text[open..].chars().next().map_or(1, char::len_utf8),
            ),
        }),
        State::Comment => {
            comments.push(make_comment(&text, comment_start, line_has_code));
            None
        }
        State::Code => None,
    };
    Scan {
        text,
        comments,
        unterminated,
    }
}

fn make_comment(text: &str, start: usize, trailing: bool) -> Comment {
    let body = &text[start..];
    Comment {
        span: Span::new(start, text.len()),
        text: body[1..].trim().to_string(),
        trailing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_outside_strings_become_ascii() {
        let src = SourceFile::new("t", "数量 \"３２个（试点）\" ＞＝ ３２ 个 ％");
        assert_eq!(src.text(), "数量 \"３２个（试点）\" >= 32 个 %");
    }

    #[test]
    fn bom_and_crlf_are_removed_and_positions_follow_the_editor() {
        let src = SourceFile::new("t", "\u{FEFF}项目 \"a\" {\r\n  年度 ２０２２\r\n}\r\n");
        assert_eq!(src.text(), "项目 \"a\" {\n  年度 2022\n}\n");
        let at = src.text().find("2022").unwrap();
        assert_eq!(src.line_col(at), LineCol { line: 2, column: 6 });
    }

    #[test]
    fn a_lone_cr_ends_a_line_everywhere() {
        let src = SourceFile::new("t", "# 注释\r年度 2022 # 尾\r\"a\rb\"\r");
        assert_eq!(src.text(), "# 注释\n年度 2022 # 尾\n\"a\nb\"\n");
        let comments: Vec<_> = src.comments().iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, ["注释", "尾"], "a comment ends at its CR");
        let at = src.text().find("2022").unwrap();
        assert_eq!(src.line_col(at), LineCol { line: 2, column: 4 });
        assert_eq!(SourceFile::verbatim("t", "a\rb\r\nc").text(), "a\nb\nc");
    }

    #[test]
    fn comments_are_recorded_with_their_position() {
        let src = SourceFile::new(
            "t",
            "# 头注释\n年度 2022 # 尾注释 \"不是字符串\n\"# 不是注释\"",
        );
        let comments: Vec<_> = src
            .comments()
            .iter()
            .map(|c| (c.text.as_str(), c.trailing))
            .collect();
        assert_eq!(comments, [("头注释", false), ("尾注释 \"不是字符串", true)]);
        assert_eq!(src.unterminated_string(), None);
    }

    #[test]
    fn an_open_string_is_reported_at_its_quote() {
        let src = SourceFile::new("t", "项目 “未闭合 {\n}");
        let open = src.unterminated_string().unwrap().open;
        assert_eq!(src.slice(open), "“");
        assert_eq!(src.line_col(open.start), LineCol { line: 1, column: 4 });
    }

    #[test]
    fn escaped_quotes_stay_inside_the_string() {
        let src = SourceFile::new("t", r#""a\"＃b" ＃c"#);
        assert_eq!(src.text(), r#""a\"＃b" #c"#);
        assert_eq!(src.comments().len(), 1);
    }

    #[test]
    fn unescape_resolves_the_documented_escapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd\te\x"#), "a\"b\\c\nd\tex");
    }

    #[test]
    fn line_col_counts_characters() {
        let src = SourceFile::new("t", "指标 x\n甲乙丙 y");
        let y = src.text().find('y').unwrap();
        assert_eq!(src.line_col(y), LineCol { line: 2, column: 5 });
        assert_eq!(src.line_col(src.text().len()).line, 2);
    }
}
