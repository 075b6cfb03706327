//! The built-in rule files, embedded in the binary by `build.rs`.

use super::syntax::{Expr, RuleDocs, RuleFileSyntax};
use crate::diagnostic::Text;
use crate::lint::registry::Example;
use crate::lint::schema::{lexicon, pattern};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::{Once, OnceLock};

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// The built-in rule files, as embedded: (path, text).
pub fn builtin_sources() -> Vec<SourceFile> {
    files::BUILTIN
        .iter()
        .map(|(name, text, _)| SourceFile::embedded(name, text))
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
        .any(|(name, text, _)| is_this(source, name, text))
}

/// Whether `source` is the built-in file `name` with `text`: the embedded text itself, or a copy of it.
fn is_this(source: &SourceFile, name: &str, text: &'static str) -> bool {
    name == source.name() && (source.is_embedded(text) || text == source.text())
}

/// The syntax tree `build.rs` read from a built-in rule file (name and text alike), so that it is not parsed
/// again; `None` for any other file. Its rules have no documentation or examples: [`read_docs`] reads them.
pub fn builtin_syntax(source: &SourceFile) -> Option<RuleFileSyntax> {
    let (tree, _) = files::BUILTIN[builtin_index(source)?].2?;
    postcard::from_bytes(tree).ok()
}

/// Which built-in rule file `source` is (name and text alike), when `build.rs` read its tree.
pub fn builtin_index(source: &SourceFile) -> Option<usize> {
    files::BUILTIN
        .iter()
        .position(|(name, text, tree)| tree.is_some() && is_this(source, name, text))
}

/// The documentation and examples of rule `rule` of built-in file `file` (see [`builtin_index`]), which
/// `build.rs` kept apart from the file's tree. Each file's are read once, the first time one is asked for.
pub fn read_docs(file: usize, rule: usize) -> (Text, Vec<Example>) {
    static READ: OnceLock<Vec<OnceLock<Vec<RuleDocs>>>> = OnceLock::new();
    let files = READ.get_or_init(|| files::BUILTIN.iter().map(|_| OnceLock::new()).collect());
    let docs = files[file].get_or_init(|| {
        files::BUILTIN[file]
            .2
            .and_then(|(_, docs)| postcard::from_bytes(docs).ok())
            .unwrap_or_default()
    });
    let Some((texts, examples)) = docs.get(rule) else {
        return (Text::new("", ""), Vec::new());
    };
    let text = |lang: &str| {
        texts
            .iter()
            .find(|(_, l, _)| l.text == lang)
            .map(|(_, _, text)| text.text.clone())
            .unwrap_or_default()
    };
    let examples = examples
        .iter()
        .map(|(kind, text)| Example {
            fails: kind.text == "fail",
            text: text.text.clone(),
        })
        .collect();
    (Text::new(text("zh"), text("en")), examples)
}

/// A placeholder of a built-in template as `build.rs` read it (those the parser reads; see
/// [`super::syntax::parsed_placeholders`]), `None` for any other text.
pub fn builtin_placeholder(text: &str) -> Option<&'static Expr> {
    static READ: OnceLock<HashMap<String, Expr>> = OnceLock::new();
    READ.get_or_init(|| postcard::from_bytes(files::PLACEHOLDERS).unwrap_or_default())
        .get(text)
}

/// Starts [`warm_up`] on a thread of its own, once per process: called once the built-in trees are read, it
/// builds while the main thread compiles the rules (the pool's threads stay free for reading and checking files),
/// so that what the first file needs is ready, or nearly. Whatever a rule needs before is built once either way.
/// (Started before the trees are read, it competed with reading them, and a one-file run's median time rose.)
pub fn build_ahead() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let _ = std::thread::Builder::new()
            .name("jixiao-build-ahead".into())
            .spawn(warm_up);
    });
}

/// Builds the built-in rules' regexes and lexicon automata.
pub fn warm_up() {
    let (regexes, lexicons) = built_ahead();
    lexicon::warm_up(lexicons.iter().map(Vec::as_slice));
    pattern::warm_up(regexes.iter().map(String::as_str));
}

/// What [`warm_up`] builds: the built-in rules' regexes, and their lexicons' lists of terms.
pub fn built_ahead() -> (Vec<String>, Vec<Vec<String>>) {
    postcard::from_bytes(files::WARM).unwrap_or_default()
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
            let mut now = super::super::syntax::parse_file(source.text()).expect("it parses now");
            // What `build.rs` keeps apart: each rule's docs texts and examples.
            for rule in &mut now.rules {
                rule.texts.retain(|(kind, _, _)| kind.text != "docs");
                rule.examples.clear();
            }
            assert_eq!(
                format!("{built:?}"),
                format!("{now:?}"),
                "{}",
                source.name()
            );
        }
    }

    #[test]
    fn the_placeholders_read_at_build_time_are_what_the_parser_reads_now() {
        let read: HashMap<String, Expr> = postcard::from_bytes(files::PLACEHOLDERS).unwrap();
        assert!(read.len() > 20, "{}", read.len());
        let mut now = std::collections::BTreeMap::new();
        for source in builtin_sources() {
            let tree = super::super::syntax::parse_file(source.text()).unwrap();
            now.append(&mut super::super::syntax::parsed_placeholders(&tree));
        }
        assert_eq!(now.len(), read.len());
        for (text, expr) in now {
            assert_eq!(builtin_placeholder(&text), Some(&expr), "{text}");
        }
        assert_eq!(builtin_placeholder("name"), None);
    }

    #[test]
    fn a_file_that_is_not_the_built_in_text_has_no_tree() {
        let source = builtin_sources().remove(0);
        let edited = SourceFile::verbatim(source.name(), &format!("{}\n", source.text()));
        assert!(builtin_syntax(&edited).is_none());
    }
}
