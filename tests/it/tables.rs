//! Tables users already have: the CSV and workbook fixtures of fixtures/tables (see its README for what each row
//! is meant to trigger) are read, imported and judged by the same rules, every finding located in its cell.

use jixiao::import::{self, Encoding};
use jixiao::lint::RuleSet;
use jixiao::{FileReport, Lang};
use std::path::{Path, PathBuf};

use crate::support::{self, root};

fn rules() -> RuleSet {
    support::builtin_rules()
}

/// Checks a fixture table as `jixiao check` does.
fn check(name: &str) -> Vec<FileReport> {
    let path = root().join("fixtures/tables").join(name);
    let display = format!("fixtures/tables/{name}");
    let bytes = std::fs::read(&path).expect("fixture");
    match import::read_sheets(&display, &path, bytes, Encoding::Auto)
        .and_then(|s| import::import(&display, s))
    {
        Ok(imported) => import::check(&display, &imported, &rules()),
        Err(diagnostic) => vec![FileReport::unreadable(display, *diagnostic)],
    }
}

/// (sheet, cell, code) of every finding.
fn cells(reports: &[FileReport]) -> Vec<(Option<String>, String, String)> {
    reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| {
            let cell = d.cell.as_ref().expect("a table finding names its cell");
            (cell.sheet.clone(), cell.cell.clone(), d.code.clone())
        })
        .collect()
}

fn has(found: &[(Option<String>, String, String)], cell: &str, code: &str) -> bool {
    found.iter().any(|(_, c, k)| c == cell && k == code)
}

fn rendered(reports: &[FileReport]) -> String {
    support::rendered(reports, Lang::Zh)
}

fn table_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/tables"))
        .expect("fixtures/tables")
        .map(|e| e.expect("entry").path())
        .filter(|p| jixiao::paths::is_table(p))
        .collect();
    files.sort();
    files
}

#[test]
fn every_table_gives_the_findings_in_its_snapshot() {
    let _snapshots = support::snapshots("tables");
    for path in table_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let reports = check(&name);
        insta::assert_snapshot!(format!("table@{name}"), rendered(&reports));
    }
}

#[test]
fn checking_the_imported_jx_gives_the_same_findings_as_the_table() {
    let rules = rules();
    for path in table_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let display = format!("fixtures/tables/{name}");
        let bytes = std::fs::read(&path).unwrap();
        let Ok(imported) = import::read_sheets(&display, &path, bytes, Encoding::Auto)
            .and_then(|s| import::import(&display, s))
        else {
            continue;
        };
        // What the reader met (an unclosed quote, a formula without a value, a row with no place in the tree)
        // is the table's, not the declaration's.
        let from_table: Vec<(String, String)> = import::check(&display, &imported, &rules)
            .into_iter()
            .flat_map(|r| r.diagnostics)
            .filter(|d| !["JX014", "JX020", "JX021"].contains(&d.code.as_str()))
            .map(|d| (d.code, d.message.zh))
            .collect();
        let jx = import::to_jx(&display, &imported);
        let report = jixiao::check_with_rules(jixiao::SourceFile::new("imported.jx", &jx), &rules);
        let mut from_jx: Vec<(String, String)> = report
            .diagnostics
            .into_iter()
            .map(|d| (d.code, d.message.zh))
            .collect();
        let mut from_table_sorted = from_table.clone();
        from_table_sorted.sort();
        from_jx.sort();
        assert_eq!(from_table_sorted, from_jx, "{name}:\n{jx}");
        assert!(
            !from_table.iter().any(|(code, _)| code == "JX001"),
            "{name} imports to valid .jx"
        );
    }
}

#[test]
fn csv_in_gbk_with_bom_and_quoted_fields_is_read() {
    let gbk = cells(&check("csv-gbk.csv"));
    assert!(!gbk.iter().any(|(_, _, code)| code == "JX015"), "{gbk:?}");
    assert!(has(&gbk, "D9", "JX102"), "{gbk:?}");
    let bom = cells(&check("csv-bom.csv"));
    assert!(
        has(&bom, "D10", "JX102"),
        "the blank row does not end the table: {bom:?}"
    );
    let utf8 = cells(&check("csv-utf8.csv"));
    assert!(has(&utf8, "D6", "JX208"), "{utf8:?}");
    // The value with quotes and a comma is one cell, read as text.
    assert!(has(&utf8, "D4", "JX103"), "{utf8:?}");
}

#[test]
fn a_finding_inside_a_cell_points_at_the_exact_words() {
    let reports = check("csv-utf8.csv");
    let report = &reports[0];
    let source = report.source.as_ref().unwrap();
    let vague = report
        .diagnostics
        .iter()
        .find(|d| d.code == "JX102" && d.message.zh.contains("持续改善"))
        .expect("持续改善 is flagged");
    assert_eq!(source.slice(vague.span), "持续改善");
    let at = source.line_col(vague.span.start);
    // Row 9 is on line 10: the quoted value of row 7 spans two lines.
    assert_eq!(
        (at.line, vague.cell.as_ref().unwrap().cell.as_str()),
        (10, "D9")
    );
}

#[test]
fn columns_of_their_own_are_read_and_unknown_ones_ignored() {
    let found = cells(&check("csv-columns.csv"));
    // 备注2 holds decoys (≥100%, 持续改善, 44561): never read.
    assert!(
        !has(&found, "F2", "JX208") && !found.iter().any(|(_, c, _)| c.starts_with('K')),
        "{found:?}"
    );
    assert!(
        has(&found, "I3", "JX334"),
        "actual 6 below 8 with no deviation note: {found:?}"
    );
    assert!(
        has(&found, "F6", "JX208"),
        "≥ in the direction column, 100 and %: {found:?}"
    );
    assert!(
        has(&found, "F13", "JX106"),
        "no unit in the unit column: {found:?}"
    );
    assert!(
        has(&found, "F16", "JX107"),
        "satisfaction 90 % without a direction: {found:?}"
    );
    assert!(
        !has(&found, "F7", "JX210"),
        "反向 reads as ≤ for a time limit: {found:?}"
    );
}

#[test]
fn real_table_values_are_read_with_the_target_grammar() {
    let found = cells(&check("csv-values.csv"));
    assert!(
        has(&found, "D11", "JX215"),
        "44561 under 时效 is an Excel date: {found:?}"
    );
    assert!(
        has(&found, "D12", "JX213"),
        "按期完成 is no deadline: {found:?}"
    );
    assert!(has(&found, "D13", "JX217"), "≤28.40/株 lacks 元: {found:?}");
    assert!(
        has(&found, "C7", "JX115"),
        "a level 2 without an indicator is an empty indicator: {found:?}"
    );
    // ">=95%", "不低于90%", "达95%以上", "满意率达95%以上", "2023年12月前", "2023.07-2024.01", "1次/月", full-width
    // forms: all read as targets, none left as vague text.
    assert!(
        found
            .iter()
            .filter(|(_, _, c)| c == "JX102" || c == "JX103")
            .count()
            <= 1,
        "{found:?}"
    );
}

#[test]
fn workbooks_are_read_sheet_by_sheet_with_merged_cells() {
    let found = cells(&check("workbook.xlsx"));
    let sheets: std::collections::BTreeSet<_> =
        found.iter().filter_map(|(s, ..)| s.clone()).collect();
    assert_eq!(
        sheets.into_iter().collect::<Vec<_>>(),
        ["项目一", "项目二"],
        "说明 holds no table"
    );
    assert!(
        !found.iter().any(|(_, c, _)| c == "E13"),
        "a real date cell reads as a date: {found:?}"
    );
    assert!(
        has(&found, "E14", "JX215"),
        "a plain 44561 is an Excel serial date: {found:?}"
    );
    assert!(
        has(&found, "E16", "JX102"),
        "merged level cells continue: {found:?}"
    );
    assert!(
        !found.iter().any(|(_, _, c)| c.starts_with("JX00")),
        "no level left unresolved: {found:?}"
    );
    assert!(has(&cells(&check("workbook.xls")), "D4", "JX208"));
    assert!(has(&cells(&check("workbook.ods")), "D5", "JX208"));
}

#[test]
fn header_facts_above_the_table_fill_the_declaration() {
    let found = cells(&check("csv-header-info.csv"));
    assert!(
        !found.iter().any(|(_, _, c)| c == "JX111"),
        "the goal is read: {found:?}"
    );
    assert!(has(&found, "D12", "JX201"), "{found:?}");
    let path = root().join("fixtures/tables/csv-header-info.csv");
    let sheets = import::read_sheets(
        "t.csv",
        &path,
        std::fs::read(&path).unwrap(),
        Encoding::Auto,
    )
    .unwrap();
    let jx = import::to_jx("t.csv", &import::import("t.csv", sheets).unwrap());
    for fact in [
        "主管部门 \"",
        "实施单位 \"",
        "年度 2023",
        "资金 300 万元",
        "年度目标 \"",
    ] {
        assert!(jx.contains(fact), "{fact} in\n{jx}");
    }
}

#[test]
fn a_table_without_indicator_columns_is_refused_naming_its_headers() {
    let reports = check("csv-no-table.csv");
    let diagnostic = &reports[0].diagnostics[0];
    assert_eq!(diagnostic.code, "JX019");
    assert!(
        diagnostic.message.zh.contains("姓名、电话、地址"),
        "{}",
        diagnostic.message.zh
    );
}

fn jixiao(dir: &Path, args: &[&str]) -> (i32, String) {
    let run = support::run(dir, args);
    (run.code, run.stdout)
}

#[test]
fn json_names_the_sheet_and_cell() {
    let _snapshots = support::snapshots("tables");
    let (code, out) = jixiao(
        root(),
        &["check", "--format", "json", "fixtures/tables/workbook.xlsx"],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn import_writes_the_jx_and_a_folder_mixes_tables_and_jx() {
    let _snapshots = support::snapshots("tables");
    let (code, jx) = jixiao(root(), &["import", "fixtures/tables/workbook.xlsx"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(jx);

    let dir = tempfile::tempdir().unwrap();
    for name in ["csv-utf8.csv", "workbook.xlsx"] {
        std::fs::copy(
            root().join("fixtures/tables").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    std::fs::copy(
        root().join("fixtures/shuozhou-2022.jx"),
        dir.path().join("shuozhou.jx"),
    )
    .unwrap();
    let (code, out) = jixiao(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["files"],
        serde_json::json!(["csv-utf8.csv", "shuozhou.jx", "workbook.xlsx"])
    );
    assert_eq!(json["summary"]["files"], 3);

    let (code, _) = jixiao(dir.path(), &["import", "csv-utf8.csv", "-o", "imported.jx"]);
    assert_eq!(code, 0);
    let imported = std::fs::read_to_string(dir.path().join("imported.jx")).unwrap();
    assert!(
        imported.contains("\"农村供水状况\" 定性 \"持续改善\""),
        "{imported}"
    );
}

/// Checks a published table of fixtures/examples as `jixiao check` does.
fn check_example(name: &str) -> Vec<FileReport> {
    let path = root().join("fixtures/examples").join(name);
    let display = format!("fixtures/examples/{name}");
    let bytes = std::fs::read(&path).expect("fixture");
    let imported = import::read_sheets(&display, &path, bytes, Encoding::Auto)
        .and_then(|s| import::import(&display, s))
        .expect("an indicator table");
    import::check(&display, &imported, &rules())
}

#[test]
fn the_published_tables_as_csv_get_the_reviewers_findings_in_their_cells() {
    let _snapshots = support::snapshots("tables");
    let wuhan = cells(&check_example("wuhan-qingshan-2020.csv"));
    for (cell, code) in [
        ("D2", "JX106"),
        ("D4", "JX217"),
        ("D6", "JX102"),
        ("D7", "JX102"),
    ] {
        assert!(has(&wuhan, cell, code), "wuhan {cell} {code}: {wuhan:?}");
    }
    for fine in ["D3", "D5", "D8"] {
        assert!(
            !wuhan.iter().any(|(_, c, _)| c == fine),
            "wuhan {fine} is fine: {wuhan:?}"
        );
    }
    let daying = cells(&check_example("daying-shuangxin-2020.csv"));
    for (cell, code) in [
        ("A2", "JX006"),
        ("A6", "JX006"),
        ("D3", "JX102"),
        ("D4", "JX213"),
        ("C4", "JX104"),
        ("D5", "JX107"),
        ("D6", "JX102"),
        ("D7", "JX107"),
    ] {
        assert!(has(&daying, cell, code), "daying {cell} {code}: {daying:?}");
    }
    let tongxin = cells(&check_example("tongxin-putao-2023.csv"));
    for (cell, code) in [
        ("C2", "JX109"),
        ("C3", "JX203"),
        ("D3", "JX106"),
        ("D4", "JX208"),
        ("D5", "JX217"),
        ("C9", "JX101"),
        ("C10", "JX101"),
    ] {
        assert!(
            has(&tongxin, cell, code),
            "tongxin {cell} {code}: {tongxin:?}"
        );
    }
    assert!(
        tongxin.iter().filter(|(_, c, _)| c == "D11").count() == 0,
        "≥95% satisfaction is fine: {tongxin:?}"
    );
    for name in [
        "wuhan-qingshan-2020.csv",
        "daying-shuangxin-2020.csv",
        "tongxin-putao-2023.csv",
    ] {
        insta::assert_snapshot!(format!("example@{name}"), rendered(&check_example(name)));
    }
}

/// (indicator name, code) for every finding that falls inside an indicator.
fn indicator_findings(jx: &str) -> std::collections::BTreeSet<(String, String)> {
    let report = jixiao::check_with_rules(jixiao::SourceFile::new("x.jx", jx), &rules());
    let document = report.document.expect("parses");
    let indicators: Vec<&jixiao::syntax::ast::Indicator> = document
        .declarations
        .iter()
        .flat_map(|d| &d.groups)
        .flat_map(|l| &l.groups)
        .flat_map(|g| &g.indicators)
        .collect();
    report
        .diagnostics
        .iter()
        .filter_map(|d| {
            let indicator = indicators.iter().find(|i| i.span.contains(d.span))?;
            Some((indicator.name.value.clone(), d.code.clone()))
        })
        .collect()
}

#[test]
fn a_published_table_is_judged_as_its_transcription() {
    for name in [
        "wuhan-qingshan-2020",
        "daying-shuangxin-2020",
        "tongxin-putao-2023",
    ] {
        let dir = root().join("fixtures/examples");
        let csv = dir.join(format!("{name}.csv"));
        let sheets =
            import::read_sheets("t.csv", &csv, std::fs::read(&csv).unwrap(), Encoding::Auto)
                .unwrap();
        let imported = import::to_jx("t.csv", &import::import("t.csv", sheets).unwrap());
        let transcribed = std::fs::read_to_string(dir.join(format!("{name}.jx"))).unwrap();
        assert_eq!(
            indicator_findings(&imported),
            indicator_findings(&transcribed),
            "{name}: the table and its .jx transcription differ on the indicators"
        );
    }
}

/// The syntax errors (JX001–JX004) of the .jx that `jixiao import` writes from the table at `path`.
fn import_syntax_errors(path: &Path) -> Vec<String> {
    let display = path.to_string_lossy().to_string();
    let bytes = std::fs::read(path).expect("table");
    let Ok(imported) = import::read_sheets(&display, path, bytes, Encoding::Auto)
        .and_then(|s| import::import(&display, s))
    else {
        return Vec::new();
    };
    let jx = import::to_jx(&display, &imported);
    let parsed = jixiao::syntax::parse::parse(&jixiao::SourceFile::new("imported.jx", &jx));
    parsed
        .diagnostics
        .iter()
        .filter(|d| ["JX001", "JX002", "JX003", "JX004"].contains(&d.code.as_str()))
        .map(|d| format!("{display}: {} {}", d.code, d.message.zh))
        .collect()
}

#[test]
fn the_jx_imported_from_every_fixture_and_corpus_table_parses() {
    let corpus: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/tables"))
        .expect("corpus/tables")
        .map(|e| e.expect("entry").path())
        .filter(|p| jixiao::paths::is_table(p) && !p.ends_with("manifest.csv"))
        .collect();
    assert!(corpus.len() >= 40, "the corpus holds its tables");
    let errors: Vec<String> = table_fixtures()
        .iter()
        .chain(&corpus)
        .flat_map(|p| import_syntax_errors(p))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn import_names_what_it_could_not_read_and_exits_1() {
    let run = support::run(
        root(),
        &["import", "fixtures/tables/csv-unterminated-quote.csv"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"人均培训成本\""),
        "the .jx is written: {}",
        run.stdout
    );
    assert!(run.stderr.contains("JX021"), "{}", run.stderr);
    assert!(
        run.stderr.contains("C4"),
        "the cell is named: {}",
        run.stderr
    );

    let sound = support::run(root(), &["import", "fixtures/tables/csv-utf8.csv"]);
    assert_eq!(sound.code, 0, "{}", sound.stderr);
    assert!(sound.stderr.is_empty(), "{}", sound.stderr);
}

#[test]
fn a_table_listing_several_projects_gives_a_declaration_for_each() {
    for table in [
        "corpus/tables/sichuan-jingyan-mata-2023-cunzu-ganbu.csv",
        "corpus/tables/sichuan-jingyan-mata-2023-cunzu-ganbu.xlsx",
    ] {
        let run = support::run(root(), &["import", table]);
        assert_eq!(run.code, 0, "{table}: {}", run.stderr);
        let heads: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| {
                l.starts_with("项目 ") || l.starts_with("  资金") || l.starts_with("  年度目标")
            })
            .collect();
        assert_eq!(heads[0], "项目 \"村组干部报酬\" {", "{table}");
        assert!(
            heads[1].starts_with("  资金 3309840") && heads[1].ends_with(" 元"),
            "{table}: {heads:?}"
        );
        assert_eq!(heads[2], "  年度目标 \"按时发放村组干部报酬\"", "{table}");
        assert_eq!(heads[3], "项目 \"基层组织活动经费\" {", "{table}");
    }
}
