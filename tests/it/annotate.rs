//! `jixiao annotate` and `report --annotate-dir`, the annotated workbooks read back by real readers: calamine
//! for the sheets and their values, and the .xlsx's own parts (unzipped, their XML read) for what calamine does
//! not read:
//! every finding's note on its cell, the fill of flagged cells, and the links of the 审核意见 sheet to the cells.

use crate::support;
use calamine::{Data, Reader};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The parts of an .xlsx, by name.
fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            (file.name().unwrap().to_string(), text)
        })
        .collect()
}

/// The attributes of the elements named `tag` in `xml` (as rust_xlsxwriter writes it: attributes in double
/// quotes), and the text inside each, entities decoded and markup dropped.
fn elements(xml: &str, tag: &str) -> Vec<(BTreeMap<String, String>, String)> {
    let element = regex::Regex::new(&format!(r"(?s)<{tag}(\s[^>]*?)?(/>|>(.*?)</{tag}>)")).unwrap();
    let attribute = regex::Regex::new(r#"([\w:]+)="([^"]*)""#).unwrap();
    let markup = regex::Regex::new(r"<[^>]*>").unwrap();
    let decode = |text: &str| {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    element
        .captures_iter(xml)
        .map(|found| {
            let attributes = found.get(1).map_or("", |m| m.as_str());
            let attributes = attribute
                .captures_iter(attributes)
                .map(|a| (a[1].to_string(), decode(&a[2])))
                .collect();
            let inner = found.get(3).map_or("", |m| m.as_str());
            (attributes, decode(&markup.replace_all(inner, "")))
        })
        .collect()
}

/// For each sheet name: the path of its worksheet part.
fn sheet_parts(parts: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let rels: BTreeMap<String, String> =
        elements(&parts["xl/_rels/workbook.xml.rels"], "Relationship")
            .into_iter()
            .map(|(a, _)| {
                (
                    a["Id"].clone(),
                    format!("xl/{}", a["Target"].trim_start_matches("/xl/")),
                )
            })
            .collect();
    elements(&parts["xl/workbook.xml"], "sheet")
        .into_iter()
        .map(|(a, _)| (a["name"].clone(), rels[&a["r:id"]].clone()))
        .collect()
}

/// For each sheet name, each note by cell.
fn notes(parts: &BTreeMap<String, String>) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (name, sheet) in sheet_parts(parts) {
        let (dir, file) = sheet.rsplit_once('/').unwrap();
        let Some(rels) = parts.get(&format!("{dir}/_rels/{file}.rels")) else {
            continue;
        };
        for (rel, _) in elements(rels, "Relationship") {
            if !rel["Type"].ends_with("/comments") {
                continue;
            }
            let target = rel["Target"].trim_start_matches("../");
            let comments = &parts[&format!("xl/{target}")];
            let by_cell: BTreeMap<String, String> = elements(comments, "comment")
                .into_iter()
                .map(|(a, text)| (a["ref"].clone(), text))
                .collect();
            out.insert(name.clone(), by_cell);
        }
    }
    out
}

/// The findings of `check --format json` on `table`: (sheet, cell, severity, message).
fn findings(dir: &Path, table: &str) -> Vec<(String, String, String, String)> {
    let run = support::run(dir, &["check", table, "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (
                text("sheet"),
                text("cell"),
                text("severity"),
                text("message"),
            )
        })
        .collect()
}

#[test]
fn every_finding_is_a_note_on_its_cell_and_the_table_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("申报表.xlsx");
    std::fs::copy(
        support::root().join("fixtures/tables/workbook.xlsx"),
        &table,
    )
    .unwrap();
    let before = std::fs::read(&table).unwrap();
    let run = support::run(dir.path(), &["annotate", "申报表.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(&table).unwrap(),
        before,
        "the table is never modified"
    );
    let copy = dir.path().join("申报表.审核.xlsx");

    // calamine: the opinion first, then the sheets with their values as jixiao reads them.
    let mut workbook = calamine::open_workbook_auto(&copy).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names[0], "审核意见");
    let original = jixiao::import::read_sheets(
        "申报表.xlsx",
        &table,
        before.clone(),
        jixiao::import::Encoding::Auto,
    )
    .unwrap();
    assert_eq!(names[1..].len(), original.len());
    for (name, sheet) in names[1..].iter().zip(&original) {
        assert_eq!(Some(name), sheet.name.as_ref());
        let range = workbook.worksheet_range(name).unwrap();
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let copied = match range.get_value((r as u32, c as u32)) {
                    Some(Data::String(s)) => s.clone(),
                    Some(Data::Empty) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                assert_eq!(copied, cell.text, "{name} row {r} column {c}");
            }
        }
    }
    let opinion = workbook.worksheet_range("审核意见").unwrap();
    let first_column: Vec<String> = (0..opinion.height() as u32)
        .filter_map(|r| opinion.get_value((r, 0)).map(|v| v.to_string()))
        .collect();
    assert!(
        first_column.iter().any(|line| line == "结论：退回修改"),
        "{first_column:?}"
    );

    // The notes, the fills and the links, from the parts calamine does not read.
    let parts = parts(&copy);
    let notes = notes(&parts);
    let found = findings(dir.path(), "申报表.xlsx");
    assert!(found.len() >= 10);
    for (sheet, cell, _, message) in &found {
        let note = notes.get(sheet).and_then(|n| n.get(cell));
        assert!(
            note.is_some_and(|note| note.contains(message.as_str())),
            "{sheet}!{cell}: {message}: {note:?}"
        );
    }
    let flagged: BTreeSet<(&str, &str)> = found
        .iter()
        .map(|(s, c, _, _)| (s.as_str(), c.as_str()))
        .collect();
    let noted: usize = notes.values().map(BTreeMap::len).sum();
    assert_eq!(noted, flagged.len(), "a note on the flagged cells only");
    let sheets = sheet_parts(&parts);
    for (sheet, cell) in &flagged {
        let cells = elements(&parts[&sheets[*sheet]], "c");
        let styled = cells
            .iter()
            .find(|(a, _)| a["r"] == *cell)
            .and_then(|(a, _)| a.get("s").cloned());
        assert!(styled.is_some_and(|s| s != "0"), "{sheet}!{cell} is filled");
    }
    assert!(
        parts["xl/styles.xml"].contains("FFFFC7CE") && parts["xl/styles.xml"].contains("FFFFEB9C")
    );
    let links: BTreeSet<String> = elements(&parts[&sheets["审核意见"]], "hyperlink")
        .into_iter()
        .map(|(a, _)| a["location"].clone())
        .collect();
    let wanted: BTreeSet<String> = flagged.iter().map(|(s, c)| format!("'{s}'!{c}")).collect();
    assert_eq!(links, wanted);
}

#[test]
fn a_csv_gives_an_xlsx_and_nothing_is_written_over_the_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        support::root().join("fixtures/tables/csv-values.csv"),
        dir.path().join("目标.csv"),
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("目标.csv")).unwrap();
    let run = support::run(
        dir.path(),
        &["annotate", "目标.csv", "-o", "退回/目标.xlsx"],
    );
    assert_eq!(run.code, 2, "the directory must exist");
    std::fs::create_dir(dir.path().join("退回")).unwrap();
    let run = support::run(
        dir.path(),
        &["annotate", "目标.csv", "-o", "退回/目标.xlsx"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy = dir.path().join("退回/目标.xlsx");
    let mut workbook = calamine::open_workbook_auto(&copy).unwrap();
    assert_eq!(workbook.sheet_names(), ["审核意见", "目标"]);
    let notes = notes(&parts(&copy));
    for (_, cell, _, message) in findings(dir.path(), "目标.csv") {
        assert!(notes["目标"][&cell].contains(&message), "{cell}");
    }
    let _ = workbook.worksheet_range("目标").unwrap();
    for output in ["目标.csv", "./目标.csv"] {
        let run = support::run(dir.path(), &["annotate", "目标.csv", "-o", output]);
        assert_eq!(run.code, 2);
        assert_eq!(std::fs::read(dir.path().join("目标.csv")).unwrap(), before);
    }
    assert_eq!(
        support::run(dir.path(), &["annotate", "missing.xlsx"]).code,
        2
    );
}

#[test]
fn one_command_gives_the_report_a_workbook_per_table_and_an_opinion_per_declaration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("申报/二处")).unwrap();
    let fixtures = support::root().join("fixtures");
    std::fs::copy(
        fixtures.join("tables/workbook.xlsx"),
        root.join("申报/甲.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("tables/csv-values.csv"),
        root.join("申报/二处/乙.csv"),
    )
    .unwrap();
    std::fs::copy(fixtures.join("shuozhou-2022.jx"), root.join("申报/丙.jx")).unwrap();
    let run = support::run(
        root,
        &[
            "report",
            "申报",
            "-o",
            "审核报告.html",
            "--annotate-dir",
            "退回",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(root.join("审核报告.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for written in ["退回/甲.审核.xlsx", "退回/二处/乙.审核.xlsx"] {
        let mut workbook = calamine::open_workbook_auto(root.join(written)).unwrap();
        assert_eq!(workbook.sheet_names()[0], "审核意见", "{written}");
        let _ = workbook.worksheet_range("审核意见").unwrap();
    }
    let written: Vec<_> = walkdir::WalkDir::new(root.join("退回"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(
        written.len(),
        3,
        "one workbook per table, the opinion's text for a .jx"
    );
    let opinion = std::fs::read_to_string(root.join("退回/丙.审核意见.txt")).unwrap();
    assert!(
        opinion.starts_with(
            "审核意见：2022年朔州市数字政府基础设施建设项目\n文件：申报/丙.jx\n结论：退回修改"
        ),
        "{opinion}"
    );
    assert!(opinion.contains("（JX102）"), "{opinion}");
}
