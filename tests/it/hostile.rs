//! Inputs an attacker writes: lines of 100,000 characters, files ending their lines with a lone CR. Each is read
//! within bounds and drawn without a panic; the crafted workbooks are in `workbooks`.

use crate::support;

/// The JSON findings of `jixiao check --format json -` on `input`: (code, line, column).
fn findings(args: &[&str], input: &str) -> Vec<(String, u64, u64)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    all.push("-");
    let run = support::run_with_input(support::root(), &all, input.as_bytes());
    assert!(run.code < 2, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |key: &str| d[key].as_u64().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                n("line"),
                n("column"),
            )
        })
        .collect()
}

#[test]
fn a_file_ending_its_lines_with_a_lone_cr_reads_like_its_lf_twin() {
    let lf = std::fs::read_to_string(support::root().join("fixtures/shuozhou-2022.jx")).unwrap();
    assert!(lf.contains('#'), "the fixture has comments");
    let cr = lf.replace('\n', "\r");
    let expected = findings(&[], &lf);
    assert_eq!(findings(&[], &cr), expected, "a comment ends at its CR");
    assert!(!expected.iter().any(|(code, ..)| code == "JX001"));

    let formatted = |input: &str| {
        let run = support::run_with_input(support::root(), &["fmt", "-"], input.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(formatted(&cr), formatted(&lf));
}

/// A declaration whose fourth line is `line`.
fn declaration(line: &str) -> String {
    format!("项目 \"x\" {{\n  年度 2024\n  产出 {{\n{line}\n  }}\n}}\n")
}

/// The widest line of `text`, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn a_finding_past_column_65535_is_drawn_in_a_window_of_its_line() {
    let quotes = format!("    数量 “{}” = 持续", "\"".repeat(100_000));
    let name = format!("    数量 \"{}\" = 持续", "名".repeat(100_000));
    for line in [quotes, name] {
        let input = declaration(&line);
        let run = support::run_with_input(support::root(), &["check", "-"], input.as_bytes());
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stdout.contains("[<stdin>:4:100013]"),
            "the header gives the real column: {}",
            &run.stdout[..run.stdout.len().min(2000)]
        );
        assert!(
            run.stdout.contains("” = 持续") || run.stdout.contains("\" = 持续"),
            "the window shows the finding"
        );
        assert!(widest(&run.stdout) < 300, "a window, not the line");
    }
}

#[test]
fn fmt_reports_and_formats_100000_character_lines_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = declaration(&format!("    数量 \"{}\" = 持续", "名".repeat(100_000)));
    std::fs::write(dir.path().join("broken.jx"), &broken).unwrap();
    let run = support::run(dir.path(), &["fmt", "--check", "broken.jx"]);
    assert_eq!(
        run.code, 2,
        "a file that does not parse is left alone: {}",
        run.stderr
    );
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("broken.jx:4:100013"),
        "{}",
        &said[..said.len().min(2000)]
    );
    assert!(!said.contains("internal error") && widest(&said) < 300);

    let long = declaration(&format!("数量   \"{}\"  定性 \"好\"", "名".repeat(100_000)));
    std::fs::write(dir.path().join("long.jx"), &long).unwrap();
    let run = support::run(dir.path(), &["fmt", "long.jx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let formatted = std::fs::read_to_string(dir.path().join("long.jx")).unwrap();
    assert!(formatted.contains(&format!(
        "    数量 \"{}\" 定性 \"好\"\n",
        "名".repeat(100_000)
    )));
    let run = support::run(dir.path(), &["check", "long.jx"]);
    assert!(run.code < 2 && widest(&run.stdout) < 300, "{}", run.stderr);
}

#[test]
fn a_csv_quote_closed_rows_later_by_a_stray_quote_is_reported_and_the_rows_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "一级指标,二级指标,三级指标,指标值\n\
               产出指标,数量指标,\"培训期数,≥12期\n\
               产出指标,质量指标,合格率,100%\n\
               效益指标,社会效益指标,就业人数,持续提升\"\n\
               满意度指标,服务对象满意度指标,满意度,≥95%\n";
    std::fs::write(dir.path().join("t.csv"), csv).unwrap();
    let run = support::run(dir.path(), &["import", "t.csv"]);
    assert_eq!(run.code, 1, "the user is told: {}", run.stderr);
    assert!(
        run.stderr.contains("JX021") && run.stderr.contains("t.csv:2:11"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("\"合格率\" 100%"),
        "the rows after it are read: {}",
        run.stdout
    );
    assert!(run.stdout.contains("\"满意度\" ≥95%"), "{}", run.stdout);
}

#[test]
fn a_table_whose_year_is_out_of_range_imports_and_the_year_is_reported_at_its_cell() {
    // Found by the `csv` fuzz target (a property too strict, not the importer): the year is the table's, and
    // the .jx written from it parses; the checker reports the year where the table holds it.
    let dir = tempfile::tempdir().unwrap();
    let csv = "年度,1011,,\n一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,培训期数,≥12期\n";
    std::fs::write(dir.path().join("t.csv"), csv).unwrap();
    let run = support::run(dir.path(), &["import", "t.csv"]);
    assert!(run.stdout.contains("年度 1011"), "{}", run.stdout);
    let run = support::run(dir.path(), &["check", "--format", "concise", "t.csv"]);
    assert!(run.stdout.contains("t.csv:1:4: JX004"), "{}", run.stdout);
}

#[test]
fn a_finding_on_a_placeholder_is_located_on_the_whole_cell_not_inside_a_character() {
    // Found by the `csv` fuzz target: `未填一级指标`, written for a row with no level 1, was located inside the
    // cell's text by its length in the .jx, splitting a character, and drawing the finding panicked.
    let path = "tests/hostile/fuzzed/placeholder-in-a-cell.csv";
    let bytes = std::fs::read(support::root().join(path)).unwrap();
    crate::properties::table("fuzz.csv", &bytes);
    let run = support::run(support::root(), &["check", "--format", "json", path]);
    assert!(run.code < 2, "{}", run.stderr);
    assert!(run.stdout.contains("\"cell\": \"F5\""), "{}", run.stdout);
}

#[test]
fn a_fund_amount_cut_after_its_point_writes_a_jx_that_parses() {
    // Found by the `csv` fuzz target: `5.等待时间00` in a funds cell was written as `"财政拨款" 5. 万元`, which
    // does not parse.
    let path = "tests/hostile/fuzzed/fund-number-ends-in-a-point.csv";
    let bytes = std::fs::read(support::root().join(path)).unwrap();
    crate::properties::table("fuzz.csv", &bytes);
}

#[test]
fn a_level_label_with_characters_no_identifier_holds_writes_a_jx_that_parses() {
    // Found by the `csv` fuzz target: `㈡寚鏍嚳指标` in a level column was written as a label, and `㈡` is no
    // identifier character of the grammar.
    let path = "tests/hostile/fuzzed/level-label-not-an-identifier.csv";
    let bytes = std::fs::read(support::root().join(path)).unwrap();
    crate::properties::table("fuzz.csv", &bytes);
}

#[test]
fn a_weight_cut_after_its_point_writes_a_jx_that_parses() {
    // Found by the `csv` fuzz target: a weight cell `4753.` was written as `分值 4753.`, which does not parse.
    let path = "tests/hostile/fuzzed/weight-ends-in-a-point.csv";
    let bytes = std::fs::read(support::root().join(path)).unwrap();
    crate::properties::table("fuzz.csv", &bytes);
}

#[test]
fn a_vague_word_after_an_escape_is_placed_on_the_whole_name_not_inside_a_character() {
    // Found by the proptests with a random seed: in `"\\人员机构安排可持续性发展"` the word 持续 was placed by its
    // offset in the unescaped name, one byte off in the source, inside a character; drawing it panicked.
    let text =
        "项目 \"人员培训\" {\n  效益 {\n    可持续发展 \"\\人员机构安排可持续性发展\"\n  }\n}\n";
    crate::properties::check_jx(text);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.jx"), text).unwrap();
    let run = support::run(dir.path(), &["check", "--format", "concise", "a.jx"]);
    assert!(run.code < 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("a.jx:3:11: JX104"),
        "the finding is on the whole name: {}",
        run.stdout
    );
}

#[test]
fn a_vertical_tab_after_a_unit_is_formatted_without_a_panic() {
    // Found by the `fmt` fuzz target: `万元` followed by a vertical tab (no separator of the grammar, so part of
    // the unit, yet white space to the formatter's reading of the gaps) made a gap whose end came before its start.
    let path = "tests/hostile/fuzzed/vertical-tab-after-a-unit.jx";
    let text = std::fs::read_to_string(support::root().join(path)).unwrap();
    crate::properties::check_jx(&text);
    crate::properties::fmt_is_idempotent(&text);
    crate::properties::fix_applies_cleanly(&text);
}
