//! The annotated workbook (`jixiao annotate`, `report --annotate-dir`): what a bureau hands back with a table.
//!
//! A new .xlsx (written with `rust_xlsxwriter`), never the table itself: a first sheet 审核意见 with the opinion
//! on each declaration and the list of findings, each linked to its cell; then a copy of every sheet's cell
//! values as read, with a note on every flagged cell (each finding's message and suggested change) and a fill by
//! the severity of its most serious finding. Unlike the other formats this is no [`super::Render`]: it needs
//! the table's cells, which reports do not keep.

use super::opinion::{self, opinions, severity_word};
use super::PlacedFinding;
use crate::config::Thresholds;
use crate::diagnostic::{Lang, Severity};
use crate::import::Sheet;
use crate::report::FileReport;
use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Url, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// The name of the opinion's sheet.
pub const OPINION_SHEET: &str = "审核意见";

/// The widest a copied column is made, in characters.
const MAX_WIDTH: f64 = 50.0;

/// The fill of a cell whose most serious finding has `severity`.
pub fn fill(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFEB9C,
        Severity::Info => 0xDDEBF7,
    }
}

/// The annotated copy of the table `display`, whose sheets are `sheets` (every sheet read, in order) and whose
/// reports are `reports`, as the bytes of an .xlsx.
///
/// # Errors
/// When the workbook cannot be written (a sheet past Excel's limits).
pub fn annotated(
    display: &str,
    sheets: &[Sheet],
    reports: &[FileReport],
    thresholds: Thresholds,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let names = sheet_names(display, sheets);
    let opinion_name = if names.iter().any(|n| n == OPINION_SHEET) {
        format!("{OPINION_SHEET}（jixiao）")
    } else {
        OPINION_SHEET.to_string()
    };
    let mut workbook = Workbook::new();
    let all: Vec<_> = reports
        .iter()
        .flat_map(|report| opinions(report, thresholds))
        .collect();
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&opinion_name)?;
        write_opinions(sheet, display, &all, &names, sheets, lang)?;
    }
    // The findings of each cell, by sheet index.
    let mut flagged: Vec<BTreeMap<(u32, u16), Vec<&PlacedFinding<'_>>>> =
        vec![BTreeMap::new(); sheets.len()];
    for finding in all
        .iter()
        .flat_map(|o| o.groups.iter().flat_map(|g| &g.findings))
    {
        if let Some((index, at)) = cell_of(finding, sheets) {
            flagged[index].entry(at).or_default().push(finding);
        }
    }
    for ((sheet, name), flagged) in sheets.iter().zip(&names).zip(&flagged) {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(name)?;
        copy_sheet(worksheet, sheet, flagged, lang)?;
    }
    workbook.save_to_buffer()
}

/// The sheets' names in the copy: their own (a CSV's: the file's stem), made valid and unique for Excel.
fn sheet_names(display: &str, sheets: &[Sheet]) -> Vec<String> {
    let stem = std::path::Path::new(display).file_stem().map_or_else(
        || "Sheet1".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut names: Vec<String> = Vec::new();
    for sheet in sheets {
        let wanted = sheet.name.clone().unwrap_or_else(|| stem.clone());
        let mut name: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect::<String>()
            .trim_matches('\'')
            .chars()
            .take(31)
            .collect();
        if name.is_empty() {
            name = format!("Sheet{}", names.len() + 1);
        }
        let base = name.clone();
        let mut n = 2;
        while names.iter().any(|other| other.eq_ignore_ascii_case(&name)) {
            let suffix = format!(" ({n})");
            name = base
                .chars()
                .take(31 - suffix.chars().count())
                .collect::<String>()
                + &suffix;
            n += 1;
        }
        names.push(name);
    }
    names
}

/// The sheet and (row, column) of a finding's cell, when the copy has it.
fn cell_of(finding: &PlacedFinding<'_>, sheets: &[Sheet]) -> Option<(usize, (u32, u16))> {
    let cell = finding.diagnostic.cell.as_ref()?;
    let index = match &cell.sheet {
        Some(name) => sheets.iter().position(|s| s.name.as_ref() == Some(name))?,
        None => 0,
    };
    Some((index, parse_cell(&cell.cell)?))
}

/// `E12` as (row 11, column 4), within Excel's limits.
pub fn parse_cell(reference: &str) -> Option<(u32, u16)> {
    let (row, column) = crate::import::table::parse_cell_ref(reference)?;
    Some((u32::try_from(row).ok()?, u16::try_from(column).ok()?))
}

/// The link to a cell of the copy: `internal:'项目一'!E12`.
fn link(sheet: &str, cell: &str) -> Url {
    Url::new(format!("internal:'{}'!{cell}", sheet.replace('\'', "''")))
}

/// The first sheet: each opinion's text, then the list of findings, each linked to its cell.
fn write_opinions(
    sheet: &mut Worksheet,
    display: &str,
    all: &[opinion::Opinion<'_>],
    names: &[String],
    sheets: &[Sheet],
    lang: Lang,
) -> Result<(), XlsxError> {
    let zh = lang == Lang::Zh;
    let title = Format::new().set_bold().set_font_size(16);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.write_string_with_format(0, 0, if zh { "审核意见" } else { "Review opinion" }, &title)?;
    sheet.write_string(1, 0, display)?;
    let mut row = 3;
    for opinion in all {
        let verdict = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(match opinion.verdict {
                opinion::Verdict::Return => 0xC62828,
                opinion::Verdict::Revise => 0xB26A00,
                opinion::Verdict::Pass => 0x2E7D32,
            }));
        for (i, line) in opinion.text(lang).lines().enumerate() {
            let format = if i == 2 {
                &verdict
            } else if i == 0 {
                &bold
            } else {
                &wrap
            };
            sheet.write_string_with_format(row, 0, line, format)?;
            row += 1;
        }
        row += 1;
    }
    write_findings(sheet, row, all, names, sheets, lang)
}

/// The list of findings from `row` down, each linked to its cell, with a filter on its header.
fn write_findings(
    sheet: &mut Worksheet,
    mut row: u32,
    all: &[opinion::Opinion<'_>],
    names: &[String],
    sheets: &[Sheet],
    lang: Lang,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header: [&str; 9] = if lang == Lang::Zh {
        [
            "序号",
            "级别",
            "工作表",
            "单元格",
            "指标",
            "单元格内容",
            "问题",
            "修改建议",
            "规则",
        ]
    } else {
        [
            "no.",
            "severity",
            "sheet",
            "cell",
            "indicator",
            "cell text",
            "finding",
            "suggested change",
            "rule",
        ]
    };
    let first = row;
    for (column, text) in header.iter().enumerate() {
        sheet.write_string_with_format(row, column as u16, *text, &bold)?;
    }
    let link_format = Format::new()
        .set_font_color(Color::RGB(0x1565C0))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let mut number = 0;
    for opinion in all {
        for group in &opinion.groups {
            for finding in &group.findings {
                row += 1;
                number += 1;
                let d = finding.diagnostic;
                let fill = Format::new().set_background_color(Color::RGB(fill(d.severity)));
                sheet.write_number(row, 0, number)?;
                sheet.write_string_with_format(row, 1, severity_word(d.severity, lang), &fill)?;
                if let (Some(cell), Some((index, _))) = (&d.cell, cell_of(finding, sheets)) {
                    sheet.write_string(row, 2, &names[index])?;
                    sheet.write_url_with_format(
                        row,
                        3,
                        link(&names[index], &cell.cell).set_text(&cell.cell),
                        &link_format,
                    )?;
                    sheet.write_string(row, 5, cell.text.as_deref().unwrap_or(""))?;
                } else {
                    sheet.write_string(row, 3, opinion::place(finding, lang))?;
                }
                sheet.write_string(row, 4, group.subject.as_deref().unwrap_or(""))?;
                sheet.write_string_with_format(row, 6, d.message.get(lang), &wrap)?;
                let help = d.help.as_ref().map_or("", |h| h.get(lang));
                sheet.write_string_with_format(row, 7, help, &wrap)?;
                sheet.write_string(row, 8, format!("{} {}", d.code, d.rule))?;
            }
        }
    }
    if number > 0 {
        sheet.autofilter(first, 0, row, 8)?;
    }
    for (column, width) in [6.0, 8.0, 14.0, 9.0, 30.0, 24.0, 50.0, 50.0, 28.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(column as u16, width)?;
    }
    Ok(())
}

/// A sheet's cells as read, with a note and a fill on every flagged cell.
fn copy_sheet(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    flagged: &BTreeMap<(u32, u16), Vec<&PlacedFinding<'_>>>,
    lang: Lang,
) -> Result<(), XlsxError> {
    let mut widths: BTreeMap<u16, usize> = BTreeMap::new();
    for (r, cells) in sheet.rows.iter().enumerate() {
        let Ok(row) = u32::try_from(r) else { break };
        for (c, cell) in cells.iter().enumerate() {
            let Ok(column) = u16::try_from(c) else { break };
            if cell.text.is_empty() || flagged.contains_key(&(row, column)) {
                continue;
            }
            worksheet.write_string(row, column, &cell.text)?;
            let width = widths.entry(column).or_default();
            *width = (*width).max(cell.text.width());
        }
    }
    for (&(row, column), findings) in flagged {
        let worst = findings
            .iter()
            .map(|f| f.diagnostic.severity)
            .max()
            .unwrap_or(Severity::Info);
        let format = Format::new().set_background_color(Color::RGB(fill(worst)));
        let text = sheet
            .cell(row as usize, usize::from(column))
            .map_or("", |c| c.text.as_str());
        worksheet.write_string_with_format(row, column, text, &format)?;
        let note = Note::new(note_text(findings, lang))
            .set_author("jixiao")
            .add_author_prefix(false)
            .set_width(360)
            .set_height(160);
        worksheet.insert_note(row, column, &note)?;
    }
    for (column, width) in widths {
        worksheet.set_column_width(column, ((width as f64) * 1.1 + 2.0).clamp(6.0, MAX_WIDTH))?;
    }
    Ok(())
}

/// The note of a cell: each finding's severity, code, message and suggested change.
pub fn note_text(findings: &[&PlacedFinding<'_>], lang: Lang) -> String {
    findings
        .iter()
        .map(|finding| {
            let d = finding.diagnostic;
            let mut text = match lang {
                Lang::Zh => format!(
                    "【{}】{} {}",
                    severity_word(d.severity, lang),
                    d.code,
                    d.message.get(lang)
                ),
                Lang::En => format!(
                    "[{}] {} {}",
                    severity_word(d.severity, lang),
                    d.code,
                    d.message.get(lang)
                ),
            };
            if let Some(help) = &d.help {
                text.push_str(match lang {
                    Lang::Zh => "\n修改建议：",
                    Lang::En => "\nSuggested change: ",
                });
                text.push_str(help.get(lang));
            }
            text
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("E12"), Some((11, 4)));
        assert_eq!(parse_cell("AA3"), Some((2, 26)));
        assert_eq!(parse_cell("3"), None);
        assert_eq!(parse_cell("A0"), None);
    }
}
