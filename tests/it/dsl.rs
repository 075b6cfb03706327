//! The rule language's named conditions (`let`) and lexicon unions: they mean what they stand for, and their
//! mistakes are errors pointing into the rule file.

use jixiao::lint::dsl::{self, Overrides};
use jixiao::lint::RuleSet;
use jixiao::{check_with_rules, FileReport, SourceFile};

/// A rule file of one rule applying to indicators, with `items` (lets and the condition) in its body.
fn rule_file(lexicons: &str, items: &str) -> String {
    format!(
        r#"lexicon low "低" {{ 较好 基本 }}
lexicon dir "方向" {{ 提高 }}
{lexicons}
rule XX901 test-rule {{
  severity warning
  category measurability
  applies indicator
{items}
  message zh "命中“{{match}}”"
  message en "matched `{{match}}`"
  help zh "改"
  help en "change it"
  summary zh "测试"
  summary en "test"
  docs zh "测试"
  docs en "test"
  example fail """产出 {{ 数量 "基本完成" }}"""
  example pass """产出 {{ 数量 "完成数量" = 1 个 }}"""
}}
"#
    )
}

fn compile(text: &str) -> Result<RuleSet, Vec<FileReport>> {
    dsl::rule_set(
        &[SourceFile::verbatim("test.jxr", text)],
        &Overrides::default(),
    )
}

/// The messages of the errors compiling `text`, each with the text it points at.
fn errors(text: &str) -> Vec<(String, String)> {
    let reports = compile(text).expect_err("the rule file has an error");
    reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .map(|d| (d.message.en.clone(), text[d.span.range()].to_string()))
        .collect()
}

/// The English messages of the test rule's findings on `text`.
fn fired(rules: &RuleSet, text: &str) -> Vec<String> {
    check_with_rules(SourceFile::new("x.jx", text), rules)
        .diagnostics
        .iter()
        .filter(|d| d.code == "XX901")
        .map(|d| d.message.en.clone())
        .collect()
}

/// The words each finding of the rule matched, over one declaration.
fn matches(rules: &RuleSet, indicators: &str) -> Vec<String> {
    let text = format!("项目 \"示例\" {{\n  年度 2024\n  资金 100 万元\n  产出 {{ 数量 {{ {indicators} }} }}\n}}\n");
    fired(rules, &text)
}

#[test]
fn a_union_stands_for_its_members_in_functions_and_in() {
    let union = r#"lexicon vague "含糊" = low | dir"#;
    let by_union = compile(&rule_file(union, "  when contains(name, vague)")).expect("compiles");
    let by_members =
        compile(&rule_file(union, "  when contains(name, low, dir)")).expect("compiles");
    let indicators = r#""基本提高" "提高质量" "完成数量" = 1 个"#;
    assert_eq!(
        matches(&by_union, indicators),
        ["matched `基本`", "matched `提高`"]
    );
    assert_eq!(
        matches(&by_union, indicators),
        matches(&by_members, indicators)
    );

    let membership = compile(&rule_file(union, "  when name in vague")).expect("compiles");
    assert_eq!(matches(&membership, r#""提高" "较好" "完成""#).len(), 2);
}

#[test]
fn a_let_stands_for_its_expression_even_inside_an_aggregate() {
    let items = r#"  let vague = contains(name, low)
  let short = len(name) < 5
  when vague and short"#;
    let rules = compile(&rule_file("", items)).expect("compiles");
    assert_eq!(
        matches(&rules, r#""基本完成" "基本完成了全部的工作""#),
        ["matched `基本`"]
    );

    // A let of indicator fields, used in an aggregate's filter from a declaration-scope rule.
    let file = rule_file("", "  when contains(name, low)")
        + r#"
rule XX902 test-aggregate {
  severity warning
  category structure
  applies declaration
  let measurable = kind == "quantitative"
  when not any(indicators where measurable)
  message zh "没有可衡量的指标"
  message en "no measurable indicator"
  help zh "改"
  help en "change it"
  summary zh "测试"
  summary en "test"
  docs zh "测试"
  docs en "test"
  example fail """产出 { 数量 "基本完成" }"""
  example pass """产出 { 数量 "完成数量" = 1 个 }"""
}
"#;
    let rules = compile(&file).expect("compiles");
    let fired = |indicators: &str| {
        let text = format!("项目 \"示例\" {{\n  产出 {{ 数量 {{ {indicators} }} }}\n}}\n");
        let report = check_with_rules(SourceFile::new("x.jx", &text), &rules);
        report.diagnostics.iter().any(|d| d.code == "XX902")
    };
    assert!(fired(r#""基本完成""#));
    assert!(!fired(r#""完成数量" = 1 个"#));
}

#[test]
fn mistakes_in_lets_and_unions_point_into_the_rule_file() {
    let cases = [
        (
            "",
            "  let name = 1\n  when name == 1",
            "`name` is a field; give the `let` another name",
            "name",
        ),
        (
            "",
            "  let a = 1\n  let a = 2\n  when a == 1",
            "`a` is defined twice in this rule",
            "a",
        ),
        (
            "",
            "  let unused = 1\n  when kind == \"missing\"",
            "`unused` is defined but never used",
            "unused",
        ),
        (
            "",
            "  let a = b\n  let b = 1\n  when a == 1",
            "there is no field `b` on indicator",
            "b",
        ),
        (
            r#"lexicon vague "含糊" = low | nothing"#,
            "  when contains(name, vague)",
            "`nothing` is not a lexicon that lists its terms in { … }",
            "nothing",
        ),
        (
            r#"lexicon blank "空" { 一 "" }"#,
            "  when contains(name, blank)",
            "an empty term matches nothing",
            "\"\"",
        ),
        (
            r#"lexicon low "重复" = dir"#,
            "  when contains(name, low)",
            "lexicon `low` is defined twice",
            "low",
        ),
    ];
    for (lexicons, items, message, at) in cases {
        let found = errors(&rule_file(lexicons, items));
        assert!(
            found
                .iter()
                .any(|(m, text)| m.starts_with(message) && text == at),
            "{items}: expected `{message}` at `{at}`, got {found:?}"
        );
    }
}

#[test]
fn rules_read_a_groups_weight_at_group_and_level1_scope() {
    let file = rule_file("", "  when contains(name, low)")
        .replace("applies indicator", "applies group")
        .replace("when contains(name, low)", "when weight > 25")
        .replace("命中“{match}”", "{label} {weight}")
        .replace("matched `{match}`", "{label} {weight}");
    let rules = compile(&file).expect("compiles");
    let text = "项目 \"示例\" {\n  产出 分值 50 {\n    数量 分值 30 { \"人数\" ≥ 3 人 }\n    质量 权重 20 { \"合格率\" = 100 % }\n  }\n}\n";
    let report = check_with_rules(SourceFile::new("x.jx", text), &rules);
    let fired: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "XX901")
        .map(|d| format!("{} at {}", d.message.en, &text[d.span.range()]))
        .collect();
    assert_eq!(fired, ["数量 30 at 数量"]);
}

/// The English messages of the test rule on `text`, applying at `scope` when `when`, with `message` as its
/// message.
fn messages(scope: &str, when: &str, message: &str, text: &str) -> Vec<String> {
    let file = rule_file("", "  when contains(name, low)")
        .replace("applies indicator", &format!("applies {scope}"))
        .replace("when contains(name, low)", &format!("when {when}"))
        .replace("命中“{match}”", message)
        .replace("matched `{match}`", message);
    fired(&compile(&file).expect("compiles"), text)
}

/// A node's rules share the fields they read: each indicator's rules see its own name and unit, never the last
/// indicator's, and an aggregate's filter reads each element's fields while the rule's own node keeps its own.
#[test]
fn fields_read_by_one_nodes_rules_are_that_nodes() {
    let text = "项目 \"示例\" {\n  产出 {\n    数量 {\n      \"人数\" ≥ 3 人\n      \"台数\" ≥ 2 台\n      \"户数\" ≥ 4 人\n    }\n  }\n}\n";
    let when = "unit == \"人\" and name != \"\" and unit == \"人\"";
    assert_eq!(
        messages("indicator", when, "{name} {unit}", text),
        ["人数 人", "户数 人"]
    );
    // A satisfaction group under 效益 (the 2015 template): its indicator's level 1 is satisfaction, the group's
    // level 1 benefit.
    let text = "项目 \"示例\" {\n  效益 {\n    社会效益 { \"受益人数\" ≥ 3 人 }\n    服务对象满意度 { \"满意度\" ≥ 90 % }\n  }\n}\n";
    let when = "level1 == \"benefit\" and count(indicators where level1 == \"satisfaction\") == 1 and level1 == \"benefit\"";
    assert_eq!(messages("level1", when, "{level1}", text), ["benefit"]);
}

/// Brackets nested deeper than the language allows are an error at the first one too deep, before anything
/// recurses over them: a hostile rule file cannot overflow the stack. Nesting within the limit compiles.
#[test]
fn brackets_nested_too_deep_are_an_error_not_a_crash() {
    let deep = format!(
        "{}len(name) > 0{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let found = errors(&rule_file("", &format!("  when {deep}")));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("nested at most 64 deep"), "{found:?}");
    assert_eq!(found[0].1, "(");
    // Brackets in strings and comments do not count.
    let fine = format!(
        "  # {}\n  when {}len(replace(name, \"{}\", \"\")) > 0{}",
        "(".repeat(200),
        "(".repeat(60),
        "[(]".repeat(100),
        ")".repeat(60)
    );
    assert!(compile(&rule_file("", &fine)).is_ok());
}

/// A node's name searched with several lexicons is searched in one pass from its second search on (every
/// lexicon's match kept for the node): each search still finds what that lexicon finds alone, the match it
/// records is its own, and the next indicator's name is searched afresh.
#[test]
fn searches_of_one_text_answered_together_find_what_each_finds_alone() {
    let lexicons = r#"lexicon first "一" { 完成 }
lexicon rate "率" { 合格率 率 }"#;
    let alone = |when: &str| {
        let rules = compile(&rule_file(lexicons, &format!("  when {when}"))).expect("compiles");
        matches(&rules, r#""基本完成合格率" "提高率" "完成" "较好""#)
    };
    // The third search of the name is answered from the matches the second found for every lexicon.
    let together = alone(
        "(contains(name, dir) or true) and (contains(name, first) or true) and contains(name, rate, low)",
    );
    assert_eq!(
        together,
        ["matched `基本`", "matched `率`", "matched `较好`"],
        "the leftmost of the two lexicons, each indicator's own"
    );
    assert_eq!(together, alone("contains(name, rate, low)"));
    // A computed text (the name stripped of `low`) is searched as itself, not as the name it came from.
    assert_eq!(
        alone(
            "contains(name, rate) and contains(name, rate) and contains(strip(name, low), first)"
        ),
        ["matched `完成`"]
    );
}

/// A condition on the unit is decided once for each unit (a guard): each indicator is judged by its own unit,
/// past the number of units whose outcome is kept too (over a thousand different units in one file).
#[test]
fn a_guard_on_the_unit_judges_each_indicator_by_its_own_unit() {
    let lexicons = r#"lexicon money "钱" { 元 万元 }"#;
    let rules = compile(&rule_file(
        lexicons,
        r#"  when unit in money and comparator == "≥" and contains(name, low)"#,
    ))
    .expect("compiles");
    // The money units come after more other units than are kept.
    let mut indicators = String::new();
    for n in 0..1_100 {
        indicators.push_str(&format!("\"基本{n}\" ≥ 1 单位{n}\n"));
    }
    for n in 0..5 {
        indicators.push_str(&format!(
            "\"较好{n}\" ≥ 1 万元\n\"较好{n}\" = 1 万元\n\"较好{n}\" ≥ 1 元\n\"基本{n}\" ≥ 1 单位{n}\n"
        ));
    }
    let found = matches(&rules, &indicators);
    assert_eq!(found.len(), 10, "{found:?}");
    assert!(found.iter().all(|m| m == "matched `较好`"), "{found:?}");
}

/// Whether an indicator has a score, a weight, an actual value or a deviation is decided once per key: each
/// indicator is judged by its own attributes, whichever comes first.
#[test]
fn a_guard_on_an_attribute_judges_each_indicator_by_its_own() {
    let rules = compile(&rule_file(
        "",
        "  when score is not null and deviation is null and contains(name, low)",
    ))
    .expect("compiles");
    let indicators = r#""基本1" ≥ 1 个 "较好2" ≥ 1 个 { 得分: 5 } "基本3" ≥ 1 个 { 得分: 5 偏差原因: "无" } "较好4" ≥ 1 个 { 得分: 3 } "基本5" ≥ 1 个"#;
    assert_eq!(
        matches(&rules, indicators),
        ["matched `较好`", "matched `较好`"]
    );
}
