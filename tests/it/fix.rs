//! Safe fixes: `jixiao check --diff` shows them, `--fix` writes them and reports what remains; a fix keeps the
//! file's line ends and BOM, is idempotent, and never changes what a target means. (That a fix changes no byte
//! outside its edits, mixed line ends included, is tests/it/safety.rs.)

use jixiao::{check_with_rules, SourceFile};
use std::path::{Path, PathBuf};

const MESSY: &str = "\u{FEFF}项目 \"培训项目\" {\r\n  年度 2024\r\n  年度目标 \"完成 280 人次培训\"\r\n  产出 {\r\n    数量 \"培训人次\" ＞＝ ２８０ 人次\r\n    质量 \"考核合格率\" >= 100 %\r\n    时效 \"按期完成率\" = 100 百分比\r\n  }\r\n  效益 { 社会效益 \"持证上岗人数\" ≥ 200 人 }\r\n  满意度 { 服务对象满意度 \"学员满意度\" ≥ 90 % }\r\n}\r\n";

use crate::support;

fn jixiao(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let run = support::run(dir, args);
    (run.code, run.stdout, run.stderr)
}

#[test]
fn diff_shows_the_fixes_without_writing() {
    let _snapshots = support::snapshots("fix");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.jx"), MESSY).unwrap();
    let (code, out, _) = jixiao(dir.path(), &["check", "--diff", "a.jx"]);
    assert_eq!(code, 1, "a change to make exits 1");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.jx")).unwrap(),
        MESSY
    );
    insta::assert_snapshot!(out.replace('\r', "␍"));
}

#[test]
fn fix_writes_the_fixes_keeping_line_ends_and_bom_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jx");
    std::fs::write(&file, MESSY).unwrap();
    let (code, out, err) = jixiao(dir.path(), &["check", "--fix", "--format", "json", "a.jx"]);
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert!(
        fixed.starts_with('\u{FEFF}')
            && fixed.contains("\r\n")
            && !fixed.replace("\r\n", "").contains('\n')
    );
    // The fix replaces the bytes it is about (`＞＝`), and leaves the full-width digits beside it as typed.
    assert!(fixed.contains("\"培训人次\" ≥ ２８０ 人次"), "{fixed}");
    assert!(fixed.contains("\"考核合格率\" = 100 %"), "{fixed}");
    assert!(fixed.contains("\"按期完成率\" = 100 %"), "{fixed}");
    assert!(err.contains("已修复"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for fixable in ["JX208", "JX221", "JX222"] {
        assert!(!codes.contains(&fixable), "{fixable} is fixed: {codes:?}");
    }
    assert_eq!(code, 0, "what remains is below the fail level: {codes:?}");
    // Fixing again changes nothing.
    let (code, out, _) = jixiao(dir.path(), &["check", "--diff", "a.jx"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// Every .jx fixture that parses, for the meaning test.
fn fixtures() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .sort_by_file_name()
    {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "jx") {
            files.push(entry.into_path());
        }
    }
    files
}

/// The model as text without positions; a capped rate's `≥ 100` and `= 100` say the same (the rule that
/// rewrites one into the other is defined by that equivalence), and so do the comparator spellings.
fn meaning(text: &str) -> Option<String> {
    let source = SourceFile::new("x", text);
    let report = jixiao::check_source(source);
    let document = report.document?;
    let outline = jixiao::syntax::outline::outline(&document, report.source.as_ref().unwrap());
    let positions = regex::Regex::new(r" @\d+:\d+-\d+:\d+").unwrap();
    Some(
        positions
            .replace_all(&outline, "")
            .replace("定量 ≥ 100 \"%\"", "定量 = 100 \"%\"")
            .replace("定量 > 100 \"%\"", "定量 = 100 \"%\"")
            .replace("\"百分比\"", "\"%\""),
    )
}

#[test]
fn a_fix_never_changes_what_a_target_means() {
    let mut rules = support::builtin_rules();
    rules
        .select(&jixiao::lint::Selection::only(["ALL"]))
        .unwrap();
    let mut fixed_any = 0;
    for path in fixtures() {
        let original = std::fs::read_to_string(&path).unwrap();
        let Some(before) = meaning(&original) else {
            continue;
        };
        let report = check_with_rules(SourceFile::new("x", &original), &rules);
        let Some(fixed) = jixiao::lint::fix::apply(
            &original,
            report.source.as_ref().unwrap(),
            &report.diagnostics,
        ) else {
            continue;
        };
        fixed_any += 1;
        let after =
            meaning(&fixed.text).unwrap_or_else(|| panic!("{} no longer parses", path.display()));
        assert_eq!(before, after, "{}", path.display());
        // Idempotent: the fixed text has nothing left to fix.
        let again = check_with_rules(SourceFile::new("x", &fixed.text), &rules);
        assert_eq!(
            jixiao::lint::fix::apply(
                &fixed.text,
                again.source.as_ref().unwrap(),
                &again.diagnostics
            ),
            None,
            "{}",
            path.display()
        );
    }
    assert!(fixed_any >= 3, "the fixtures exercise the fixes");
}

#[test]
fn a_file_that_does_not_parse_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "项目 \"x\" { 产出 { 数量 \"培训人次\" ＞＝ ２８０ 人次 }\n";
    std::fs::write(dir.path().join("a.jx"), broken).unwrap();
    let (code, _, _) = jixiao(dir.path(), &["check", "--fix", "a.jx"]);
    assert_eq!(code, 1, "the syntax error remains a finding");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.jx")).unwrap(),
        broken
    );
}
