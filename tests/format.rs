//! The formatter on fixtures: the messy inputs of fixtures/fmt are laid out as their snapshots hold; every
//! fixture that parses, and every example of the README and docs/language.md, formats to a text that formats to
//! itself, parses to the same model, gets the same findings and keeps every suppression on the same node.

use jixiao::ast::Document;
use jixiao::format::{format_source, model};
use jixiao::rules::{RuleSet, Selection};
use jixiao::{check_with_rules, SourceFile, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every .jx file under fixtures/, in path order.
fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .map(|entry| entry.expect("fixtures are readable").into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "jx"))
        .collect();
    paths.sort();
    paths
}

/// The ```jx examples of the README and the language documentation.
fn doc_examples() -> Vec<(String, String)> {
    let mut examples = Vec::new();
    for doc in ["README.md", "docs/language.md"] {
        let text = std::fs::read_to_string(root().join(doc)).expect("docs are readable");
        for (i, block) in text.split("```jx\n").skip(1).enumerate() {
            let code = block.split("```").next().expect("a fenced block");
            examples.push((format!("{doc} example {}", i + 1), code.to_string()));
        }
    }
    assert!(examples.len() >= 2, "no ```jx example found");
    examples
}

/// Every input the formatter is tested on that parses: (name, text).
fn inputs() -> Vec<(String, String)> {
    let mut inputs: Vec<(String, String)> = fixture_paths()
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                name,
                std::fs::read_to_string(&path).expect("fixtures are UTF-8"),
            )
        })
        .filter(|(name, text)| parse(name, text).1.is_some())
        .collect();
    assert!(inputs.len() >= 60, "only {} fixtures parse", inputs.len());
    inputs.extend(doc_examples());
    inputs
}

fn parse(name: &str, text: &str) -> (SourceFile, Option<Document>) {
    let source = SourceFile::new(name, text);
    let document = jixiao::parse::parse(&source).document;
    (source, document)
}

fn format(name: &str, text: &str) -> String {
    format_source(&SourceFile::new(name, text)).unwrap_or_else(|err| panic!("{name}: {err:?}"))
}

/// The text with its invisible parts shown: a byte-order mark and carriage returns.
fn visible(text: &str) -> String {
    text.replace('\u{FEFF}', "<BOM>").replace('\r', "␍")
}

#[test]
fn messy_inputs_are_laid_out_as_their_snapshots() {
    insta::glob!("../fixtures/fmt", "*.jx", |path| {
        let raw = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let formatted = format("input.jx", &raw);
        insta::assert_snapshot!(format!(
            "── before ──\n{}\n── after ──\n{formatted}",
            visible(&raw)
        ));
    });
}

#[test]
fn formatting_twice_changes_nothing_more() {
    for (name, text) in inputs() {
        let once = format(&name, &text);
        let twice = format(&name, &once);
        assert_eq!(once, twice, "{name} is not stable:\n{once}");
    }
}

#[test]
fn the_formatted_text_parses_to_the_same_model() {
    for (name, text) in inputs() {
        let once = format(&name, &text);
        let (before, document) = parse(&name, &text);
        let (after, reparsed) = parse(&name, &once);
        let (document, reparsed) = (document.unwrap(), reparsed.expect("formatted text parses"));
        assert_eq!(
            model(&before, &document),
            model(&after, &reparsed),
            "{name} means something else once formatted:\n{once}"
        );
    }
}

/// The findings of every rule, before and after formatting, are the same, but for JX222 ascii-comparator
/// (`>=` for `≥`), which formatting fixes.
#[test]
fn the_findings_are_the_same_before_and_after() {
    let mut rules = RuleSet::builtin().expect("the built-in rules compile");
    rules
        .select(&Selection::only(["ALL"]))
        .expect("ALL selects");
    let findings = |name: &str, text: &str| {
        let report = check_with_rules(SourceFile::new(name, text), &rules);
        // Messages quote targets as written: formatting writes `>=` as `≥` and `2次` as `2 次`.
        let canonical = |message: &str| {
            let message = message
                .replace(">=", "≥")
                .replace("<=", "≤")
                .replace("==", "=");
            message.split_whitespace().collect::<String>()
        };
        let mut found: Vec<(String, String)> = report
            .diagnostics
            .into_iter()
            .map(|d| (d.code, canonical(&d.message.zh)))
            .collect();
        found.retain(|(code, _)| code != "JX222");
        found.sort();
        found
    };
    let mut total = 0;
    for (name, text) in inputs() {
        let before = findings(&name, &text);
        total += before.len();
        assert_eq!(before, findings(&name, &format(&name, &text)), "{name}");
    }
    assert!(total > 100, "the fixtures hold only {total} findings");
}

/// Each suppression of `text` with what it covers, named by the path of names down to the node.
fn covered(name: &str, text: &str) -> Vec<(String, Option<String>)> {
    let (source, document) = parse(name, text);
    let document = document.expect("parses");
    let mut nodes: HashMap<Span, String> = HashMap::new();
    for declaration in &document.declarations {
        let d = declaration.name.value.clone();
        nodes.insert(declaration.span, d.clone());
        for level1 in &declaration.groups {
            let l1 = format!("{d} > {}", level1.label.value);
            nodes.insert(level1.span, l1.clone());
            for level2 in &level1.groups {
                let l2 = format!("{l1} > {}", level2.label.value);
                nodes.insert(level2.span, l2.clone());
                for indicator in &level2.indicators {
                    nodes.insert(indicator.span, format!("{l2} > {}", indicator.name.value));
                }
            }
        }
    }
    document
        .suppressions
        .iter()
        .map(|s| {
            let comment = source.slice(s.comment).to_string();
            (comment, s.scope.map(|scope| nodes[&scope].clone()))
        })
        .collect()
}

#[test]
fn suppressions_cover_the_same_nodes_before_and_after() {
    let mut seen = 0;
    for (name, text) in inputs() {
        let before = covered(&name, &text);
        seen += before.len();
        assert_eq!(before, covered(&name, &format(&name, &text)), "{name}");
    }
    assert!(seen >= 15, "only {seen} suppressions seen");
    let mess = std::fs::read_to_string(root().join("fixtures/fmt/suppressions.jx")).unwrap();
    let covers: Vec<_> = covered("s.jx", &mess)
        .into_iter()
        .map(|(_, node)| node)
        .collect();
    assert_eq!(
        covers,
        [
            Some("抑制示例".to_string()),
            Some("抑制示例".to_string()),
            Some("抑制示例 > 产出".to_string()),
            Some("抑制示例 > 产出 > 数量".to_string()),
            Some("抑制示例 > 产出 > 质量 > 另一个".to_string()),
            Some("抑制示例 > 产出 > 时效".to_string()),
            Some("抑制示例 > 产出 > 成本 > 养护成本".to_string()),
            Some("抑制示例 > 效益 > 社会效益 > 受益村数".to_string()),
            Some("第二个申报".to_string()),
            None,
            Some("第三个申报 > 产出 > 数量 > a".to_string()),
            None,
        ]
    );
}

#[test]
fn the_docs_examples_are_in_the_canonical_layout() {
    for (name, text) in doc_examples() {
        assert_eq!(
            format(&name, &text),
            text,
            "{name} is not in the canonical layout"
        );
    }
}
