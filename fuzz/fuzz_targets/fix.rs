//! `jixiao check --fix`: the fixes apply, and add no syntax error.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::fix_applies_cleanly(text);
    }
});
