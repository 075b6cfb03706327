//! Planned declarations written as .jx text, in the ways real transcriptions differ: indentation, the labels of
//! the levels (数量 / 数量指标 / 产出数量), comparators (≥, >=, 不低于), spacing, quotes, attribute blocks, comments
//! transcribing the original row, suppressions.

use super::plan::{chance, pick, Cmp, Declaration, Group, Indicator, Level1, Value};
use super::{words, Defect, Planted};
use fastrand::Rng;

/// How one department writes its files.
pub struct Style {
    indent: &'static str,
    /// 0: 数量, 1: 数量指标, 2: 产出数量.
    labels: usize,
    /// A comment with the original table row above each indicator.
    transcribe: bool,
    /// `主管部门: "…"`.
    colon: bool,
    /// `≥95%` rather than `≥ 95 %`.
    tight: bool,
    /// `“…”` rather than `"…"`.
    chinese_quotes: bool,
    /// 取值依据 / 数据来源 rather than 依据 / 来源.
    long_keywords: bool,
}

impl Style {
    /// A random department's habits.
    pub fn new(rng: &mut Rng) -> Style {
        Style {
            indent: if chance(rng, 80) { "  " } else { "    " },
            labels: pick(rng, &[0, 0, 1, 1, 1, 2]),
            transcribe: chance(rng, 40),
            colon: chance(rng, 8),
            tight: chance(rng, 25),
            chinese_quotes: chance(rng, 5),
            long_keywords: chance(rng, 50),
        }
    }

    /// `text` in quotes.
    fn quote(&self, text: &str) -> String {
        if self.chinese_quotes {
            format!("“{text}”")
        } else {
            format!("\"{text}\"")
        }
    }

    /// A header field's keyword, with its colon when the department writes one.
    fn field(&self, keyword: &str) -> String {
        if self.colon {
            format!("{keyword}:")
        } else {
            keyword.to_string()
        }
    }
}

/// Text being written, with the line it is at and the indicators written so far.
#[derive(Default)]
pub struct Out {
    pub text: String,
    /// The number of line breaks written: the next line is `lines + 1`.
    lines: usize,
    pub planted: Vec<Planted>,
}

impl Out {
    /// A line at `depth`.
    fn line(&mut self, style: &Style, depth: usize, text: &str) {
        for _ in 0..depth {
            self.text.push_str(style.indent);
        }
        self.text.push_str(text);
        self.text.push('\n');
        self.lines += 1 + text.matches('\n').count();
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.text.push('\n');
        self.lines += 1;
    }

    /// A comment line.
    pub fn comment(&mut self, text: &str) {
        self.text.push_str("# ");
        self.text.push_str(text);
        self.text.push('\n');
        self.lines += 1;
    }
}

/// Writes one declaration.
pub fn declaration(out: &mut Out, rng: &mut Rng, style: &Style, d: &Declaration) {
    out.comment(&format!("{}的绩效目标。", d.name));
    if chance(rng, 50) {
        out.comment(&format!(
            "来源：{}年部门预算公开，附表“项目支出绩效目标表”。",
            d.year
        ));
    }
    if style.transcribe {
        out.comment(
            "按原表逐条转录，每条指标上方的注释是原表一行（一级指标,二级指标,三级指标,指标值）。",
        );
    }
    let keyword = if d.department {
        "部门整体"
    } else {
        "项目"
    };
    out.line(style, 0, &format!("{keyword} {} {{", style.quote(&d.name)));
    header(out, rng, style, d);
    out.blank();
    let mut level1s = vec![Level1::Output, Level1::Benefit, Level1::Satisfaction];
    if d.cost_first {
        level1s.insert(0, Level1::Cost);
    } else {
        level1s.push(Level1::Cost);
    }
    let mut first = true;
    for level1 in level1s {
        let indicators: Vec<&Indicator> = d
            .indicators
            .iter()
            .filter(|i| i.group.level1() == level1)
            .collect();
        if indicators.is_empty() {
            continue;
        }
        if !first && chance(rng, 60) {
            out.blank();
        }
        first = false;
        group1(out, rng, style, level1, &indicators);
    }
    out.line(style, 0, "}");
}

/// The header fields.
fn header(out: &mut Out, rng: &mut Rng, style: &Style, d: &Declaration) {
    let year_first = chance(rng, 10);
    let year = if chance(rng, 5) {
        format!("{}年", d.year)
    } else {
        d.year.to_string()
    };
    let year_line = format!("{} {year}", style.field("年度"));
    if year_first && d.write_year {
        out.line(style, 1, &year_line);
    }
    if let Some(supervisor) = &d.supervisor {
        out.line(
            style,
            1,
            &format!("{} {}", style.field("主管部门"), style.quote(supervisor)),
        );
    }
    if let Some(implementer) = &d.implementer {
        out.line(
            style,
            1,
            &format!("{} {}", style.field("实施单位"), style.quote(implementer)),
        );
    }
    if !year_first && d.write_year {
        out.line(style, 1, &year_line);
    }
    if let Some(funds) = &d.funds {
        let amount = format!("{} {funds} 万元", style.field("资金"));
        let sources: Vec<String> = d
            .sources
            .iter()
            .map(|(name, n)| {
                let name = if *name == "本级财政" {
                    name.to_string()
                } else {
                    style.quote(name)
                };
                format!("{name} {n} 万元")
            })
            .collect();
        if sources.is_empty() {
            out.line(style, 1, &amount);
        } else if chance(rng, 50) {
            out.line(style, 1, &format!("{amount} {{ {} }}", sources.join("  ")));
        } else {
            out.line(style, 1, &format!("{amount} {{"));
            for source in &sources {
                out.line(style, 2, source);
            }
            out.line(style, 1, "}");
        }
    }
    if let Some(period) = &d.period {
        out.line(style, 1, &format!("{} {period}", style.field("实施期")));
    }
    if let Some(goal) = &d.goal {
        // A long goal is sometimes carried over two lines, as a cell that wrapped.
        let goal = if chance(rng, 5) {
            goal.replacen('，', "，\n    ", 1)
        } else {
            goal.clone()
        };
        out.line(
            style,
            1,
            &format!("{} {}", style.field("年度目标"), style.quote(&goal)),
        );
    }
    if let Some(overall) = &d.overall {
        out.line(
            style,
            1,
            &format!("{} {}", style.field("总体目标"), style.quote(overall)),
        );
    }
}

/// A level-1 group and its level-2 groups.
fn group1(out: &mut Out, rng: &mut Rng, style: &Style, level1: Level1, indicators: &[&Indicator]) {
    let weights: Option<u32> = indicators.iter().map(|i| i.weight).sum();
    let label = level1.label(style.labels);
    match weights {
        Some(total) if chance(rng, 25) => out.line(style, 1, &format!("{label} 分值 {total} {{")),
        _ => out.line(style, 1, &format!("{label} {{")),
    }
    let mut start = 0;
    while start < indicators.len() {
        let group = indicators[start].group;
        let end = start
            + indicators[start..]
                .iter()
                .take_while(|i| i.group == group)
                .count();
        group2(out, rng, style, group, &indicators[start..end]);
        start = end;
    }
    out.line(style, 1, "}");
}

/// A level-2 group: inline when it holds one indicator (often), else a block.
fn group2(out: &mut Out, rng: &mut Rng, style: &Style, group: Group, indicators: &[&Indicator]) {
    let label = group.label(style.labels);
    if indicators.len() == 1 && chance(rng, 60) {
        indicator(out, rng, style, 2, Some(label), indicators[0]);
        return;
    }
    out.line(style, 2, &format!("{label} {{"));
    for i in indicators {
        indicator(out, rng, style, 3, None, i);
    }
    out.line(style, 2, "}");
}

/// One indicator, with its transcription comment, its suppression and its attributes.
fn indicator(
    out: &mut Out,
    rng: &mut Rng,
    style: &Style,
    depth: usize,
    label: Option<&str>,
    i: &Indicator,
) {
    let indent = style.indent.repeat(depth);
    if style.transcribe {
        let level1 = i.group.level1().label(1);
        let row = format!(
            "{level1},{},{},{}",
            i.group.label(1),
            i.name,
            super::table::cell(i)
        );
        out.text.push_str(&format!("{indent}# 原表：{row}\n"));
        out.lines += 1;
    }
    let suppressed = i.defect == Some(Defect::Ungraded) && chance(rng, 20);
    if suppressed {
        out.text.push_str(&format!(
            "{indent}# jixiao: allow(JX103) 已与财政局确认，按合同验收\n"
        ));
        out.lines += 1;
    }
    out.planted.push(Planted {
        line: out.lines + 1,
        defect: i.defect,
        suppressed,
    });
    let mut line = String::new();
    if let Some(label) = label {
        line.push_str(label);
        line.push(' ');
    }
    line.push_str(&style.quote(&i.name));
    let target = target(rng, style, &i.value, depth);
    if !target.is_empty() {
        line.push(' ');
        line.push_str(&target);
    }
    let attributes = attributes(style, i);
    let trailing = chance(rng, 6).then(|| {
        pick(
            rng,
            &[
                "# 实施进度：已完成100%",
                "# 原表合并单元格",
                "# 与上年相同",
                "# 待财政局审核",
            ],
        )
    });
    if attributes.is_empty() {
        if let Some(comment) = trailing {
            line.push_str("  ");
            line.push_str(comment);
        }
        out.line(style, depth, &line);
    } else if attributes.len() <= 3 && chance(rng, 70) {
        out.line(
            style,
            depth,
            &format!("{line} {{ {} }}", attributes.join("  ")),
        );
    } else {
        out.line(style, depth, &format!("{line} {{"));
        for attribute in &attributes {
            out.line(style, depth + 1, attribute);
        }
        out.line(style, depth, "}");
    }
}

/// A target as the department writes it.
fn target(rng: &mut Rng, style: &Style, value: &Value, depth: usize) -> String {
    match value {
        Value::Quant { cmp, number, unit } => {
            let cmp = match cmp {
                Cmp::Ge => pick(
                    rng,
                    &["≥", "≥", "≥", "≥", "≥", "≥", "≥", "≥", "≥", ">=", "不低于"],
                ),
                Cmp::Le => pick(rng, &["≤", "≤", "≤", "≤", "≤", "≤", "≤", "<=", "不超过"]),
                Cmp::Eq => pick(rng, &["=", "=", "=", "=", "=", "=", "=", "=", "=", "=="]),
                Cmp::Bare => "",
            };
            let unit = if unit == "%" && chance(rng, 3) {
                "百分比"
            } else {
                unit
            };
            let number = if chance(rng, 2) {
                full_width(number)
            } else {
                number.clone()
            };
            let sep = if style.tight { "" } else { " " };
            let mut text = cmp.to_string();
            for part in [number.as_str(), unit] {
                if !part.is_empty() {
                    if !text.is_empty() {
                        text.push_str(sep);
                    }
                    text.push_str(part);
                }
            }
            text
        }
        Value::Date(date) => date.clone(),
        Value::Qual { text, grades } => {
            let mut out = format!("定性 {}", style.quote(text));
            if grades.is_empty() {
                return out;
            }
            let grades: Vec<String> = grades
                .iter()
                .map(|(label, meaning)| {
                    let label = if ["优", "良", "中", "差"].contains(label) {
                        label.to_string()
                    } else {
                        style.quote(label)
                    };
                    format!("{label} {}", style.quote(meaning))
                })
                .collect();
            if chance(rng, 50) {
                out.push_str(&format!(" 分档 {{ {} }}", grades.join("  ")));
            } else {
                let inner = style.indent.repeat(depth + 1);
                out.push_str(" 分档 {");
                for grade in grades {
                    out.push_str(&format!("\n{inner}{grade}"));
                }
                out.push_str(&format!("\n{}}}", style.indent.repeat(depth)));
            }
            out
        }
        Value::Missing => String::new(),
    }
}

/// Digits in their full-width forms (`９５`), as some tables have them.
fn full_width(number: &str) -> String {
    number
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// The attributes of an indicator, each as written.
fn attributes(style: &Style, i: &Indicator) -> Vec<String> {
    let mut out = Vec::new();
    let (basis, source) = if style.long_keywords {
        ("取值依据", "数据来源")
    } else {
        ("依据", "来源")
    };
    if let Some(weight) = i.weight {
        out.push(format!("分值 {weight}"));
    }
    if let Some(b) = i.basis {
        out.push(format!("{basis} {b}"));
    }
    if let Some(s) = i.source {
        out.push(format!("{source} {}", style.quote(s)));
    }
    if let Some(actual) = &i.actual {
        out.push(format!("实际完成值 {actual}"));
    }
    if let Some(score) = &i.score {
        out.push(format!("得分 {score}"));
    }
    if let Some(deviation) = i.deviation {
        out.push(format!("偏差说明 {}", style.quote(deviation)));
    }
    if i.weight.is_some() && i.group == Group::Satisfaction && i.defect.is_none() {
        out.push(format!("说明 {}", style.quote(words::SATISFACTION_NOTE)));
    }
    out
}
