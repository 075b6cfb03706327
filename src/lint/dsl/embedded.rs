//! The built-in rule files, embedded in the binary by `build.rs`.

use crate::source::SourceFile;

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in rule files, as embedded: (path, text).
pub fn builtin_sources() -> Vec<SourceFile> {
    files::BUILTIN
        .iter()
        .map(|(name, text)| SourceFile::verbatim(*name, text))
        .collect()
}

/// Whether a rule file is one of the built-in ones (by the path a rule's `origin` names).
pub fn is_builtin_origin(origin: &str) -> bool {
    files::BUILTIN.iter().any(|(name, _)| *name == origin)
}

/// Whether a rule file is a built-in one, name and text alike (a user's file of the same name is not).
pub fn is_builtin(source: &SourceFile) -> bool {
    files::BUILTIN
        .iter()
        .any(|(name, text)| *name == source.name() && *text == source.text())
}
