//! The .jx parser and the rules: any UTF-8 text is checked and its findings drawn without a panic.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::check_jx(text);
    }
});
