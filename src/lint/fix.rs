//! Safe fixes: applying the edits that rules declare (`fix comparator "="`) to a file's text.
//!
//! The fixed text is the normalised source (full-width digits, letters and signs outside strings written in their
//! canonical forms) with the edits applied, then given back the file's own line ends and byte-order mark. A fix
//! never changes what a target means: the normalised forms are what the parser reads anyway, and each rule's fix
//! is written so that the declaration says the same thing in the canonical way.

use crate::diagnostic::{Diagnostic, Edit};
use crate::source::SourceFile;

/// What fixing a file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The new text of the file.
    pub text: String,
    /// How many rule fixes were applied.
    pub edits: usize,
    /// How many characters were written in their canonical forms.
    pub normalised: usize,
}

/// Applies the fixes of `diagnostics` to `original`, the file's text as read (parsed as `source`). `None` when
/// nothing changes.
pub fn apply(original: &str, source: &SourceFile, diagnostics: &[Diagnostic]) -> Option<Fixed> {
    let mut edits: Vec<&Edit> = diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let text = source.text();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.span.start < at {
            continue; // overlaps an edit already applied
        }
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);

    let bom = original.starts_with('\u{FEFF}');
    let body = original.strip_prefix('\u{FEFF}').unwrap_or(original);
    let crlf = body.contains("\r\n");
    let cr_only = !crlf && body.contains('\r');
    let unix_body = body.replace("\r\n", "\n").replace('\r', "\n");
    let normalised = unix_body
        .chars()
        .zip(text.chars())
        .filter(|(a, b)| a != b)
        .count();
    let mut fixed = match (crlf, cr_only) {
        (true, _) => out.replace('\n', "\r\n"),
        (false, true) => out.replace('\n', "\r"),
        (false, false) => out,
    };
    if bom {
        fixed.insert(0, '\u{FEFF}');
    }
    (fixed != original).then_some(Fixed {
        text: fixed,
        edits: applied,
        normalised,
    })
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
    fn edits_apply_and_line_ends_and_bom_are_kept() {
        let original = "\u{FEFF}数量 \"率\" >= 100 ％\r\n质量 \"（≥）\" ＝ 1 个\r\n";
        let source = SourceFile::new("t", original);
        let at = source.text().find(">=").unwrap();
        let fixed = apply(original, &source, &[finding(Span::new(at, at + 2), "=")]).unwrap();
        assert_eq!(
            fixed.text,
            "\u{FEFF}数量 \"率\" = 100 %\r\n质量 \"（≥）\" = 1 个\r\n"
        );
        assert_eq!((fixed.edits, fixed.normalised), (1, 2));
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
        assert_eq!((fixed.edits, fixed.normalised), (1, 0));
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
