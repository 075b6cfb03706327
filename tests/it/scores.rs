//! Scores, grades and money (issue 14): the Shuozhou evaluation as published (three money slips, 81 良), a
//! self-evaluation table as CSV and workbook (a finding on each misstated row, none on the right ones, its funds
//! block checked at its cells), `jixiao score` as text and as versioned JSON, bad input as located findings, and
//! the rule language's new collections.

use crate::support::{self, root, run};
use jixiao::import::{self, Encoding};
use jixiao::lint::dsl::{self, Overrides};
use jixiao::{check_with_rules, SourceFile};
use std::collections::BTreeSet;

const EVALUATION: &str = "fixtures/shuozhou-2022-evaluation.jx";

/// (line, code) of every finding of a .jx text with the built-in rules, every rule selected.
fn findings(name: &str, text: &str) -> Vec<(usize, String)> {
    let mut rules = support::builtin_rules();
    rules
        .select(&jixiao::lint::Selection::only(["ALL"]))
        .expect("ALL selects");
    let report = check_with_rules(SourceFile::new(name, text), &rules);
    let source = report.source.as_ref().expect("a source");
    report
        .diagnostics
        .iter()
        .map(|d| (source.line_col(d.span.start).line, d.code.clone()))
        .collect()
}

#[test]
fn the_shuozhou_evaluation_gives_the_three_money_slips_and_nothing_else() {
    let text = std::fs::read_to_string(root().join(EVALUATION)).expect("the fixture");
    let line = |needle: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(needle))
            .expect("the line")
            + 1
    };
    assert_eq!(
        findings(EVALUATION, &text),
        [
            (line("结余 1466.61"), "JX363".to_string()),
            (line("下拨 2023 1465"), "JX366".to_string()),
            (line("已支付 209.56"), "JX372".to_string()),
        ]
    );
    let checked = run(root(), &["check", EVALUATION]);
    assert_eq!(checked.code, 1, "{}", checked.stdout);
    assert!(
        checked.stdout.contains("1468.25 万元"),
        "{}",
        checked.stdout
    );
    assert!(checked.stdout.contains("209.52 万元"), "{}", checked.stdout);
}

#[test]
fn jixiao_score_gives_the_reports_81_and_its_grade() {
    let _snapshots = support::snapshots("scores");
    let human = run(root(), &["score", EVALUATION]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    insta::assert_snapshot!("score_shuozhou_zh", human.stdout);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(&human.stdout),
        "the README shows another `jixiao score` of the fixture"
    );
    let english = run(root(), &["score", "--lang", "en", EVALUATION]);
    insta::assert_snapshot!("score_shuozhou_en", english.stdout);
    let json = run(root(), &["score", "--format", "json", EVALUATION]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["version"], 1);
    let declaration = &value["declarations"][0];
    assert_eq!(
        declaration["name"],
        "2022年朔州市数字政府基础设施建设项目绩效评价"
    );
    assert_eq!(declaration["total"], "81");
    assert_eq!(declaration["stated_total"], "81");
    assert_eq!(declaration["grade"], "良");
    assert_eq!(declaration["rows"].as_array().map(Vec::len), Some(16));
}

/// (row, code) of every finding of a fixture table, rows 1-based, and the cells of each code.
fn table_findings(name: &str) -> Vec<(String, String)> {
    let path = root().join("fixtures/tables").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    let imported = import::read_sheets(name, &path, bytes, Encoding::Auto)
        .and_then(|sheets| import::import(name, sheets))
        .expect("an indicator table");
    import::check(name, &imported, &support::builtin_rules())
        .into_iter()
        .flat_map(|r| r.diagnostics)
        .map(|d| (d.cell.expect("a cell").cell, d.code))
        .collect()
}

#[test]
fn a_self_evaluation_table_gets_a_finding_on_each_misstated_row_and_none_on_the_right_ones() {
    for name in ["csv-self-evaluation.csv", "xlsx-self-evaluation.xlsx"] {
        let found = table_findings(name);
        let scored: BTreeSet<&str> = found
            .iter()
            .filter(|(_, code)| code == "JX350")
            .map(|(cell, _)| cell.as_str())
            .collect();
        // Rows 11, 14, 17 and 18 state scores their actual values do not earn; 12, 13, 15 and 16 are right.
        assert_eq!(
            scored,
            BTreeSet::from(["G11", "G14", "G17", "G18"]),
            "{name}: {found:?}"
        );
        let rows_of_right_ones = ["12", "13", "15", "16"];
        assert!(
            found.iter().all(
                |(cell, _)| !rows_of_right_ones.iter().any(|r| cell.ends_with(r)
                    && cell[..cell.len() - r.len()]
                        .chars()
                        .all(|c| c.is_ascii_uppercase()))
            ),
            "{name}: {found:?}"
        );
        // The funds block: sources that do not add up (at the 全年预算数 cell), the rate and its score.
        for (cell, code) in [("D7", "JX360"), ("G7", "JX365"), ("H7", "JX351")] {
            assert!(
                found.iter().any(|(c, k)| c == cell && k == code),
                "{name}: no {code} at {cell}: {found:?}"
            );
        }
    }
}

#[test]
fn a_funds_block_that_does_not_add_up_is_flagged_in_jx() {
    let text = "项目 \"示例\" {\n  年度 2023\n  资金 200 万元 {\n    财政拨款 150 万元\n    其他资金 30 万元\n  }\n  支出 150 万元\n  执行率 80 % { 分值 10  得分 10 }\n}\n";
    let found = findings("funds.jx", text);
    for (line, code) in [(3, "JX360"), (8, "JX365"), (8, "JX351")] {
        assert!(
            found.iter().any(|(l, c)| *l == line && c == code),
            "no {code} on line {line}: {found:?}"
        );
    }
}

#[test]
fn jixiao_score_reads_tables_and_writes_versioned_json() {
    let _snapshots = support::snapshots("scores");
    let csv = run(
        root(),
        &["score", "fixtures/tables/csv-self-evaluation.csv"],
    );
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    insta::assert_snapshot!("score_self_evaluation_csv", csv.stdout);
    let xlsx = run(
        root(),
        &["score", "fixtures/tables/xlsx-self-evaluation.xlsx"],
    );
    // The workbook gives the same table, headed by its sheet.
    assert_eq!(
        xlsx.stdout.lines().skip(1).collect::<Vec<_>>(),
        csv.stdout.lines().skip(1).collect::<Vec<_>>()
    );
    let json = run(
        root(),
        &[
            "score",
            "--format",
            "json",
            "fixtures/tables/xlsx-self-evaluation.xlsx",
        ],
    );
    insta::assert_snapshot!("score_self_evaluation_json", json.stdout);
}

#[test]
fn a_declaration_without_weights_cannot_be_scored_and_is_named_at_its_place() {
    let _snapshots = support::snapshots("scores");
    let jx = run(root(), &["score", "fixtures/shuozhou-2022.jx"]);
    assert_eq!((jx.code, jx.stdout.as_str()), (1, ""));
    insta::assert_snapshot!("no_weights_jx", jx.stderr);
    let table = run(root(), &["score", "fixtures/tables/csv-header-block.csv"]);
    assert_eq!(table.code, 1);
    assert!(table.stderr.contains("JX023"), "{}", table.stderr);
    assert!(table.stderr.contains("单元格 B3"), "{}", table.stderr);
    let missing = run(root(), &["score", "no-such-file.jx"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
}

#[test]
fn bad_input_is_a_located_finding_never_a_panic() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let csv = "项目名称,某项目\n\
               项目资金（万元）,,全年预算数,全年执行数,分值,执行率,得分\n\
               ,年度资金总额,约100,80,10,120%,8\n\
               一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n\
               产出指标,数量指标,培训人次,≥100人次,90人次,十分,9\n";
    std::fs::write(dir.path().join("bad.csv"), csv).expect("write");
    let jx = "项目 \"负数\" {\n  资金 -5 万元\n  合同 \"甲\" { 中标 10 万元  支付比例 120 % }\n}\n评价 \"无分值\" { 决策 得分 18 }\n";
    std::fs::write(dir.path().join("bad.jx"), jx).expect("write");
    let checked = run(
        dir.path(),
        &["check", "--format", "concise", "bad.csv", "bad.jx"],
    );
    assert_eq!(checked.code, 1, "{}{}", checked.stdout, checked.stderr);
    for expected in [
        "bad.csv:3:9: JX021 资金栏中的“约100”不是数字",
        "bad.csv:3:20: JX367",
        "bad.csv:5:28: JX021 分值“十分”不是数字",
        "bad.jx:2:6: JX022",
        "bad.jx:3:27: JX373",
    ] {
        assert!(
            checked.stdout.contains(expected),
            "{expected} missing:\n{}",
            checked.stdout
        );
    }
    let scored = run(dir.path(), &["score", "bad.jx"]);
    assert_eq!(scored.code, 1);
    assert_eq!(
        scored.stderr.matches("JX023").count(),
        2,
        "{}",
        scored.stderr
    );
}

#[test]
fn the_rule_language_reads_evaluations_nodes_and_the_ledger() {
    let rule = |applies: &str, when: &str| {
        format!(
            r#"rule XX950 test-rule {{
  severity warning
  category consistency
  applies {applies}
  when {when}
  message zh "测试" message en "test" help zh "改" help en "change"
  summary zh "测试" summary en "test" docs zh "测试" docs en "test"
  example fail """评价 "x" {{ 决策 分值 20 {{ 项目立项 分值 5 }} }}"""
  example pass """评价 "x" {{ 决策 分值 20 }}"""
}}
"#
        )
    };
    let compile = |text: String| {
        dsl::rule_set(
            &[SourceFile::verbatim("test.jxr", &text)],
            &Overrides::default(),
        )
    };
    // children: the nodes directly under a node; nodes: every node below.
    let rules =
        compile(rule("node", "count(children) == 1 and count(nodes) == 1")).expect("compiles");
    let text =
        "评价 \"x\" { 决策 分值 20 { 项目立项 分值 5 } 过程 分值 20 { 资金管理 { 资金到位率 } } }";
    let report = check_with_rules(SourceFile::new("x.jx", text), &rules);
    let fired: Vec<usize> = report
        .diagnostics
        .iter()
        .map(|d| {
            report
                .source
                .as_ref()
                .unwrap()
                .line_col(d.span.start)
                .column
        })
        .collect();
    assert_eq!(fired.len(), 2, "{:?}", report.diagnostics);
    // children only exist below a node or an evaluation; the ledger's entries below a ledger.
    let wrong = compile(rule("declaration", "any(children)")).expect_err("an error");
    assert!(wrong[0].diagnostics[0]
        .message
        .en
        .contains("there are no children below a declaration"));
    assert!(compile(rule(
        "ledger",
        "sum(sources of amount) > 0 and any(contracts where paid-share > 100 %)"
    ))
    .is_ok());
    assert!(compile(rule(
        "evaluation",
        "grade(computed-total, 90, 80, 60) != grade"
    ))
    .is_ok());
}
