//! `jixiao fmt`: what formats formats to itself, with the same model.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::fmt_is_idempotent(text);
    }
});
