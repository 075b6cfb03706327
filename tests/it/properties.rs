//! The properties every input is held to, shared by the fuzz targets (fuzz/fuzz_targets/, which include this
//! file by its path) and the proptest suite (`proptests`), so that `cargo test` checks on a few hundred generated
//! inputs what `scripts/fuzz.sh` checks on millions. Each function panics when its property does not hold.
#![allow(dead_code)]

use jixiao::format::{self, FormatError};
use jixiao::import::{self, Encoding};
use jixiao::lint::dsl::{self, Overrides};
use jixiao::lint::{self, RuleSet, Selection};
use jixiao::render::{human::Human, json::Json, Options, Render};
use jixiao::syntax::parse::{by_item_and_whole, failure_offsets, parse};
use jixiao::{check_with_rules, FileReport, SourceFile};
use std::path::Path;
use std::sync::OnceLock;

/// The codes of the syntax errors a fix must not add: the grammar's, and numbers and dates it cannot read.
const SYNTAX: [&str; 4] = ["JX001", "JX002", "JX003", "JX004"];
/// The codes of the syntax errors a written .jx must never have (a number or date a table holds may be wrong —
/// the year 1011 — and is then reported at its cell, as in a .jx).
const GRAMMAR: [&str; 2] = ["JX001", "JX002"];

/// Every built-in rule, compiled once.
fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules = lint::builtin().expect("the built-in rules compile");
        rules
            .select(&Selection::only(["ALL"]))
            .expect("ALL selects");
        rules
    })
}

/// Draws reports in the human and JSON formats: neither may panic, whatever the text.
fn draw(reports: &[FileReport]) {
    let mut out = Vec::new();
    Human::new(Options::default())
        .render(reports, &mut out)
        .expect("drawn");
    Json::new(Options::default())
        .render(reports, &mut out)
        .expect("written");
}

/// How many syntax errors a report has.
fn syntax_errors(report: &FileReport) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| SYNTAX.contains(&d.code.as_str()))
        .count()
}

/// The .jx parser and the rules: any text is checked and its findings drawn without a panic; the parser fails
/// at the same place without error detail (the first parse of every file) as with it (the reported error); read
/// one declaration or evaluation at a time (as a sound file is read), a text gives what it gives read whole.
pub fn check_jx(text: &str) {
    let source = SourceFile::new("fuzz.jx", text);
    let (quick, detailed) = failure_offsets(source.text());
    assert_eq!(
        quick, detailed,
        "the parse without error detail fails where the full parse does"
    );
    let [by_item, whole] = by_item_and_whole(&source);
    assert_eq!(
        by_item, whole,
        "the file read one item at a time reads as the whole file"
    );
    let report = check_with_rules(source, rules());
    draw(&[report]);
}

/// `jixiao fmt`: a text that formats formats to a text that formats to itself (fmt(fmt(x)) == fmt(x)) and
/// parses to the same model; `jixiao fmt --check` says a text is in the layout exactly when formatting leaves it
/// as it is.
pub fn fmt_is_idempotent(text: &str) {
    let source = SourceFile::new("fuzz.jx", text);
    let once = match format::format_source(&source) {
        Ok(once) => once,
        Err(FormatError::Syntax(_) | FormatError::Changed(_)) => return,
    };
    let in_layout = format::is_in_layout(&source).expect("a text that formats is laid out");
    assert_eq!(
        in_layout,
        once == source.text(),
        "fmt --check agrees with fmt"
    );
    let formatted = SourceFile::new("fuzz.jx", &once);
    let twice = format::format_source(&formatted).expect("a formatted text formats");
    assert_eq!(twice, once, "formatting twice changes nothing more");
    assert!(
        format::is_in_layout(&formatted).expect("a formatted text is laid out"),
        "a formatted text is in the layout"
    );
    let model = |source: &SourceFile| {
        let document = parse(source).document.expect("parses");
        format::model(source, &document)
    };
    assert_eq!(model(&formatted), model(&source), "the same model");
}

/// `jixiao check --fix`: the fixes apply to the text, and the fixed text has no syntax error the text had not.
pub fn fix_applies_cleanly(text: &str) {
    let report = check_with_rules(SourceFile::new("fuzz.jx", text), rules());
    let source = report
        .source
        .as_ref()
        .expect("a checked text has its source");
    let Some(fixed) = lint::fix::apply(text, source, &report.diagnostics) else {
        return;
    };
    let after = check_with_rules(SourceFile::new("fuzz.jx", &fixed.text), rules());
    assert!(
        syntax_errors(&after) <= syntax_errors(&report),
        "a fix added a syntax error:\n{}",
        fixed.text
    );
}

/// The rule language: any rule file compiles or gives located errors; a rule set that compiles checks a
/// declaration; everything is drawn.
pub fn rule_file(text: &str) {
    let sources = [SourceFile::verbatim("fuzz.jxr", text)];
    match dsl::rule_set(&sources, &Overrides::default()) {
        Ok(mut rules) => {
            if rules.select(&Selection::only(["ALL"])).is_ok() {
                let sample = include_str!("../../fixtures/shuozhou-2022.jx");
                draw(&[check_with_rules(SourceFile::new("s.jx", sample), &rules)]);
            }
        }
        Err(reports) => draw(&reports),
    }
}

/// `jixiao import` and checking a table: any bytes are read (or refused with a read error) within bounds; an
/// indicator table gives a .jx that parses, and its findings are drawn.
pub fn table(name: &str, bytes: &[u8]) {
    let Ok(sheets) = import::read_sheets(name, Path::new(name), bytes.to_vec(), Encoding::Auto)
    else {
        return;
    };
    let Ok(imported) = import::import(name, sheets) else {
        return;
    };
    let jx = import::to_jx(name, &imported);
    let written = parse(&SourceFile::new("fuzz.jx", &jx));
    let errors: Vec<_> = written
        .diagnostics
        .iter()
        .filter(|d| GRAMMAR.contains(&d.code.as_str()))
        .map(|d| d.message.en.clone())
        .collect();
    assert!(
        errors.is_empty(),
        "the .jx written does not parse: {errors:?}\n{jx}"
    );
    draw(&import::check(name, &imported, rules()));
    draw(&import::problems(name, &imported));
}
