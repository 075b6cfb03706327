//! Source text: the normalised text of one input, its line index, and the comments found in it.
//!
//! Budget-unit staff type on Chinese keyboards, so a file arrives with full-width digits, `％`, `＞＝`, a UTF-8
//! byte-order mark or Windows line ends. [`SourceFile::new`] normalises those *outside string literals and
//! comments* (the user's own words are kept exactly as typed) and maps every character to exactly one character,
//! so a line and column computed on the normalised text are the line and column the user sees in an editor.
//!
//! What writes a file back keeps to the bytes it read: a source remembers a [digest](SourceFile::digest) of them,
//! an [`OffsetMap`] takes a span of the normalised text back to the bytes it was read from, so that a fix
//! replaces those bytes and no other, and [`TextStyle`] gives a rewritten text the file's line ends and
//! byte-order mark.
//!
//! A line ends at LF, CRLF or a lone CR (old Mac files), as in an editor: every line end is `\n` in the
//! normalised text, inside strings and comments too, so the grammar, the line index and every renderer see the
//! same lines. A lone CR becomes one `\n` of the same length, so offsets do not move.

mod escape;
mod lines;
mod normalize;
mod span;

pub use escape::unescape;
pub use lines::ColumnMarks;
use lines::Lines;
use normalize::{canonical, normalize};
pub use span::Span;
use std::borrow::Cow;
use std::sync::OnceLock;

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
    text: Cow<'static, str>,
    /// `None` for a built-in file, whose digest is that of its text, computed if asked.
    digest: Option<u64>,
    /// Where each line starts (and marks along long lines), found the first time a position is asked for.
    lines: OnceLock<Lines>,
    comments: Vec<Comment>,
    unterminated: Option<UnterminatedString>,
}

impl SourceFile {
    /// Normalises `raw` and indexes it. `name` is the path shown to the user (with `/` separators).
    pub fn new(name: impl Into<String>, raw: &str) -> Self {
        let scan = normalize(raw);
        SourceFile {
            name: name.into(),
            text: Cow::Owned(scan.text),
            digest: Some(digest(raw.as_bytes())),
            lines: OnceLock::new(),
            comments: scan.comments,
            unterminated: scan.unterminated,
        }
    }

    /// A source kept as written but for a BOM and its line ends (CRLF and a lone CR become `\n`): for rule
    /// files and configuration, whose quoted and unquoted words must match the user's text exactly.
    pub fn verbatim(name: impl Into<String>, raw: &str) -> Self {
        let digest = digest(raw.as_bytes());
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
        let text = if memchr::memchr(b'\r', raw.as_bytes()).is_some() {
            raw.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            raw.to_owned()
        };
        SourceFile {
            name: name.into(),
            text: Cow::Owned(text),
            digest: Some(digest),
            lines: OnceLock::new(),
            comments: Vec::new(),
            unterminated: None,
        }
    }

    /// A file embedded in the binary, read as [`SourceFile::verbatim`] reads it, without copying it when it has
    /// no BOM and no CR (nor reading it through for a digest, nor for its lines until a position is asked).
    pub fn embedded(name: &str, text: &'static str) -> Self {
        if text.starts_with('\u{FEFF}') || memchr::memchr(b'\r', text.as_bytes()).is_some() {
            return SourceFile::verbatim(name, text);
        }
        SourceFile {
            name: name.into(),
            text: Cow::Borrowed(text),
            digest: None,
            lines: OnceLock::new(),
            comments: Vec::new(),
            unterminated: None,
        }
    }

    /// Whether this is `text` itself, embedded in the binary (same place in memory), not a copy.
    pub fn is_embedded(&self, text: &'static str) -> bool {
        matches!(&self.text, Cow::Borrowed(own) if std::ptr::eq(*own, text))
    }

    /// The path shown to the user.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The [`digest`] of the bytes the source was made from: a file still holds them when its bytes have the same.
    pub fn digest(&self) -> u64 {
        self.digest.unwrap_or_else(|| digest(self.text.as_bytes()))
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

    /// The index of lines, made the first time a position is asked for.
    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::new(&self.text))
    }

    /// The line holding the byte at `offset` (clamped to the text), without its line break.
    pub fn line_span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let lines = self.lines();
        let (line, start) = lines.line_of(offset);
        let end = lines
            .start_of(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        Span::new(start, end)
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        // An offset inside a character counts as that character's start, never a panic.
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let lines = self.lines();
        let (line, start) = lines.line_of(offset);
        LineCol {
            line: line + 1,
            column: lines.column(&self.text, start, offset) + 1,
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

/// A 64-bit hash (rustc-hash's, the same in every run) of `bytes` and their length: what tells a file still holds
/// the bytes a [`SourceFile`] was made from. Every file checked gets one and few are fixed, so a fast hash: the
/// edits it must tell apart are a user's, not an adversary's (who could as well edit the file after the write).
pub fn digest(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.write_usize(bytes.len());
    hasher.finish()
}

/// Where the bytes of a [`SourceFile`]'s normalised text lie in the text it was read from. Normalising maps
/// each character to one character, but for a dropped byte-order mark and the `\r` of a CRLF, so the offsets
/// differ only by what those and the characters whose length changed (`３` is three bytes, `3` one) add up to;
/// the map keeps one point wherever that difference changes.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `(normalised offset, original offset)` at the start, and after every character whose length changed.
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The map from `source`'s text back to `raw`; `None` when `source` was not made from `raw`.
    pub fn new(raw: &str, source: &SourceFile) -> Option<OffsetMap> {
        let bom = if raw.starts_with('\u{FEFF}') { 3 } else { 0 };
        let mut points = vec![(0, bom)];
        let mut original = raw[bom..].chars().peekable();
        let (mut at, mut from) = (0, bom);
        for c in source.text().chars() {
            let mut was = original.next()?;
            let mut length = was.len_utf8();
            if was == '\r' && c == '\n' {
                if original.peek() == Some(&'\n') {
                    was = original.next()?;
                    length += 1;
                } else {
                    // A lone CR ends its line as `\n` does, in the same length.
                    was = '\n';
                }
            }
            if was != c && canonical(was) != c {
                return None;
            }
            at += c.len_utf8();
            from += length;
            if length != c.len_utf8() {
                points.push((at, from));
            }
        }
        original.next().is_none().then_some(OffsetMap { points })
    }

    /// The offset in the original text of `offset`, a character boundary of the normalised text. The end of a
    /// line is before its `\r`.
    pub fn original(&self, offset: usize) -> usize {
        let i = self.points.partition_point(|&(at, _)| at <= offset) - 1;
        let (at, from) = self.points[i];
        from + (offset - at)
    }
}

/// How a file ends its lines and whether it starts with a byte-order mark: what a rewritten text keeps of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// Starts with a byte-order mark.
    pub bom: bool,
    /// Ends lines with CRLF: its first line end is one.
    pub crlf: bool,
}

impl TextStyle {
    /// The style of `raw`, a file's text as read.
    pub fn of(raw: &str) -> Self {
        let first = raw.find('\n');
        TextStyle {
            bom: raw.starts_with('\u{FEFF}'),
            crlf: first.is_some_and(|i| raw[..i].ends_with('\r')),
        }
    }

    /// `text`, whose lines end with LF and which has no byte-order mark, in this style.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 3);
        if self.bom {
            out.push('\u{FEFF}');
        }
        if self.crlf {
            out.push_str(&text.replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embedded_file_reads_as_the_same_text_read_verbatim() {
        static PLAIN: &str = "rule JX1 a {\n  when 名称 == \"满足需求\"\n}\n";
        static CRLF: &str = "\u{FEFF}a\r\nb\r\n";
        for text in [PLAIN, CRLF] {
            let (embedded, verbatim) = (
                SourceFile::embedded("r.jxr", text),
                SourceFile::verbatim("r.jxr", text),
            );
            assert_eq!(embedded.text(), verbatim.text());
            assert_eq!(embedded.digest(), verbatim.digest());
            assert_eq!(embedded.line_col(20), verbatim.line_col(20));
        }
        assert!(SourceFile::embedded("r.jxr", PLAIN).is_embedded(PLAIN));
        assert!(!SourceFile::verbatim("r.jxr", PLAIN).is_embedded(PLAIN));
        assert!(!SourceFile::embedded("r.jxr", CRLF).is_embedded(CRLF));
    }

    #[test]
    fn full_width_forms_outside_strings_become_ascii() {
        let src = SourceFile::new("t", "数量 \"３２个（试点）\" ＞＝ ３２ 个 ％");
        assert_eq!(src.text(), "数量 \"３２个（试点）\" >= 32 个 %");
    }

    #[test]
    fn chinese_text_in_code_is_copied_and_what_follows_it_still_normalised() {
        let src = SourceFile::new(
            "t",
            "产出指标\u{3000}数量指标＃注 \n成本≧３２万元\u{A0}效益≦１＂名３＂",
        );
        assert_eq!(
            src.text(),
            "产出指标 数量指标#注 \n成本≥32万元 效益≤1\"名３＂"
        );
        assert_eq!(src.comments().len(), 1);
        assert_eq!(src.comments()[0].text, "注");
        assert!(src.comments()[0].trailing);
    }

    #[test]
    fn a_comment_trails_code_on_its_line_only() {
        let src = SourceFile::new(
            "t",
            "# 文件\n  年度 2022  # 年份\n\u{3000} \t# 缩进\r\n\"多行\n名称\" # 名称之后\n数量 # 一\n# 二\n",
        );
        let trailing: Vec<(&str, bool)> = src
            .comments()
            .iter()
            .map(|c| (c.text.as_str(), c.trailing))
            .collect();
        assert_eq!(
            trailing,
            [
                ("文件", false),
                ("年份", true),
                ("缩进", false),
                ("名称之后", true),
                ("一", true),
                ("二", false)
            ]
        );
    }

    #[test]
    fn bom_and_crlf_are_removed_and_positions_follow_the_editor() {
        let src = SourceFile::new("t", "\u{FEFF}项目 \"a\" {\r\n  年度 ２０２２\r\n}\r\n");
        assert_eq!(src.text(), "项目 \"a\" {\n  年度 2022\n}\n");
        let at = src.text().find("2022").unwrap();
        assert_eq!(src.line_col(at), LineCol { line: 2, column: 6 });
    }

    #[test]
    fn strings_and_comments_are_copied_as_written_around_what_ends_them() {
        let raw = "年度 ２ \"a\\\"ｂ\r\n—c\" “x—“＂”＃ # 注：—”\r\n数量 ３";
        let src = SourceFile::new("t", raw);
        assert_eq!(
            src.text(),
            "年度 2 \"a\\\"ｂ\n—c\" “x—“＂”# # 注：—”\n数量 3"
        );
        let comments: Vec<_> = src.comments().iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            comments,
            ["# 注：—”"],
            "＃ outside a string is # and starts the comment"
        );
        assert!(SourceFile::new("t", "\"a\\\"")
            .unterminated_string()
            .is_some());
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
        assert_eq!(unescape(r"中\文\\"), "中文\\");
        assert_eq!(unescape("末尾\\"), "末尾\\");
        assert_eq!(unescape("没有转义"), "没有转义");
    }

    #[test]
    fn offsets_map_back_to_the_bytes_read() {
        let raw = "\u{FEFF}a ３\r\n\"３\" ＞＝ 1\nb\r\n";
        let source = SourceFile::new("t", raw);
        assert_eq!(source.text(), "a 3\n\"３\" >= 1\nb\n");
        let map = OffsetMap::new(raw, &source).unwrap();
        let back = |normal: &str, from: usize| {
            let at = source.text()[from..].find(normal).unwrap() + from;
            let (start, end) = (map.original(at), map.original(at + normal.len()));
            raw[start..end].to_string()
        };
        assert_eq!(back("3", 0), "３");
        assert_eq!(back("3\n", 0), "３\r\n");
        assert_eq!(back(">=", 0), "＞＝");
        assert_eq!(back("1\nb", 0), "1\nb");
        assert_eq!(back("b", 0), "b");
        assert_eq!(map.original(source.text().len()), raw.len());
        assert!(OffsetMap::new("a 4", &SourceFile::new("t", "a 3")).is_none());
        assert!(OffsetMap::new("a 3 ", &SourceFile::new("t", "a 3")).is_none());
    }

    #[test]
    fn a_text_is_given_back_its_line_ends_and_byte_order_mark() {
        let crlf = TextStyle::of("\u{FEFF}a\r\nb\n");
        assert_eq!(
            crlf,
            TextStyle {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(crlf.apply("x\ny\n"), "\u{FEFF}x\r\ny\r\n");
        let lf = TextStyle::of("a\nb\r\n");
        assert_eq!(lf.apply("x\n"), "x\n");
        assert_eq!(TextStyle::of("no line end").apply("x\n"), "x\n");
        assert_eq!(digest(b"ab"), digest(b"ab"));
        assert_ne!(digest(b"ab"), digest(b"ab\0"));
        assert_eq!(SourceFile::new("t", "ab").digest(), digest(b"ab"));
    }

    #[test]
    fn line_col_counts_characters() {
        let src = SourceFile::new("t", "指标 x\n甲乙丙 y");
        let y = src.text().find('y').unwrap();
        assert_eq!(src.line_col(y), LineCol { line: 2, column: 5 });
        assert_eq!(src.line_col(src.text().len()).line, 2);
    }
}
