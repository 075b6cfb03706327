//! Tables users already have: the CSV and Excel/WPS/ODS target tables (申报表, 自评表) read into the same model
//! and judged by the same rules, every finding located in the cell to change.
//!
//! [`csv`] and [`workbook`] read files into [`table`]'s sheets of cells, [`header`] recognises the columns, [`value`] reads value cells
//! with the .jx target grammar, [`generate`] writes each sheet as a .jx declaration with a map back to the
//! cells. Checking a table is checking that declaration, so `jixiao import` gives a .jx file with the same
//! findings.

mod allow;
pub mod csv;
pub mod facts;
pub mod funds;
pub mod generate;
pub mod header;
mod help;
pub mod layout;
pub mod ods;
pub mod table;
pub mod tree;
pub mod value;
pub mod workbook;
pub mod writer;
pub mod xls;

use crate::diagnostic::{codes, CellLocation, Diagnostic, Severity, Text};
use crate::lint::check_with_rules;
use crate::lint::registry::RuleSet;
use crate::report::FileReport;
use crate::source::{SourceFile, Span};
use generate::{Generated, Plan};
use std::path::Path;
use std::sync::Arc;
pub use table::{Encoding, Sheet};

/// One sheet's indicator table and its .jx declaration.
#[derive(Debug, Clone)]
pub struct ImportedSheet {
    /// The sheet, shared by the declarations written from it (a long-term twin, the projects of a list).
    pub sheet: Arc<Sheet>,
    /// The declaration written from it.
    pub generated: Generated,
    /// Whether this declaration reports the sheet's read problems: the first written from the sheet does.
    pub reports_read_problems: bool,
}

/// Reads a table file's bytes into sheets: a CSV is one sheet, a workbook one per worksheet.
pub fn read_sheets(
    display: &str,
    path: &Path,
    bytes: Vec<u8>,
    encoding: Encoding,
) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let text = table::decode(&bytes, encoding)?;
        Ok(vec![csv::read_csv(display, &text)])
    } else {
        workbook::read_workbook(display, bytes)
    }
}

/// The indicator tables among `sheets`; a file with none is an error that names the headers found. A sheet
/// with long-term (中长期) targets beside or above the annual ones gives a second declaration.
pub fn import(display: &str, sheets: Vec<Sheet>) -> Result<Vec<ImportedSheet>, Box<Diagnostic>> {
    let stem = Path::new(display)
        .file_stem()
        .map_or_else(|| display.to_string(), |s| s.to_string_lossy().to_string());
    let mut first_row_seen: Option<String> = None;
    let mut imported: Vec<ImportedSheet> = Vec::new();
    // The read problems of sheets with no indicator table still reach the report.
    let mut unplaced = Vec::new();
    for sheet in sheets {
        let Some((row, columns)) = generate::find_header(&sheet) else {
            unplaced.extend(sheet.problems.iter().cloned().map(|mut problem| {
                problem.span = Span::point(0);
                problem
            }));
            if first_row_seen.is_none() {
                first_row_seen = sheet
                    .rows
                    .iter()
                    .position(|r| r.iter().any(|c| !c.text.is_empty()))
                    .map(|r| generate::header_texts(&sheet, r));
            }
            continue;
        };
        let name = match &sheet.name {
            Some(sheet_name) => format!("{stem} {sheet_name}"),
            None => stem.clone(),
        };
        let (plans, problems) = plans(&sheet, row, columns);
        let sheet = Arc::new(sheet);
        for (i, plan) in plans.iter().enumerate() {
            let mut generated = generate::generate(&sheet, plan, &name);
            if plan.long_term && generated.indicators == 0 {
                // Long-term columns with no name or target: nothing to declare.
                continue;
            }
            if i == 0 {
                generated.problems.extend(problems.iter().cloned());
            }
            imported.push(ImportedSheet {
                sheet: Arc::clone(&sheet),
                generated,
                reports_read_problems: i == 0,
            });
        }
    }
    if let Some(first) = imported.first_mut() {
        Arc::make_mut(&mut first.sheet).problems.extend(unplaced);
    } else if let Some(problem) = unplaced.into_iter().next() {
        return Err(Box::new(problem));
    }
    if imported.is_empty() {
        let found = first_row_seen.unwrap_or_default();
        return Err(Box::new(
            Diagnostic::new(
                codes::NO_INDICATOR_TABLE,
                Severity::Error,
                Span::point(0),
                Text::new(
                    format!("没有找到指标表：表头是“{found}”，其中没有可识别的指标列"),
                    format!("no indicator table found: the headers are `{found}`, none of them an indicator column"),
                ),
            )
            .with_help(Text::new(
                "指标表要有“一级指标”或“二级指标”列，以及“三级指标”（或“指标名称”）与“指标值”列",
                "an indicator table needs a 一级指标 or 二级指标 column and a 三级指标 (指标名称) and 指标值 column",
            )),
        ));
    }
    Ok(imported)
}

/// What to write from a sheet whose first header row is `row`: the annual declaration, and a long-term one
/// when the header has `(中长期)` twins beside the annual columns or a block headed 长期/中期 sits above or
/// below the annual one. A later header row like the first (a page break, a stacked block) starts a new run
/// of rows; one that names other columns is a problem.
fn plans(
    sheet: &Sheet,
    row: usize,
    columns: Vec<(usize, header::Role)>,
) -> (Vec<Plan>, Vec<generate::Problem>) {
    let mut problems = Vec::new();
    let mut starts = vec![row];
    // A header row with other columns starts a second table: reported, and read with its own columns.
    let mut second = None;
    for r in row + 1..sheet.rows.len() {
        if layout::is_footer(&sheet.rows[r]) {
            break;
        }
        let Some(other) = generate::header_columns(sheet, r) else {
            continue;
        };
        if other == columns {
            starts.push(r);
        } else {
            problems.push(second_header(sheet, row, r));
            second = Some((r, other));
            break;
        }
    }
    let long_block = |r: usize| sheet.rows[r].iter().any(|c| header::is_long_term(&c.text));
    let end = second.as_ref().map_or(sheet.rows.len(), |(r, _)| *r);
    let sections: Vec<(bool, std::ops::Range<usize>)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            (
                long_block(s),
                s + 1..starts.get(i + 1).copied().unwrap_or(end),
            )
        })
        .collect();
    let plan = |long_term: bool, columns: &[(usize, header::Role)], blocks: bool| Plan {
        header_row: row,
        columns: columns.to_vec(),
        sections: sections
            .iter()
            .filter(|(long, _)| !blocks || *long == long_term)
            .map(|(_, range)| range.clone())
            .collect(),
        long_term,
        project: None,
    };
    let stacked = sections.iter().any(|(long, _)| *long) && sections.iter().any(|(long, _)| !*long);
    let texts: Vec<&str> = sheet.rows[row].iter().map(|c| c.text.as_str()).collect();
    let twins = header::long_term_columns(&texts);
    let mut plans = by_project(sheet, plan(false, &columns, stacked));
    if stacked {
        plans.push(plan(true, &columns, true));
    } else if !twins.is_empty() {
        plans.push(plan(true, &twins, false));
    }
    if let Some((r, other)) = second {
        let (more, more_problems) = self::plans(sheet, r, other);
        plans.extend(more);
        problems.extend(more_problems);
    }
    (plans, problems)
}

/// In a table that lists several projects (a 项目名称 column), one plan for each: its rows run from the row that
/// names it to the row that names the next; rows before the first go with the first.
fn by_project(sheet: &Sheet, plan: Plan) -> Vec<Plan> {
    let Some(column) = plan
        .columns
        .iter()
        .find(|(_, role)| *role == header::Role::Project)
        .map(|(c, _)| *c)
    else {
        return vec![plan];
    };
    let names = |r: usize| {
        sheet.cell(r, column).is_some_and(|cell| {
            !cell.text.trim().is_empty() && cell.merged_from.is_none_or(|(row, _)| row == r)
        })
    };
    let starts: Vec<usize> = plan
        .sections
        .iter()
        .flat_map(Clone::clone)
        .filter(|&r| names(r))
        .collect();
    if starts.is_empty() {
        return vec![plan];
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let from = if i == 0 { 0 } else { start };
            let to = starts.get(i + 1).copied().unwrap_or(usize::MAX);
            let sections = plan
                .sections
                .iter()
                .map(|s| s.start.max(from)..s.end.min(to))
                .filter(|s| !s.is_empty())
                .collect();
            Plan {
                sections,
                project: Some(start),
                ..plan.clone()
            }
        })
        .collect()
}

/// The problem of a second header row that names other columns than the first.
fn second_header(sheet: &Sheet, first: usize, second: usize) -> generate::Problem {
    let one = generate::header_texts(sheet, first);
    let two = generate::header_texts(sheet, second);
    generate::Problem {
        code: codes::UNREAD_TABLE_ROW,
        row: second,
        column: sheet.rows[second]
            .iter()
            .position(|c| !c.text.is_empty())
            .unwrap_or(0),
        message: Text::new(
            format!("第 {} 行与第 {} 行都像表头，但列不同：“{one}”与“{two}”；第 {} 行以下按它的列读成另一份申报", first + 1, second + 1, second + 1),
            format!("rows {} and {} both look like header rows, with other columns: `{one}` and `{two}`; the rows under row {} are read with its columns as another declaration", first + 1, second + 1, second + 1),
        ),
        help: Text::new(
            "一张工作表只放一张指标表，或让重复的表头与第一行表头相同；第二张表请放到另一个工作表",
            "keep one indicator table a sheet, or repeat the header exactly; put a second table on a sheet of its own",
        ),
    }
}

/// The .jx text of imported tables: one declaration per sheet.
pub fn to_jx(display: &str, imported: &[ImportedSheet]) -> String {
    let mut out = format!("# 由 jixiao import 从 {display} 生成。\n");
    for sheet in imported {
        if let Some(name) = &sheet.sheet.name {
            out.push_str(&format!("\n# 工作表“{name}”\n"));
        } else {
            out.push('\n');
        }
        out.push_str(&sheet.generated.jx);
    }
    out
}

/// Checks each imported sheet with `rules`: one report per sheet, every finding moved to its cell.
pub fn check(display: &str, imported: &[ImportedSheet], rules: &RuleSet) -> Vec<FileReport> {
    imported
        .iter()
        .map(|sheet| {
            let jx = SourceFile::new(display, &sheet.generated.jx);
            let report = check_with_rules(jx, rules);
            let (mut diagnostics, read) = sheet_problems(sheet);
            // One declaration is written from each sheet.
            let declaration = report
                .document
                .as_ref()
                .and_then(|document| document.declarations.first());
            let subjects: Vec<Option<String>> = report
                .diagnostics
                .iter()
                .map(|d| {
                    declaration
                        .and_then(|decl| crate::report::subject_at(decl, d.span.start).label())
                })
                .collect();
            diagnostics.extend(
                report
                    .diagnostics
                    .into_iter()
                    .zip(subjects)
                    .map(|(d, subject)| {
                        let mut located = locate(d, &sheet.sheet, &sheet.generated);
                        if let Some(cell) = &mut located.cell {
                            cell.subject = subject;
                        }
                        help::for_table(&mut located, rules);
                        located
                    }),
            );
            let header_row = generate::find_header(&sheet.sheet).map(|(row, _)| row);
            allow::apply(
                &mut diagnostics,
                &sheet.sheet,
                header_row,
                &sheet.generated,
                rules,
            );
            diagnostics.extend(read);
            diagnostics.sort_by_key(|d| d.span.start);
            FileReport {
                path: display.to_string(),
                source: Some(sheet.sheet.view.clone()),
                document: report.document,
                diagnostics,
            }
        })
        .collect()
}

/// What reading the tables met, without the rules: cells that could not be read and rows that could not be
/// placed; one report per sheet that has any. `jixiao import` reports them beside the .jx it writes.
pub fn problems(display: &str, imported: &[ImportedSheet]) -> Vec<FileReport> {
    imported
        .iter()
        .map(|sheet| {
            let (mut diagnostics, read) = sheet_problems(sheet);
            diagnostics.extend(read);
            diagnostics.sort_by_key(|d| d.span.start);
            FileReport {
                path: display.to_string(),
                source: Some(sheet.sheet.view.clone()),
                document: None,
                diagnostics,
            }
        })
        .filter(|report| !report.diagnostics.is_empty())
        .collect()
}

/// The problems of one imported sheet, located in it: the rows the writer could not place, and the cells the
/// reader could not read.
fn sheet_problems(sheet: &ImportedSheet) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let placed = sheet
        .generated
        .problems
        .iter()
        .map(|p| problem(p, &sheet.sheet))
        .collect();
    let read = if sheet.reports_read_problems {
        sheet.sheet.problems.clone()
    } else {
        Vec::new()
    };
    (placed, read)
}

/// The error of a row that could not be read, at its cell.
fn problem(problem: &generate::Problem, sheet: &Sheet) -> Diagnostic {
    let span = sheet
        .cell(problem.row, problem.column)
        .map_or_else(|| row_start(sheet, problem.row), |c| c.span);
    let mut diagnostic = Diagnostic::new(
        problem.code,
        problem.code.severity,
        span,
        problem.message.clone(),
    )
    .with_help(problem.help.clone());
    diagnostic.cell = Some(CellLocation {
        sheet: sheet.name.clone(),
        cell: table::cell_ref(problem.row, problem.column),
        text: sheet
            .cell(problem.row, problem.column)
            .map(|c| c.text.clone()),
        subject: None,
    });
    diagnostic
}

/// Moves a finding from the generated .jx to the cell it came from; inside a cell copied word for word, to the
/// exact words, when the words at the finding are the cell's (a placeholder written for an empty level, such as
/// `未填一级指标`, is not).
pub fn locate(mut diagnostic: Diagnostic, sheet: &Sheet, generated: &Generated) -> Diagnostic {
    let at = diagnostic.span;
    let segments = &generated.segments;
    let index = segments.partition_point(|s| s.jx.start <= at.start);
    let segment = index
        .checked_sub(1)
        .map(|i| segments[i])
        .filter(|s| at.start < s.jx.end || (at.is_empty() && at.start == s.jx.end));
    let (row, column) = segment.map_or(generated.anchor, |s| (s.row, s.column));
    let span = match (segment.and_then(|s| s.copy_at), sheet.cell(row, column)) {
        (Some(copy), Some(cell))
            if cell.verbatim
                && at.start >= copy
                && at.end <= copy + cell.text.len()
                && generated.jx.get(at.range()).is_some_and(|words| {
                    cell.text.get(at.start - copy..at.end - copy) == Some(words)
                }) =>
        {
            Span::new(
                cell.span.start + (at.start - copy),
                cell.span.start + (at.end - copy),
            )
        }
        (_, Some(cell)) => cell.span,
        (_, None) => row_start(sheet, row),
    };
    diagnostic.span = span;
    // A fix edits .jx text; a table is not rewritten.
    diagnostic.fix = None;
    diagnostic.cell = Some(CellLocation {
        sheet: sheet.name.clone(),
        cell: table::cell_ref(row, column),
        text: sheet.cell(row, column).map(|c| c.text.clone()),
        subject: None,
    });
    diagnostic
}

fn row_start(sheet: &Sheet, row: usize) -> Span {
    let text = sheet.view.text();
    let offset = text
        .split_inclusive('\n')
        .take(row)
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    Span::point(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse::parse;

    /// The syntax errors of the .jx written from a CSV text.
    fn syntax_errors(csv: &str) -> Vec<String> {
        let sheet = super::csv::read_csv("fuzz.csv", csv);
        let imported = import("fuzz.csv", vec![sheet]).expect("an indicator table");
        let jx = to_jx("fuzz.csv", &imported);
        let syntax = [
            codes::SYNTAX,
            codes::UNTERMINATED_STRING,
            codes::INVALID_NUMBER,
            codes::INVALID_DATE,
        ];
        parse(&SourceFile::new("fuzz.jx", &jx))
            .diagnostics
            .iter()
            .filter(|d| syntax.iter().any(|code| d.class() == Some(*code)))
            .map(|d| format!("{}: {}\n{jx}", d.code, d.message.zh))
            .collect()
    }

    #[test]
    fn odd_cells_always_give_a_jx_that_parses() {
        let odd = [
            "2020年全年。",
            "2021年实际实现值",
            "\"\"\"",
            "说 \"好\"",
            "{",
            "}",
            "{}#\\",
            "# 注释",
            "a\\nb",
            "第一行\n第二行",
            "１００％",
            "1,961.50",
            "≥**%",
            "≧ %",
            "100 个 {",
            "定性",
            "年度",
            "资金",
            "\\",
            "—",
            "2023年13月",
            "2022-02-30",
            "99999999999999999999999999999999",
            "＞＝９５％",
            "(70分)",
            "产出指标（10分）",
        ];
        for cell in odd {
            let quoted = format!("\"{}\"", cell.replace('"', "\"\""));
            for row in [
                format!("产出指标,数量指标,名称,{quoted},{quoted},{quoted}"),
                format!("产出指标,数量指标,{quoted},≥95%,%,≥"),
                format!("{quoted},{quoted},名称,95,{quoted},正向"),
            ] {
                let csv = format!("一级指标,二级指标,三级指标,指标值,计量单位,指标性质\n{row}\n");
                let errors = syntax_errors(&csv);
                assert!(errors.is_empty(), "cell {cell:?}: {errors:?}");
            }
        }
    }
}
