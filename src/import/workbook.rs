//! Workbooks (.xlsx, .xlsm, .xls, .ods, .xlsb through calamine) into sheets, with their cells as Excel shows
//! them: a number with a percent format is a percent, a formula its cached value, a date a date, a merged
//! region's value in every cell it covers.
//!
//! Reading is bounded: an .xlsx sheet is read cell by cell (never by the size it declares, which a 7 KB file can
//! set to 17 billion cells) into a `Grid` with caps; a zip container whose members would unpack past
//! [`MAX_MEMBER_BYTES`] or [`MAX_UNPACKED_BYTES`] is refused before it is read (the sizes it declares are
//! checked first, then the real ones, unpacked into nothing). A password-protected, corrupt or unknown file is a
//! read error that says which; a reader that panics on a damaged file is caught.

use super::table::{unreadable, Grid, Sheet, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::{Diagnostic, Text};
use calamine::{
    Data, DataRef, Reader, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError, XlsxFormulaMetadata,
};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most bytes one member of a zip container (.xlsx, .ods) may unpack to: a sheet of many thousands of rows.
pub const MAX_MEMBER_BYTES: u64 = 128 << 20;
/// The most bytes all members of a zip container may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 512 << 20;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Reads every sheet of a workbook. A damaged workbook is an error about that file, never a crash of the run:
/// the readers are known to panic on some damaged files, and that panic is caught.
pub fn read_workbook(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(name, bytes)))
        .unwrap_or_else(|_| Err(damaged("the reader stopped on damaged data".to_string())))
}

fn read(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    if bytes.starts_with(ZIP_MAGIC) {
        let members = check_zip(&bytes)?;
        let has = |member: &str| members.iter().any(|m| m == member);
        if has("xl/workbook.xml") {
            read_xlsx(name, bytes)
        } else if has("content.xml") {
            check_ods_extent(&bytes)?;
            let workbook =
                calamine::Ods::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
            read_ranges(name, workbook, |_, _| Vec::new())
        } else if has("xl/workbook.bin") {
            read_xlsb(name, bytes)
        } else {
            Err(not_a_workbook("a zip archive with no workbook in it"))
        }
    } else if bytes.starts_with(OLE_MAGIC) {
        check_ole(&bytes)?;
        if let Err(XlsxError::Password) = Xlsx::new(Cursor::new(bytes.as_slice())) {
            return Err(encrypted());
        }
        if let Some(extent) = super::xls::largest_extent(&bytes) {
            within_cells(extent)?;
        }
        match Xls::new(Cursor::new(bytes)) {
            Ok(workbook) => read_ranges(name, workbook, |workbook: &Xls<_>, sheet| {
                workbook
                    .merge_cells_by_sheet_name(sheet)
                    .unwrap_or_default()
            }),
            Err(XlsError::Password) => Err(encrypted()),
            Err(e) => Err(damaged(e.to_string())),
        }
    } else {
        Err(not_a_workbook(
            "neither a zip archive (.xlsx, .ods) nor an OLE compound file (.xls)",
        ))
    }
}

/// The names of a zip container's members, after checking that unpacking them stays within the caps.
fn check_zip(bytes: &[u8]) -> Result<Vec<String>, Box<Diagnostic>> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let mut names = Vec::with_capacity(archive.len());
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| damaged(e.to_string()))?;
        let name = member
            .name()
            .map_err(|e| damaged(e.to_string()))?
            .to_string();
        total = total.saturating_add(member.size());
        if member.size() > MAX_MEMBER_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(too_big_to_unpack(&name, member.size()));
        }
        names.push(name);
    }
    // The declared sizes may lie: unpack each member into nothing, no further than the caps allow.
    let mut total: u64 = 0;
    for (i, name) in names.iter().enumerate() {
        let member = archive.by_index(i).map_err(|e| damaged(e.to_string()))?;
        let mut limited = member.take(MAX_MEMBER_BYTES + 1);
        let size = std::io::copy(&mut limited, &mut std::io::sink())
            .map_err(|e| damaged(format!("{name}: {e}")))?;
        total += size;
        if size > MAX_MEMBER_BYTES || total > MAX_UNPACKED_BYTES {
            return Err(too_big_to_unpack(name, size));
        }
    }
    Ok(names)
}

/// Checks an OLE compound file (.xls, an encrypted workbook) with the `cfb` reader before calamine reads it:
/// calamine follows a sector chain that loops back on itself until memory runs out (a 6 KB file asked for
/// 2 GB), `cfb` refuses it; every stream is read into nothing, no further than a zip member may unpack.
fn check_ole(bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let streams: Vec<_> = file
        .walk()
        .filter(|entry| entry.is_stream())
        .map(|entry| entry.path().to_path_buf())
        .collect();
    for path in streams {
        let stream = file
            .open_stream(&path)
            .map_err(|e| damaged(e.to_string()))?;
        std::io::copy(&mut stream.take(MAX_MEMBER_BYTES), &mut std::io::sink())
            .map_err(|e| damaged(e.to_string()))?;
    }
    Ok(())
}

/// Reads an .xlsx cell by cell: values (a formula's cached value) first, then the number formats of the
/// numbers, for percents.
fn read_xlsx(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(XlsxError::Password) => return Err(encrypted()),
        Err(e) => return Err(damaged(e.to_string())),
    };
    let mut sheets = Vec::new();
    let mut budget = MAX_CELLS;
    for sheet in workbook.sheet_names() {
        let failed = |e: XlsxError| sheet_damaged(&sheet, e.to_string());
        let mut grid = Grid::within(budget);
        let mut numbers: HashMap<(usize, usize), f64> = HashMap::new();
        // Shared formulas are read as their anchors' text: calamine's expansion of them sizes a table by the
        // index a cell names (`si="4000000000"` asks for 160 GB).
        let mut shared: HashMap<usize, String> = HashMap::new();
        let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(failed)?;
        while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(failed)? {
            let at = (cell.pos.0 as usize, cell.pos.1 as usize);
            let formula = match cell.formula {
                Some(XlsxFormulaMetadata::Normal { formula }) => Some(formula),
                Some(XlsxFormulaMetadata::Shared {
                    shared_index,
                    formula,
                    ..
                }) => {
                    if shared.len() < MAX_CELLS {
                        shared.insert(shared_index, formula.clone());
                    }
                    Some(formula)
                }
                Some(XlsxFormulaMetadata::SharedDerived { shared_index }) => {
                    Some(shared.get(&shared_index).cloned().unwrap_or_default())
                }
                _ => None,
            };
            match (cell.value, formula) {
                (DataRef::Empty, Some(formula)) => grid.put(at, format!("={formula}"), true),
                (value, _) => {
                    let value = Data::from(value);
                    if at.0 < MAX_ROWS && at.1 < MAX_COLUMNS {
                        if let Some(number) = number_of(&value) {
                            numbers.insert(at, number);
                        }
                    }
                    grid.put(at, cell_text(&value), false);
                }
            }
        }
        drop(cells);
        if !numbers.is_empty() {
            let mut styles = workbook.worksheet_cells_reader(&sheet).map_err(failed)?;
            let percent: Vec<bool> = styles.styles().iter().map(is_percent).collect();
            while let Some((row, column, style)) = styles.next_style_id().map_err(failed)? {
                let at = (row as usize, column as usize);
                if let (Some(&number), Some(true)) = (numbers.get(&at), percent.get(style)) {
                    grid.put(at, percent_text(number), false);
                }
            }
        }
        for region in workbook.merge_cells_by_sheet_name(&sheet).map_err(failed)? {
            grid.merge(position(region.start), position(region.end));
        }
        let built = grid.build(name, &sheet);
        budget = budget.saturating_sub(laid_out(&built));
        sheets.push(built);
    }
    Ok(sheets)
}

/// Reads an .xlsb cell by cell (its reader's ranges are sized by the cells' extent: one cell at XFD1048576
/// asks for 512 GB).
fn read_xlsb(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    let mut workbook = match Xlsb::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(XlsbError::Password) => return Err(encrypted()),
        Err(e) => return Err(damaged(e.to_string())),
    };
    let mut sheets = Vec::new();
    let mut budget = MAX_CELLS;
    for sheet in workbook.sheet_names() {
        let failed = |e: XlsbError| sheet_damaged(&sheet, e.to_string());
        let mut grid = Grid::within(budget);
        let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(failed)?;
        while let Some(cell) = cells.next_cell().map_err(failed)? {
            let value = Data::from(cell.get_value().clone());
            grid.put(position(cell.get_position()), cell_text(&value), false);
        }
        drop(cells);
        let built = grid.build(name, &sheet);
        budget = budget.saturating_sub(laid_out(&built));
        sheets.push(built);
    }
    Ok(sheets)
}

/// How many cells a sheet lays out: what it takes of a workbook's [`MAX_CELLS`].
fn laid_out(sheet: &Sheet) -> usize {
    sheet.rows.iter().map(Vec::len).sum::<usize>().max(1)
}

/// Reads a workbook whose reader gives whole ranges (.xls, .ods), with the merged regions `merges` finds. Their
/// extent is checked before (`within_cells`), so that no range is larger than a sheet may be.
fn read_ranges<R, W>(
    name: &str,
    mut workbook: W,
    merges: impl Fn(&W, &str) -> Vec<calamine::Dimensions>,
) -> Result<Vec<Sheet>, Box<Diagnostic>>
where
    W: Reader<R>,
    R: std::io::Read + std::io::Seek,
    W::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    let mut budget = MAX_CELLS;
    for sheet in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| sheet_damaged(&sheet, e.to_string()))?;
        let (first_row, first_col) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut grid = Grid::within(budget);
        for (r, c, value) in range.used_cells() {
            grid.put((first_row + r, first_col + c), cell_text(value), false);
        }
        for region in merges(&workbook, &sheet) {
            grid.merge(position(region.start), position(region.end));
        }
        let built = grid.build(name, &sheet);
        budget = budget.saturating_sub(laid_out(&built));
        sheets.push(built);
    }
    Ok(sheets)
}

fn position((row, column): (u32, u32)) -> (usize, usize) {
    (row as usize, column as usize)
}

/// The number of a number cell (not a date), for a percent format.
fn number_of(value: &Data) -> Option<f64> {
    match value {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// Whether a cell style's number format shows a percent: a `%` outside quotes, brackets and escapes.
fn is_percent(style: &calamine::Style) -> bool {
    let Some(format) = &style.number_format else {
        return false;
    };
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in format.format_code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// The percent a stored number shows with a percent format, exactly: 0.95 is `95%`, 1 is `100%`, 0.955 is
/// `95.5%` (the stored value, not rounded to the format's decimals).
fn percent_text(number: f64) -> String {
    use std::str::FromStr;
    match rust_decimal::Decimal::from_str(&float_text(number))
        .ok()
        .and_then(|d| d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED))
    {
        Some(percent) => format!("{}%", percent.normalize()),
        None => format!("{}%", float_text(number * 100.0)),
    }
}

/// A workbook cell's text. Numbers keep the shortest decimal that reads back as the stored number (the text
/// the user typed, `1346.0088`), dates become `YYYY-MM-DD`.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            match rust_decimal::Decimal::try_from(serial.floor())
                .ok()
                .and_then(crate::syntax::ast::Date::from_excel_serial)
            {
                Some(date) if dt.is_datetime() => date.to_string(),
                _ => float_text(serial),
            }
        }
    }
}

/// The shortest decimal text of a stored number (Rust prints the shortest text that reads back exactly).
fn float_text(f: f64) -> String {
    let text = f.to_string();
    text.strip_suffix(".0").map_or(text.clone(), str::to_string)
}

fn damaged(detail: String) -> Box<Diagnostic> {
    unreadable(
        format!("无法读取工作簿：文件已损坏（{detail}）"),
        format!("cannot read the workbook: the file is damaged ({detail})"),
        Text::new(
            "在 Excel 或 WPS 中打开并重新保存，或换用导出的 CSV",
            "open and save it again in Excel or WPS, or use an exported CSV",
        ),
    )
}

fn sheet_damaged(sheet: &str, detail: String) -> Box<Diagnostic> {
    unreadable(
        format!("无法读取工作表“{sheet}”：文件已损坏（{detail}）"),
        format!("cannot read the sheet `{sheet}`: the file is damaged ({detail})"),
        Text::new(
            "在 Excel 或 WPS 中打开并重新保存，或换用导出的 CSV",
            "open and save it again in Excel or WPS, or use an exported CSV",
        ),
    )
}

fn encrypted() -> Box<Diagnostic> {
    unreadable(
        "无法读取工作簿：文件有打开密码（已加密）".to_string(),
        "cannot read the workbook: it is password-protected (encrypted)".to_string(),
        Text::new(
            "在 Excel 或 WPS 中输入密码打开，取消“用密码进行加密”后另存一份再检查",
            "open it with its password in Excel or WPS, remove the password (Encrypt with Password) and save a \
             copy to check",
        ),
    )
}

fn not_a_workbook(what: &str) -> Box<Diagnostic> {
    let zh = match what.starts_with("a zip") {
        true => "是 zip 压缩包，但其中没有工作簿",
        false => "既不是 .xlsx/.ods（zip 压缩包）也不是 .xls（OLE 复合文档）",
    };
    unreadable(
        format!("无法读取工作簿：文件{zh}"),
        format!("cannot read the workbook: the file is {what}"),
        Text::new(
            "确认文件是 Excel、WPS 或 OpenDocument 保存的工作簿，扩展名与内容相符",
            "check that the file is a workbook saved by Excel, WPS or OpenDocument, with a matching extension",
        ),
    )
}

/// Refuses an .ods whose repeated rows and cells would lay out more cells than a sheet may hold.
fn check_ods_extent(bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|e| damaged(e.to_string()))?
        .take(MAX_MEMBER_BYTES);
    within_cells(super::ods::largest_extent(std::io::BufReader::new(content)))
}

/// Refuses a workbook one of whose sheets would lay out more cells than a sheet may hold.
fn within_cells(extent: u64) -> Result<(), Box<Diagnostic>> {
    if extent <= MAX_CELLS as u64 {
        return Ok(());
    }
    Err(unreadable(
        format!(
            "拒绝读取工作簿：它的单元格（含重复的行与单元格）要铺开 {extent} 个，超过上限（{MAX_CELLS} 个）"
        ),
        format!(
            "refusing to read the workbook: its cells (repeated rows and cells included) would lay out {extent} \
             cells, past the limit ({MAX_CELLS})"
        ),
        Text::new(
            "指标表不会这么大：在 WPS 或 LibreOffice 中删去远处的内容后另存，或换用导出的 CSV",
            "a target table is never this large: delete what lies far from the table and save again, or use an \
             exported CSV",
        ),
    ))
}

fn too_big_to_unpack(member: &str, size: u64) -> Box<Diagnostic> {
    let mib = MAX_MEMBER_BYTES >> 20;
    let total = MAX_UNPACKED_BYTES >> 20;
    unreadable(
        format!(
            "拒绝读取工作簿：其中的 {member} 解压后至少有 {size} 字节，超过上限（每个部分 {mib} MiB，合计 {total} MiB），\
             可能是“压缩炸弹”"
        ),
        format!(
            "refusing to read the workbook: its member {member} unpacks to at least {size} bytes, past the limits \
             ({mib} MiB a member, {total} MiB in all); it may be a zip bomb"
        ),
        Text::new(
            "指标表不会这么大：在 Excel 或 WPS 中删去无关的内容后另存，或换用导出的 CSV",
            "a target table is never this large: delete what does not belong in Excel or WPS and save again, or \
             use an exported CSV",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_numbers_read_back_as_typed() {
        assert_eq!(float_text(1346.0088), "1346.0088");
        assert_eq!(float_text(100.0), "100");
        assert_eq!(float_text(0.95), "0.95");
    }

    #[test]
    fn percents_are_exact() {
        assert_eq!(percent_text(1.0), "100%");
        assert_eq!(percent_text(0.95), "95%");
        assert_eq!(percent_text(0.955), "95.5%");
        assert_eq!(percent_text(0.07), "7%");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_a_read_error() {
        for bytes in [
            b"PK\x03\x04broken".to_vec(),
            OLE_MAGIC.to_vec(),
            b"hello".to_vec(),
            Vec::new(),
        ] {
            let error = read_workbook("t.xlsx", bytes).unwrap_err();
            assert_eq!(error.code, "JX014");
        }
    }
}
