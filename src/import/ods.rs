//! How many cells an OpenDocument spreadsheet asks a reader to lay out, before any reader expands it. A row or a
//! cell may say how often it repeats (`table:number-rows-repeated`, `table:number-columns-repeated`), so a 2 KB
//! file can ask for a billion cells, and the reader lays out every cell from the first to the last one that holds
//! something. Empty rows and cells repeated to the sheet's end, which spreadsheet programs write, ask for nothing.
//!
//! The XML is read by the parser calamine reads it with (quick-xml), configured alike and matching the same
//! element and attribute names, so that no spelling of the XML (quotes, spaces, entities, empty elements) counts
//! differently here and there; it is streamed, never held whole.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use std::io::BufRead;

/// The most rows and columns calamine lays out in a sheet (the .xlsx limits).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// The largest extent (rows × columns up to the last cell that holds something) of the sheets of a
/// `content.xml`, read up to the first error of its XML (where calamine stops too).
pub fn largest_extent(content: impl BufRead) -> u64 {
    let mut reader = quick_xml::Reader::from_reader(content);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let (mut largest, mut sheet) = (0u64, Sheet::default());
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match event {
            Event::Start(e) if e.name() == QName("table:table") => sheet = Sheet::default(),
            Event::End(e) if e.name() == QName("table:table") => {
                largest = largest.max(sheet.extent());
            }
            Event::Start(e) if e.name() == QName("table:table-row") => {
                sheet.row_repeats = repeats(&e, "table:number-rows-repeated");
                sheet.column = 0;
                sheet.filled = None;
            }
            Event::End(e) if e.name() == QName("table:table-row") => sheet.end_row(),
            Event::Start(e) if is_cell(&e) => {
                sheet.cell_repeats = repeats(&e, "table:number-columns-repeated");
                sheet.cell_filled = e.attributes().flatten().any(|a| {
                    a.key == QName("office:value-type") || a.key == QName("table:formula")
                });
                sheet.cell_depth = 1;
            }
            Event::Start(_) if sheet.cell_depth > 0 => {
                sheet.cell_depth += 1;
                sheet.cell_filled = true;
            }
            Event::Text(t) if sheet.cell_depth > 0 && !t.is_empty() => sheet.cell_filled = true,
            Event::End(e) if is_cell_end(e.name()) && sheet.cell_depth == 1 => sheet.end_cell(),
            Event::End(_) if sheet.cell_depth > 1 => sheet.cell_depth -= 1,
            _ => {}
        }
        buf.clear();
    }
    largest.max(sheet.extent())
}

/// What is known of the sheet being read.
#[derive(Default)]
struct Sheet {
    /// Rows so far, with their repeats.
    rows: u64,
    /// The rows up to the last that holds something.
    last_row: u64,
    /// The columns up to the last cell that holds something, in any row.
    last_column: u64,
    row_repeats: u64,
    /// Columns so far in the row, and up to its last filled cell.
    column: u64,
    filled: Option<u64>,
    cell_repeats: u64,
    cell_filled: bool,
    /// How deep inside a cell the reading is (0 outside one).
    cell_depth: usize,
}

impl Sheet {
    fn end_cell(&mut self) {
        self.column = self
            .column
            .saturating_add(self.cell_repeats)
            .min(MAX_COLUMNS);
        if self.cell_filled {
            self.filled = Some(self.column);
        }
        self.cell_depth = 0;
    }

    fn end_row(&mut self) {
        let rows = self.rows.saturating_add(self.row_repeats).min(MAX_ROWS);
        if let Some(column) = self.filled {
            self.last_row = rows;
            self.last_column = self.last_column.max(column);
        }
        self.rows = rows;
    }

    fn extent(&self) -> u64 {
        self.last_row.saturating_mul(self.last_column)
    }
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    is_cell_end(e.name())
}

fn is_cell_end(name: QName<'_>) -> bool {
    name == QName("table:table-cell") || name == QName("table:covered-table-cell")
}

/// The value of a repeat attribute, 1 when it is absent; what cannot be read as a number counts as the most.
fn repeats(e: &BytesStart<'_>, attribute: &str) -> u64 {
    match e.try_get_attribute(attribute) {
        Ok(Some(a)) => match quick_xml::escape::unescape(&a.value) {
            Ok(v) => v.trim().parse().unwrap_or(MAX_ROWS),
            Err(_) => MAX_ROWS,
        },
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!("<office:spreadsheet><table:table table:name=\"S\">{rows}</table:table></office:spreadsheet>")
    }

    fn extent(xml: &str) -> u64 {
        largest_extent(xml.as_bytes())
    }

    #[test]
    fn repeats_of_filled_cells_count_and_empty_padding_does_not() {
        let cell =
            "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>";
        let padding = "<table:table-cell table:number-columns-repeated=\"16380\"/>";
        let table = format!(
            "<table:table-row>{cell}{cell}{padding}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"3\">{cell}{padding}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\">{padding}</table:table-row>"
        );
        assert_eq!(extent(&sheet(&table)), 4 * 2);

        let far = "<table:table-row table:number-rows-repeated=\"9000\">\
                   <table:table-cell table:number-columns-repeated=\"10000\" office:value-type=\"string\">\
                   <text:p>x</text:p></table:table-cell></table:table-row>";
        assert_eq!(extent(&sheet(far)), 9000 * 10000);
        assert_eq!(extent("no sheet"), 0);
    }

    #[test]
    fn every_spelling_of_the_xml_counts_alike() {
        // Single quotes, spaces around `=`, an entity, a line break after the element's name, text without a
        // value type: each spelling the XML allows, which calamine reads as 9000 × 10000 cells.
        let far = "<table:table-row table:number-rows-repeated = '9&#48;00'>\
                   <table:table-cell\ntable:number-columns-repeated='10000'><text:p>x</text:p>\
                   </table:table-cell></table:table-row>";
        let table = format!("<office:spreadsheet><table:table\ntable:name='S'>{far}</table:table>");
        assert_eq!(extent(&table), 9000 * 10000);
    }
}
