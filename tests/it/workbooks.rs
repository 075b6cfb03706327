//! Workbooks an attacker crafts, built here byte by byte: each is read within bounds (a located error where it
//! asks for too much) and the run goes on. Their peak memory before and after is in the README (“安全 · Safety”).

use crate::proptests::workbook;
use crate::support;

/// The findings of `jixiao check --format json NAME` on `bytes`: (code, cell), and the exit code.
fn check(name: &str, bytes: &[u8]) -> (i32, Vec<(String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let run = support::run(dir.path(), &["check", "--format", "json", name]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("exit {}: {}", run.code, run.stderr));
    let found = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let cell = d["cell"].as_str().unwrap_or_default().to_string();
            (d["code"].as_str().unwrap().to_string(), cell)
        })
        .collect();
    (run.code, found)
}

/// A small indicator table's rows, as sheet XML with inline strings, and more cells.
fn sheet_xml(more: &str) -> String {
    let rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "开展培训期数", "≥12期"],
        ["效益指标", "社会效益指标", "就业技能水平", "持续提升"],
    ];
    let mut xml = String::new();
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, text) in row.iter().enumerate() {
            let at = jixiao::import::table::cell_ref(r, c);
            xml.push_str(&format!(
                "<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
            ));
        }
        xml.push_str("</row>");
    }
    format!(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{xml}{more}\
         </sheetData></worksheet>"
    )
}

#[test]
fn a_shared_formula_naming_index_4000000000_is_read_not_allocated() {
    // calamine's expansion of shared formulas sizes a table by `si`: 160 GB, an abort before this was read
    // by the anchors' text.
    let more = "<row r=\"4\"><c r=\"A4\"><f t=\"shared\" si=\"4000000000\" ref=\"A4:A5\">1+1</f></c></row>\
                <row r=\"5\"><c r=\"A5\"><f t=\"shared\" si=\"4000000000\"/></c></row>";
    let bytes = workbook(&[("xl/worksheets/sheet1.xml", sheet_xml(more).as_bytes())]);
    let (code, found) = check("t.xlsx", &bytes);
    assert_eq!(code, 1);
    assert!(found.contains(&("JX102".into(), "D3".into())), "{found:?}");
    for cell in ["A4", "A5"] {
        assert!(
            found.contains(&("JX021".into(), cell.into())),
            "a formula without a value: {found:?}"
        );
    }
}

/// An .xlsb record: its type and length as 7-bit groups, then its data.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = match kind < 0x80 {
        true => vec![kind as u8],
        false => vec![(kind & 0x7F) as u8 | 0x80, (kind >> 7) as u8],
    };
    let mut len = data.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        out.push(if len > 0 { byte | 0x80 } else { byte });
        if len == 0 {
            break;
        }
    }
    out.extend(data);
    out
}

/// An .xlsb wide string: its length in UTF-16 units, then them.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// An .xlsb of one sheet `S` with string cells at (row, column), row by row, declaring A1:XFD1048576.
fn xlsb(cells: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut sheet = record(0x81, &[]);
    let mut dimension = [0u32, 1_048_575, 0, 16_383]
        .iter()
        .flat_map(|n| n.to_le_bytes())
        .collect::<Vec<u8>>();
    sheet.extend(record(0x94, &dimension));
    sheet.extend(record(0x91, &[]));
    for &(row, column, text) in cells {
        let mut header = row.to_le_bytes().to_vec();
        header.extend([0; 13]);
        sheet.extend(record(0x00, &header));
        let mut cell = column.to_le_bytes().to_vec();
        cell.extend([0; 4]);
        cell.extend(wide(text));
        sheet.extend(record(0x06, &cell));
    }
    sheet.extend(record(0x92, &[]));
    dimension.clear();
    let mut bundle = vec![0; 4];
    bundle.extend(1u32.to_le_bytes());
    bundle.extend(wide("rId1"));
    bundle.extend(wide("S"));
    let book = [
        record(0x9C, &bundle),
        record(0x90, &[]),
        record(0x9D, &[0; 4]),
    ]
    .concat();
    let rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                <Relationship Id=\"rId1\" Target=\"worksheets/sheet1.bin\" Type=\"http://schemas.\
                openxmlformats.org/officeDocument/2006/relationships/worksheet\"/></Relationships>";
    zip(&[
        ("xl/workbook.bin", &book),
        ("xl/_rels/workbook.bin.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.bin", &sheet),
    ])
}

fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_xlsb_with_a_cell_at_xfd1048576_is_read_by_its_cells() {
    // calamine's range of an .xlsb spans its cells' extent: 17 billion cells, 512 GB, an abort before this.
    let bytes = xlsb(&[
        (0, 0, "一级指标"),
        (0, 1, "二级指标"),
        (0, 2, "三级指标"),
        (0, 3, "指标值"),
        (1, 0, "效益指标"),
        (1, 1, "社会效益指标"),
        (1, 2, "就业技能水平"),
        (1, 3, "持续提升"),
        (1_048_575, 16_383, "远处"),
    ]);
    assert!(bytes.len() < 2048);
    let (code, found) = check("t.xlsx", &bytes);
    assert_eq!(code, 1);
    assert!(found.contains(&("JX102".into(), "D2".into())), "{found:?}");
    assert!(
        found.contains(&("JX021".into(), "XFD1048576".into())),
        "{found:?}"
    );
}

#[test]
fn the_cell_cap_holds_for_a_whole_workbook_not_each_sheet() {
    // Three sheets of 1,000 × 1,000 cells each lay out 3 million cells: the third is cut.
    let square = "<row r=\"1000\"><c r=\"ALL1000\" t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let sheet = sheet_xml(square);
    let book = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\
                <sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"T\" sheetId=\"2\" r:id=\"rId2\"/>\
                <sheet name=\"U\" sheetId=\"3\" r:id=\"rId3\"/></sheets></workbook>";
    let kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    let rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{kind}\" Target=\"worksheets/sheet1.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{kind}\" Target=\"worksheets/sheet2.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{kind}\" Target=\"worksheets/sheet3.xml\"/></Relationships>"
    );
    let bytes = workbook(&[
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/worksheets/sheet2.xml", sheet.as_bytes()),
        ("xl/worksheets/sheet3.xml", sheet.as_bytes()),
    ]);
    let sheets = jixiao::import::read_sheets(
        "t.xlsx",
        std::path::Path::new("t.xlsx"),
        bytes,
        jixiao::import::Encoding::Auto,
    )
    .unwrap();
    let laid_out: Vec<usize> = sheets
        .iter()
        .map(|s| s.rows.iter().map(Vec::len).sum())
        .collect();
    assert_eq!(laid_out[..2], [1_000_000, 1_000_000]);
    assert!(laid_out[2] < 1_000, "{laid_out:?}");
    let problem = &sheets[2].problems[0];
    assert!(
        problem.message.en.contains("too large"),
        "{}",
        problem.message.en
    );
}

#[test]
fn an_ods_repeat_bomb_in_single_quotes_is_refused_before_it_is_read() {
    // 9,000 rows × 10,000 cells of one repeated row, the attributes in single quotes (which a scan for `="`
    // missed): calamine would lay out 90 million cells.
    let content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>\
        <table:table table:name='S'><table:table-row table:number-rows-repeated='9000'>\
        <table:table-cell table:number-columns-repeated='10000' office:value-type='string'><text:p>x</text:p>\
        </table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>\
        </office:document-content>";
    let bytes = zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.ods"), &bytes).unwrap();
    let run = support::run(dir.path(), &["check", "t.ods"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("JX014") && run.stdout.contains("要铺开"),
        "{}",
        run.stdout
    );
}

const MANIFEST: &str =
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
    <manifest:file-entry manifest:full-path=\"/\" \
    manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/></manifest:manifest>";

/// The records of a BIFF stream: (offset, type, data).
fn biff_records(stream: &[u8]) -> Vec<(usize, u16, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
        out.push((at, kind, stream[at + 4..at + 4 + len].to_vec()));
        at += 4 + len;
    }
    out
}

fn biff_record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

#[test]
fn an_xls_sheet_hidden_inside_another_record_is_counted_where_calamine_reads_it() {
    // The fixture's first sheet, copied with a cell at IV65536 into the data of a record of no known type at
    // the stream's end, its BoundSheet pointed there: a scan from the stream's start sees one unknown record;
    // calamine reads the sheet there and lays out 16.7 million cells.
    let path = support::root().join("fixtures/tables/workbook.xls");
    let mut file = cfb::open(&path).unwrap();
    let mut stream = Vec::new();
    std::io::Read::read_to_end(&mut file.open_stream("/Workbook").unwrap(), &mut stream).unwrap();
    let records = biff_records(&stream);
    let (bound_at, _, bound) = records.iter().find(|r| r.1 == 0x0085).unwrap().clone();
    let sheet_at = u32::from_le_bytes(bound[..4].try_into().unwrap()) as usize;
    let sheet_end = records
        .iter()
        .find(|r| r.0 > sheet_at && r.1 == 0x000A)
        .map(|r| r.0)
        .unwrap();
    let mut far = 65535u16.to_le_bytes().to_vec();
    far.extend(255u16.to_le_bytes());
    far.extend(0u16.to_le_bytes());
    far.extend(1.0f64.to_le_bytes());
    let hidden = [
        &stream[sheet_at..sheet_end],
        &biff_record(0x0203, &far),
        &biff_record(0x000A, &[]),
    ]
    .concat();
    let cover_at = stream.len();
    stream.extend(biff_record(0x1234, &hidden));
    stream[bound_at + 4..bound_at + 8].copy_from_slice(&(cover_at as u32 + 4).to_le_bytes());

    let mut crafted =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .unwrap();
    std::io::Write::write_all(&mut crafted.create_stream("/Workbook").unwrap(), &stream).unwrap();
    crafted.flush().unwrap();
    let bytes = crafted.into_inner().into_inner();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.xls"), &bytes).unwrap();
    let run = support::run(dir.path(), &["check", "t.xls"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("JX014") && run.stdout.contains("要铺开"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_ole_file_whose_sector_chain_loops_is_damaged_not_read_forever() {
    // Found by the `xlsx` fuzz target: calamine followed the loop until memory ran out (killed at 24 GB).
    let run = support::run(
        support::root(),
        &["check", "tests/hostile/fuzzed/ole-chain-loop.xls"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("JX014") && run.stdout.contains("文件已损坏"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_xls_whose_mulrk_record_runs_backwards_is_damaged_not_a_crash() {
    // Found by the `xlsx` fuzz target: calamine subtracts past zero on a MULRK record whose last column comes
    // before its first; the reader's panic is caught and the file is a read error.
    let run = support::run(
        support::root(),
        &["check", "tests/hostile/fuzzed/mulrk-overflow.xls"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("JX014") && run.stdout.contains("文件已损坏"),
        "{}",
        run.stdout
    );
}
