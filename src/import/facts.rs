//! The header block above an indicator table, read as a person reads it: the title rows (项目支出绩效目标申报表,
//! （2025年度）), the fields laid out one per row or side by side (`主管部门 | X | 实施单位 | Y`), `key：value` in
//! one cell, and the funds block (`项目资金（万元）` over `年度资金总额 / 其中：财政拨款 / 其他资金 / 上年结转`,
//! with amounts beside them).

use super::header;
use super::table::Sheet;

/// A header fact: the value's text and its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The text.
    pub text: String,
    /// The row, 0-based.
    pub row: usize,
    /// The column, 0-based.
    pub column: usize,
}

/// The facts found above the table.
#[derive(Debug, Default)]
pub struct Facts {
    /// 项目名称.
    pub name: Option<Fact>,
    /// 主管部门.
    pub supervisor: Option<Fact>,
    /// 实施单位.
    pub implementer: Option<Fact>,
    /// 年度, or the year of the title (`（2023年度）`).
    pub year: Option<Fact>,
    /// 项目资金 and the money unit its label or block names.
    pub funds: Option<(Fact, &'static str)>,
    /// The column of the funds' label.
    funds_label: usize,
    /// The sources of the funds (财政拨款, 其他资金, 上年结转 …): label, amount, unit, the label's column.
    sources: Vec<(String, Fact, &'static str, usize)>,
    /// 实施期 / 项目期限 / 项目起止时间.
    pub period: Option<Fact>,
    /// 项目属性 (新增/延续), which the language has no field for.
    pub attribute: Option<Fact>,
    /// 年度目标.
    pub goal: Option<Fact>,
    /// 总体目标 / 中长期目标.
    pub overall_goal: Option<Fact>,
    /// The money unit the header block names (`金额单位：元`), else 万元.
    pub unit: &'static str,
}

/// What a header label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Name,
    Supervisor,
    Implementer,
    Year,
    Funds,
    Source,
    Period,
    Attribute,
    Goal,
    OverallGoal,
}

const KEYS: &[(Key, &[&str])] = &[
    (
        Key::Name,
        &[
            "项目名称",
            "项目",
            "部门名称",
            "单位名称",
            "专项资金名称",
            "专项名称",
        ],
    ),
    (
        Key::Supervisor,
        &[
            "主管部门",
            "主管部门及代码",
            "主管单位",
            "项目主管部门",
            "业务主管部门",
            "主管预算部门",
        ],
    ),
    (Key::Implementer, &["实施单位", "项目实施单位", "预算单位"]),
    (Key::Year, &["年度", "预算年度", "项目年度"]),
    (
        Key::Funds,
        &[
            "项目资金",
            "资金总额",
            "年度资金总额",
            "预算金额",
            "资金",
            "项目总金额",
            "项目金额",
            "预算资金",
            "当年预算",
            "年度预算",
            "项目预算",
            "下达资金总额",
            "资金情况",
            "年度金额",
            "项目预算金额",
        ],
    ),
    (
        Key::Period,
        &[
            "实施期",
            "实施期限",
            "项目期",
            "项目期限",
            "项目起止时间",
            "起止时间",
            "实施周期",
            "项目实施期",
            "执行期",
        ],
    ),
    (Key::Attribute, &["项目属性", "项目类型"]),
    (
        Key::Goal,
        &[
            "年度目标",
            "年度绩效目标",
            "年度总体目标",
            "绩效目标",
            "当年绩效目标",
            "本年度绩效目标",
            "本年度目标",
            "项目年度目标",
            "项目年度绩效目标",
            "年度预期目标",
            "预期目标",
        ],
    ),
    (
        Key::OverallGoal,
        &[
            "总体目标",
            "中长期目标",
            "总体绩效目标",
            "长期目标",
            "中期目标",
            "长期绩效目标",
            "中长期绩效目标",
            "项目总体目标",
            "实施期目标",
            "项目总目标",
        ],
    ),
];

/// The key a label cell names: `项目资金（万元）`, `其中：财政拨款`, `主 管 部 门：`.
fn key_of(text: &str) -> Option<Key> {
    let label = header::normalize(text);
    let label = label
        .strip_prefix("其中")
        .map(|rest| rest.trim_start_matches([':', '：', ',', '，']))
        .unwrap_or(&label);
    if let Some((key, _)) = KEYS.iter().find(|(_, names)| names.contains(&label)) {
        return Some(*key);
    }
    let source = [
        "拨款",
        "结转",
        "结余",
        "补助",
        "补助资金",
        "财政资金",
        "其他资金",
        "自筹资金",
        "自有资金",
    ];
    (label.chars().count() <= 12 && source.iter().any(|s| label.ends_with(s)))
        .then_some(Key::Source)
}

/// Whether a cell is itself a label (`实施单位`, `其中：财政拨款`), so that it is no value of the label before it.
fn is_label(text: &str) -> bool {
    let label = header::normalize(split_inline(text).0);
    // The column heads of a goal block: `预期目标 | 目标实际完成情况`, `长期目标 | 年度目标`.
    // A heading below a heading (`年度绩效目标` over `*年度绩效总目标 | text`) is no goal either.
    let label = label.trim_start_matches(['*', '★']).to_string();
    let goal_head = label.chars().count() <= 12
        && ["目标", "完成情况", "实际完成值"]
            .iter()
            .any(|end| label.ends_with(end));
    goal_head
        || label.starts_with("其中")
        || KEYS
            .iter()
            .any(|(_, names)| names.contains(&label.as_str()))
}

/// The money unit a label names (`项目资金（万元）`, `（元）`), if any.
fn unit_in(text: &str) -> Option<&'static str> {
    if text.contains("万元") {
        Some("万元")
    } else if text.contains("亿元") {
        Some("亿元")
    } else if text.contains("(元)") || text.contains("（元）") || text.contains("单位:元") {
        Some("元")
    } else {
        None
    }
}

/// Facts written above the header row `header_row`: a label cell and the next non-empty cell of its row that
/// is not itself a label, or `label：value` in one cell; the year of a title row if no 年度 is given.
pub fn facts(sheet: &Sheet, header_row: usize) -> Facts {
    let mut facts = Facts::default();
    let mut unit = "万元";
    for (r, row) in sheet.rows.iter().enumerate().take(header_row) {
        if let Some(u) = row.iter().find_map(|c| unit_in(&c.text)) {
            unit = u;
        }
        for (c, cell) in row.iter().enumerate() {
            let (label, inline) = split_inline(&cell.text);
            let Some(key) = key_of(label) else { continue };
            let value = inline
                .map(|v| Fact {
                    text: v.to_string(),
                    row: r,
                    column: c,
                })
                .or_else(|| {
                    let (vc, next) = row
                        .iter()
                        .enumerate()
                        .skip(c + 1)
                        .find(|(_, cell)| !cell.text.is_empty())?;
                    (!is_label(&next.text)).then(|| Fact {
                        text: next.text.clone(),
                        row: r,
                        column: vc,
                    })
                })
                .or_else(|| goal_below(sheet, key, (r, c), header_row));
            let Some(value) = value else { continue };
            let unit = unit_in(&cell.text).unwrap_or(unit);
            facts.add(key, (label, c), value, unit);
        }
    }
    if facts.year.is_none() {
        facts.year = title_year(sheet, header_row);
    }
    facts.unit = unit;
    facts
}

/// A goal written below its label: a row of goal labels side by side (`总体目标 | 中期目标 | 年度目标`) with their
/// texts in the same columns of the next row.
fn goal_below(sheet: &Sheet, key: Key, (r, c): (usize, usize), header_row: usize) -> Option<Fact> {
    if !matches!(key, Key::Goal | Key::OverallGoal) || r + 1 >= header_row {
        return None;
    }
    let below = sheet.rows.get(r + 1)?.get(c)?;
    (!below.text.trim().is_empty() && !is_label(&below.text) && key_of(&below.text).is_none()).then(
        || Fact {
            text: below.text.clone(),
            row: r + 1,
            column: c,
        },
    )
}

impl Facts {
    /// Forgets the funds' sources (they belong to the header block's project, not to a listed one).
    pub fn clear_sources(&mut self) {
        self.sources.clear();
    }

    /// The sources of the funds: those listed under the funds' label (a block of this year's amounts beside
    /// the total's is the same money again), else all.
    pub fn sources(&self) -> Vec<(&str, &Fact, &'static str)> {
        let under: Vec<_> = self
            .sources
            .iter()
            .filter(|s| s.3 == self.funds_label)
            .collect();
        let chosen = if under.is_empty() {
            self.sources.iter().collect()
        } else {
            under
        };
        chosen
            .into_iter()
            .map(|(label, fact, unit, _)| (label.as_str(), fact, *unit))
            .collect()
    }

    fn add(&mut self, key: Key, (label, column): (&str, usize), value: Fact, unit: &'static str) {
        let slot = match key {
            Key::Name => &mut self.name,
            Key::Supervisor => &mut self.supervisor,
            Key::Implementer => &mut self.implementer,
            Key::Year => &mut self.year,
            Key::Period => &mut self.period,
            Key::Attribute => &mut self.attribute,
            Key::Goal => &mut self.goal,
            Key::OverallGoal => &mut self.overall_goal,
            Key::Funds => {
                if self.funds.is_none() && money(&value.text, unit).is_some() {
                    self.funds = Some((value, unit));
                    self.funds_label = column;
                }
                return;
            }
            Key::Source => {
                let label = source_name(label);
                if money(&value.text, unit).is_some() && !self.sources.iter().any(|s| s.0 == label)
                {
                    self.sources.push((label, value, unit, column));
                }
                return;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
}

/// Whether a cell labels a funding source (`其中：财政拨款`, `上年结转`, `其他资金`).
pub fn is_source_label(text: &str) -> bool {
    key_of(split_inline(text).0) == Some(Key::Source)
}

/// A funding source's name as its label writes it, without `其中：`: `财政拨款`.
pub fn source_name(label: &str) -> String {
    let label = header::normalize(label);
    let label = label.strip_prefix("其中").unwrap_or(&label);
    label.trim_start_matches([':', '：']).to_string()
}

impl Facts {
    /// Puts the funds and sources a funds block gives (see [`super::funds`]) in place of those read beside their
    /// labels (the block's first column of amounts is the start of the year's budget, not the year's).
    pub fn set_funds(&mut self, total: Option<Fact>, sources: Vec<(String, Fact)>) {
        if let Some(total) = total {
            self.funds = Some((total, self.unit));
        }
        let unit = self.unit;
        let column = self.funds_label;
        self.sources = sources
            .into_iter()
            .map(|(label, fact)| (label, fact, unit, column))
            .collect();
    }
}

/// A label and the value written after its colon in the same cell, if any: `主管部门：某局`.
fn split_inline(text: &str) -> (&str, Option<&str>) {
    // `其中：财政拨款` is a label, not `其中` with a value.
    if text.trim_start().starts_with("其中") {
        return (text, None);
    }
    match text.split_once([':', '：']) {
        Some((k, v)) if !v.trim().is_empty() => (k, Some(v.trim())),
        Some((k, _)) => (k, None),
        None => (text, None),
    }
}

/// The year of a title row above the table: `（2023年度）`, `2019年度宁晋县…`, `(2020)年度`.
fn title_year(sheet: &Sheet, header_row: usize) -> Option<Fact> {
    for (r, row) in sheet.rows.iter().enumerate().take(header_row) {
        for (c, cell) in row.iter().enumerate() {
            let text = &cell.text;
            for (at, _) in text.match_indices("年度") {
                let before = text[..at].trim_end_matches([')', '）']);
                let digits: String = before
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if digits.len() == 4 {
                    return Some(Fact {
                        text: digits.chars().rev().collect(),
                        row: r,
                        column: c,
                    });
                }
            }
        }
    }
    None
}

/// An amount of money from a header cell: `300` (in the label's unit), `300万元`, `1,961.50 元`.
pub fn money(text: &str, unit: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    // A minus sign is kept, so that a negative amount reaches the check that reports it.
    let sign = usize::from(compact.starts_with('-'));
    let digits_end = compact[sign..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map_or(compact.len(), |i| i + sign);
    let number = &compact[..digits_end];
    // `5.` parses as a decimal but is no number of the .jx language, which wants digits on both sides of the point.
    if number.starts_with('.') || number.ends_with('.') {
        return None;
    }
    number.parse::<rust_decimal::Decimal>().ok()?;
    let rest = &compact[digits_end..];
    let unit = ["亿元", "万元", "千元", "元"]
        .into_iter()
        .find(|u| rest.starts_with(u))
        .unwrap_or(unit);
    Some(format!("{number} {unit}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_in_their_usual_shapes() {
        assert_eq!(key_of("项目资金（万元）"), Some(Key::Funds));
        assert_eq!(key_of("其中：财政拨款"), Some(Key::Source));
        assert_eq!(key_of("其中:当年市级财政资金"), Some(Key::Source));
        assert_eq!(key_of("上年结转"), Some(Key::Source));
        assert_eq!(key_of("主 管 部 门"), Some(Key::Supervisor));
        assert_eq!(key_of("项目起止时间"), Some(Key::Period));
        assert_eq!(key_of("年度金额(万元)"), Some(Key::Funds));
        assert_eq!(key_of("实施期目标"), Some(Key::OverallGoal));
        assert_eq!(key_of("主管预算部门"), Some(Key::Supervisor));
        assert_eq!(key_of("某县交通运输局"), None);
        assert_eq!(split_inline("主管部门：某局"), ("主管部门", Some("某局")));
        assert_eq!(split_inline("其中：财政拨款"), ("其中：财政拨款", None));
    }

    #[test]
    fn money_keeps_exact_decimals() {
        assert_eq!(money("1,961.50 元", "万元").as_deref(), Some("1961.50 元"));
        assert_eq!(money("300", "万元").as_deref(), Some("300 万元"));
        assert_eq!(money("参见附件1", "万元"), None);
        assert_eq!(
            money("5.等待时间00", "万元"),
            None,
            "found by fuzzing: `5.` is no number"
        );
        assert_eq!(money(".5", "万元"), None);
    }
}
