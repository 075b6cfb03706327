//! The escapes of a quoted text. Kept apart (with no import from the crate) so that `build.rs` can read the
//! built-in rule files with the same code as the binary.

/// Resolves the escapes of a `"…"` text — `\"`, `\\`, `\n`, `\t`; any other escaped character stands for
/// itself. Shared by the declaration language and the check language.
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    // The text up to each backslash is copied whole.
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at + 1..].chars();
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out
}
