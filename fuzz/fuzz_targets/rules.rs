//! The rule language: any rule file compiles or gives located errors, and what compiles runs.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        properties::rule_file(text);
    }
});
