//! The built-in catalog on the real tables: the Shuozhou target table of the evaluation report and the three
//! published tables of shared/examples, transcribed into fixtures. Each gets exactly the findings in its snapshot,
//! and the findings that matter are asserted one by one: what the report and the reviewers criticised is
//! flagged, the measurable targets are not.

use jixiao::{check_with_rules, FileReport, Lang, SourceFile};

use crate::support;

fn check(path: &str) -> FileReport {
    let rules = support::builtin_rules();
    let text = std::fs::read_to_string(support::root().join(path)).expect("fixture");
    check_with_rules(SourceFile::new(path, &text), &rules)
}

/// (line, code, the words under the finding) for every finding.
fn findings(report: &FileReport) -> Vec<(usize, String, String)> {
    let source = report.source.as_ref().expect("source");
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                source.line_col(d.span.start).line,
                d.code.clone(),
                source.slice(d.span).to_string(),
            )
        })
        .collect()
}

fn has(findings: &[(usize, String, String)], line: usize, code: &str, words: &str) -> bool {
    findings
        .iter()
        .any(|(l, c, w)| *l == line && c == code && w.contains(words))
}

#[test]
fn shuozhou_flags_what_the_report_criticised_and_nothing_measurable() {
    let _snapshots = support::snapshots("catalog");
    let report = check("fixtures/shuozhou-2022.jx");
    let found = findings(&report);
    // 满足需求: a vague value.
    assert!(has(&found, 24, "JX102", "满足需求"), "{found:?}");
    // A quantity that only restates the money.
    assert!(has(&found, 28, "JX201", "万元"), "{found:?}");
    // Timeliness "按照合同约定" with no date.
    assert!(has(&found, 39, "JX102", "按照合同约定"), "{found:?}");
    assert!(has(&found, 39, "JX213", "按照合同约定"), "{found:?}");
    // 人员机构安排可持续性发展, 促进数据共享、提高机关办事效率: vague names with no value.
    assert!(
        has(&found, 46, "JX101", "人员机构安排可持续性发展"),
        "{found:?}"
    );
    assert!(has(&found, 46, "JX104", "持续"), "{found:?}");
    assert!(has(&found, 48, "JX101", "促进数据共享"), "{found:?}");
    assert!(has(&found, 48, "JX104", "促进"), "{found:?}");
    // Nothing on the measurable targets: 32 个, 合格率 = 100 %, 成本节约率 ≥ 0 %, 满意度 ≥ 95 %.
    for line in [22, 32, 34, 36, 41, 53] {
        assert!(
            found.iter().all(|(l, ..)| *l != line),
            "line {line} is measurable: {found:?}"
        );
    }
    insta::assert_snapshot!(support::rendered(&[report], Lang::Zh));
}

#[test]
fn wuhan_gets_the_reviewers_findings() {
    let _snapshots = support::snapshots("catalog");
    let report = check("fixtures/examples/wuhan-qingshan-2020.jx");
    let found = findings(&report);
    assert!(
        has(&found, 16, "JX110", "经费"),
        "the goal restates the budget: {found:?}"
    );
    assert!(
        has(&found, 20, "JX106", "2"),
        "\"2\" has no unit: {found:?}"
    );
    assert!(
        has(&found, 24, "JX217", "参照政府采购成本控制"),
        "no amount: {found:?}"
    );
    assert!(has(&found, 31, "JX102", "巩固提高"), "{found:?}");
    assert!(has(&found, 33, "JX102", "持续改善"), "{found:?}");
    // Fine: 验收合格率 100%, 按期完成率 100%, 满意度 ≥90%.
    for line in [22, 26, 39] {
        assert!(
            found.iter().all(|(l, ..)| *l != line),
            "line {line} is fine: {found:?}"
        );
    }
    insta::assert_snapshot!(support::rendered(&[report], Lang::Zh));
}

#[test]
fn daying_gets_the_reviewers_findings() {
    let _snapshots = support::snapshots("catalog");
    let report = check("fixtures/examples/daying-shuangxin-2020.jx");
    let found = findings(&report);
    assert!(has(&found, 14, "JX006", "项目决策"), "{found:?}");
    assert!(has(&found, 25, "JX006", "项目效益"), "{found:?}");
    assert!(has(&found, 18, "JX102", "按质按量完成"), "{found:?}");
    assert!(has(&found, 27, "JX102", "不断提升"), "{found:?}");
    assert!(
        has(&found, 20, "JX213", "1-12月"),
        "time 1-12月 is no deadline: {found:?}"
    );
    assert!(
        has(&found, 20, "JX104", "全年"),
        "an indicator named 全年: {found:?}"
    );
    assert!(
        has(&found, 22, "JX107", "10 万元"),
        "cost without ≤: {found:?}"
    );
    assert!(
        has(&found, 32, "JX107", "90 %"),
        "satisfaction without ≥: {found:?}"
    );
    insta::assert_snapshot!(support::rendered(&[report], Lang::Zh));
}

#[test]
fn tongxin_gets_the_reviewers_findings() {
    let _snapshots = support::snapshots("catalog");
    let report = check("fixtures/examples/tongxin-putao-2023.jx");
    let found = findings(&report);
    let line_of = |words: &str| {
        report
            .source
            .as_ref()
            .unwrap()
            .text()
            .lines()
            .position(|l| l.contains(words) && !l.trim_start().starts_with('#'))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{words} is in the fixture"))
    };
    // The reviewer's “★” is the form's core-indicator mark (noted by JX118); the placeholder is “(≥**株)”.
    assert!(has(&found, line_of("★补助"), "JX118", "★"), "{found:?}");
    assert!(
        has(&found, line_of("★补助"), "JX109", "(≥**株)"),
        "{found:?}"
    );
    assert!(
        has(&found, line_of("种植作物成活率"), "JX109", "(≥**%)"),
        "{found:?}"
    );
    assert!(
        has(&found, line_of("种植作物成活率"), "JX203", "成活率"),
        "a rate under quantity: {found:?}"
    );
    assert!(
        has(&found, line_of("种植作物成活率"), "JX106", "85"),
        ">=85 has no %: {found:?}"
    );
    assert!(
        has(&found, line_of("完成及时率"), "JX208", ">="),
        ">=100% on a capped rate: {found:?}"
    );
    assert!(
        has(&found, line_of("≤ 28.40"), "JX217", "/株"),
        "lacks the money unit: {found:?}"
    );
    assert!(
        has(
            &found,
            line_of("生态修复功能提高"),
            "JX101",
            "生态修复功能提高"
        ),
        "{found:?}"
    );
    assert!(
        has(&found, line_of("生态修复功能提高"), "JX104", "提高"),
        "{found:?}"
    );
    assert!(
        has(&found, line_of("\"持续发展\""), "JX101", "持续发展"),
        "{found:?}"
    );
    // Fine: ≥95% satisfaction (only its name's template leftover is reported).
    let satisfaction = line_of("受益脱贫户满意度");
    assert!(
        found
            .iter()
            .filter(|(l, ..)| *l == satisfaction)
            .all(|(_, c, _)| c == "JX109"),
        "{found:?}"
    );
    insta::assert_snapshot!(support::rendered(&[report], Lang::Zh));
}
