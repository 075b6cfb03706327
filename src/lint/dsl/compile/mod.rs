//! Compiling rule files: names resolved (fields, functions, lexicons, parameters), lexicons built into automata,
//! regular expressions compiled, message templates parsed — once per run, with every error pointing into the
//! rule file.
//!
//! This file parses the files (once: [`parse`]) and drives the compiler ([`compile_parsed`]): every file's
//! lexicons first (a rule may use a lexicon of another file), then the rules one by one. The rule items are
//! compiled in `rule.rs`, parameters and what a configuration changes in `overrides.rs`, expressions in
//! `expr.rs`, function calls and aggregates in `call.rs`, message templates in `template.rs`.

mod call;
mod expr;
mod lets;
mod overrides;
mod rule;
mod template;

pub use call::{function_names, ArgKind, FunctionName, FunctionSpec};
pub use expr::literal;
pub use overrides::{Overrides, ParamValue};

use super::embedded::{builtin_index, builtin_syntax, is_builtin, read_docs};
use super::syntax::{self, RuleFileSyntax, RuleSyntax, Word};
use crate::diagnostic::Text;
use crate::lint::registry::{Deferred, Rule};
use crate::lint::schema::expr::Lexicon;
use crate::lint::schema::pattern::Pattern;
use crate::lint::schema::scope::Scope;
use crate::lint::schema::value::Value;
use crate::source::Span;
use rayon::prelude::*;
use std::collections::HashMap;

/// An error in a rule file.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// The rule file.
    pub file: usize,
    /// Where.
    pub span: Span,
    /// What is wrong, in both languages.
    pub message: Text,
}

/// One rule file: its path and text (BOM and CRLF removed, nothing else changed).
pub type RuleSource = crate::source::SourceFile;

/// The output of compiling.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// The lexicons; `CExpr` refers to them by index.
    pub lexicons: Vec<Lexicon>,
}

/// Rule files parsed into syntax: what is known before compiling (the rules, their parameters, the lexicons),
/// and the syntax errors.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Each file that parses: its index among the sources, and its syntax.
    pub files: Vec<(usize, RuleFileSyntax)>,
    /// The syntax errors, in file order.
    pub errors: Vec<CompileError>,
}

impl Parsed {
    /// Every rule, in file order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleSyntax> {
        self.files.iter().flat_map(|(_, syntax)| &syntax.rules)
    }
}

/// Parses rule files, once.
pub fn parse(sources: &[RuleSource]) -> Parsed {
    // The files are parsed in parallel: a run compiles the built-in rules before it checks anything.
    let syntaxes: Vec<_> = sources
        .par_iter()
        .map(|source| match builtin_syntax(source) {
            Some(tree) => Ok(tree),
            None => syntax::parse_file(source.text()),
        })
        .collect();
    let mut parsed = Parsed::default();
    for (file, syntax) in syntaxes.into_iter().enumerate() {
        match syntax {
            Ok(syntax) => parsed.files.push((file, syntax)),
            Err(e) => parsed.errors.push(CompileError {
                file,
                span: e.span,
                message: Text::new(
                    format!("规则文件语法错误：这里应为 {}", e.expected),
                    format!("syntax error in rule file: expected {}", e.expected),
                ),
            }),
        }
    }
    parsed
}

/// Parses and compiles rule files.
pub fn compile(
    sources: &[RuleSource],
    overrides: &Overrides,
) -> Result<Compiled, Vec<CompileError>> {
    compile_parsed(sources, &parse(sources), overrides)
}

/// Compiles parsed rule files with what a configuration changes: every lexicon of every file first (a rule may
/// use a lexicon of another file), then the rules. The errors are the syntax errors, then the others.
pub fn compile_parsed(
    sources: &[RuleSource],
    parsed: &Parsed,
    overrides: &Overrides,
) -> Result<Compiled, Vec<CompileError>> {
    let mut errors = parsed.errors.clone();
    let (mut lexicons, mut lexicon_index) = gather_lexicons(&parsed.files, overrides, &mut errors);
    let unions = gather_unions(&parsed.files, &lexicon_index, &mut errors);
    let mut rules = Vec::new();
    let mut regexes = HashMap::new();
    let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
    for (file, syntax) in &parsed.files {
        let builtin = is_builtin(&sources[*file]);
        let embedded = builtin_index(&sources[*file]);
        for (index, rule) in syntax.rules.iter().enumerate() {
            for key in [&rule.code, &rule.name] {
                if seen.insert(key.text.clone(), (*file, key.span)).is_some() {
                    errors.push(CompileError {
                        file: *file,
                        span: key.span,
                        message: Text::new(
                            format!("规则“{}”重复定义", key.text),
                            format!("rule `{}` is defined twice", key.text),
                        ),
                    });
                }
            }
            let mut compiler = Compiler {
                file: *file,
                lexicons: &mut lexicons,
                lexicon_index: &mut lexicon_index,
                unions: &unions,
                regexes: &mut regexes,
                lazy_regexes: builtin,
                deferred_docs: embedded.map(|file| Deferred {
                    read: read_docs,
                    file,
                    rule: index,
                }),
                params: HashMap::new(),
                lets: lets::Lets::default(),
                errors: &mut errors,
                scope: Scope::Indicator,
            };
            if let Some(rule) = compiler.rule(rule, sources[*file].name(), overrides) {
                rules.push(rule);
            }
        }
    }
    if errors.is_empty() {
        Ok(Compiled { rules, lexicons })
    } else {
        Err(errors)
    }
}

/// The lexicons of every file, with the terms a configuration adds, and their index by name.
fn gather_lexicons(
    parsed: &[(usize, RuleFileSyntax)],
    overrides: &Overrides,
    errors: &mut Vec<CompileError>,
) -> (Vec<Lexicon>, HashMap<String, usize>) {
    let mut lexicons: Vec<Lexicon> = Vec::new();
    let mut lexicon_index: HashMap<String, usize> = HashMap::new();
    for (file, syntax) in parsed {
        for lexicon in syntax.lexicons.iter().filter(|l| l.union.is_empty()) {
            if lexicon_index.contains_key(&lexicon.name.text) {
                errors.push(lexicon_defined_twice(*file, &lexicon.name));
                continue;
            }
            for empty in lexicon.terms.iter().filter(|t| t.text.is_empty()) {
                errors.push(CompileError {
                    file: *file,
                    span: empty.span,
                    message: Text::new(
                        "词语是空的：空词语什么也匹配不到，删去它",
                        "an empty term matches nothing; remove it",
                    ),
                });
            }
            let mut terms: Vec<String> = lexicon.terms.iter().map(|t| t.text.clone()).collect();
            if let Some(extra) = overrides.lexicon_terms.get(&lexicon.name.text) {
                terms.extend(extra.iter().cloned());
            }
            lexicon_index.insert(lexicon.name.text.clone(), lexicons.len());
            lexicons.push(Lexicon::new(
                lexicon.name.text.clone(),
                lexicon.description.clone(),
                terms,
            ));
        }
    }
    (lexicons, lexicon_index)
}

/// The error of a lexicon or union whose name is taken.
fn lexicon_defined_twice(file: usize, name: &Word) -> CompileError {
    CompileError {
        file,
        span: name.span,
        message: Text::new(
            format!("词表“{}”重复定义", name.text),
            format!("lexicon `{}` is defined twice", name.text),
        ),
    }
}

/// The unions of every file (`lexicon NAME = a | b`): each name with the indices of the lexicons it stands for.
fn gather_unions(
    parsed: &[(usize, RuleFileSyntax)],
    lexicon_index: &HashMap<String, usize>,
    errors: &mut Vec<CompileError>,
) -> HashMap<String, Vec<usize>> {
    let mut unions: HashMap<String, Vec<usize>> = HashMap::new();
    for (file, syntax) in parsed {
        for union in syntax.lexicons.iter().filter(|l| !l.union.is_empty()) {
            let name = &union.name;
            if lexicon_index.contains_key(&name.text) || unions.contains_key(&name.text) {
                errors.push(lexicon_defined_twice(*file, name));
                continue;
            }
            let mut members = Vec::new();
            for member in &union.union {
                match lexicon_index.get(&member.text) {
                    Some(&index) => members.push(index),
                    None => errors.push(CompileError {
                        file: *file,
                        span: member.span,
                        message: Text::new(
                            format!("“{}”不是用 {{ … }} 列出词语的词表", member.text),
                            format!(
                                "`{}` is not a lexicon that lists its terms in {{ … }}",
                                member.text
                            ),
                        ),
                    }),
                }
            }
            unions.insert(name.text.clone(), members);
        }
    }
    unions
}

/// The state of compiling one rule.
struct Compiler<'a> {
    /// The rule file.
    file: usize,
    /// Every lexicon so far; a string given where a lexicon is expected adds one.
    lexicons: &'a mut Vec<Lexicon>,
    /// The lexicons by name.
    lexicon_index: &'a mut HashMap<String, usize>,
    /// The unions by name: the lexicons each stands for.
    unions: &'a HashMap<String, Vec<usize>>,
    /// Every regular expression compiled so far, by pattern: the same pattern in many rules is compiled once.
    regexes: &'a mut HashMap<String, Pattern>,
    /// Whether regexes are built when first used (the built-in files) rather than now.
    lazy_regexes: bool,
    /// Where the rule's documentation and examples are, when `build.rs` took them out of its tree (the built-in
    /// files); `None` when the rule file gives them.
    deferred_docs: Option<Deferred>,
    /// The rule's parameters, by name.
    params: HashMap<String, Value<'static>>,
    /// The rule's named conditions (`let`).
    lets: lets::Lets,
    /// Every error so far.
    errors: &'a mut Vec<CompileError>,
    /// The scope of the node expressions are evaluated on.
    scope: Scope,
}

impl Compiler<'_> {
    fn error(&mut self, span: Span, zh: String, en: String) {
        self.error_text(span, Text::new(zh, en));
    }

    fn error_text(&mut self, span: Span, message: Text) {
        self.errors.push(CompileError {
            file: self.file,
            span,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::embedded::{built_ahead, builtin_sources};
    use super::*;
    use crate::source::SourceFile;

    /// Each built-in file compiled as any other rule file (a copy with one more line break is not the built-in
    /// text): its rules have the documentation and examples that [`read_docs`](super::super::embedded::read_docs) reads for the built-in ones, and
    /// compiling them checks that every rule has docs in both languages and examples of both kinds.
    #[test]
    fn the_documentation_read_when_asked_for_is_what_the_rule_files_say() {
        let builtin = builtin_sources();
        let copies: Vec<SourceFile> = builtin
            .iter()
            .map(|s| SourceFile::verbatim(s.name(), &format!("{}\n", s.text())))
            .collect();
        let compiled = |sources: &[SourceFile]| {
            let parsed = parse(sources);
            compile_parsed(sources, &parsed, &Overrides::default())
                .expect("the built-in rules compile")
                .rules
        };
        let (read, written) = (compiled(&builtin), compiled(&copies));
        assert_eq!(read.len(), written.len());
        for (read, written) in read.iter().zip(&written) {
            assert_eq!(read.docs.text(), written.docs.text(), "{}", read.code);
            assert_eq!(
                read.docs.examples(),
                written.docs.examples(),
                "{}",
                read.code
            );
            assert!(!read.docs.text().en.is_empty(), "{}", read.code);
        }
    }

    #[test]
    fn what_is_built_ahead_is_what_the_built_in_rules_use() {
        let (regexes, lexicons) = built_ahead();
        let compiled =
            compile(&builtin_sources(), &Default::default()).expect("the built-in rules compile");
        let mut used = std::collections::BTreeSet::new();
        for rule in &compiled.rules {
            rule.for_each_pattern(&mut |p| {
                used.insert(p.as_str().to_string());
            });
        }
        assert_eq!(used, regexes.iter().cloned().collect());
        assert_eq!(used.len(), regexes.len(), "each once");
        for terms in &lexicons {
            assert!(
                compiled.lexicons.iter().any(|l| &l.terms == terms),
                "{terms:?}"
            );
        }
        assert!(lexicons.len() > 20, "{}", lexicons.len());
    }

    #[test]
    fn every_regex_of_the_built_in_rules_builds() {
        // Their syntax is not checked when they are compiled, and they are built when first used.
        let compiled =
            compile(&builtin_sources(), &Default::default()).expect("the built-in rules compile");
        let mut patterns = Vec::new();
        for rule in &compiled.rules {
            rule.for_each_pattern(&mut |p| patterns.push(p.clone()));
        }
        assert!(patterns.len() > 10, "{}", patterns.len());
        for pattern in patterns {
            assert!(pattern.build().is_ok(), "{}", pattern.as_str());
        }
    }
}
