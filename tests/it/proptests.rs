//! The fuzz targets' properties (`properties`) on generated inputs, for where no nightly toolchain runs
//! cargo-fuzz (CI): declarations and rule files edited at random, texts of the languages' own characters, CSV
//! text, and workbooks with cells anywhere up to XFD1048576. The case counts are modest, so that the suite
//! takes seconds; `scripts/fuzz.sh` runs the same properties for as long as it is given.

use crate::properties;
use proptest::prelude::*;
use std::io::Write;

/// The characters the .jx language gives meaning to, and a few it does not.
const JX_CHARS: &str = "[项目产出数量质量时效成本效益满意度年度资金分值定性分档优良依据\"“”{}#=≥≤<>%％０-９0-9.\\-, \t\n\r\\\\a-z]";

/// A fixed seed keeps `cargo test` repeatable (the same cases on every machine); `scripts/fuzz.sh` is what explores.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261204),
        ..ProptestConfig::default()
    }
}

/// A fixture with `edits` applied: (where, how many bytes to remove, what to insert).
fn edited(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut text = text.to_string();
    for (at, remove, insert) in edits {
        let mut start = at % (text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + remove).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        text.replace_range(start..end, insert);
    }
    text
}

/// Texts of up to `max` of [`JX_CHARS`].
fn jx_text(max: usize) -> impl Strategy<Value = String> {
    prop::string::string_regex(&format!("{JX_CHARS}{{0,{max}}}")).expect("a regex")
}

fn edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    prop::collection::vec((any::<usize>(), 0usize..12, jx_text(6)), 1..6)
}

const DECLARATION: &str = include_str!("../../fixtures/shuozhou-2022.jx");
const SUPPRESSIONS: &str = include_str!("../../fixtures/fmt/suppressions.jx");
const EVALUATION: &str = include_str!("../../fixtures/shuozhou-2022-evaluation.jx");
const RULE_FILE: &str = include_str!("../../rules/measurability.jxr");

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edited_declarations_are_checked_formatted_and_fixed(
        edits in edits(),
        which in 0..3usize,
    ) {
        let text = match which {
            0 => edited(DECLARATION, &edits),
            1 => edited(SUPPRESSIONS, &edits),
            // Declarations and an evaluation after one another, where the edits also fall between items.
            _ => edited(&format!("{EVALUATION}\n{SUPPRESSIONS}"), &edits),
        };
        properties::check_jx(&text);
        properties::fmt_is_idempotent(&text);
        properties::fix_applies_cleanly(&text);
    }

    #[test]
    fn texts_of_the_languages_characters_are_checked_and_formatted(
        text in jx_text(120),
    ) {
        properties::check_jx(&text);
        properties::fmt_is_idempotent(&text);
        properties::fix_applies_cleanly(&text);
    }

    #[test]
    fn edited_rule_files_compile_or_give_errors(edits in edits()) {
        properties::rule_file(&edited(RULE_FILE, &edits));
    }

    #[test]
    fn csv_text_is_read_and_imported(
        rows in prop::collection::vec("[产出指标数量质量满意度名称,;\t\"\r\n≥%0-9 ]{0,40}", 0..8),
    ) {
        let csv = format!("一级指标,二级指标,三级指标,指标值\n{}", rows.join("\n"));
        properties::table("fuzz.csv", csv.as_bytes());
    }

    #[test]
    fn workbooks_with_cells_anywhere_are_read_within_bounds(
        cells in prop::collection::vec(
            (0u32..1_048_576, 0u32..16_384, "[产出指标数量≥%0-9]{0,6}"),
            0..6,
        ),
    ) {
        let mut all = vec![
            (0, 0, "一级指标".to_string()),
            (0, 1, "二级指标".to_string()),
            (0, 2, "三级指标".to_string()),
            (0, 3, "指标值".to_string()),
            (1, 0, "产出指标".to_string()),
            (1, 1, "数量指标".to_string()),
            (1, 2, "培训期数".to_string()),
        ];
        all.extend(cells);
        properties::table("fuzz.xlsx", &xlsx(&all));
    }
}

/// An .xlsx of one sheet with inline-string cells at (row, column), 0-based, in any order.
pub fn xlsx(cells: &[(u32, u32, String)]) -> Vec<u8> {
    let mut rows = String::new();
    for (row, column, text) in cells {
        let at = jixiao::import::table::cell_ref(*row as usize, *column as usize);
        rows.push_str(&format!(
            "<row r=\"{}\"><c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c></row>",
            row + 1
        ));
    }
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet \
         xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData>\
         </worksheet>"
    );
    workbook(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())])
}

/// A zip of an .xlsx's fixed parts (one sheet, `S`) but those `members` gives, and `members`.
pub fn workbook(members: &[(&str, &[u8])]) -> Vec<u8> {
    const NS: &str = "http://schemas.openxmlformats.org";
    let fixed = [
        (
            "[Content_Types].xml",
            format!(
                "<Types xmlns=\"{NS}/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
                 </Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "<Relationships xmlns=\"{NS}/package/2006/relationships\"><Relationship Id=\"rId1\" \
                 Type=\"{NS}/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
                 </Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook xmlns=\"{NS}/spreadsheetml/2006/main\" \
                 xmlns:r=\"{NS}/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" \
                 r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "<Relationships xmlns=\"{NS}/package/2006/relationships\"><Relationship Id=\"rId1\" \
                 Type=\"{NS}/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                 </Relationships>"
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let given = |name: &str| members.iter().any(|(n, _)| *n == name);
    for (name, data) in fixed
        .iter()
        .filter(|(n, _)| !given(n))
        .map(|(n, d)| (*n, d.as_bytes()))
        .chain(members.iter().copied())
    {
        zip.start_file(name, options).expect("a member");
        zip.write_all(data).expect("written");
    }
    zip.finish().expect("a zip").into_inner()
}
