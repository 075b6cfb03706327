//! Recognising a table's columns from its header row: the names and variants real templates use
//! (一级指标/一级, 三级指标/指标名称, 指标值/年度指标值/目标值/指标值及单位 …), with their qualifiers: a column
//! headed `指标值(年度)` is the annual target, its twin `指标值(中长期)` the long-term one. Unknown columns are
//! ignored. When two columns could hold the same role, the more specific name wins (三级指标 over 绩效指标).

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标: the indicator's name.
    Name,
    /// 指标值.
    Value,
    /// 计量单位.
    Unit,
    /// A comparator or direction: ≥ = ≤, 正向/反向.
    Comparator,
    /// 指标值类型 / 指标性质: 定量 or 定性.
    Kind,
    /// 实际完成值.
    Actual,
    /// 分值 / 权重.
    Weight,
    /// 得分.
    Score,
    /// 偏差原因分析及改进措施.
    Deviation,
    /// 绩效标准 / 取值依据.
    Basis,
    /// 指标解释 / 说明.
    Note,
    /// 评(扣)分标准.
    Scoring,
    /// 项目名称 in a table that lists several projects, one block of rows each.
    Project,
    /// 预算数: a listed project's money.
    Budget,
    /// 年度目标: a listed project's annual goal.
    Goal,
}

/// Header names by role; compared after removing spaces, brackets' contents and full-width forms.
const NAMES: &[(Role, &[&str])] = &[
    (
        Role::Level1,
        &["一级指标", "一级", "一级指标名称", "一级目标", "评价指标"],
    ),
    (
        Role::Level2,
        &["二级指标", "二级", "二级指标名称", "二级目标", "评价内容"],
    ),
    (
        Role::Name,
        &[
            "三级指标",
            "三级指标名称",
            "三级指标内容",
            "三级",
            "三级目标",
            "指标名称",
            "指标内容",
            "具体指标",
            "指标",
            // Last: often the label column left of the levels (merged down the whole table).
            "绩效指标",
        ],
    ),
    (
        Role::Value,
        &[
            "指标值",
            "年度指标值",
            "目标值",
            "指标值及单位",
            "年度目标值",
            "预期目标值",
            "目标值及单位",
            "绩效指标值",
            "绩效目标值",
            "年度绩效目标值",
            "指标目标值",
            "预期指标值",
            "计划值",
            "年初目标值",
            "全年指标值",
            "计划指标值",
        ],
    ),
    (Role::Unit, &["计量单位", "单位", "度量单位", "指标单位"]),
    (
        Role::Comparator,
        &[
            "指标方向",
            "方向",
            "比较符",
            "符号",
            "运算符",
            "指标值方向",
            "比较方式",
            "计算符号",
            "指标值符号",
        ],
    ),
    (
        Role::Kind,
        &[
            "指标值类型",
            "指标性质",
            "指标类型",
            "定量定性",
            "定性定量",
            "指标属性",
        ],
    ),
    (
        Role::Actual,
        &[
            "实际完成值",
            "实际值",
            "完成值",
            "全年实际值",
            "实际完成情况",
        ],
    ),
    (
        Role::Weight,
        &["分值", "权重", "指标分值", "权重分", "指标权重"],
    ),
    (Role::Score, &["得分", "自评得分", "指标得分"]),
    (
        Role::Deviation,
        &[
            "偏差原因分析及改进措施",
            "偏差原因",
            "偏差说明",
            "未完成原因",
            "偏差原因分析",
            "未完成原因分析",
            "未完成原因和改进措施",
            "未完成原因及改进措施",
            "未完成原因及拟采取的改进措施",
        ],
    ),
    (
        Role::Basis,
        &[
            "绩效标准",
            "取值依据",
            "指标值设定依据",
            "指标值确定依据",
            "标准类型",
        ],
    ),
    (
        Role::Note,
        &["指标解释", "说明", "备注", "指标说明", "指标定义"],
    ),
    (Role::Project, &["项目名称", "项目"]),
    (
        Role::Budget,
        &[
            "预算数",
            "预算金额",
            "项目预算数",
            "年度预算数",
            "预算资金",
            "资金总额",
        ],
    ),
    (Role::Goal, &["年度目标", "年度绩效目标", "项目年度目标"]),
    (
        Role::Scoring,
        &[
            "评(扣)分标准",
            "评扣分标准",
            "评分标准",
            "评分规则",
            "计分方法",
        ],
    ),
];

/// A header cell's text as compared: no spaces or line breaks, full-width brackets made ASCII, no trailing
/// colon, a trailing bracketed note (`指标值（%）`, `指标值(年度)`) dropped unless the whole name is bracketed
/// text (`评(扣)分标准`).
pub fn normalize(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' | '【' | '[' => '(',
            '）' | '】' | ']' => ')',
            other => other,
        })
        .collect();
    let text = text.trim_end_matches([':', '：']).to_string();
    if known(&text).is_some() {
        return text;
    }
    match text.find('(') {
        Some(i) if i > 0 && text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

/// The role of a header cell, if it names one.
pub fn role(text: &str) -> Option<Role> {
    ranked(text).map(|(role, _)| role)
}

/// The role of a header cell and the rank of its name among the role's names (0 is the most specific).
fn ranked(text: &str) -> Option<(Role, usize)> {
    let key = normalize(text);
    let key = ["中长期", "长期", "中期", "年度"]
        .into_iter()
        .filter_map(|prefix| key.strip_prefix(prefix))
        // `长期绩效指标` heads the label column of a long-term block, not a name column.
        .find(|rest| *rest != "绩效指标" && known(rest).is_some())
        .unwrap_or(&key);
    known(key).or_else(|| guessed(key))
}

/// The role of a known header name and its rank among the role's names: the first role in [`NAMES`] that lists
/// it. (Every cell of a table's first rows is looked up, so the names are indexed once.)
fn known(name: &str) -> Option<(Role, usize)> {
    static INDEX: LazyLock<FxHashMap<&'static str, (Role, usize)>> = LazyLock::new(|| {
        let mut index = FxHashMap::default();
        for (role, names) in NAMES {
            for (rank, name) in names.iter().enumerate() {
                index.entry(*name).or_insert((*role, rank));
            }
        }
        index
    });
    INDEX.get(name).copied()
}

/// The role of a header that is none of the known names, from the words it is made of: `当年预期实现值` and
/// `年度预期值` are target values, `本年实际完成值` an actual value. Ranked after every known name.
fn guessed(key: &str) -> Option<(Role, usize)> {
    const GUESSED: usize = 100;
    let value_like = key.ends_with('值') || key.ends_with("值及单位");
    if key.contains("实际") || key.ends_with("完成值") {
        Some((Role::Actual, GUESSED))
    } else if value_like && !key.contains("分值") && !key.contains("类型") {
        Some((Role::Value, GUESSED))
    } else {
        None
    }
}

/// Whether a header cell names a long-term (中长期) column: `指标值(中长期)`, `中长期指标值`, `三级指标（长期）`.
pub fn is_long_term(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("长期")
        || compact.starts_with("中期")
        || compact.contains("(中期")
        || compact.contains("（中期")
}

/// The columns of a header row: (column index, role), one column a role. A long-term column (`指标值(中长期)`)
/// never stands for the annual targets; of two columns for one role the more specific name wins, then the first.
pub fn columns(cells: &[&str]) -> Vec<(usize, Role)> {
    pick(cells, |text| !is_long_term(text))
}

/// The columns of a header row's long-term twin: the long-term columns, and the unqualified columns of the
/// roles that have no long-term column (the level 1 they share). Empty unless a long-term name or value
/// column is there.
pub fn long_term_columns(cells: &[&str]) -> Vec<(usize, Role)> {
    let long = pick(cells, is_long_term);
    let has = |role| long.iter().any(|(_, r)| *r == role);
    if !(has(Role::Name) || has(Role::Value)) {
        return Vec::new();
    }
    let mut all = long.clone();
    for (c, role) in columns(cells) {
        if !has(role) {
            all.push((c, role));
        }
    }
    all.sort();
    all
}

fn pick(cells: &[&str], keep: impl Fn(&str) -> bool) -> Vec<(usize, Role)> {
    let mut found: Vec<(usize, Role, usize)> = Vec::new();
    for (i, text) in cells.iter().enumerate() {
        let Some((role, rank)) = ranked(text).filter(|_| keep(text)) else {
            continue;
        };
        match found.iter_mut().find(|(_, r, _)| *r == role) {
            Some(slot) if rank < slot.2 => *slot = (i, role, rank),
            Some(_) => {}
            None => found.push((i, role, rank)),
        }
    }
    found.sort();
    found.into_iter().map(|(i, role, _)| (i, role)).collect()
}

/// Whether the columns make an indicator table: a level and an indicator name or value, or, in a bare target
/// list with no level columns, both an indicator name and a value.
pub fn is_indicator_table(columns: &[(usize, Role)]) -> bool {
    let has = |role| columns.iter().any(|(_, r)| *r == role);
    let level = has(Role::Level2) || has(Role::Level1);
    (level && (has(Role::Name) || has(Role::Value))) || (has(Role::Name) && has(Role::Value))
}

/// Whether `above` is the first row of a two-row header whose second row is `under`: the first row names no
/// level column (its 绩效指标 is the label over the level columns) and heads column groups (`年度指标值` over
/// `指标性质 | 指标值 | 度量单位`) beside columns that span both rows (实际完成值, 分值, 得分); the second row names
/// the levels.
pub fn is_group_heading(above: &[(usize, Role)], under: &[(usize, Role)]) -> bool {
    let levels = |cols: &[(usize, Role)]| {
        cols.iter()
            .any(|(_, r)| matches!(r, Role::Level1 | Role::Level2))
    };
    !levels(above) && levels(under) && !merged(under, above).eq(under)
}

/// The columns of a two-row header: those of its second row `under`, and those of the first row `above` whose
/// role the second row lacks, in columns it leaves free (the headings that span both rows).
pub fn merged(under: &[(usize, Role)], above: &[(usize, Role)]) -> Vec<(usize, Role)> {
    let mut all = under.to_vec();
    for &(c, role) in above {
        if !under.iter().any(|(uc, ur)| *uc == c || *ur == role) {
            all.push((c, role));
        }
    }
    all.sort();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_value_headers_are_guessed_from_their_words() {
        assert_eq!(role("当年预期实现值"), Some(Role::Value));
        assert_eq!(role("年度预期值"), Some(Role::Value));
        assert_eq!(role("本年实际完成值"), Some(Role::Actual));
        assert_eq!(role("分值"), Some(Role::Weight));
        assert_eq!(role("指标值类型"), Some(Role::Kind));
        assert_eq!(role("考核分值"), None);
        assert_eq!(role("联系电话"), None);
        assert_eq!(role("项目名称"), Some(Role::Project));
    }

    #[test]
    fn header_variants_are_recognised() {
        assert_eq!(role("一级指标"), Some(Role::Level1));
        assert_eq!(role(" 二级 "), Some(Role::Level2));
        assert_eq!(role("指标名称"), Some(Role::Name));
        assert_eq!(role("年度指标值"), Some(Role::Value));
        assert_eq!(role("指标值（%）"), Some(Role::Value));
        assert_eq!(role("评(扣)分标准"), Some(Role::Scoring));
        assert_eq!(role("评（扣）分标准"), Some(Role::Scoring));
        assert_eq!(role("偏差原因分析及改进措施"), Some(Role::Deviation));
        assert_eq!(role("未完成原因和 改进措施"), Some(Role::Deviation));
        assert_eq!(role("未完成原因及拟采取的改进措施"), Some(Role::Deviation));
        assert_eq!(role("备注2"), None);
        assert_eq!(role("指标权重(分)"), Some(Role::Weight));
        assert_eq!(role("指标得分(分)"), Some(Role::Score));
        assert_eq!(role("得分系数(%)"), None);
    }

    #[test]
    fn a_table_needs_names_or_values_under_levels() {
        let cols = columns(&["一级指标", "二级指标", "三级指标", "指标值", "实施进度"]);
        assert_eq!(
            cols,
            [
                (0, Role::Level1),
                (1, Role::Level2),
                (2, Role::Name),
                (3, Role::Value)
            ]
        );
        assert!(is_indicator_table(&cols));
        assert!(!is_indicator_table(&columns(&["姓名", "电话", "地址"])));
        assert!(!is_indicator_table(&columns(&["指标值"])));
    }
}
