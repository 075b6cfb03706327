//! The layout rules one by one, on small inputs.

use super::*;

fn fmt(text: &str) -> String {
    match format_source(&SourceFile::new("t.jx", text)) {
        Ok(formatted) => formatted,
        Err(err) => panic!("{err:?}"),
    }
}

#[test]
fn fields_go_one_per_line_with_two_space_indentation() {
    assert_eq!(
        fmt("项目 \"a\" {年度 2022   主管部门:\"甲\" 产出{数量 \"x\"=1个}}"),
        "项目 \"a\" {\n  年度 2022\n  主管部门: \"甲\"\n  产出 {\n    数量 \"x\" = 1 个\n  }\n}\n"
    );
}

#[test]
fn ascii_comparators_become_signs_and_words_stay() {
    let out = fmt("项目 \"a\" { 产出 { 数量 { \"x\" >= 1 个 \"y\" 不低于 2 个 \"z\" == 100% \"w\" <=2023-06-30 } } }");
    assert!(out.contains("\"x\" ≥ 1 个\n"), "{out}");
    assert!(out.contains("\"y\" 不低于 2 个\n"), "{out}");
    assert!(out.contains("\"z\" = 100 %\n"), "{out}");
    assert!(out.contains("\"w\" ≤ 2023-06-30\n"), "{out}");
}

#[test]
fn short_attributes_stay_on_the_line_and_long_ones_break() {
    let short = fmt("项目 \"a\" { 产出 { 数量 \"x\" = 1 个 {依据 计划标准 分值 10} } }");
    assert!(
        short.contains("数量 \"x\" = 1 个 { 依据 计划标准  分值 10 }\n"),
        "{short}"
    );
    let long = fmt(&format!(
        "项目 \"a\" {{ 产出 {{ 数量 \"x\" = 1 个 {{ 依据 计划标准 说明 \"{}\" }} }} }}",
        "很长".repeat(30)
    ));
    assert!(
        long.contains("数量 \"x\" = 1 个 {\n      依据 计划标准\n      说明 \""),
        "{long}"
    );
}

#[test]
fn comments_keep_their_places() {
    let text = "# 头\n项目 \"a\" { # 行尾\n\n\n  # 独占一行\n  年度 2022 # 年度后\n  # 块末\n}\n# 文件末\n";
    assert_eq!(
        fmt(text),
        "# 头\n项目 \"a\" {  # 行尾\n  # 独占一行\n  年度 2022  # 年度后\n  # 块末\n}\n# 文件末\n"
    );
}

#[test]
fn a_comment_inside_an_item_breaks_it_and_the_rest_is_indented() {
    let out = fmt("项目 \"a\" { 产出 { 数量 # 甲\n \"x\" # 乙\n = 1 个 } }");
    assert_eq!(
        out,
        "项目 \"a\" {\n  产出 {\n    数量  # 甲\n      \"x\"  # 乙\n      = 1 个\n  }\n}\n"
    );
}

#[test]
fn a_trailing_suppression_moves_to_the_first_line_of_what_it_covers() {
    let out = fmt("项目 \"a\" { 年度 2022 # jixiao: allow(JX111)\n 产出 { 数量 \"x\" = 1 个 } }");
    assert!(
        out.starts_with("项目 \"a\" {  # jixiao: allow(JX111)\n  年度 2022\n"),
        "{out}"
    );
}

#[test]
fn unknown_and_repeated_fields_are_kept_as_written() {
    let out = fmt("项目 \"a\" { 负责人 \"张三\" 年度 2022 年度 2023 产出 { 数量 \"x\" = 1 个 { 颜色 红 分值 1 } } }");
    assert!(
        out.contains("  负责人 \"张三\"\n  年度 2022\n  年度 2023\n"),
        "{out}"
    );
    assert!(
        out.contains("= 1 个 {\n      颜色 红\n      分值 1\n    }"),
        "{out}"
    );
}

#[test]
fn empty_blocks_close_on_their_line() {
    assert_eq!(
        fmt("项目 \"a\" {\n 成本 {\n 社会成本 {\n }\n }\n}"),
        "项目 \"a\" {\n  成本 {\n    社会成本 {}\n  }\n}\n"
    );
    assert_eq!(fmt("department \"b\" { }"), "department \"b\" {}\n");
}

#[test]
fn declarations_are_one_empty_line_apart_and_blank_runs_shrink_to_one() {
    let out = fmt("项目 \"a\" { 年度 2022\n\n\n\n 实施期 2022-01 ~  2022-12 }\n\n\n\n项目 \"b\" {}项目 \"c\" {}");
    assert_eq!(
        out,
        "项目 \"a\" {\n  年度 2022\n\n  实施期 2022-01 ~ 2022-12\n}\n\n项目 \"b\" {}\n\n项目 \"c\" {}\n"
    );
}

#[test]
fn a_syntax_error_is_returned_not_formatted() {
    let err = format_source(&SourceFile::new("t.jx", "项目 \"a\" {")).unwrap_err();
    let FormatError::Syntax(diagnostics) = err else {
        panic!("{err:?}")
    };
    assert_eq!(diagnostics[0].code, "JX001");
}

#[test]
fn the_model_tells_comments_and_suppressions_apart_and_ignores_layout() {
    let model_of = |text: &str| {
        let source = SourceFile::new("t.jx", text);
        let document = parse::parse(&source).document.expect("it parses");
        model(&source, &document)
    };
    let base = "项目 \"a\" {\n  # 说明\n  产出 { 数量 \"x\" = 1 个 }\n}\n";
    assert_eq!(
        model_of(base),
        model_of("项目 \"a\" {\n# 说明\n产出 {\n数量 \"x\" = 1 个\n}\n}\n")
    );
    for other in [
        "项目 \"a\" {\n  # 说明。\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
        "项目 \"a\" {\n  产出 { 数量 \"x\" = 1 个 } # 说明\n}\n",
        "项目 \"a\" {\n  # 说明\n  # jixiao: allow(JX101)\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
        "项目 \"a\" {\n  # 说明\n  产出 { 数量 \"x\" = 2 个 }\n}\n",
    ] {
        assert_ne!(model_of(base), model_of(other), "{other}");
    }
    let allow = |rules: &str| {
        model_of(&format!(
            "项目 \"a\" {{\n  # jixiao: allow({rules})\n  产出 {{ 数量 \"x\" = 1 个 }}\n}}\n"
        ))
    };
    assert_ne!(allow("JX101, JX102"), allow("JX101"));
    assert_ne!(allow("JX101"), allow("JX102"));
}

#[test]
fn a_model_compared_as_it_is_written_agrees_with_the_model_written_out() {
    let parsed = |text: &str| {
        let source = SourceFile::new("t.jx", text);
        let document = parse::parse(&source).document.expect("it parses");
        (source, document)
    };
    let texts = [
        "项目 \"a\" {\n  # 说明\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
        "项目 \"a\" {\n# 说明\n产出 {\n数量 \"x\" = 1 个\n}\n}\n",
        "项目 \"a\" {\n  # 说明\n  产出 { 数量 \"x\" = 2 个 }\n}\n",
        "项目 \"a\" {\n  # 说明\n  产出 { 数量 { \"x\" = 1 个\n \"y\" = 2 个 } }\n}\n",
        "项目 \"a\" {\n  # 说明\n  # jixiao: allow(JX101)\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
        "项目 \"a\" {\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
        "项目 \"b\" {\n  产出 { 数量 \"x\" = 1 个 }\n}\n",
    ];
    for expected in texts {
        let (source, document) = parsed(expected);
        let expected = model(&source, &document);
        for text in texts {
            let (source, document) = parsed(text);
            assert_eq!(
                model::has_model(&source, &document, &expected),
                model(&source, &document) == expected,
                "{text:?} against {expected:?}"
            );
        }
        // A model cut short, or run on, is another model.
        let (source, document) = parsed(texts[0]);
        let whole = model(&source, &document);
        assert!(model::has_model(&source, &document, &whole));
        assert!(!model::has_model(
            &source,
            &document,
            &whole[..whole.len() - 1]
        ));
        assert!(!model::has_model(&source, &document, &format!("{whole}x")));
    }
}

#[test]
fn the_model_names_the_place_of_each_node_a_suppression_covers() {
    let text = "项目 \"a\" {\n  产出 {\n    数量 {\n      \"x\" = 1 个\n      # jixiao: allow(JX101)\n      \"y\" = 2 个\n    }\n  }\n  # jixiao: allow(JX102)\n  效益 { 社会效益 \"z\" = 1 项 }\n}\n";
    let source = SourceFile::new("t.jx", text);
    let document = parse::parse(&source).document.expect("it parses");
    let model = model(&source, &document);
    let lines: Vec<&str> = model
        .lines()
        .filter(|line| line.starts_with("suppression"))
        .collect();
    assert_eq!(
        lines,
        [
            "suppression 5:JX101 reason - covers 31:声明1/一级1/二级1/指标2",
            "suppression 5:JX102 reason - covers 15:声明1/一级2",
        ]
    );
}
