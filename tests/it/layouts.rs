//! The layouts of real target tables, one fixture each in fixtures/tables (see its README): what the importer
//! reads from each, checked through the library (the .jx it writes, the findings in their cells) and, for the
//! loud failures, through the binary's exit code.

use jixiao::import::{self, Encoding, ImportedSheet};
use std::path::Path;

use crate::support::{self, root};

/// The declarations imported from a fixture table.
fn imported(name: &str) -> Vec<ImportedSheet> {
    let path = root().join("fixtures/tables").join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    import_bytes(name, &path, bytes)
}

fn import_bytes(name: &str, path: &Path, bytes: Vec<u8>) -> Vec<ImportedSheet> {
    import::read_sheets(name, path, bytes, Encoding::Auto)
        .and_then(|sheets| import::import(name, sheets))
        .unwrap_or_else(|d| panic!("{name} imports: {}", d.message.zh))
}

/// The .jx `jixiao import` writes from a fixture table.
fn jx(name: &str) -> String {
    import::to_jx(name, &imported(name))
}

/// (cell, code, message) of every finding of a fixture table, as `jixiao check` gives them.
fn findings(name: &str) -> Vec<(String, String, String)> {
    import::check(name, &imported(name), &support::builtin_rules())
        .into_iter()
        .flat_map(|r| r.diagnostics)
        .map(|d| {
            let cell = d.cell.expect("a table finding names its cell").cell;
            (cell, d.code, d.message.zh)
        })
        .collect()
}

fn has(found: &[(String, String, String)], cell: &str, code: &str) -> bool {
    found.iter().any(|(c, k, _)| c == cell && k == code)
}

fn codes(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|(_, code, _)| code.as_str()).collect()
}

/// The syntax errors (JX001–JX004) of a .jx text.
fn syntax_errors(jx: &str) -> Vec<String> {
    jixiao::syntax::parse::parse(&jixiao::SourceFile::new("imported.jx", jx))
        .diagnostics
        .iter()
        .filter(|d| ["JX001", "JX002", "JX003", "JX004"].contains(&d.code.as_str()))
        .map(|d| format!("{} {}", d.code, d.message.zh))
        .collect()
}

/// The declaration of `jx` whose first line names `project`, up to the next declaration.
fn declaration<'a>(jx: &'a str, project: &str) -> &'a str {
    let head = format!("项目 \"{project}\" {{");
    let start = jx.find(&head).unwrap_or_else(|| panic!("{head} in\n{jx}"));
    let rest = &jx[start + head.len()..];
    let end = rest.find("\n项目 ").map_or(rest.len(), |i| i + 1);
    &jx[start..start + head.len() + end]
}

fn exit_code_of_check(name: &str) -> i32 {
    support::run(root(), &["check", &format!("fixtures/tables/{name}")]).code
}

#[test]
fn qualified_twin_columns_give_the_annual_declaration_and_a_long_term_one() {
    let name = "csv-qualified-twins.csv";
    let jx = jx(name);
    let annual = declaration(&jx, "某县2024年农村义务教育学生营养改善计划");
    let long = declaration(&jx, "某县2024年农村义务教育学生营养改善计划（中长期）");
    assert_eq!(imported(name).len(), 2, "{jx}");
    assert!(annual.contains("\"受益学生人数\" ≥8600人"), "{annual}");
    assert!(!annual.contains("累计受益学生人次"), "{annual}");
    assert!(long.contains("\"累计受益学生人次\" ≥2.5万人次"), "{long}");
    assert!(!long.contains("受益学生人数\""), "{long}");
    // The level 1 column is shared: a blank level-1 cell continues 产出指标 in both.
    assert!(long.contains("产出指标 {\n    数量指标 {"), "{long}");
    assert!(
        long.contains("    质量指标 {\n      \"学校食堂规范化管理达标率\""),
        "{long}"
    );
    assert!(long.contains("总体目标 \"三年内"), "{long}");
    let found = findings(name);
    assert!(has(&found, "D9", "JX102"), "annual 持续改善: {found:?}");
    assert!(
        has(&found, "G6", "JX209"),
        "long-term 达标率 ≥95%: {found:?}"
    );
    assert!(
        has(&found, "F10", "JX101"),
        "long-term empty target: {found:?}"
    );
    assert!(has(&found, "G11", "JX107"), "long-term 90%: {found:?}");
    assert!(!codes(&found).contains(&"JX020"), "{found:?}");
}

#[test]
fn stacked_long_term_and_annual_blocks_give_two_declarations() {
    let name = "csv-stacked-long-term.csv";
    let jx = jx(name);
    let annual = declaration(&jx, "某区2025年老旧小区改造项目");
    let long = declaration(&jx, "某区2025年老旧小区改造项目（中长期）");
    assert!(annual.contains("年度 2025"), "{annual}");
    assert!(annual.contains("\"改造老旧小区数量\" ≥15个"), "{annual}");
    assert!(annual.contains("年度目标 \"2025年完成15个"), "{annual}");
    assert!(!annual.contains("累计改造老旧小区"), "{annual}");
    assert!(long.contains("\"累计改造老旧小区\" ≥45个"), "{long}");
    assert!(long.contains("总体目标 \"2025—2027年"), "{long}");
    assert!(!long.contains("改造老旧小区数量"), "{long}");
    let found = findings(name);
    // The repeated header row is neither an indicator nor a second header.
    assert!(!codes(&found).contains(&"JX020"), "{found:?}");
    assert!(has(&found, "E11", "JX102"), "long-term block: {found:?}");
    assert!(has(&found, "E17", "JX208"), "annual block: {found:?}");
    assert!(has(&found, "E19", "JX102"), "annual block: {found:?}");
}

#[test]
fn a_comparator_in_the_kind_column_is_the_targets_comparator() {
    let name = "csv-comparator-column.csv";
    let jx = jx(name);
    for target in [
        "\"培训农村实用人才\" ≥ 500 人次",
        "\"建设实训基地\" = 3 个",
        "\"培训计划完成率\" ≥ 100 %",
        "\"结业证书发放时限\" ≤ 30 天",
        "\"人均培训成本\" ≤ 800 元/人",
        "\"参训学员人均增收\" > 2000 元",
        "\"带动就业创业人数\" = 50 人",
        "\"农村实用人才队伍建设\" 定性 \"持续加强\"",
        "\"培训成果转化率\" 60 %",
        "\"用工企业满意度\" ≥ 85 %",
    ] {
        assert!(jx.contains(target), "{target} in\n{jx}");
    }
    let found = findings(name);
    assert!(has(&found, "E5", "JX208"), "≧ 100 % is ≥ 100 %: {found:?}");
    assert!(has(&found, "E10", "JX102"), "{found:?}");
    assert!(!codes(&found).contains(&"JX107"), "{found:?}");
}

#[test]
fn scores_in_level_cells_become_group_weights() {
    let name = "xlsx-scores-in-level-cells.xlsx";
    let jx = jx(name);
    for group in [
        "  产出指标 分值 50 {\n    数量指标 分值 20 {",
        "    质量指标 分值 15 {",
        "    时效指标 分值 15 {",
        "  效益指标 分值 30 {\n    社会效益指标 分值 20 {",
        "    可持续影响指标 分值 10 {",
        "  成本指标 分值 10 {\n    经济成本指标 分值 10 {",
        "  满意度指标 分值 10 {\n    服务对象满意度指标 分值 10 {",
    ] {
        assert!(jx.contains(group), "{group} in\n{jx}");
    }
    assert!(!jx.contains("分)"), "no score is left in a label:\n{jx}");
    let found = findings(name);
    for unknown in ["JX005", "JX006", "JX007", "JX008", "JX020"] {
        assert!(!codes(&found).contains(&unknown), "{found:?}");
    }
    // The merged level cells continue down their rows.
    assert!(has(&found, "D10", "JX102"), "{found:?}");
    assert!(has(&found, "D14", "JX107"), "{found:?}");
}

#[test]
fn the_header_block_fills_the_declarations_header() {
    let name = "csv-header-block.csv";
    let jx = jx(name);
    for fact in [
        "项目 \"某县2025年农村生活垃圾治理项目\" {",
        "  主管部门 \"某县住房和城乡建设局\"",
        "  实施单位 \"某县环境卫生服务中心\"",
        "  年度 2025",
        "  资金 480 万元 {",
        "    \"财政拨款\" 400 万元",
        "    \"其他资金\" 50 万元",
        "    \"上年结转\" 30 万元",
        "  实施期 2025.01-2025.12",
        "  # 项目属性：延续项目",
        "  年度目标 \"完成18个行政村",
        "  总体目标 \"到2027年建成",
    ] {
        assert!(jx.contains(fact), "{fact} in\n{jx}");
    }
    let found = findings(name);
    // The goal is read (no JX111), and the deadline is judged against the year of （2025年度）.
    assert_eq!(
        found
            .iter()
            .map(|(c, k, _)| (c.as_str(), k.as_str()))
            .collect::<Vec<_>>(),
        [("D17", "JX214"), ("D19", "JX102")],
        "{found:?}"
    );
}

/// The rows of csv-footer-rows.csv: the header and indicators, then the footer rows.
fn footer_fixture() -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(root().join("fixtures/tables/csv-footer-rows.csv")).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("合计"))
        .expect("a 合计 row");
    (lines[..at].to_vec(), lines[at..].to_vec())
}

#[test]
fn footer_rows_end_the_table_and_none_is_an_indicator() {
    let name = "csv-footer-rows.csv";
    let sheets = imported(name);
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].generated.indicators, 7);
    assert!(sheets[0].generated.problems.is_empty());
    let jx = jx(name);
    for word in [
        "合计",
        "填报人",
        "审核人",
        "负责人",
        "联系电话",
        "填报日期",
        "注：",
    ] {
        assert!(!jx.contains(word), "{word} in\n{jx}");
    }
    // Each footer row alone after the table ends it too.
    let (table, footers) = footer_fixture();
    assert_eq!(footers.len(), 5);
    for footer in footers {
        let csv = format!("{}\n{footer}\n", table.join("\n"));
        let sheets = import_bytes("footer.csv", Path::new("footer.csv"), csv.into_bytes());
        let generated = &sheets[0].generated;
        assert_eq!(generated.indicators, 7, "{footer}\n{}", generated.jx);
        assert!(
            generated.problems.is_empty(),
            "{footer}: {:?}",
            generated.problems
        );
    }
}

#[test]
fn the_2015_satisfaction_level_2_under_benefit_is_the_satisfaction_group() {
    let name = "csv-old-2015-template.csv";
    let jx = jx(name);
    assert!(
        jx.contains(
            "  满意度 {\n    社会公众或服务对象满意度指标 {\n      \"受助学生满意度\" ≥90%"
        ),
        "{jx}"
    );
    let found = findings(name);
    for contradiction in ["JX008", "JX308", "JX314"] {
        assert!(!codes(&found).contains(&contradiction), "{found:?}");
    }
    assert!(has(&found, "D11", "JX107"), "{found:?}");
    assert!(has(&found, "D7", "JX102"), "{found:?}");
}

#[test]
fn a_row_with_no_place_in_the_tree_is_an_error_at_its_cell() {
    let name = "csv-unplaced-row.csv";
    let found = findings(name);
    let unplaced: Vec<_> = found.iter().filter(|(_, k, _)| k == "JX020").collect();
    assert_eq!(unplaced.len(), 1, "{found:?}");
    assert_eq!(unplaced[0].0, "E5");
    assert!(
        unplaced[0].2.contains("本表指标经局党组会议研究确定"),
        "{}",
        unplaced[0].2
    );
    // The rows after it are read as usual.
    assert!(has(&found, "D6", "JX102"), "{found:?}");
    assert!(jx(name).contains("\"受益群众满意度\" ≥90%"));
    assert_eq!(exit_code_of_check(name), 1);
}

#[test]
fn a_second_header_with_other_columns_is_an_error_at_that_row() {
    let name = "csv-two-headers.csv";
    let found = findings(name);
    let second = found
        .iter()
        .find(|(c, k, _)| c == "A7" && k == "JX020")
        .unwrap_or_else(|| panic!("JX020 at A7: {found:?}"));
    assert!(
        second.2.contains("一级指标、二级指标、三级指标、指标值")
            && second.2.contains("指标性质、指标值、度量单位"),
        "{}",
        second.2
    );
    // The first table is read in full before it, the second with its own columns after it.
    let jx = jx(name);
    assert!(jx.contains("\"新建村级综合服务站\" ≥8个"), "{jx}");
    assert!(jx.contains("\"培训村级服务人员\" ≥ 40 人次"), "{jx}");
    assert_eq!(jx.matches("项目 ").count(), 2, "{jx}");
    assert!(has(&found, "D4", "JX102"), "{found:?}");
    assert!(has(&found, "E9", "JX102"), "{found:?}");
    // It heads the second declaration (whose own findings point at it), and is no indicator.
    assert!(
        !found
            .iter()
            .any(|(c, k, _)| c.ends_with('7') && ["JX005", "JX103", "JX109"].contains(&k.as_str())),
        "the second header is no indicator: {found:?}"
    );
    assert_eq!(exit_code_of_check(name), 1);
}

#[test]
fn a_header_with_no_indicator_under_it_is_an_error_at_the_header() {
    let name = "csv-no-indicator.csv";
    let sheets = imported(name);
    assert_eq!(sheets[0].generated.indicators, 0);
    let found = findings(name);
    let error = found
        .iter()
        .find(|(_, k, _)| k == "JX020")
        .unwrap_or_else(|| panic!("JX020: {found:?}"));
    assert_eq!(error.0, "A1");
    assert!(
        error
            .2
            .contains("表头“一级指标、二级指标、三级指标、指标值”下没有读到任何指标"),
        "{}",
        error.2
    );
    assert_eq!(exit_code_of_check(name), 1);
}

#[test]
fn an_evaluation_index_table_is_read_as_levels_names_and_targets() {
    let name = "csv-evaluation-table.csv";
    let sheets = imported(name);
    assert_eq!(sheets[0].generated.indicators, 6, "总分 ends the table");
    let jx = jx(name);
    for part in [
        "  年度 2024",
        "  产出指标 {\n    数量指标 {\n      \"享受助学金学生人数\" ≥2100人 {\n        分值 20",
        "  满意度指标 {\n    服务对象满意度指标 {\n      \"受助学生满意度\" ≥90%",
    ] {
        assert!(jx.contains(part), "{part} in\n{jx}");
    }
    let found = findings(name);
    assert!(has(&found, "D7", "JX102"), "{found:?}");
    assert!(!codes(&found).contains(&"JX020"), "{found:?}");
}

#[test]
fn levels_a_column_over_are_read_one_level_down() {
    let name = "csv-shifted-levels.csv";
    let jx = jx(name);
    for part in [
        "  产出 {\n    数量指标 {\n      \"发放高龄津贴人数\" ≥3200人\n      \"高龄老人健康体检人数\" ≥2800人",
        "    时效指标 {\n      \"年度津贴发放完成时间\" 2024年12月20日前",
        "  效益 {\n    社会效益指标 {\n      \"高龄老人生活质量\" 定性 \"不断提高\"",
        "  满意度 {\n    服务对象满意度指标 {\n      \"高龄老人满意度\" ≥95%",
    ] {
        assert!(jx.contains(part), "{part} in\n{jx}");
    }
    let found = findings(name);
    for level in ["JX005", "JX006", "JX007", "JX020", "JX109"] {
        assert!(!codes(&found).contains(&level), "{found:?}");
    }
    assert!(has(&found, "C7", "JX102"), "{found:?}");
    assert!(has(&found, "C8", "JX106"), "{found:?}");
}

#[test]
fn cells_the_value_grammar_cannot_read_are_kept_as_text_and_the_jx_parses() {
    let name = "csv-odd-cells.csv";
    let jx = jx(name);
    assert_eq!(syntax_errors(&jx), Vec::<String>::new(), "{jx}");
    for kept in [
        r#""采集表回收份数" 定性 "\"\"\"""#,
        r#""数据录入差错率" 定性 "{""#,
        r##""数据复核" 定性 "#""##,
        r#""档案归档" 定性 "\\""#,
        r#""信息采集覆盖率" 定性 "≥**%""#,
        r#""信息采集完成时间" 定性 "2020年全年。""#,
        r#""数据上报时间" 定性 "每月5日前报送；\n次年1月10日前汇总""#,
    ] {
        assert!(jx.contains(kept), "{kept} in\n{jx}");
    }
    assert_eq!(imported(name)[0].generated.indicators, 11);
    let found = findings(name);
    for cell in ["D3", "D4", "D5", "D6", "D7", "D8", "D9"] {
        assert!(has(&found, cell, "JX103"), "{cell}: {found:?}");
    }
    assert!(has(&found, "D8", "JX213"), "{found:?}");
    assert!(has(&found, "D7", "JX109"), "{found:?}");
    assert!(!codes(&found).contains(&"JX001"), "{found:?}");
}

#[test]
fn goals_under_their_headings_and_level_cells_with_fill_notes_are_read() {
    // As in the 山西 县级 and 兵团 申报表 (corpus/tables): the goal headings on one row, each goal under its
    // heading on the next; level-2 cells that keep the template's note (必填)/(选填).
    let csv = "\
项目名称,某县2023年文物保护经费,,,
主管预算部门,某县文化和旅游局,,,
项目资金(元),年度金额,\"1,000,000\",,
总体目标,实施期目标,,年度目标,
,三年完成全县文物普查,,完成10处文物修缮,
绩效指标,一级指标,二级指标,三级指标,指标值
,产出指标,数量指标 (必填硬性指标),修缮文物数量,10处
,,时效指标 (必填),完成时间,2023年12月底前
,效益指标,社会效益 指标 (选填),受益人数,≥500人
";
    let sheets = import_bytes("goals.csv", Path::new("goals.csv"), csv.as_bytes().to_vec());
    let jx = &sheets[0].generated.jx;
    for fact in [
        "  主管部门 \"某县文化和旅游局\"",
        "  资金 1000000 元",
        "  年度目标 \"完成10处文物修缮\"",
        "  总体目标 \"三年完成全县文物普查\"",
        "    数量指标 {",
        "    时效指标 {",
        "    社会效益指标 {",
    ] {
        assert!(jx.contains(fact), "{fact} in\n{jx}");
    }
    assert!(!jx.contains("实施期目标"), "{jx}");
    assert!(!jx.contains("必填") && !jx.contains("选填"), "{jx}");
    assert_eq!(sheets[0].generated.indicators, 3);
}

/// The .jx and the unread rows of a CSV table given as text.
fn inline(name: &str, csv: &str) -> (String, usize) {
    let imported = import_bytes(name, Path::new(name), csv.as_bytes().to_vec());
    let problems = imported.iter().map(|s| s.generated.problems.len()).sum();
    (import::to_jx(name, &imported), problems)
}

#[test]
fn a_header_of_two_rows_is_read_as_one() {
    // Yunnan's 项目支出绩效自评表: 年度指标值 heads 指标性质/指标值/度量单位 in the row below, while 实际完成值,
    // 分值 and 得分 span both rows; the table ends in a 其他需要说明事项 row that carries the total.
    let (jx, problems) = inline(
        "two-row-header.csv",
        "绩效指标,,,年度指标值,,,实际完成值,分值,得分,偏差原因分析及改进措施\n\
         一级指标,二级指标,三级指标,指标性质,指标值,度量单位,,,,\n\
         产出指标,数量指标,学生受资助人数,≧,735,人次,735,10,10,\n\
         ,质量指标,营养改善计划覆盖率,≧,100,%,100%,10,7,\n\
         其他需要说明事项,无,,,,,总分,100,96,优\n",
    );
    assert_eq!(problems, 0, "{jx}");
    assert_eq!(jx.matches("项目 ").count(), 1, "one declaration: {jx}");
    assert!(jx.contains("\"学生受资助人数\" ≥ 735 人次 {"), "{jx}");
    assert!(jx.contains("实际完成值 735"), "{jx}");
    assert!(jx.contains("分值 10") && jx.contains("得分 7"), "{jx}");
    assert!(
        !jx.contains("总分") && !jx.contains("其他需要说明事项"),
        "{jx}"
    );
}

#[test]
fn weight_and_score_headed_with_the_word_indicator_are_read() {
    // Chongqing's 部门整体绩效自评表 heads them 指标权重(分) and 指标得分(分); 得分系数(%) is neither.
    let (jx, problems) = inline(
        "weight-score.csv",
        "指标名称,计量单位,指标性质,年初指标值,得分系数(%),指标权重(分),指标得分(分)\n\
         固定资产利用率,%,定量指标,90%,100%,2,2\n",
    );
    assert_eq!(problems, 0, "{jx}");
    assert!(jx.contains("\"固定资产利用率\" 90% {"), "{jx}");
    assert!(jx.contains("分值 2") && jx.contains("得分 2"), "{jx}");
}

#[test]
fn the_deviation_column_of_a_transfer_self_evaluation_is_read() {
    // The national 转移支付 and the Anhui 项目 self-evaluations head it 未完成原因和改进措施 and
    // 未完成原因及拟采取的改进措施: an unmet target with a note there is explained.
    for header in ["未完成原因和改进措施", "未完成原因及拟采取的改进措施"] {
        let csv = format!(
            "一级指标,二级指标,三级指标,年度指标值,全年实际值,{header}\n\
             产出指标,数量指标,特困人员救助供养人数,>=4754人,4604人,特困人员实行动态管理\n"
        );
        let (jx, problems) = inline("deviation.csv", &csv);
        assert_eq!(problems, 0, "{jx}");
        assert!(jx.contains("偏差说明 \"特困人员实行动态管理\""), "{jx}");
    }
}
