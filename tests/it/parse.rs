//! The parser on fixtures: every valid document in fixtures/parse/ok (and the Shuozhou transcription) parses
//! without findings into the outline held in its snapshot, with spans that nest; every invalid document in
//! fixtures/parse/err gives the findings held in its snapshot, rendered as the user sees them.

use jixiao::diagnostic::codes;
use jixiao::syntax::ast::{Document, Indicator, TargetKind};
use jixiao::{check_source, SourceFile, Span};
use std::path::Path;

fn load(path: &Path) -> SourceFile {
    support::fixture_source(path)
}

/// Checks that every node's span lies inside its parent's and that names and texts sit where they were written.
fn assert_spans_nest(document: &Document, source: &SourceFile) {
    let inside = |outer: Span, inner: Span, what: &str| {
        assert!(
            outer.contains(inner),
            "{what} {:?} is not inside {:?}",
            source.slice(inner),
            source.slice(outer)
        );
    };
    let quoted = |span: Span, value: &str| {
        let written = source.slice(span);
        assert!(
            written.starts_with(['"', '“']) && written.ends_with(['"', '”']),
            "{written:?} is not a quoted text"
        );
        if !written.contains('\\') {
            assert_eq!(written.trim_matches(['"', '“', '”']), value);
        }
    };
    for declaration in &document.declarations {
        inside(declaration.span, declaration.name.span, "declaration name");
        quoted(declaration.name.span, &declaration.name.value);
        for level1 in &declaration.groups {
            inside(declaration.span, level1.span, "level 1");
            assert_eq!(source.slice(level1.label.span), level1.label.value);
            for level2 in &level1.groups {
                inside(level1.span, level2.span, "level 2");
                assert_eq!(source.slice(level2.label.span), level2.label.value);
                for indicator in &level2.indicators {
                    inside(level2.span, indicator.span, "indicator");
                    quoted(indicator.name.span, &indicator.name.value);
                    assert_indicator_spans(indicator, source);
                }
            }
        }
    }
}

fn assert_indicator_spans(indicator: &Indicator, source: &SourceFile) {
    let Some(target) = &indicator.target else {
        return;
    };
    assert!(indicator.span.contains(target.span));
    assert!(
        !source.slice(target.span).ends_with(char::is_whitespace),
        "target span {:?} has trailing space",
        source.slice(target.span)
    );
    if let TargetKind::Quantitative {
        comparator,
        quantity,
    } = &target.kind
    {
        assert!(target.span.contains(quantity.value.span));
        let digits: String = source
            .slice(quantity.value.span)
            .chars()
            .filter(|&c| c != ',' && c != '+')
            .collect();
        assert_eq!(digits, quantity.value.value.to_string());
        if let Some(unit) = &quantity.unit {
            assert_eq!(source.slice(unit.span), unit.value);
        }
        if let Some(comparator) = comparator {
            assert!(target.span.contains(comparator.span));
        }
    }
}

#[test]
fn valid_documents_parse_into_their_outline() {
    let _snapshots = support::snapshots("parse");
    insta::glob!("../../fixtures/parse/ok", "*.jx", |path| {
        let report = check_source(load(path));
        let source = report.source.as_ref().expect("source");
        assert_eq!(report.diagnostics, [], "{}", source.name());
        let document = report.document.as_ref().expect("a document");
        assert_spans_nest(document, source);
        insta::assert_snapshot!(jixiao::syntax::outline::outline(document, source));
    });
}

#[test]
fn the_shuozhou_table_parses_without_findings() {
    let _snapshots = support::snapshots("parse");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shuozhou-2022.jx");
    let report = check_source(load(&path));
    let source = report.source.as_ref().expect("source");
    assert_eq!(report.diagnostics, []);
    let document = report.document.as_ref().expect("a document");
    assert_spans_nest(document, source);
    insta::assert_snapshot!(jixiao::syntax::outline::outline(document, source));
}

#[test]
fn every_fixed_finding_class_has_an_error_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/err");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("fixtures/parse/err") {
        let path = entry.expect("entry").path();
        let report = check_source(load(&path));
        assert!(
            !report.diagnostics.is_empty(),
            "{} gives no finding",
            path.display()
        );
        seen.extend(report.diagnostics.iter().map(|d| d.code.clone()));
    }
    // Classes that parsing cannot produce (reading, configuration, rule files, suppressions left unused) are
    // exercised by the command-line and engine tests; every other class needs a fixture here.
    let not_from_parsing = [
        codes::READ_ERROR,
        codes::NOT_UTF8,
        codes::UNUSED_SUPPRESSION,
        codes::INVALID_CONFIG,
        codes::INVALID_RULE_FILE,
        codes::NO_INDICATOR_TABLE,
        codes::UNREAD_TABLE_ROW,
        codes::UNREADABLE_CELL,
        codes::NO_WEIGHTS,
    ];
    for code in codes::ALL {
        if not_from_parsing.contains(code) {
            continue;
        }
        assert!(
            seen.contains(code.code),
            "no fixture in fixtures/parse/err gives {} {}",
            code.code,
            code.name
        );
    }
}

/// The ```jx examples of the README and docs/language.md, each a whole document.
fn doc_examples() -> Vec<(String, String)> {
    let mut examples = Vec::new();
    for doc in ["README.md", "docs/language.md"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc))
            .expect("doc is readable");
        let mut lines = text.lines().enumerate();
        while let Some((start, line)) = lines.next() {
            if line.trim() != "```jx" {
                continue;
            }
            let body: Vec<_> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| l.trim() != "```")
                .collect();
            examples.push((format!("{doc}:{}", start + 2), body.join("\n")));
        }
    }
    examples
}

#[test]
fn the_documented_examples_parse_without_findings() {
    let examples = doc_examples();
    assert!(examples.len() >= 2, "the docs hold jx examples");
    for (name, text) in examples {
        let report = check_source(SourceFile::new(name.clone(), &text));
        assert_eq!(report.diagnostics, [], "{name}");
        assert!(report.document.is_some(), "{name}");
    }
}

use crate::support;

fn rendered(report: jixiao::FileReport, lang: jixiao::Lang) -> String {
    support::rendered(&[report], lang)
}

#[test]
fn invalid_documents_render_their_findings() {
    let _snapshots = support::snapshots("parse");
    insta::glob!("../../fixtures/parse/err", "*.jx", |path| {
        let zh = rendered(check_source(load(path)), jixiao::Lang::Zh);
        let en = rendered(check_source(load(path)), jixiao::Lang::En);
        insta::assert_snapshot!(format!("{zh}\n--- English ---\n\n{en}"));
    });
}

/// The documents with several syntax errors in fixtures/parse/err/recover-*.jx: every syntax error is reported
/// once, and the indicators that did parse are checked by the built-in rules.
#[test]
fn recovered_documents_are_checked_by_the_rules() {
    let _snapshots = support::snapshots("parse");
    let rules = support::builtin_rules();
    insta::glob!("../../fixtures/parse/err", "recover-*.jx", |path| {
        let report = jixiao::check_with_rules(load(path), &rules);
        let syntax: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::SYNTAX.code)
            .map(|d| d.span.start)
            .collect();
        assert!(syntax.len() >= 3, "{}: {syntax:?}", path.display());
        let mut unique = syntax.clone();
        unique.dedup();
        assert_eq!(unique, syntax, "each error is reported once");
        assert!(report.document.is_some(), "{}", path.display());
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() >= "JX100"),
            "{}: the rules ran",
            path.display()
        );
        insta::assert_snapshot!(rendered(report, jixiao::Lang::En));
    });
}
