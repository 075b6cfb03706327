//! How many cells an OpenDocument spreadsheet asks a reader to lay out, before any reader expands it. A row or a
//! cell may say how often it repeats (`table:number-rows-repeated`, `table:number-columns-repeated`), so a 2 KB
//! file can ask for a billion cells, and the reader lays out every cell from the first to the last one that holds
//! something. Empty rows and cells repeated to the sheet's end, which spreadsheet programs write, ask for nothing.

/// The largest extent (rows × columns up to the last cell that holds something) of the sheets of a
/// `content.xml`.
pub fn largest_extent(content: &str) -> u64 {
    content
        .split("<table:table ")
        .skip(1)
        .map(sheet_extent)
        .max()
        .unwrap_or(0)
}

/// Rows × columns up to the last row and column holding something, in one sheet's XML.
fn sheet_extent(sheet: &str) -> u64 {
    let sheet = sheet.split("</table:table>").next().unwrap_or(sheet);
    let (mut row, mut last_row, mut last_column) = (0u64, 0u64, 0u64);
    for part in sheet.split("<table:table-row").skip(1) {
        let (tag, body) = part.split_once('>').unwrap_or((part, ""));
        let repeats = repeat(tag, "table:number-rows-repeated");
        let body = if tag.ends_with('/') { "" } else { body };
        if let Some(column) = last_filled_column(body) {
            last_row = row.saturating_add(repeats);
            last_column = last_column.max(column);
        }
        row = row.saturating_add(repeats);
    }
    last_row.saturating_mul(last_column)
}

/// The column just past the last cell of a row that holds something, if any does.
fn last_filled_column(row: &str) -> Option<u64> {
    let row = row.split("</table:table-row>").next().unwrap_or(row);
    let (mut column, mut last) = (0u64, None);
    for part in row.split("<table:").skip(1) {
        if !(part.starts_with("table-cell") || part.starts_with("covered-table-cell")) {
            continue;
        }
        let tag = part.split('>').next().unwrap_or(part);
        let repeats = repeat(tag, "table:number-columns-repeated");
        let empty = tag.ends_with('/') && !tag.contains("office:value-type");
        column = column.saturating_add(repeats);
        if !empty {
            last = Some(column);
        }
    }
    last
}

/// The value of a repeat attribute in a tag, 1 when it is absent or cannot be read.
fn repeat(tag: &str, attribute: &str) -> u64 {
    tag.split_once(&format!("{attribute}=\""))
        .and_then(|(_, rest)| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!("<office:spreadsheet><table:table table:name=\"S\">{rows}</table:table></office:spreadsheet>")
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
        assert_eq!(largest_extent(&sheet(&table)), 4 * 2);

        let far = "<table:table-row table:number-rows-repeated=\"9000\">\
                   <table:table-cell table:number-columns-repeated=\"10000\" office:value-type=\"string\">\
                   <text:p>x</text:p></table:table-cell></table:table-row>";
        assert_eq!(largest_extent(&sheet(far)), 9000 * 10000);
        assert_eq!(largest_extent("no sheet"), 0);
    }
}
