//! Workbook import (.xlsx, .xls, .ods, .xlsb by their bytes): read within bounds or refused, never a crash.
//!
//! The workbook readers are known to panic on some damaged files, and jixiao catches that panic (a damaged
//! file, JX014); libFuzzer's panic hook would abort on it all the same, so the hook is silenced here. A panic
//! that is not caught still ends the input as a crash.
#![no_main]

#[path = "../../tests/it/properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    properties::table("fuzz.xlsx", data);
});
