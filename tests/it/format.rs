//! The formatter on fixtures: the messy inputs of fixtures/fmt are laid out as their snapshots hold; every
//! fixture that parses, the `jixiao init` template and every example of the README and docs/language.md format
//! to a text that formats to itself, parses to the same model, gets the same findings (but the ASCII comparators
//! JX222 reports, which formatting fixes) and keeps every suppression on the same node.

use crate::support;
use jixiao::diagnostic::codes;
use jixiao::format::{format_source, is_in_layout, model};
use jixiao::lint::{self, Selection};
use jixiao::syntax::ast::Document;
use jixiao::{check_with_rules, SourceFile, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every .jx file under fixtures/ and templates/ (what `jixiao init` writes), in path order.
fn fixture_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = ["fixtures", "templates"]
        .into_iter()
        .flat_map(|dir| walkdir::WalkDir::new(root().join(dir)))
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
    // A document recovered from syntax errors is not formatted.
    let parsed = jixiao::syntax::parse::parse(&source);
    let document = parsed.document.filter(|_| !parsed.recovered);
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
    let _snapshots = support::snapshots("format");
    insta::glob!("../../fixtures/fmt", "*.jx", |path| {
        let raw = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let formatted = format("input.jx", &raw);
        insta::assert_snapshot!(format!(
            "── before ──\n{}\n── after ──\n{formatted}",
            visible(&raw)
        ));
    });
}

#[test]
fn fmt_check_says_a_source_is_in_the_layout_exactly_when_fmt_leaves_it_as_it_is() {
    let (mut with_suppressions, mut changed, mut unchanged) = (0, 0, 0);
    for (name, text) in inputs() {
        with_suppressions += usize::from(text.contains("jixiao: allow"));
        let formatted = format(&name, &text);
        // Each input, and its formatted text, which must be in the layout.
        for text in [text.as_str(), formatted.as_str()] {
            let source = SourceFile::new(name.as_str(), text);
            let in_layout = is_in_layout(&source).unwrap_or_else(|err| panic!("{name}: {err:?}"));
            let left_as_it_is = format(&name, text) == source.text();
            assert_eq!(in_layout, left_as_it_is, "{name}: {text}");
            *if in_layout {
                &mut unchanged
            } else {
                &mut changed
            } += 1;
        }
        assert!(is_in_layout(&SourceFile::new(name.as_str(), &formatted)).unwrap());
    }
    assert!(
        with_suppressions >= 3,
        "only {with_suppressions} inputs have suppressions"
    );
    assert!(
        changed >= 10 && unchanged >= 10,
        "{changed} changed, {unchanged} unchanged"
    );
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
    let mut rules = lint::builtin().expect("the built-in rules compile");
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
    let ascii = |name: &str, text: &str| {
        let report = check_with_rules(SourceFile::new(name, text), &rules);
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == "JX222")
            .count()
    };
    let (mut total, mut fixed) = (0, 0);
    for (name, text) in inputs() {
        let before = findings(&name, &text);
        total += before.len();
        let formatted = format(&name, &text);
        assert_eq!(before, findings(&name, &formatted), "{name}");
        fixed += ascii(&name, &text);
        assert_eq!(
            ascii(&name, &formatted),
            0,
            "{name} keeps an ASCII comparator"
        );
    }
    assert!(total > 100, "the fixtures hold only {total} findings");
    assert!(fixed > 10, "only {fixed} ASCII comparators were fixed");
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
fn the_docs_examples_and_the_init_template_are_in_the_canonical_layout() {
    let template = std::fs::read_to_string(root().join("templates/申报.jx")).expect("the template");
    let template = ("templates/申报.jx".to_string(), template);
    for (name, text) in doc_examples().into_iter().chain([template]) {
        assert_eq!(
            format(&name, &text),
            text,
            "{name} is not in the canonical layout"
        );
    }
}

/// `text` with its layout disturbed without changing what it says: every line outside a quoted text re-indented
/// with a mix of tabs and spaces, every space between tokens widened, trailing blanks added, CRLF line ends and a
/// byte-order mark.
fn disturbed(text: &str) -> String {
    #[derive(PartialEq)]
    enum State {
        Code,
        Ascii { escaped: bool },
        Curly,
        Comment,
    }
    let indents = ["", "\t", "     ", " \t ", "\t\t  "];
    let mut out = String::from("\u{FEFF}");
    let mut state = State::Code;
    let mut line = 0;
    let mut at_line_start = true;
    // Every line end is written as CRLF below: the text's own (LF or CRLF) are read as one.
    for c in text
        .trim_start_matches('\u{FEFF}')
        .replace("\r\n", "\n")
        .chars()
    {
        if at_line_start && state == State::Code {
            if c == ' ' || c == '\t' {
                continue;
            }
            out.push_str(indents[line % indents.len()]);
        }
        at_line_start = false;
        state = match (state, c) {
            (State::Code, '"') => State::Ascii { escaped: false },
            (State::Code, '“') => State::Curly,
            (State::Code, '#') => State::Comment,
            (State::Ascii { escaped: false }, '\\') => State::Ascii { escaped: true },
            (State::Ascii { escaped: false }, '"') | (State::Curly, '”') => State::Code,
            (State::Ascii { .. }, _) => State::Ascii { escaped: false },
            (State::Comment, '\n') => State::Code,
            (state, _) => state,
        };
        match c {
            '\n' => {
                if state == State::Code {
                    out.push_str(" \t");
                }
                out.push_str("\r\n");
                line += 1;
                at_line_start = true;
            }
            ' ' if state == State::Code => out.push_str(if line % 2 == 0 { " \t " } else { "  " }),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_layout_of_the_input_does_not_matter() {
    for (name, text) in inputs() {
        let noisy = disturbed(&text);
        assert_eq!(
            format(&name, &noisy),
            format(&name, &text),
            "{name} formats differently once disturbed:\n{}",
            noisy.replace('\r', "␍")
        );
    }
}

/// `text` with every brace on a line of its own, on the lines that hold no comment (a line break there would
/// turn a trailing comment into one of its own line, or move a suppression).
fn braces_apart(text: &str) -> String {
    let commented: Vec<bool> = {
        let source = SourceFile::new("t.jx", text);
        let mut lines = vec![false; text.lines().count() + 1];
        for comment in source.comments() {
            lines[source.line_col(comment.span.start).line - 1] = true;
        }
        lines
    };
    let source = SourceFile::new("t.jx", text);
    let strings = string_ranges(source.text());
    let mut out = String::new();
    for (at, c) in source.text().char_indices() {
        let line = source.line_col(at).line - 1;
        let code = !strings.iter().any(|r| r.contains(&at)) && !commented[line];
        match c {
            '{' if code => out.push_str("\n{\n"),
            '}' if code => out.push_str("\n}"),
            c => out.push(c),
        }
    }
    out
}

/// The byte ranges of the quoted texts of `text` (comments have none on the lines braces_apart touches).
fn string_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut escaped = false;
    let mut comment = false;
    for (at, c) in text.char_indices() {
        match open {
            None if comment => comment = c != '\n',
            None if c == '#' => comment = true,
            None if c == '"' || c == '“' => open = Some((at, c)),
            None => {}
            Some((_, '"')) if escaped => escaped = false,
            Some((_, '"')) if c == '\\' => escaped = true,
            Some((start, quote)) if (quote == '"' && c == '"') || (quote == '“' && c == '”') => {
                ranges.push(start..at + c.len_utf8());
                open = None;
            }
            Some(_) => {}
        }
    }
    ranges
}

/// Whether the parse of `text` dropped words it reports (unknown or repeated fields, a wrong 取值依据): the
/// formatter keeps those as written, line breaks included.
fn drops_words(name: &str, text: &str) -> bool {
    let dropping = [
        codes::DUPLICATE_FIELD,
        codes::UNKNOWN_FIELD,
        codes::INVALID_BASIS,
    ];
    jixiao::syntax::parse::parse(&SourceFile::new(name, text))
        .diagnostics
        .iter()
        .any(|d| dropping.iter().any(|code| code.code == d.code))
}

#[test]
fn braces_on_lines_of_their_own_do_not_matter_either() {
    for (name, text) in inputs() {
        if drops_words(&name, &text) {
            continue;
        }
        let apart = braces_apart(&text);
        assert_eq!(
            format(&name, &apart),
            format(&name, &text),
            "{name} formats differently with braces apart:\n{apart}"
        );
    }
}

/// A comment put between any two tokens of the messy and the valid parse fixtures — plain or a suppression,
/// trailing or on a line of its own — is kept, and what it says: the formatter never refuses such a file, the
/// result means the same (format_source checks it) and formatting it again changes nothing more. One boundary in
/// three is tried, each with the next kind of comment, to keep the test quick.
#[test]
fn a_comment_anywhere_keeps_its_place_and_meaning() {
    let inserts = [
        " # 注释\n",
        "\n# 独占一行\n",
        " # jixiao: allow(JX101)\n",
        "\n# jixiao: allow(JX102)\n",
        "\n\n",
    ];
    let mut tried = 0;
    for (name, text) in inputs() {
        if !name.starts_with("fixtures/fmt/") && !name.starts_with("fixtures/parse/ok/") {
            continue;
        }
        let text = SourceFile::new(&name, &text).text().to_string();
        let boundaries = text
            .char_indices()
            .map(|(at, _)| at)
            .filter(|&at| at > 0 && text[..at].ends_with([' ', '{', '}', '"', '”']))
            .step_by(3);
        for (k, at) in boundaries.enumerate() {
            let variant = format!(
                "{}{}{}",
                &text[..at],
                inserts[k % inserts.len()],
                &text[at..]
            );
            if parse(&name, &variant).1.is_none() {
                continue;
            }
            tried += 1;
            let once = format(&name, &variant);
            assert_eq!(
                format(&name, &once),
                once,
                "{name} with a comment at {at}:\n{variant}"
            );
        }
    }
    assert!(tried > 500, "only {tried} variants parse");
}
