//! The funds block of a self-evaluation's header (项目支出绩效自评表): a row of column heads (年初预算数,
//! 全年预算数, 全年执行数, 分值, 执行率, 得分) over the rows of the total (年度资金总额) and its sources (其中：
//! 财政拨款, 上年结转, 其他资金), each amount in its column. The total's row gives the budget, the money spent,
//! the execution rate and its weight and score; the sources' rows their budgets. Written into the declaration's
//! ledger, so that a table whose sources do not add up, or whose execution rate or score is misstated, is
//! flagged at the cell. A cell that should hold a number and holds other text is a cell that cannot be read.

use super::facts::{self, Fact};
use super::header;
use super::layout;
use super::table::Sheet;
use super::writer::Problem;
use crate::diagnostic::{codes, Text};

/// What a column of the funds block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// 年初预算数: the budget at the start of the year.
    Initial,
    /// 全年预算数: the budget of the year, adjusted.
    Budget,
    /// 全年执行数: the money spent.
    Spent,
    /// 分值: the weight of budget execution.
    Weight,
    /// 执行率.
    Rate,
    /// 得分: the score of budget execution.
    Score,
}

/// Column heads by what they hold, compared after [`header::normalize`] (`执行率(B/A)` is `执行率`).
const HEADS: &[(Column, &[&str])] = &[
    (Column::Initial, &["年初预算数", "年初预算"]),
    (
        Column::Budget,
        &[
            "全年预算数",
            "调整后预算数",
            "全年调整预算数",
            "调整预算数",
            "全年预算",
        ],
    ),
    (
        Column::Spent,
        &[
            "全年执行数",
            "预算执行数",
            "执行数",
            "实际执行数",
            "全年实际执行数",
        ],
    ),
    (
        Column::Weight,
        &["分值", "权重", "执行率权重", "执行率分值"],
    ),
    (Column::Rate, &["执行率", "预算执行率"]),
    (Column::Score, &["得分", "执行率得分"]),
];

/// The labels of the total's row.
const TOTALS: &[&str] = &[
    "年度资金总额",
    "资金总额",
    "项目资金总额",
    "预算资金总额",
    "总额",
    "合计",
];

/// The funds block read from a sheet: the total's cells and the sources, and the cells that could not be read.
#[derive(Debug, Default)]
pub struct Block {
    /// The year's budget.
    pub budget: Option<Fact>,
    /// The money spent.
    pub spent: Option<Fact>,
    /// The execution rate, as a percentage (`95`).
    pub rate: Option<Fact>,
    /// The weight of budget execution.
    pub weight: Option<Fact>,
    /// Its score.
    pub score: Option<Fact>,
    /// The sources: label and budget.
    pub sources: Vec<(String, Fact)>,
    /// Cells of the block that should hold numbers and do not.
    pub problems: Vec<Problem>,
}

/// The columns of a funds block's head row.
struct Heads {
    columns: Vec<(usize, Column)>,
    /// Whether the rate's head names its unit (`执行率(%)`): its cells then hold percentages without `%`.
    rate_in_percent: bool,
}

/// The column heads of row `r`, if it is the head of a funds block: a budget column and a spent or rate column.
fn heads(sheet: &Sheet, r: usize) -> Option<Heads> {
    let mut columns = Vec::new();
    let mut rate_in_percent = false;
    for (c, cell) in sheet.rows[r].iter().enumerate() {
        let name = header::normalize(&cell.text);
        let Some(&(column, _)) = HEADS
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
        else {
            continue;
        };
        if columns.iter().all(|&(_, seen)| seen != column) {
            columns.push((c, column));
            rate_in_percent |= column == Column::Rate && cell.text.contains('%');
        }
    }
    let has = |wanted: Column| columns.iter().any(|&(_, c)| c == wanted);
    let budget = has(Column::Budget) || has(Column::Initial);
    (budget && (has(Column::Spent) || has(Column::Rate))).then_some(Heads {
        columns,
        rate_in_percent,
    })
}

/// The funds block above the table's header row `header_row`, if the sheet has one.
pub fn block(sheet: &Sheet, header_row: usize) -> Option<Block> {
    let (head, heads) = (0..header_row).find_map(|r| heads(sheet, r).map(|h| (r, h)))?;
    let mut block = Block::default();
    for r in head + 1..header_row {
        let first = heads.columns.iter().map(|(c, _)| *c).min().unwrap_or(0);
        let label = sheet.rows[r]
            .iter()
            .enumerate()
            .take(first)
            .rev()
            .find(|(_, cell)| !cell.text.trim().is_empty());
        let Some((_, label)) = label else { continue };
        let text = label.text.trim();
        let total = TOTALS.contains(&header::normalize(text).as_str());
        if total && block.budget.is_none() {
            read_total(sheet, r, &heads, &mut block);
        } else if facts::is_source_label(text) {
            if let Some(amount) = read(sheet, r, &heads, budget_column(&heads), &mut block) {
                block.sources.push((facts::source_name(text), amount));
            }
        }
    }
    Some(block)
}

/// The column the year's budget is read from: 全年预算数, else 年初预算数.
fn budget_column(heads: &Heads) -> Column {
    if heads.columns.iter().any(|&(_, c)| c == Column::Budget) {
        Column::Budget
    } else {
        Column::Initial
    }
}

fn read_total(sheet: &Sheet, r: usize, heads: &Heads, block: &mut Block) {
    block.budget = read(sheet, r, heads, budget_column(heads), block);
    block.spent = read(sheet, r, heads, Column::Spent, block);
    block.weight = read(sheet, r, heads, Column::Weight, block);
    block.score = read(sheet, r, heads, Column::Score, block);
    block.rate = read(sheet, r, heads, Column::Rate, block).and_then(|fact| {
        let percent = fact.text.ends_with('%');
        let number = fact.text.trim_end_matches('%').trim().to_string();
        // A rate without `%` under a head that does not say it is in %, such as 0.95, is no percentage.
        (percent || heads.rate_in_percent).then_some(Fact {
            text: number,
            ..fact
        })
    });
}

/// The number in row `r`'s cell of `column`, if the cell holds one; a cell with other text is a problem.
fn read(sheet: &Sheet, r: usize, heads: &Heads, column: Column, block: &mut Block) -> Option<Fact> {
    let &(c, _) = heads.columns.iter().find(|&&(_, held)| held == column)?;
    let cell = sheet.cell(r, c)?;
    let text: String = cell
        .text
        .chars()
        .filter(|ch| !ch.is_whitespace() && *ch != ',')
        .collect();
    if text.is_empty() || layout::is_placeholder(&text) {
        return None;
    }
    let number = text
        .strip_suffix('%')
        .or_else(|| text.strip_suffix('分'))
        .unwrap_or(&text);
    let number = ["亿元", "万元", "千元", "元"]
        .iter()
        .find_map(|u| number.strip_suffix(u))
        .unwrap_or(number);
    if number.parse::<rust_decimal::Decimal>().is_err() {
        block.problems.push(not_a_number(r, c, &cell.text));
        return None;
    }
    // Amounts keep their unit (money reads it), a rate its `%`, weights and scores are the number alone.
    let kept = match column {
        Column::Initial | Column::Budget | Column::Spent => text.clone(),
        Column::Rate if text.ends_with('%') => format!("{number}%"),
        _ => number.to_string(),
    };
    Some(Fact {
        text: kept,
        row: r,
        column: c,
    })
}

fn not_a_number(row: usize, column: usize, text: &str) -> Problem {
    Problem {
        code: codes::UNREADABLE_CELL,
        row,
        column,
        message: Text::new(
            format!("资金栏中的“{text}”不是数字，无法核对"),
            format!("`{text}` in the funds block is not a number and cannot be checked"),
        ),
        help: Text::new(
            "金额、分值、执行率和得分都写数字，如 132.91、10、95%",
            "write amounts, weights, rates and scores as numbers, such as 132.91, 10, 95%",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv::read_csv;

    #[test]
    fn the_total_and_its_sources_are_read_from_their_columns() {
        let sheet = read_csv(
            "t.csv",
            "项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n\
             ,年度资金总额,100,120,90,10,75%,7.5\n\
             ,其中：财政拨款,100,100,80,,,\n\
             ,其他资金,,20,10,,,\n\
             ,上年结转,,约5,,,,\n\
             一级指标,二级指标,三级指标,指标值\n",
        );
        let block = block(&sheet, 5).expect("a funds block");
        let text = |f: &Option<Fact>| f.as_ref().map(|f| f.text.clone());
        assert_eq!(text(&block.budget).as_deref(), Some("120"));
        assert_eq!(text(&block.spent).as_deref(), Some("90"));
        assert_eq!(text(&block.rate).as_deref(), Some("75"));
        assert_eq!(text(&block.score).as_deref(), Some("7.5"));
        let sources: Vec<_> = block
            .sources
            .iter()
            .map(|(l, f)| (l.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(sources, [("财政拨款", "100"), ("其他资金", "20")]);
        assert_eq!(block.problems.len(), 1);
        assert_eq!((block.problems[0].row, block.problems[0].column), (4, 3));
    }

    #[test]
    fn a_header_without_a_funds_block_has_none() {
        let sheet = read_csv(
            "t.csv",
            "项目资金（万元）,年度资金总额,480\n一级指标,二级指标,三级指标,指标值\n",
        );
        assert!(block(&sheet, 1).is_none());
    }
}
