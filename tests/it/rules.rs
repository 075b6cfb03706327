//! The built-in rules: they compile, every example of every rule behaves as documented.

use jixiao::lint::RuleSet;
use jixiao::{check_source, SourceFile};

use crate::support;

fn builtin() -> RuleSet {
    support::builtin_rules()
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let mut rules = builtin();
    rules
        .select(&jixiao::lint::Selection::only(["ALL"]))
        .expect("ALL selects");
    let mut failures = Vec::new();
    for rule in rules.rules() {
        for example in rule.docs.examples() {
            let report = check_source(SourceFile::new(
                format!("{} example", rule.code),
                &example.document(),
            ));
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != jixiao::Severity::Error || !d.code.starts_with("JX0")),
                "{} example does not parse: {:?}\n{}",
                rule.code,
                report.diagnostics,
                example.document()
            );
            let document = report.document.expect("example parses");
            let findings =
                jixiao::lint::engine::run(&document, report.source.as_ref().unwrap(), &rules);
            let fired = findings.iter().any(|d| d.code == rule.code);
            if fired != example.fails {
                failures.push(format!(
                    "{} {}: example {} {}:\n{}\nfindings: {:?}",
                    rule.code,
                    rule.name,
                    if example.fails { "fail" } else { "pass" },
                    if fired { "fired" } else { "did not fire" },
                    example.text,
                    findings
                        .iter()
                        .map(|d| (&d.code, &d.message.zh))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The rules with every rule selected, as the fixtures are checked.
fn all_selected() -> RuleSet {
    let mut rules = builtin();
    rules
        .select(&jixiao::lint::Selection::only(["ALL"]))
        .expect("ALL selects");
    rules
}

fn fixture(path: &std::path::Path) -> SourceFile {
    support::fixture_source(path)
}

/// Each rule's fixture (fixtures/rules/<CODE>-<name>.jx) holds flagged and sound indicators; the snapshot holds
/// that rule's findings as the user sees them.
#[test]
fn each_rule_fixture_gives_the_findings_in_its_snapshot() {
    let _snapshots = support::snapshots("rules");
    let rules = all_selected();
    insta::glob!("../../fixtures/rules", "*.jx", |path| {
        let file = path.file_stem().unwrap().to_string_lossy().to_string();
        let (code, name) = file
            .split_once('-')
            .expect("fixture named <CODE>-<name>.jx");
        let rule = rules
            .find(code)
            .unwrap_or_else(|| panic!("{file}: no rule {code}"));
        assert_eq!(
            rule.name, name,
            "{file} is named after {} {}",
            rule.code, rule.name
        );
        let mut report = jixiao::check_with_rules(fixture(path), &rules);
        report.diagnostics.retain(|d| d.code == code);
        assert!(
            !report.diagnostics.is_empty(),
            "{file} does not trigger {code}"
        );
        insta::assert_snapshot!(support::rendered(&[report], jixiao::Lang::Zh));
    });
}

#[test]
fn every_rule_has_a_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let missing: Vec<String> = builtin()
        .rules()
        .iter()
        .map(|r| format!("{}-{}.jx", r.code, r.name))
        .filter(|f| !dir.join(f).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture in fixtures/rules: {missing:?}"
    );
}

/// The rule set stays consistent: codes and names follow the conventions, texts follow the style (no closing
/// period, Chinese first), docs have their sections, and every category is one the docs describe.
#[test]
fn the_rules_follow_the_conventions() {
    let rules = builtin();
    let mut problems = Vec::new();
    for rule in rules.rules() {
        let id = format!("{} {}", rule.code, rule.name);
        let family = match &rule.code[..3] {
            "JX1" => "measurability",
            "JX2" => "conventions",
            "JX3" => "structure or consistency",
            _ => "",
        };
        let category_ok = match family {
            "structure or consistency" => {
                ["structure", "consistency"].contains(&rule.category.as_str())
            }
            other => other == rule.category,
        };
        if !category_ok {
            problems.push(format!(
                "{id}: category {} does not fit its code",
                rule.category
            ));
        }
        for (what, zh, en) in [("summary", &rule.summary.zh, &rule.summary.en)] {
            if en.ends_with('.') || zh.ends_with('。') {
                problems.push(format!("{id}: the {what} ends with a period"));
            }
        }
        let docs = rule.docs.text();
        if !docs.zh.contains("### 为什么") || !docs.zh.contains("### 应当写成") {
            problems.push(format!("{id}: docs zh lack ### 为什么 or ### 应当写成"));
        }
        // "Why it matters" names its source: a Ministry of Finance document, the evaluation report, or the
        // published tables.
        let why = docs
            .zh
            .split("### 为什么")
            .nth(1)
            .and_then(|rest| rest.split("###").next())
            .unwrap_or("");
        if !["财预", "报告", "申报表", "指引", "办法"]
            .iter()
            .any(|s| why.contains(s))
        {
            problems.push(format!("{id}: ### 为什么 names no source"));
        }
        if docs.en.trim().is_empty() {
            problems.push(format!("{id}: docs en are empty"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The 2015 template's satisfaction level 2 under 效益 is the satisfaction group for every rule: no misplaced
/// level, no "no satisfaction" next to "misplaced satisfaction", and the satisfaction targets are judged.
#[test]
fn a_satisfaction_group_under_benefit_is_satisfaction_for_every_rule() {
    let path = support::root().join("fixtures/parse/ok/satisfaction-under-benefit.jx");
    let report = jixiao::check_with_rules(support::fixture_source(&path), &all_selected());
    let fired: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                report.source.as_ref().unwrap().line_col(d.span.start).line,
            )
        })
        .collect();
    assert_eq!(
        fired,
        [("JX212", 17), ("JX211", 19)],
        "{:?}",
        report.diagnostics
    );
}
