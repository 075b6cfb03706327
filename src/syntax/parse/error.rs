//! Syntax errors in words a budget-unit user knows: what was expected (never a grammar rule's name), what was
//! found, and how to fix it.

use super::grammar::Rule;
use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::{SourceFile, Span};
use pest::error::{Error, ErrorVariant};

/// A string literal never closed: reported at its opening quote.
pub(super) fn unterminated_string(open: Span) -> Diagnostic {
    Diagnostic::new(
        codes::UNTERMINATED_STRING,
        Severity::Error,
        open,
        Text::new("引号没有闭合", "this quoted text is never closed"),
    )
    .with_label(Text::new(
        "从这里开始的文字没有结束引号",
        "the text starting here has no closing quote",
    ))
    .with_help(Text::new(
        "在文字末尾补上对应的引号（\" 或 ”）",
        "add the matching closing quote (\" or ”) at the end of the text",
    ))
}

/// What the parser can expect, in the user's words. The order is the order of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Declaration,
    HeaderField,
    Level1,
    Level2,
    Indicator,
    Target,
    Comparator,
    Number,
    Unit,
    Date,
    Grades,
    Grade,
    Attributes,
    Attribute,
    Basis,
    FundSources,
    EvaluationField,
    Node,
    NodeAttribute,
    ContractItem,
    Percent,
    Text,
    OpenBrace,
    CloseBrace,
    End,
}

impl Expected {
    fn of_rule(rule: Rule) -> Option<Expected> {
        use Rule::*;
        Some(match rule {
            declaration | declaration_kind | kw_project | kw_department | evaluation
            | kw_evaluation => Expected::Declaration,
            supervisor_field | kw_supervisor | implementer_field | kw_implementer | year_field
            | kw_year | funds_field | kw_funds | period_field | kw_period | annual_goal_field
            | kw_annual_goal | overall_goal_field | kw_overall_goal | received_field
            | kw_received | spent_field | kw_spent | balance_field | kw_balance
            | execution_field | kw_execution | allocation_field | kw_allocation
            | contract_field | kw_contract | contracted_field | kw_contracted
            | paid_total_field | kw_paid_total | progress_field | kw_progress => {
                Expected::HeaderField
            }
            evaluator_field | kw_evaluator | total_field | kw_total | grade_field | kw_grade
            | total_rate_field => Expected::EvaluationField,
            eval_node | node_label | node_word => Expected::Node,
            node_weight | node_score | node_rate | kw_rate => Expected::NodeAttribute,
            contract_budget | kw_contract_budget | contract_award | kw_award | contract_paid
            | kw_paid | contract_share | kw_share => Expected::ContractItem,
            percent => Expected::Percent,
            level1 | level1_name => Expected::Level1,
            level2 | level2_name => Expected::Level2,
            indicator | indicator_name => Expected::Indicator,
            quantitative | deadline | period | qualitative | kw_qualitative => Expected::Target,
            comparator => Expected::Comparator,
            number | amount => Expected::Number,
            unit => Expected::Unit,
            year_value | year | month | day | iso_date | chinese_date | dotted_full_date
            | dotted_month | date_start => Expected::Date,
            grades | kw_grades => Expected::Grades,
            grade | grade_label => Expected::Grade,
            basis_value => Expected::Basis,
            attributes => Expected::Attributes,
            basis_attr | kw_basis | source_attr | kw_source | weight_attr | kw_weight
            | actual_attr | kw_actual | score_attr | kw_score | deviation_attr | kw_deviation
            | note_attr | kw_note | scoring_attr | kw_scoring => Expected::Attribute,
            fund_sources | fund_source | fund_source_name => Expected::FundSources,
            text | ascii_text | curly_text => Expected::Text,
            EOI => Expected::End,
            _ => return None,
        })
    }

    fn of_token(token: &str) -> Option<Expected> {
        match token {
            "{" => Some(Expected::OpenBrace),
            "}" => Some(Expected::CloseBrace),
            "\"" | "“" => Some(Expected::Text),
            _ => None,
        }
    }

    fn words(self) -> (&'static str, &'static str) {
        match self {
            Expected::Declaration => (
                "“项目”、“部门整体”或“评价”",
                "`项目` (project), `部门整体` (department) or `评价` (evaluation)",
            ),
            Expected::HeaderField => (
                "表头字段（主管部门、实施单位、年度、资金、实施期、年度目标）",
                "a header field (主管部门, 实施单位, 年度, 资金, 实施期, 年度目标)",
            ),
            Expected::Level1 => ("一级指标（如 产出 { … }）", "a level-1 group (such as 产出 { … })"),
            Expected::Level2 => ("二级指标（如 数量 { … }）", "a level-2 group (such as 数量 { … })"),
            Expected::Indicator => ("带引号的三级指标名称", "a quoted level-3 indicator name"),
            Expected::Target => ("指标值（如 ≥ 95 %）", "a target value (such as ≥ 95 %)"),
            Expected::Comparator => ("比较符号（≥ ≤ = > <）", "a comparator (≥ ≤ = > <)"),
            Expected::Number => ("数字", "a number"),
            Expected::Unit => ("计量单位（如 %、个、万元）", "a unit (such as %, 个, 万元)"),
            Expected::Date => ("日期（如 2022-12-31）", "a date (such as 2022-12-31)"),
            Expected::Grades => ("分档 { … }", "a grading scale 分档 { … }"),
            Expected::Grade => ("档次（如 优 \"…\"）", "a grade (such as 优 \"…\")"),
            Expected::Attributes => ("属性块 { … }", "an attribute block { … }"),
            Expected::Attribute => (
                "指标属性（取值依据、数据来源、分值、实际完成值、得分、偏差说明、说明、评分标准）",
                "an attribute (取值依据, 数据来源, 分值, 实际完成值, 得分, 偏差说明, 说明, 评分标准)",
            ),
            Expected::Basis => (
                "取值依据（计划标准、行业标准、历史标准、其他标准）",
                "a basis (计划标准, 行业标准, 历史标准, 其他标准)",
            ),
            Expected::FundSources => ("资金来源 { … }", "funding sources { … }"),
            Expected::EvaluationField => (
                "评价的字段（评价机构、总分、得分率、等级）",
                "a field of the evaluation (评价机构, 总分, 得分率, 等级)",
            ),
            Expected::Node => (
                "评价指标（如 决策 分值 20 得分 18 { … }）",
                "an evaluation node (such as 决策 分值 20 得分 18 { … })",
            ),
            Expected::NodeAttribute => ("分值、得分或得分率", "a weight, score or score rate (分值, 得分, 得分率)"),
            Expected::ContractItem => (
                "合同的预算、中标、已支付或支付比例",
                "a contract's 预算 (budget), 中标 (award), 已支付 (paid) or 支付比例 (paid share)",
            ),
            Expected::Percent => ("百分数（如 95 %）", "a percentage (such as 95 %)"),
            Expected::Text => ("带引号的文字", "a quoted text"),
            Expected::OpenBrace => ("“{”", "`{`"),
            Expected::CloseBrace => ("“}”", "`}`"),
            Expected::End => ("文件结束", "the end of the file"),
        }
    }
}

/// Converts a pest error into a finding at the place it occurred.
pub(super) fn syntax_error(source: &SourceFile, err: &Error<Rule>) -> Diagnostic {
    let offset = super::grammar::offset(err);
    let mut expected: Vec<Expected> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant {
        expected.extend(positives.iter().copied().filter_map(Expected::of_rule));
    }
    if let Some(attempts) = err.parse_attempts() {
        for token in attempts.expected_tokens() {
            expected.extend(Expected::of_token(&token.to_string()));
        }
    }
    expected.sort();
    expected.dedup();
    simplify(&mut expected);

    let at_end = source.text()[offset..].trim().is_empty();
    let span = if at_end {
        Span::point(source.text().trim_end().len())
    } else {
        source.word_span(offset, 12)
    };
    let found = source.slice(span);
    let (zh_list, en_list) = list(&expected);
    let (zh, en) = if at_end {
        (
            format!("文件意外结束，这里应为{zh_list}"),
            format!("unexpected end of file: expected {en_list}"),
        )
    } else if found.is_empty() {
        (
            format!("这里应为{zh_list}，却到了行尾"),
            format!("expected {en_list} before the end of the line"),
        )
    } else {
        (
            format!("这里应为{zh_list}，却是“{found}”"),
            format!("expected {en_list}, found `{found}`"),
        )
    };
    Diagnostic::new(codes::SYNTAX, Severity::Error, span, Text::new(zh, en))
        .with_label(if at_end {
            Text::new("文件在此结束", "the file ends here")
        } else {
            Text::new("无法识别", "not understood here")
        })
        .with_help(help(&expected, at_end, found))
}

/// Drops expectations that say the same thing as a more telling one.
fn simplify(expected: &mut Vec<Expected>) {
    let has = |e: Expected, list: &[Expected]| list.contains(&e);
    let snapshot = expected.clone();
    expected.retain(|&e| match e {
        // A target may begin with a comparator or a number; "a target value" says it.
        Expected::Comparator | Expected::Number | Expected::Date => {
            !has(Expected::Target, &snapshot)
        }
        // A quoted text is part of a more specific expectation when there is one.
        Expected::Text => snapshot.iter().all(|e| {
            matches!(
                e,
                Expected::Text | Expected::OpenBrace | Expected::CloseBrace | Expected::End
            )
        }),
        _ => true,
    });
    if expected.is_empty() {
        expected.extend(snapshot);
    }
}

fn list(expected: &[Expected]) -> (String, String) {
    let zh: Vec<_> = expected.iter().map(|e| e.words().0).collect();
    let en: Vec<_> = expected.iter().map(|e| e.words().1).collect();
    let join = |items: &[&str], sep: &str, last: &str| match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(sep)),
    };
    (join(&zh, "、", " 或 "), join(&en, ", ", " or "))
}

fn help(expected: &[Expected], at_end: bool, found: &str) -> Text {
    if at_end && expected.contains(&Expected::CloseBrace) {
        return Text::new(
            "检查花括号是否成对：每个 { 都要有对应的 }",
            "check that the braces pair up: every { needs its }",
        );
    }
    if expected.contains(&Expected::Unit) && !expected.contains(&Expected::Target) {
        return Text::new(
            "在数字后写上计量单位，如 1961 万元、32 个、100 %",
            "write the unit after the number, such as 1961 万元, 32 个, 100 %",
        );
    }
    if expected.contains(&Expected::Basis) {
        return Text::new(
            "取值依据写 计划标准、行业标准、历史标准 或 其他标准，如 { 依据 计划标准 }",
            "write 计划标准 (plan), 行业标准 (industry), 历史标准 (history) or 其他标准 (other), such as { 依据 计划标准 }",
        );
    }
    if expected.contains(&Expected::Number) {
        return Text::new(
            "比较符号后写数字和单位，如 ≥ 95 %；日期写成 2022-12-31",
            "write a number and its unit after the comparator, such as ≥ 95 %, or a date such as 2022-12-31",
        );
    }
    if expected == [Expected::Text] {
        return Text::new(
            "这里要写带引号的文字，如 \"全年无故障\"",
            "write a quoted text here, such as \"全年无故障\"",
        );
    }
    if expected.contains(&Expected::Declaration) {
        return Text::new(
            "文件由申报组成，每个申报以 项目 \"名称\" { … } 或 部门整体 \"名称\" { … } 开始",
            "a file holds declarations, each starting with 项目 \"name\" { … } or 部门整体 \"name\" { … }",
        );
    }
    if expected.contains(&Expected::Indicator) && !found.starts_with(['"', '“']) {
        return Text::new(
            "三级指标名称要加引号，如 \"项目验收合格率\" = 100 %",
            "quote the indicator name, such as \"项目验收合格率\" = 100 %",
        );
    }
    if expected.contains(&Expected::Level2) && found.starts_with(['"', '“']) {
        return Text::new(
            "三级指标要写在二级指标下，如 数量 \"培训人次\" = 280 人次 或 数量 { … }",
            "an indicator goes under a level-2 group, such as 数量 \"培训人次\" = 280 人次 or 数量 { … }",
        );
    }
    if expected.contains(&Expected::Attribute) {
        return Text::new(
            "属性块只能写指标属性，如 { 依据 计划标准 来源 \"统计年报\" }",
            "an attribute block holds attributes only, such as { 依据 计划标准 来源 \"统计年报\" }",
        );
    }
    Text::new(
        "对照 README 中的语言说明检查这一处的写法",
        "compare this place with the language description in the README",
    )
}
