//! How many cells a legacy .xls sheet asks a reader to lay out, before any reader expands it. The BIFF records of
//! its Workbook stream name every cell's row and column and each sheet's declared dimensions, and a reader lays
//! out every cell from the first to the last: a 6 KB file with one cell at IV65536 asks for 16 million.

use std::io::{Cursor, Read};

/// The most bytes of a Workbook stream scanned: far more than any target table needs.
const MAX_STREAM_BYTES: u64 = 128 << 20;

/// The largest extent (rows × columns) of the sheets of an .xls, from its cell records and declared dimensions;
/// `None` when there is no workbook stream to scan (the reader then says what is wrong).
pub fn largest_extent(bytes: &[u8]) -> Option<u64> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .ok()?
        .take(MAX_STREAM_BYTES)
        .read_to_end(&mut stream)
        .ok()?;
    Some(scan(&stream))
}

/// The largest rows × columns over the sheets of a BIFF stream, read where calamine reads them: each sheet from
/// the offset its BoundSheet record names (not where a scan of the stream from its start would fall, which a
/// crafted file sets apart), a record and the CONTINUE records after it taken as one.
fn scan(stream: &[u8]) -> u64 {
    let mut sheets = Vec::new();
    for (kind, data) in records(stream) {
        match kind {
            0x0085 => sheets.extend(long(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    sheets
        .into_iter()
        .filter_map(|at| stream.get(at as usize..))
        .map(sheet_extent)
        .max()
        .unwrap_or(0)
}

/// Rows × columns of the sheet whose records start `stream`: from its declared dimensions (what calamine reserves)
/// and its cell records, up to its end (charts embedded in it skipped, as calamine skips them).
fn sheet_extent(stream: &[u8]) -> u64 {
    let (mut rows, mut columns, mut declared) = (0u64, 0u64, 0u64);
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (kind, data) in records(stream) {
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let (row, column) = match kind {
            0x0809 if seen_bof => {
                depth += 1;
                continue;
            }
            0x0809 => {
                seen_bof = true;
                continue;
            }
            0x000A => break,
            // DIMENSIONS: the last row + 1 and the last column + 1, as u16s (BIFF5) or a u32 and a u16 (BIFF8).
            0x0200 => {
                let last = match data.len() {
                    10 => word(data, 2).map(u32::from).zip(word(data, 6)),
                    14 | 16 => long(data, 4).zip(word(data, 10)),
                    _ => None,
                };
                if let Some((r, c)) = last {
                    declared = declared.max(u64::from(r).saturating_mul(u64::from(c)));
                }
                continue;
            }
            // MULRK, MULBLANK: a row, a first column, …, the last column.
            0x00BD | 0x00BE => match (word(data, 0), word(data, data.len().saturating_sub(2))) {
                (Some(r), Some(c)) => (u64::from(r) + 1, u64::from(c) + 1),
                _ => continue,
            },
            // FORMULA, BLANK, NUMBER, LABEL, BOOLERR, RK, LABELSST, RSTRING: a row and a column.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6 => {
                match (word(data, 0), word(data, 2)) {
                    (Some(r), Some(c)) => (u64::from(r) + 1, u64::from(c) + 1),
                    _ => continue,
                }
            }
            _ => continue,
        };
        rows = rows.max(row);
        columns = columns.max(column);
    }
    declared.max(rows.saturating_mul(columns))
}

/// The records of a BIFF stream, as calamine's reader yields them: (type, data), the CONTINUE records (0x003C)
/// after a record skipped with it; the end of the stream or a record cut short ends them.
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let (kind, len) = (word(stream, 0)?, usize::from(word(stream, 2)?));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        while stream.len() > 4 && word(stream, 0) == Some(0x003C) {
            let len = usize::from(word(stream, 2)?);
            stream = stream.get(4 + len..)?;
        }
        Some((kind, data))
    })
}

fn word(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn long(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    /// A workbook stream: globals naming one sheet, whose records follow them.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0; 16]);
        let eof = record(0x000A, &[]);
        let globals_len = bof.len() + 4 + 8 + eof.len();
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0, 1, b'S']);
        let mut out = [bof.clone(), record(0x0085, &bound), eof.clone(), bof].concat();
        out.extend(sheet.concat());
        out.extend(eof);
        out
    }

    fn number(r: u16, c: u16) -> Vec<u8> {
        let mut data = r.to_le_bytes().to_vec();
        data.extend(c.to_le_bytes());
        data.extend([0; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn the_last_cell_and_the_declared_dimensions_set_the_extent() {
        assert_eq!(scan(&stream(&[number(0, 0), number(9, 3)])), 10 * 4);
        assert_eq!(
            scan(&stream(&[number(0, 0), number(65535, 255)])),
            65536 * 256
        );

        let mut dimensions = vec![0; 4];
        dimensions.extend(5000u32.to_le_bytes());
        dimensions.extend([0, 0]);
        dimensions.extend(200u16.to_le_bytes());
        dimensions.extend([0, 0]);
        let declared = stream(&[record(0x0200, &dimensions), number(1, 1)]);
        assert_eq!(scan(&declared), 5000 * 200);
        assert_eq!(
            scan(&[0x09, 0x08, 0xFF]),
            0,
            "a record cut short is the end"
        );
    }

    #[test]
    fn what_calamine_reads_counts_however_it_is_hidden() {
        // BIFF5 dimensions: u16s, 10 bytes.
        let biff5 = [0u16, 65535, 0, 255, 0]
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .collect::<Vec<u8>>();
        assert_eq!(scan(&stream(&[record(0x0200, &biff5)])), 65535 * 255);
        // A far cell inside a CONTINUE record's data, which a scan from the stream's start would read as records.
        let hidden = [record(0x00FC, &[0; 8]), record(0x003C, &number(65535, 255))].concat();
        assert_eq!(scan(&stream(&[hidden])), 0, "a CONTINUE record is data");
    }
}
