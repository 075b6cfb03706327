//! Parsing: .jx text → pest pairs → the typed [`Document`] with spans → framework validation.
//!
//! Three passes, kept apart: `grammar` (pest, generated from `grammar/jx.pest`), `lower` (one function per
//! grammar rule, building the AST and converting numbers and dates exactly) and `validate` (level names against
//! the indicator framework). Suppression comments are read in `suppress`, syntax errors are put into the user's
//! words in `error`, and `recover` goes on past them. No pest type leaves this module.

mod error;
mod grammar;
mod lower;
mod recover;
mod suppress;
mod validate;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::syntax::ast::Document;

/// The result of parsing one source: the document when the syntax was sound or could be recovered, and every
/// finding.
#[derive(Debug)]
pub struct Parsed {
    /// The typed model; `None` after a syntax error that could not be recovered from.
    pub document: Option<Document>,
    /// Syntax and semantic findings.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether syntax errors were recovered from: the document then holds only what parsed around them, so it
    /// is checked but is no faithful model of the whole text (not to be formatted or fixed).
    pub recovered: bool,
}

/// Where the normalised text `text` fails to parse as a file, found as a sound file is parsed first (without
/// pest's error detail, leaving out the alternatives the next character rules out) and as a syntax error is
/// reported (with it). The two are the same; the property tests and fuzz targets check it on any text.
#[doc(hidden)]
pub fn failure_offsets(text: &str) -> (Option<usize>, Option<usize>) {
    (grammar::failure(text), grammar::detailed_failure(text))
}

/// What a file reads as, lowered, one declaration or evaluation at a time (as [`parse`] reads a sound file) and
/// whole (as it reads a file for its error): the document and the findings of lowering, `None` where the text
/// does not read. The two are the same; the property tests and fuzz targets check it on any text.
#[doc(hidden)]
pub fn by_item_and_whole(source: &SourceFile) -> [Option<(Document, Vec<Diagnostic>)>; 2] {
    let mut by_item = Vec::new();
    let items = lower::lower_items(source, &mut by_item).map(|document| (document, by_item));
    let mut whole = Vec::new();
    let file = grammar::parse_file(source.text())
        .ok()
        .map(|pairs| (lower::lower_file(source, pairs, &mut whole), whole));
    [items, file]
}

/// Parses, lowers and validates `source`. After a syntax error, every later one is reported as well and the
/// document holds what parsed around them (see `recover`); a sound file is parsed once.
pub fn parse(source: &SourceFile) -> Parsed {
    if let Some(open) = source.unterminated_string() {
        return Parsed {
            document: None,
            diagnostics: vec![error::unterminated_string(open.open)],
            recovered: false,
        };
    }
    let err = match build(source) {
        Ok(parsed) => return parsed,
        Err(err) => err,
    };
    let recovery = recover::recover(source, &err);
    let mut diagnostics = recovery.errors;
    let Some(text) = recovery.text else {
        return Parsed {
            document: None,
            diagnostics,
            recovered: false,
        };
    };
    // The blanked copy has the same offsets as the source, so the document's spans hold for both.
    let copy = SourceFile::new(source.name(), &text);
    match build(&copy) {
        Ok(mut parsed) => {
            diagnostics.extend(parsed.diagnostics);
            if let Some(document) = &mut parsed.document {
                document.gaps = recovery.gaps;
            }
            Parsed {
                document: parsed.document,
                diagnostics,
                recovered: true,
            }
        }
        Err(_) => Parsed {
            document: None,
            diagnostics,
            recovered: false,
        },
    }
}

/// [`parse`] without recovering from an error: `None` for a text with a syntax error or a string left open, for
/// callers that only ask whether a text is valid (a table's cells, probed as targets, fail often, and recovering
/// re-parses the text several times).
pub fn parse_strict(source: &SourceFile) -> Option<Parsed> {
    if source.unterminated_string().is_some() {
        return None;
    }
    build(source).ok()
}

/// Parses, lowers and validates a source whose syntax is sound; its syntax error otherwise. A sound file is read
/// one declaration or evaluation at a time, so that pest holds the tokens of one item, not of the whole file
/// (ten bytes of them for each byte of text); a file that does not read so is parsed whole for its error.
fn build(source: &SourceFile) -> Result<Parsed, Box<pest::error::Error<grammar::Rule>>> {
    let mut diagnostics = Vec::new();
    let mut document = match lower::lower_items(source, &mut diagnostics) {
        Some(document) => document,
        None => lower::lower_file(
            source,
            grammar::parse_file_in_detail(source.text())?,
            &mut diagnostics,
        ),
    };
    validate::validate(&mut document, &mut diagnostics);
    document.suppressions = suppress::suppressions(source, &document, &mut diagnostics);
    Ok(Parsed {
        document: Some(document),
        diagnostics,
        recovered: false,
    })
}

/// The forms of a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetForm {
    /// `定性 "…"`.
    Qualitative,
    /// `2023.07-2024.01`.
    Period,
    /// `2023年12月前`.
    Deadline,
    /// `≥ 95 %`.
    Quantitative,
}

/// The form of `text` if it is, as a whole, one target value of the language (`≥ 95 %`, `2023年12月前`,
/// `定性 "…"` …).
pub fn target_form(text: &str) -> Option<TargetForm> {
    grammar::target_form(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;

    /// What `text` reads as (by item, checked against the whole-file reading), and the offset of its syntax
    /// error, if any.
    fn reading(text: &str) -> (Option<Document>, Option<usize>) {
        let source = SourceFile::new("t.jx", text);
        let [by_item, whole] = by_item_and_whole(&source);
        assert_eq!(by_item, whole, "{text}");
        (
            by_item.map(|(document, _)| document),
            grammar::failure(text),
        )
    }

    #[test]
    fn a_file_read_one_item_at_a_time_is_the_whole_file() {
        let item = "项目 \"甲\" {\n  产出 { 数量 { \"a\" ≥ 1 个 } }\n}";
        let evaluation = "评价 \"乙\" { 总分 100 }";
        // Blanks and comments before, between and after the items, and none at all between two.
        let text = format!("# 头\n\n{item}\n# 间\n{evaluation}{item} # 尾\n\n# 末");
        let (document, failure) = reading(&text);
        let document = document.expect("reads");
        assert_eq!(failure, None);
        assert_eq!(document.declarations.len(), 2);
        assert_eq!(document.evaluations.len(), 1);
        // Spans count from the start of the file, not of the item.
        let second = &document.declarations[1];
        assert_eq!(&text[second.span.start..second.span.end], item);
        let indicator = &second.groups[0].groups[0].indicators[0];
        let at = text.rfind("\"a\"").expect("the second indicator");
        assert_eq!(indicator.name.span.start, at);
        // What does not read whole does not read by item either: an error in a later item, text after the last,
        // nothing but comments, nothing at all.
        for broken in [
            format!("{item}\n{item}\n项目 \"丙\" {{ 产出 {{ 数量 {{ \"a\" ≥ }} }} }}"),
            format!("{item}\n多余"),
            "# 只有注释\n".to_string(),
            String::new(),
        ] {
            let (document, failure) = reading(&broken);
            assert!(document.is_none(), "{broken}");
            assert!(failure.is_some(), "{broken}");
        }
    }

    #[test]
    fn strict_parsing_refuses_what_parsing_recovers_from() {
        let valid = "项目 \"x\" {\n  产出 {\n    数量 { \"a\" ≥ 1 个 }\n  }\n}\n";
        let broken = "项目 \"x\" {\n  产出 {\n    数量 { \"a\" ≥ }\n  }\n  年度 2022\n}\n";
        let open = "项目 \"x\" {\n  年度目标 \"没有结束\n}\n";
        let strict = |text: &str| parse_strict(&SourceFile::new("t.jx", text));
        let full = |text: &str| parse(&SourceFile::new("t.jx", text));
        let parsed = strict(valid).expect("a valid text parses");
        assert_eq!(
            format!("{:?}", parsed.document),
            format!("{:?}", full(valid).document)
        );
        for text in [broken, open] {
            assert!(strict(text).is_none(), "{text}");
            assert!(full(text).diagnostics.iter().any(|d| {
                d.class() == Some(codes::SYNTAX) || d.class() == Some(codes::UNTERMINATED_STRING)
            }));
        }
        assert!(
            full(broken).recovered,
            "parse recovers from what parse_strict refuses"
        );
    }
}
