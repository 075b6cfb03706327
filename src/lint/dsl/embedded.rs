//! The built-in rule files, embedded in the binary by `build.rs`.

use super::syntax::RuleFileSyntax;
use crate::source::SourceFile;

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in rule files, as embedded: (path, text).
pub fn builtin_sources() -> Vec<SourceFile> {
    files::BUILTIN
        .iter()
        .map(|(name, text, _)| SourceFile::verbatim(*name, text))
        .collect()
}

/// Whether a rule file is one of the built-in ones (by the path a rule's `origin` names).
pub fn is_builtin_origin(origin: &str) -> bool {
    files::BUILTIN.iter().any(|(name, _, _)| *name == origin)
}

/// Whether a rule file is a built-in one, name and text alike (a user's file of the same name is not).
pub fn is_builtin(source: &SourceFile) -> bool {
    files::BUILTIN
        .iter()
        .any(|(name, text, _)| *name == source.name() && *text == source.text())
}

/// The syntax tree `build.rs` read from a built-in rule file (name and text alike), so that it is not parsed
/// again; `None` for any other file.
pub fn builtin_syntax(source: &SourceFile) -> Option<RuleFileSyntax> {
    let (_, _, tree) = files::BUILTIN
        .iter()
        .find(|(name, text, _)| *name == source.name() && *text == source.text())?;
    postcard::from_bytes(tree.as_ref()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trees_read_at_build_time_are_what_the_reader_reads_now() {
        assert!(!files::BUILTIN.is_empty());
        for source in builtin_sources() {
            let built =
                builtin_syntax(&source).expect("every built-in rule file parses at build time");
            let now = super::super::syntax::parse_file(source.text()).expect("it parses now");
            assert_eq!(
                format!("{built:?}"),
                format!("{now:?}"),
                "{}",
                source.name()
            );
        }
    }

    #[test]
    fn a_file_that_is_not_the_built_in_text_has_no_tree() {
        let source = builtin_sources().remove(0);
        let edited = SourceFile::verbatim(source.name(), &format!("{}\n", source.text()));
        assert!(builtin_syntax(&edited).is_none());
    }
}
