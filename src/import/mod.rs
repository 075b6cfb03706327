//! Tables users already have: the CSV and Excel/WPS/ODS target tables (申报表, 自评表) read into the same model
//! and judged by the same rules, every finding located in the cell to change.
//!
//! [`csv`] and [`workbook`] read files into [`table`]'s sheets of cells, [`header`] recognises the columns, [`value`] reads value cells
//! with the .jx target grammar, [`generate`] writes each sheet as a .jx declaration with a map back to the
//! cells. Checking a table is checking that declaration, so `jixiao import` gives a .jx file with the same
//! findings.

pub mod csv;
pub mod generate;
pub mod header;
pub mod table;
pub mod value;
pub mod workbook;

use crate::diagnostic::{codes, CellLocation, Diagnostic, Severity, Text};
use crate::lint::check_with_rules;
use crate::lint::registry::RuleSet;
use crate::report::FileReport;
use crate::source::{SourceFile, Span};
use generate::Generated;
use std::path::Path;
pub use table::{Encoding, Sheet};

/// One sheet's indicator table and its .jx declaration.
#[derive(Debug, Clone)]
pub struct ImportedSheet {
    /// The sheet.
    pub sheet: Sheet,
    /// The declaration written from it.
    pub generated: Generated,
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

/// The indicator tables among `sheets`; a file with none is an error that names the headers found.
pub fn import(display: &str, sheets: Vec<Sheet>) -> Result<Vec<ImportedSheet>, Box<Diagnostic>> {
    let stem = Path::new(display)
        .file_stem()
        .map_or_else(|| display.to_string(), |s| s.to_string_lossy().to_string());
    let mut first_row_seen: Option<String> = None;
    let mut imported: Vec<ImportedSheet> = Vec::new();
    // The read problems of sheets with no indicator table still reach the report.
    let mut unplaced = Vec::new();
    for sheet in sheets {
        match generate::find_header(&sheet) {
            Some((row, columns)) => {
                let name = match &sheet.name {
                    Some(sheet_name) => format!("{stem} {sheet_name}"),
                    None => stem.clone(),
                };
                let generated = generate::generate(&sheet, row, &columns, &name);
                imported.push(ImportedSheet { sheet, generated });
            }
            None => {
                unplaced.extend(sheet.problems.iter().cloned().map(|mut problem| {
                    problem.span = Span::point(0);
                    problem
                }));
                if first_row_seen.is_none() {
                    first_row_seen = sheet
                        .rows
                        .iter()
                        .find(|r| r.iter().any(|c| !c.text.is_empty()))
                        .map(|r| {
                            r.iter()
                                .map(|c| c.text.as_str())
                                .filter(|t| !t.is_empty())
                                .collect::<Vec<_>>()
                                .join("、")
                        });
                }
            }
        }
    }
    if let Some(first) = imported.first_mut() {
        first.sheet.problems.extend(unplaced);
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
            let mut diagnostics: Vec<Diagnostic> = report
                .diagnostics
                .into_iter()
                .map(|d| locate(d, &sheet.sheet, &sheet.generated))
                .collect();
            if !sheet.sheet.problems.is_empty() {
                diagnostics.extend(sheet.sheet.problems.iter().cloned());
                diagnostics.sort_by_key(|d| d.span.start);
            }
            FileReport {
                path: display.to_string(),
                source: Some(sheet.sheet.view.clone()),
                document: report.document,
                diagnostics,
            }
        })
        .collect()
}

/// Moves a finding from the generated .jx to the cell it came from; inside a cell copied word for word, to the
/// exact words.
fn locate(mut diagnostic: Diagnostic, sheet: &Sheet, generated: &Generated) -> Diagnostic {
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
            if cell.verbatim && at.start >= copy && at.end <= copy + cell.text.len() =>
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
