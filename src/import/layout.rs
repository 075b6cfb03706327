//! Reading the rows of a sheet as a person does: where the indicator table ends (the footer: 填报人, 审核人,
//! 合计, 说明：…), the score a level cell carries (`产出指标(70分)`, `成本指标(0-20)分`, `(50分)`), and the second
//! row of a two-row header (`指标值` over `2021年实际实现值 | 预期2022年实现值`).

use super::header::{self, Role};
use super::table::Cell;

/// Words that begin a footer row: signatures, dates, totals, notes and the conclusions of a self-evaluation.
const FOOTER_PREFIXES: &[&str] = &[
    "填报人",
    "填表人",
    "审核人",
    "复核人",
    "单位负责人",
    "项目负责人",
    "财务负责人",
    "部门负责人",
    "联系人",
    "联系电话",
    "填报日期",
    "填表日期",
    "报送日期",
    "评价结论",
    "自评结论",
    "存在问题",
    "存在的问题",
    "改进措施",
    "改进意见",
    "主管部门审核意见",
    "财政部门审核意见",
    "审核意见",
    "其他需说明",
    "其他需要说明",
    "其他说明",
];

/// Texts that are a footer row when they are the whole first cell: totals and notes.
const FOOTER_WORDS: &[&str] = &[
    "合计",
    "总计",
    "总分",
    "小计",
    "得分合计",
    "自评总分",
    "说明",
    "注",
    "备注",
    "填表说明",
];

/// Whether `row` ends the indicator table: its first non-empty cell is a footer (填报人：…, 合计, 说明：…,
/// 注：…), or a cell asks for a seal or signature (盖章, 签字).
pub fn is_footer(row: &[Cell]) -> bool {
    let Some(first) = row.iter().find(|c| !c.text.is_empty()) else {
        return false;
    };
    let compact: String = first.text.chars().filter(|c| !c.is_whitespace()).collect();
    let (key, rest) = match compact.split_once([':', '：']) {
        Some((key, rest)) => (key, Some(rest)),
        None => (compact.as_str(), None),
    };
    let key = key.trim_start_matches(|c: char| c.is_ascii_digit() || "、.．".contains(c));
    FOOTER_PREFIXES.iter().any(|p| key.starts_with(p))
        || FOOTER_WORDS.contains(&key)
        || (rest.is_some() && ["说明", "注", "备注", "填表说明"].contains(&key))
        || row
            .iter()
            .any(|c| c.text.contains("盖章") || c.text.contains("签字") || c.text.contains("签章"))
}

/// Whether a cell holds only a template's placeholder (`…`, `……`, `--`, `/`): no text a person would read.
pub fn is_placeholder(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || "…．.。·-—－/、_".contains(c))
}

/// A level cell without the template's note on whether it must be filled: `数量指标 (必填硬性指标)` is
/// `数量指标`, `经济效益 指标 (选填)` is `经济效益 指标`. A cell that is only the note is kept.
pub fn without_fill_note(text: &str) -> String {
    let trimmed = text.trim_end();
    let Some(body) = trimmed.strip_suffix([')', '）']) else {
        return text.to_string();
    };
    let Some(open) = body.rfind(['(', '（']) else {
        return text.to_string();
    };
    let note = &body[open..];
    let label = body[..open].trim_end();
    if label.is_empty() || !["必填", "选填", "可选"].iter().any(|w| note.contains(w)) {
        return text.to_string();
    }
    label.to_string()
}

/// A level cell split into its label and the score written into it: `产出指标(70分)` is (`产出指标`, 70),
/// `成本指标(0-20)分` is (`成本指标`, 20), `(50分)` is (``, 50), `产出指标` is (`产出指标`, none).
pub fn level_score(text: &str) -> (String, Option<String>) {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            other => other,
        })
        .collect();
    let body = compact.strip_suffix('分').unwrap_or(&compact);
    let Some(inner_end) = body.strip_suffix(')') else {
        return (text.to_string(), None);
    };
    let Some(open) = inner_end.rfind('(') else {
        return (text.to_string(), None);
    };
    let inner = &inner_end[open + 1..];
    let inner = inner.strip_suffix('分').unwrap_or(inner);
    // A range (0-20) scores up to its upper end.
    let number = inner.rsplit(['-', '－', '~', '—']).next().unwrap_or(inner);
    let is_score = (compact.ends_with('分') || inner_end[open + 1..].ends_with('分'))
        && !number.is_empty()
        && number.parse::<rust_decimal::Decimal>().is_ok();
    if is_score {
        (inner_end[..open].to_string(), Some(number.to_string()))
    } else {
        (text.to_string(), None)
    }
}

/// The value column a two-row header names in its second row: under `指标值` the sub-columns
/// `2021年实际实现值 | 预期2022年实现值` hold last year's value and this year's target; the target is the one
/// that says 预期, 目标, 计划 or 年度. `None` unless `row` is such a second header row: text only outside the
/// level and name columns, and no cell of it a value.
pub fn sub_header_value(row: &[Cell], columns: &[(usize, Role)]) -> Option<usize> {
    let column = |role| columns.iter().find(|(_, r)| *r == role).map(|(c, _)| *c);
    let value = column(Role::Value)?;
    let filled: Vec<(usize, &str)> = row
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.is_empty())
        .map(|(i, c)| (i, c.text.as_str()))
        .collect();
    let occupied = [Role::Level1, Role::Level2, Role::Name]
        .into_iter()
        .filter_map(column)
        .any(|c| filled.iter().any(|(i, _)| *i == c));
    let all_headings = filled
        .iter()
        .all(|(_, t)| t.contains('值') || header::role(t).is_some());
    if filled.len() < 2 || occupied || !all_headings {
        return None;
    }
    filled
        .iter()
        .filter(|(i, _)| *i >= value)
        .find(|(_, t)| {
            ["预期", "目标", "计划", "年度", "本年"]
                .iter()
                .any(|w| t.contains(w))
        })
        .map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn row(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                span: Span::point(0),
                ..Cell::default()
            })
            .collect()
    }

    #[test]
    fn fill_notes_are_taken_out_of_level_cells() {
        assert_eq!(without_fill_note("数量指标 (必填硬性指标)"), "数量指标");
        assert_eq!(without_fill_note("经济效益 指标 （选填）"), "经济效益 指标");
        assert_eq!(without_fill_note("产出指标(70分)"), "产出指标(70分)");
        assert_eq!(without_fill_note("(必填)"), "(必填)");
    }

    #[test]
    fn scores_are_taken_out_of_level_cells() {
        let score = |t: &str| level_score(t);
        assert_eq!(
            score("产出指标(70分)"),
            ("产出指标".into(), Some("70".into()))
        );
        assert_eq!(
            score("满意度指标（10分）"),
            ("满意度指标".into(), Some("10".into()))
        );
        assert_eq!(
            score("成本指标(0-20)分"),
            ("成本指标".into(), Some("20".into()))
        );
        assert_eq!(score("(50分)"), (String::new(), Some("50".into())));
        assert_eq!(
            score("数量指标(10.5分)"),
            ("数量指标".into(), Some("10.5".into()))
        );
        assert_eq!(score("产出指标"), ("产出指标".into(), None));
        assert_eq!(
            score("预算(或投资规模)控制指标"),
            ("预算(或投资规模)控制指标".into(), None)
        );
        assert_eq!(score("效益指标(定量)"), ("效益指标(定量)".into(), None));
    }

    #[test]
    fn footers_end_the_table() {
        assert!(is_footer(&row(&["填报人：张三", "", "联系电话：123"])));
        assert!(is_footer(&row(&["", "合计", "", "100"])));
        assert!(is_footer(&row(&["说明：1.本表金额单位为万元"])));
        assert!(is_footer(&row(&["注:分值合计100分"])));
        assert!(is_footer(&row(&["财政资金管理科室(盖章) 年 月 日"])));
        assert!(!is_footer(&row(&["", "", "注册企业数", "≥10家"])));
        assert!(!is_footer(&row(&[
            "产出指标",
            "数量指标",
            "说明会场次",
            "≥2场"
        ])));
    }

    #[test]
    fn a_second_header_row_names_the_target_column() {
        let columns = [
            (1, Role::Level1),
            (2, Role::Level2),
            (3, Role::Name),
            (4, Role::Value),
        ];
        let second = row(&["", "", "", "", "2021年实际实现值", "预期2022年实现值"]);
        assert_eq!(sub_header_value(&second, &columns), Some(5));
        let indicator = row(&["", "", "数量指标", "培训人次", "", "280人次"]);
        assert_eq!(sub_header_value(&indicator, &columns), None);
    }
}
