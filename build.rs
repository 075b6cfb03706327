//! Embeds the built-in rule files (rules/*.jxr) in the binary, so that it works alone, each with its syntax tree
//! read here, at build time, by the binary's own reader of rule files (`src/lint/dsl/syntax/`, included below):
//! a run starts from the tree (serialised with postcard) instead of parsing 270 KB of rules. A file that does not parse is embedded
//! without one, and the binary reports its error as it would for any rule file. The message templates'
//! placeholders that need the parser are read here too (one map for all files), and the regexes and lexicons
//! listed, for a run to build them while it compiles the rules.

// The parser pest_derive generates names `alloc`.
extern crate alloc;

use std::fmt::Write;
use std::path::Path;

#[path = "src/source/escape.rs"]
mod escape;
#[path = "src/lint/schema/ops.rs"]
pub mod ops;
#[path = "src/source/span.rs"]
#[allow(dead_code)]
mod span;

/// What the reader of rule files imports from the crate, from the same files.
mod source {
    pub use super::escape::unescape;
    pub use super::span::Span;
}

/// The operators, from the same file as the crate's.
mod lint {
    pub mod schema {
        pub use super::super::ops;
    }
}

/// The crate's reader of rule files.
#[allow(dead_code, missing_docs, unused_imports)]
#[path = "src/lint/dsl/syntax/mod.rs"]
mod syntax;

/// The tree without its rules' documentation and examples, and those, rule by rule: a run that only checks
/// never reads them (see `src/lint/registry/rule_docs.rs`).
fn take_docs(mut tree: syntax::RuleFileSyntax) -> (syntax::RuleFileSyntax, Vec<syntax::RuleDocs>) {
    let docs = tree
        .rules
        .iter_mut()
        .map(|rule| {
            let (docs, texts) = std::mem::take(&mut rule.texts)
                .into_iter()
                .partition(|(kind, _, _)| kind.text == "docs");
            rule.texts = texts;
            (docs, std::mem::take(&mut rule.examples))
        })
        .collect();
    (tree, docs)
}

fn to_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    postcard::to_allocvec(value).expect("a syntax tree")
}

fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    println!("cargo:rerun-if-changed=grammar/rules.pest");
    println!("cargo:rerun-if-changed=src/lint/dsl/syntax");
    println!("cargo:rerun-if-changed=src/source/escape.rs");
    println!("cargo:rerun-if-changed=src/source/span.rs");
    println!("cargo:rerun-if-changed=src/lint/schema/ops.rs");
    let dir = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jxr"))
        .collect();
    files.sort();
    let mut placeholders = std::collections::BTreeMap::new();
    let (mut regexes, mut lexicons): (Vec<String>, Vec<Vec<String>>) = (Vec::new(), Vec::new());
    let mut code = String::from(
        "/// A built-in rule file's syntax tree in postcard, without the rules' documentation and examples, and\n\
         /// those, rule by rule, in postcard.\n\
         pub type Trees = (&'static [u8], &'static [u8]);\n\
         /// The built-in rule files: (path, text, trees if the file parses).\n\
         pub const BUILTIN: &[(&str, &str, Option<Trees>)] = &[\n",
    );
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let shown = path.to_string_lossy().replace('\\', "/");
        let absolute = std::fs::canonicalize(&path).expect("rule file path");
        let text = std::fs::read_to_string(&path).expect("a rule file in UTF-8");
        let tree = match syntax::parse_file(&text) {
            Ok(tree) => {
                placeholders.append(&mut syntax::parsed_placeholders(&tree));
                for regex in syntax::regex_literals(&tree) {
                    if !regexes.contains(&regex) {
                        regexes.push(regex);
                    }
                }
                lexicons.extend(
                    tree.lexicons
                        .iter()
                        .filter(|l| l.union.is_empty())
                        .map(|l| {
                            l.terms
                                .iter()
                                .map(|t| t.text.clone())
                                .collect::<Vec<String>>()
                        }),
                );
                let (lean, docs) = take_docs(tree);
                let stem = path.file_stem().unwrap().to_string_lossy().to_string();
                let [lean, docs] =
                    [("", to_bytes(&lean)), (".docs", to_bytes(&docs))].map(|(suffix, bytes)| {
                        let file = out.join(format!("{stem}{suffix}.postcard"));
                        std::fs::write(&file, bytes).expect("write a syntax tree");
                        file.display().to_string()
                    });
                format!("Some((include_bytes!({lean:?}), include_bytes!({docs:?})))")
            }
            Err(_) => "None".to_string(),
        };
        writeln!(
            code,
            "    ({shown:?}, include_str!({:?}), {tree}),",
            absolute.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let file = out.join("placeholders.postcard");
    let bytes = postcard::to_allocvec(&placeholders).expect("placeholders");
    std::fs::write(&file, bytes).expect("write the placeholders");
    writeln!(
        code,
        "/// The templates' placeholders that the parser reads, read: a map from text to expression in postcard.\n\
         pub const PLACEHOLDERS: &[u8] = include_bytes!({:?});",
        file.display().to_string()
    )
    .unwrap();
    let file = out.join("warm.postcard");
    let bytes = postcard::to_allocvec(&(regexes, lexicons)).expect("regexes and lexicons");
    std::fs::write(&file, bytes).expect("write the regexes and lexicons");
    writeln!(
        code,
        "/// The regexes and the lexicons' terms of the built-in rules, to build ahead: a pair of lists in postcard.\n\
         pub const WARM: &[u8] = include_bytes!({:?});",
        file.display().to_string()
    )
    .unwrap();
    std::fs::write(out.join("builtin_rules.rs"), code).expect("write builtin_rules.rs");
}
