//! The layout holds what ARCHITECTURE.md says: every source file belongs to a layer of its table, every import
//! (`crate::…`, `super::…`) points to the same layer or one below, no two files import each other in a cycle,
//! no file is over 600 lines and no function over 100.

use crate::support;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module path, `["lint", "dsl", "compile"]`; lib.rs is `[]`, main.rs `["main"]`.
type Module = Vec<String>;

/// Every source file by module: the path shown and the text.
type Sources = BTreeMap<Module, (String, String)>;

/// The layers of ARCHITECTURE.md's `layers` block, top first: each line's module paths before the description.
fn layers() -> Vec<Vec<Module>> {
    let text =
        std::fs::read_to_string(support::root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let block = text
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    block
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            line.split("  ")
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .map(|m| m.split("::").map(str::to_string).collect())
                .collect()
        })
        .collect()
}

/// Every source file under src/ by module path, with the path shown and its text; the binary's modules are told
/// from the library's by their names (`main`, `app`, `cli`).
fn sources() -> Sources {
    let src = support::root().join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("src/ can be walked");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src/");
        let mut module: Module = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        if module == ["lib"] {
            module.clear();
        }
        let text = std::fs::read_to_string(path).expect("a source file");
        let shown = format!("src/{}", relative.to_string_lossy().replace('\\', "/"));
        out.insert(module, (shown, text));
    }
    out
}

/// The module paths a file names: `crate::a::b` and `super::a` paths, `use` groups expanded, comments skipped.
fn references(module: &Module, text: &str) -> Vec<Module> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for (keyword, base) in [
        ("crate::", Vec::new()),
        ("super::", module[..module.len().saturating_sub(1)].to_vec()),
    ] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(keyword) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + keyword.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            expand(rest, &base, &mut out);
        }
    }
    out
}

/// Adds the paths of a use tree starting at `text` (after `crate::`) to `out`, each prefixed with `base`.
fn expand(text: &str, base: &[String], out: &mut Vec<Module>) {
    let mut path = base.to_vec();
    let mut rest = text;
    loop {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                for item in split_group(group) {
                    expand(item.trim(), &path, out);
                }
                return;
            }
            break;
        }
        path.push(name.clone());
        rest = &rest[name.len()..];
        match rest.strip_prefix("::") {
            Some(after) => rest = after,
            None => break,
        }
    }
    out.push(path);
}

/// The items of a `{ … }` group (the text after `{`), split at top-level commas up to the closing brace.
fn split_group(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// The source module a path names: its longest prefix that is a file, unless that is the referring file or one
/// of its ancestors (a module may use its own facade).
fn target(path: &Module, from: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    let found = (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))?;
    (!from.starts_with(&found)).then_some(found)
}

/// The rank of a module's layer (0 the top), by the longest module path of the table that contains it.
fn rank(module: &Module, layers: &[Vec<Module>]) -> Option<usize> {
    layers
        .iter()
        .enumerate()
        .flat_map(|(rank, line)| line.iter().map(move |m| (rank, m)))
        .filter(|(_, m)| module.starts_with(m))
        .max_by_key(|(_, m)| m.len())
        .map(|(rank, _)| rank)
}

/// The import graph: module → the modules it names.
fn graph() -> (BTreeMap<Module, BTreeSet<Module>>, Sources) {
    let sources = sources();
    let modules: BTreeSet<Module> = sources.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (module, (_, text)) in &sources {
        let targets: BTreeSet<Module> = references(module, text)
            .iter()
            .filter_map(|path| target(path, module, &modules))
            .collect();
        edges.insert(module.clone(), targets);
    }
    (edges, sources)
}

#[test]
fn every_import_points_down_the_layers_of_architecture_md() {
    let layers = layers();
    let (edges, sources) = graph();
    let mut problems = Vec::new();
    for (module, targets) in &edges {
        let shown = &sources[module].0;
        if module.is_empty() {
            continue;
        }
        let Some(from) = rank(module, &layers) else {
            problems.push(format!("{shown} belongs to no layer of ARCHITECTURE.md"));
            continue;
        };
        for target in targets {
            match rank(target, &layers) {
                Some(to) if to < from => problems.push(format!(
                    "{shown} imports {} from a layer above it",
                    target.join("::")
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_source_files_import_each_other_in_a_cycle() {
    let (edges, sources) = graph();
    // A module is in a cycle when it can reach itself.
    let mut cycles = BTreeSet::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Module> = edges[start].iter().collect();
        while let Some(module) = stack.pop() {
            if module == start {
                cycles.insert(sources[start].0.clone());
                break;
            }
            if seen.insert(module) {
                stack.extend(edges.get(module).into_iter().flatten());
            }
        }
    }
    assert!(cycles.is_empty(), "files in an import cycle: {cycles:?}");
}

#[test]
fn the_reader_of_imports_expands_groups_and_resolves_super() {
    let module: Module = vec!["lint".into(), "dsl".into(), "compile".into()];
    let text = "use crate::{source::Span, lint::{registry::Rule, schema}};\nuse super::syntax::Expr;\n// crate::app\n";
    let found = references(&module, text);
    let names: Vec<String> = found.iter().map(|m| m.join("::")).collect();
    assert_eq!(
        names,
        [
            "source::Span",
            "lint::registry::Rule",
            "lint::schema",
            "lint::dsl::syntax::Expr"
        ]
    );
}

#[test]
fn no_source_file_is_over_600_lines_nor_any_function_over_100() {
    let mut problems = Vec::new();
    for (shown, text) in sources().values() {
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > 600 {
            problems.push(format!("{shown} has {} lines", lines.len()));
        }
        for (start, length, name) in functions(&lines) {
            if length > 100 {
                problems.push(format!(
                    "{shown}:{} fn {name} has {length} lines",
                    start + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Each function of a rustfmt-formatted file: its first line, its length and its name (from the `fn` line to the
/// closing brace at the same indentation).
fn functions(lines: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let after = [
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "fn ",
            "const fn ",
            "pub const fn ",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p));
        let Some(after) = after else { continue };
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = (i..lines.len())
            .find(|&j| lines[j].trim_end().ends_with('{') || lines[j].trim_end().ends_with(';'))
        else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = (open + 1..lines.len()).find(|&j| lines[j] == close) {
            out.push((i, end - i + 1, name));
        }
    }
    out
}

#[test]
fn the_length_checks_see_functions_as_rustfmt_writes_them() {
    let text = "fn a() {\n    x();\n}\n\nimpl A {\n    pub fn b(\n        c: u8,\n    ) -> u8 {\n        c\n    }\n    fn d();\n}\n";
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        functions(&lines),
        [(0, 3, "a".to_string()), (5, 5, "b".to_string())]
    );
    assert!(Path::new(&support::root().join("ARCHITECTURE.md")).is_file());
}
