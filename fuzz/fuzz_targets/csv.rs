//! CSV import: any bytes are read within bounds, and what imports writes a .jx that parses.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    properties::table("fuzz.csv", data);
});
