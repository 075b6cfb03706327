//! Bad input never panics: prefixes of a real declaration, every fixture with a line removed or doubled, table
//! fixtures cut short and rule files cut short are checked or compiled, and each gives findings or errors, never
//! a crash.

use crate::support;

use jixiao::import::{self, Encoding};
use jixiao::lint::{self, RuleSet, Selection};
use jixiao::{check_with_rules, SourceFile};
use std::path::PathBuf;

fn all_rules() -> RuleSet {
    let mut rules = support::builtin_rules();
    rules
        .select(&Selection::only(["ALL"]))
        .expect("ALL selects");
    rules
}

fn jx_fixtures() -> Vec<PathBuf> {
    walkdir::WalkDir::new(support::root().join("fixtures"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("entry").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "jx"))
        .collect()
}

#[test]
fn every_prefix_of_a_real_declaration_is_checked_without_panicking() {
    let rules = all_rules();
    let text = std::fs::read_to_string(support::root().join("fixtures/shuozhou-2022.jx")).unwrap();
    let mut broken = 0;
    for (i, _) in text.char_indices().step_by(3) {
        let report = check_with_rules(SourceFile::new("prefix.jx", &text[..i]), &rules);
        broken += usize::from(report.document.is_none());
        assert!(
            report.document.is_some()
                || report
                    .diagnostics
                    .iter()
                    .any(|d| d.code.starts_with("JX00")),
            "a prefix that does not parse says why: {:?}",
            &text[..i]
        );
    }
    assert!(broken > 100, "most prefixes are incomplete");
}

#[test]
fn every_fixture_with_a_line_removed_or_doubled_is_checked_without_panicking() {
    let rules = all_rules();
    for path in jx_fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut removed = lines.clone();
            removed.remove(i);
            check_with_rules(SourceFile::new("x.jx", &removed.join("\n")), &rules);
            let mut doubled = lines.clone();
            doubled.insert(i, lines[i]);
            check_with_rules(SourceFile::new("x.jx", &doubled.join("\n")), &rules);
        }
    }
}

#[test]
fn table_fixtures_cut_short_are_read_without_panicking() {
    let rules = all_rules();
    let dir = support::root().join("fixtures/tables");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| jixiao::paths::is_table(p))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        for cut in (0..bytes.len()).step_by((bytes.len() / 40).max(1)) {
            let result = import::read_sheets("t", &path, bytes[..cut].to_vec(), Encoding::Auto)
                .and_then(|sheets| import::import("t", sheets));
            if let Ok(imported) = result {
                import::check("t", &imported, &rules);
            }
        }
    }
}

#[test]
fn rule_files_cut_short_or_with_a_line_removed_are_errors_not_panics() {
    for source in jixiao::lint::dsl::builtin_sources() {
        let text = source.text().to_string();
        for (i, _) in text.char_indices().step_by(401) {
            let cut = SourceFile::verbatim(source.name(), &text[..i]);
            let _ = lint::dsl::rule_set(&[cut], &Default::default());
        }
        let lines: Vec<&str> = text.lines().collect();
        for i in (0..lines.len()).step_by(23) {
            let mut removed = lines.clone();
            removed.remove(i);
            let _ = lint::dsl::rule_set(
                &[SourceFile::verbatim(source.name(), &removed.join("\n"))],
                &Default::default(),
            );
        }
    }
}
