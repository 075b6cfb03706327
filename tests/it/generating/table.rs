//! Planned declarations written as CSV tables in the 申报表 layouts `jixiao import` reads (fixtures/tables/):
//! an optional header block (title, 项目名称, 主管部门 and 实施单位 side by side or a row each, 年度, 项目资金,
//! 年度目标), the indicator table with one of three column sets, merged level cells left blank, and an optional
//! footer (填报人, 审核人, 填报日期). UTF-8 with or without BOM, LF or CRLF.

use super::plan::{self, chance, pick, Cmp, Context, Indicator, Value};
use super::{words, Defect, Generated, Planted};
use fastrand::Rng;

/// The columns of the indicator table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    /// 一级指标, 二级指标, 三级指标, 指标值.
    Plain,
    /// And 分值.
    Weighted,
    /// 一级指标, 二级指标, 三级指标, 指标性质 (the comparator), 指标值 (the number), 计量单位, 分值.
    Split,
}

impl Columns {
    fn header(self) -> &'static [&'static str] {
        match self {
            Columns::Plain => &["一级指标", "二级指标", "三级指标", "指标值"],
            Columns::Weighted => &["一级指标", "二级指标", "三级指标", "指标值", "分值"],
            Columns::Split => &[
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "计量单位",
                "分值",
            ],
        }
    }
}

/// A target as one table cell: `≥12座`, `100%`, `2024年12月31日前`, `持续改善`, or empty.
pub fn cell(i: &Indicator) -> String {
    match &i.value {
        Value::Quant { cmp, number, unit } => format!("{}{number}{unit}", comparator(*cmp)),
        Value::Date(date) => date.clone(),
        Value::Qual { text, .. } => text.clone(),
        Value::Missing => String::new(),
    }
}

/// A comparator as tables write it.
fn comparator(cmp: Cmp) -> &'static str {
    match cmp {
        Cmp::Ge => "≥",
        Cmp::Le => "≤",
        Cmp::Eq => "=",
        Cmp::Bare => "",
    }
}

/// One CSV table of one project, named after `prefix`.
pub fn file(rng: &mut Rng, prefix: &str) -> Generated {
    let cx = Context::new(rng);
    let d = plan::declaration(rng, &cx, false);
    let columns = pick(
        rng,
        &[
            Columns::Plain,
            Columns::Plain,
            Columns::Weighted,
            Columns::Split,
        ],
    );
    let width = columns.header().len();
    let mut rows: Vec<Vec<String>> = Vec::new();
    if chance(rng, 60) {
        rows.extend(header_block(rng, &cx, &d, width));
    }
    rows.push(columns.header().iter().map(|h| h.to_string()).collect());
    let merged = chance(rng, 60);
    let mut planted = Vec::new();
    let (mut last1, mut last2) = ("", "");
    for i in &d.indicators {
        let (level1, level2) = (i.group.level1().label(1), i.group.label(1));
        let first = if merged && level1 == last1 {
            ""
        } else {
            level1
        };
        let second = if merged && level2 == last2 && first.is_empty() {
            ""
        } else {
            level2
        };
        (last1, last2) = (level1, level2);
        let mut row = vec![first.to_string(), second.to_string(), i.name.clone()];
        let weight = i.weight.map(|w| w.to_string()).unwrap_or_default();
        match columns {
            Columns::Plain => row.push(cell(i)),
            Columns::Weighted => row.extend([cell(i), weight]),
            Columns::Split => row.extend(split(i).into_iter().chain([weight])),
        }
        // A cell holds no grade scale: a graded target is written as its text alone, ungraded.
        let defect = match &i.value {
            Value::Qual { grades, .. } if !grades.is_empty() => Some(Defect::Ungraded),
            _ => i.defect,
        };
        planted.push(Planted {
            line: rows.len() + 1,
            defect,
            suppressed: false,
        });
        rows.push(row);
    }
    if chance(rng, 30) {
        rows.extend(footer(rng, cx.year, width));
    }
    let crlf = chance(rng, 30);
    let mut writer = csv::WriterBuilder::new()
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for mut row in rows {
        row.resize(width, String::new());
        writer.write_record(&row).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("writing to memory");
    let mut text = String::from_utf8(bytes).expect("the cells are UTF-8");
    if chance(rng, 20) {
        text.insert(0, '\u{FEFF}');
    }
    Generated {
        path: format!("{}/{prefix}-{}{}.csv", cx.year, cx.region, d.project),
        text,
        indicators: planted,
    }
}

/// 指标性质, 指标值, 计量单位 of a split table.
fn split(i: &Indicator) -> [String; 3] {
    match &i.value {
        Value::Quant { cmp, number, unit } => {
            [comparator(*cmp).to_string(), number.clone(), unit.clone()]
        }
        Value::Qual { text, .. } => ["定性".to_string(), text.clone(), String::new()],
        Value::Date(date) => [String::new(), date.clone(), String::new()],
        Value::Missing => Default::default(),
    }
}

/// The rows above the table: the title and the header facts, then an empty row.
fn header_block(
    rng: &mut Rng,
    cx: &Context,
    d: &plan::Declaration,
    width: usize,
) -> Vec<Vec<String>> {
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<String>>();
    let mut rows = vec![row(&[&format!(
        "{}{}年度项目支出绩效目标申报表",
        cx.region, cx.year
    )])];
    if chance(rng, 40) {
        rows.push(row(&[&format!("（{}年度）", cx.year)]));
    }
    rows.push(row(&["项目名称", &d.name]));
    let supervisor = d.supervisor.clone().unwrap_or_default();
    let implementer = d.implementer.clone().unwrap_or_default();
    if width >= 4 && chance(rng, 50) {
        rows.push(row(&["主管部门", &supervisor, "实施单位", &implementer]));
    } else {
        rows.push(row(&["主管部门", &supervisor]));
        rows.push(row(&["实施单位", &implementer]));
    }
    if d.write_year {
        rows.push(row(&["年度", &cx.year.to_string()]));
    }
    if let Some(funds) = &d.funds {
        rows.push(row(&["项目资金（万元）", funds]));
    }
    if let Some(goal) = &d.goal {
        rows.push(row(&["年度目标", goal]));
    }
    rows.push(Vec::new());
    rows
}

/// The rows below the table: who filled it in and when.
fn footer(rng: &mut Rng, year: u32, width: usize) -> Vec<Vec<String>> {
    let person = |rng: &mut Rng| pick(rng, words::PEOPLE);
    let mut rows = vec![
        vec![
            format!("填报人：{}", person(rng)),
            String::new(),
            format!("审核人：{}", person(rng)),
        ],
        vec![
            format!("单位负责人：{}", person(rng)),
            String::new(),
            "联系电话：0000-1234567".to_string(),
        ],
        vec![format!("填报日期：{}年10月15日", year - 1)],
    ];
    for row in &mut rows {
        row.truncate(width);
    }
    rows
}
