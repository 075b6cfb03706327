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

/// The largest rows × columns over the substreams (sheets) of a BIFF stream.
fn scan(stream: &[u8]) -> u64 {
    let (mut largest, mut rows, mut columns) = (0u64, 0u64, 0u64);
    let mut at = 0;
    while let (Some(kind), Some(len)) = (word(stream, at), word(stream, at + 2)) {
        let data = stream
            .get(at + 4..at + 4 + len as usize)
            .unwrap_or_default();
        at += 4 + len as usize;
        let (row, column) = match kind {
            // BOF: a new sheet begins.
            0x0809 => {
                largest = largest.max(rows.saturating_mul(columns));
                (rows, columns) = (0, 0);
                continue;
            }
            // DIMENSIONS: the last row + 1 (u32) and the last column + 1 (u16).
            0x0200 => match (long(data, 4), word(data, 10)) {
                (Some(r), Some(c)) => (u64::from(r), u64::from(c)),
                _ => continue,
            },
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
    largest.max(rows.saturating_mul(columns))
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

    #[test]
    fn the_last_cell_and_the_declared_dimensions_set_the_extent() {
        let bof = record(0x0809, &[0; 16]);
        let number = |r: u16, c: u16| {
            let mut data = r.to_le_bytes().to_vec();
            data.extend(c.to_le_bytes());
            data.extend([0; 10]);
            record(0x0203, &data)
        };
        let small = [bof.clone(), number(0, 0), number(9, 3)].concat();
        assert_eq!(scan(&small), 10 * 4);

        let far = [bof.clone(), number(0, 0), number(65535, 255)].concat();
        assert_eq!(scan(&far), 65536 * 256);

        let mut dimensions = vec![0; 4];
        dimensions.extend(5000u32.to_le_bytes());
        dimensions.extend([0, 0]);
        dimensions.extend(200u16.to_le_bytes());
        dimensions.extend([0, 0]);
        let declared = [bof, record(0x0200, &dimensions), number(1, 1)].concat();
        assert_eq!(scan(&declared), 5000 * 200);
        assert_eq!(
            scan(&[0x09, 0x08, 0xFF]),
            0,
            "a record cut short is the end"
        );
    }
}
