//! Safe fixes: applying the edits that rules declare (`fix comparator "="`) to a file's text.
//!
//! An edit is a span of the normalised source and its replacement. It is applied to the file's own bytes, found
//! through the source's [`OffsetMap`]: the bytes it replaces are those the span was read from (`＞＝` for the
//! `>=` the rule saw), and every byte outside an edit stays exactly as it was — line ends, mixed or not, the
//! byte-order mark, full-width digits and signs the reader normalises. A fix never changes what a target means:
//! each rule's fix is written so that the declaration says the same thing in the canonical way.

use crate::diagnostic::{Diagnostic, Edit};
use crate::source::{OffsetMap, SourceFile};

/// What fixing a file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The new text of the file.
    pub text: String,
    /// How many rule fixes were applied.
    pub edits: usize,
}

/// Applies the fixes of `diagnostics` to `original`, the file's text as read (parsed as `source`). `None` when
/// nothing changes, or when `source` was not made from `original`.
pub fn apply(original: &str, source: &SourceFile, diagnostics: &[Diagnostic]) -> Option<Fixed> {
    let map = OffsetMap::new(original, source)?;
    let mut edits: Vec<&Edit> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(original.len());
    let (mut done, mut at) = (0, 0);
    let mut applied = 0;
    for edit in edits {
        if edit.span.start < done {
            continue; // overlaps an edit already applied
        }
        let (start, end) = (map.original(edit.span.start), map.original(edit.span.end));
        out.push_str(&original[at..start]);
        out.push_str(&with_line_end(&edit.replacement, line_end(original, start)));
        (done, at) = (edit.span.end, end);
        applied += 1;
    }
    out.push_str(&original[at..]);
    (out != original).then_some(Fixed {
        text: out,
        edits: applied,
    })
}

/// The line end of the line of `original` that `offset` lies on: CRLF or LF.
fn line_end(original: &str, offset: usize) -> &'static str {
    match original[offset..].find('\n') {
        Some(i) if original[..offset + i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `replacement`, whose line breaks are LF, with `line_end` instead.
fn with_line_end(replacement: &str, line_end: &str) -> String {
    if line_end == "\n" {
        replacement.to_string()
    } else {
        replacement.replace('\n', line_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;
    use crate::diagnostic::{Severity, Text};
    use crate::source::Span;

    fn finding(span: Span, replacement: &str) -> Diagnostic {
        let mut d = Diagnostic::new(codes::SYNTAX, Severity::Info, span, Text::new("", ""));
        d.fix = Some(Edit {
            span,
            replacement: replacement.to_string(),
        });
        d
    }

    #[test]
    fn edits_apply_to_the_bytes_read_and_nothing_else_changes() {
        let original = "\u{FEFF}数量 \"率\" ＞＝ 100 ％\r\n质量 \"（≥）\" ＝ １ 个\n时效 >= 1\r\n";
        let source = SourceFile::new("t", original);
        let first = source.text().find(">=").unwrap();
        let second = source.text().rfind(">=").unwrap();
        let fixed = apply(
            original,
            &source,
            &[
                finding(Span::new(first, first + 2), "≥"),
                finding(Span::new(second, second + 2), "≥"),
            ],
        )
        .unwrap();
        assert_eq!(
            fixed.text,
            "\u{FEFF}数量 \"率\" ≥ 100 ％\r\n质量 \"（≥）\" ＝ １ 个\n时效 ≥ 1\r\n"
        );
        assert_eq!(fixed.edits, 2);
    }

    #[test]
    fn a_line_break_in_a_replacement_takes_the_line_end_of_its_line() {
        let original = "a b\r\nc\n";
        let source = SourceFile::new("t", original);
        let fixed = apply(original, &source, &[finding(Span::new(1, 2), "\n")]).unwrap();
        assert_eq!(fixed.text, "a\r\nb\r\nc\n");
    }

    #[test]
    fn a_source_not_made_from_the_text_is_not_fixed() {
        let source = SourceFile::new("t", "a >= 1");
        assert_eq!(
            apply("a >= 2", &source, &[finding(Span::new(2, 4), "≥")]),
            None
        );
    }

    #[test]
    fn a_file_ending_its_lines_with_a_lone_cr_keeps_them() {
        let original = "数量 \"率\" >= 100 %\r# 注释\r质量 \"a\" = 1 个\r";
        let source = SourceFile::new("t", original);
        let at = source.text().find(">=").unwrap();
        let fixed = apply(original, &source, &[finding(Span::new(at, at + 2), "=")]).unwrap();
        assert_eq!(
            fixed.text,
            "数量 \"率\" = 100 %\r# 注释\r质量 \"a\" = 1 个\r"
        );
        assert_eq!(fixed.edits, 1);
    }

    #[test]
    fn nothing_to_fix_is_none_and_overlaps_are_skipped() {
        let source = SourceFile::new("t", "a b");
        assert_eq!(apply("a b", &source, &[]), None);
        let fixed = apply(
            "a b",
            &source,
            &[finding(Span::new(0, 3), "x"), finding(Span::new(2, 3), "y")],
        )
        .unwrap();
        assert_eq!(fixed.text, "x");
    }
}
