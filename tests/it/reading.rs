//! The reading layer on the fixtures of fixtures/tables made for it: CSV separators and line ends, an unclosed
//! quote, workbook values as Excel shows them (percents, formulas, dates, merges), and workbooks that cannot be
//! read (a far-away cell, a zip bomb, a password, a damaged file), each a located error that stops nothing else.
//! Their findings are pinned by the `table@…` snapshots of the `tables` suite.

use jixiao::import::{self, Encoding, Sheet};
use std::path::Path;

use crate::support::{self, root};

fn sheets(name: &str) -> Vec<Sheet> {
    let path = root().join("fixtures/tables").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    import::read_sheets(name, &path, bytes, Encoding::Auto).expect("readable")
}

fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
    sheet
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect()
}

/// (cell, code) of every finding of `jixiao check` on a fixture.
fn findings(name: &str) -> Vec<(String, String)> {
    let run = support::run(
        root(),
        &[
            "check",
            "--format",
            "json",
            &format!("fixtures/tables/{name}"),
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["cell"].as_str().unwrap_or_default().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn semicolons_tabs_and_cr_only_line_ends_read_as_the_comma_file() {
    let comma = texts(&sheets("csv-utf8.csv")[0]);
    assert_eq!(comma.len(), 14);
    let comma_findings = findings("csv-utf8.csv");
    for name in ["csv-semicolon.csv", "csv-tab.csv", "csv-cr-only.csv"] {
        let sheet = &sheets(name)[0];
        assert_eq!(texts(sheet), comma, "{name}");
        assert!(sheet.problems.is_empty(), "{name}: {:?}", sheet.problems);
        // Row 9 is on line 10 (row 7 holds a line break) in every file: findings keep their cells and lines.
        let vague = &sheet.rows[8][3];
        assert_eq!(sheet.view.slice(vague.span), "持续改善", "{name}");
        assert_eq!(sheet.view.line_col(vague.span.start).line, 10, "{name}");
        assert_eq!(findings(name), comma_findings, "{name}");
    }
}

#[test]
fn an_unclosed_quote_is_an_error_at_its_line_and_no_row_is_lost() {
    let sheet = &sheets("csv-unterminated-quote.csv")[0];
    let rows = texts(sheet);
    assert_eq!(rows.len(), 7, "{rows:?}");
    assert_eq!(rows[1][2], "开展技能培训", "the rows before it are read");
    assert_eq!(rows[3][2], "\"培训完成时间", "its line is read as written");
    assert_eq!(rows[4][2], "人均培训成本", "the rows after it are read");
    assert_eq!(rows[6][3], "≥95%", "a later quote does not pair with it");
    let [problem] = sheet.problems.as_slice() else {
        panic!("{:?}", sheet.problems)
    };
    let at = sheet.view.line_col(problem.span.start);
    assert_eq!((at.line, at.column), (4, 7));
    assert_eq!(problem.code, "JX021");
    let found = findings("csv-unterminated-quote.csv");
    assert!(found.contains(&("C4".into(), "JX021".into())), "{found:?}");
    assert!(found.contains(&("D6".into(), "JX102".into())), "{found:?}");
}

#[test]
fn workbook_cells_read_as_excel_shows_them() {
    let sheet = &sheets("workbook-percent-formula.xlsx")[0];
    let cell = |r: usize, c: usize| sheet.cell(r, c).expect("cell");
    assert_eq!(cell(2, 3).text, "≥1500人次", "a formula's cached value");
    assert_eq!(cell(3, 3).text, "100%", "1 with a percent format");
    assert_eq!(cell(4, 3).text, "95.5%", "0.955 with 0.0%, exactly");
    assert_eq!(cell(8, 3).text, "90%");
    assert_eq!(cell(5, 3).text, "2024-11-30", "a date");
    let formula = cell(6, 3);
    assert!(formula.formula_without_value);
    assert_eq!(formula.text, "=SUM(E3:E4)");
    // A1:D1 across, A3:A8 down.
    for c in 1..4 {
        assert_eq!(cell(0, c).text, cell(0, 0).text);
        assert_eq!(cell(0, c).merged_from, Some((0, 0)));
    }
    for r in 3..8 {
        assert_eq!(cell(r, 0).text, "产出指标");
        assert_eq!(cell(r, 0).merged_from, Some((2, 0)));
    }
    assert_eq!(cell(8, 0).merged_from, None);
    let problem = &sheet.problems[0];
    assert!(
        problem.message.zh.starts_with("公式没有值"),
        "{}",
        problem.message.zh
    );
    assert!(problem.message.en.starts_with("formula without a value"));
    let found = findings("workbook-percent-formula.xlsx");
    assert!(found.contains(&("D7".into(), "JX021".into())), "{found:?}");
    assert!(
        !found.contains(&("D7".into(), "JX101".into())),
        "a formula without a value is no empty target: {found:?}"
    );
    assert!(found.contains(&("D9".into(), "JX107".into())), "{found:?}");
    assert!(
        !found
            .iter()
            .any(|(c, _)| c == "D4" || c == "D5" || c == "D6"),
        "100%, 95.5% and the date are sound: {found:?}"
    );
}

#[test]
fn a_far_away_cell_is_a_located_error_and_the_table_is_still_checked() {
    let sheet = &sheets("workbook-huge-dimension.xlsx")[0];
    assert_eq!(sheet.rows.len(), 4, "bounded by the cells used");
    assert_eq!(sheet.rows[0].len(), 4);
    let problem = &sheet.problems[0];
    assert_eq!(problem.cell.as_ref().unwrap().cell, "XFD1048576");
    let found = findings("workbook-huge-dimension.xlsx");
    assert!(found.contains(&("D3".into(), "JX102".into())), "{found:?}");
    assert!(
        found.contains(&("XFD1048576".into(), "JX021".into())),
        "{found:?}"
    );
}

#[test]
fn unreadable_workbooks_are_errors_that_stop_nothing_else() {
    let bad = [
        ("workbook-zip-bomb.xlsx", "压缩炸弹"),
        ("workbook-encrypted.xlsx", "有打开密码"),
        ("workbook-corrupt.xlsx", "文件已损坏"),
        ("sheet-repeat-bomb.ods", "要铺开"),
        ("far-cell.xls", "要铺开"),
    ];
    let mut args = vec!["check", "--format", "json", "fixtures/tables/csv-utf8.csv"];
    let paths: Vec<String> = bad
        .iter()
        .map(|(name, _)| format!("tests/hostile/{name}"))
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let run = support::run(root(), &args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let of = |file: &str| {
        diagnostics
            .iter()
            .filter(|d| d["file"] == file)
            .collect::<Vec<_>>()
    };
    assert!(
        of("fixtures/tables/csv-utf8.csv")
            .iter()
            .any(|d| d["code"] == "JX208"),
        "the good file is checked"
    );
    for ((name, words), path) in bad.iter().zip(&paths) {
        let errors = of(path);
        let read_error = errors
            .iter()
            .find(|d| d["code"] == "JX014")
            .unwrap_or_else(|| panic!("{name}: {errors:?}"));
        assert!(
            read_error["message"].as_str().unwrap().contains(words),
            "{name}: {read_error}"
        );
    }
    assert!(
        Path::new(&root().join("tests/hostile/workbook-zip-bomb.xlsx"))
            .metadata()
            .unwrap()
            .len()
            < 1 << 20
    );
}
