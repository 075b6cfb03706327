//! Workbook import (.xlsx, .xls, .ods, .xlsb by their bytes): read within bounds or refused, never a crash.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    properties::table("fuzz.xlsx", data);
});
