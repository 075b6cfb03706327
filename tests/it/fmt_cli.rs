//! End to end: `jixiao fmt` run by the built binary on files in temporary directories: what it writes, what it
//! prints where, and its exit statuses (0 done or nothing to do, 1 something would change under --check or
//! --diff, 2 a file that cannot be read or parsed).

use std::path::Path;

/// A declaration in the canonical layout.
const FORMATTED: &str =
    "项目 \"示例\" {\n  年度 2022\n  产出 {\n    数量 \"培训人次\" ≥ 280 人次\n  }\n}\n";

/// The same declaration, badly laid out (a file's own CRLF line ends are kept: see tests/it/safety.rs).
const MESSY: &str = "项目 \"示例\"{年度 2022\n产出{ 数量 \"培训人次\">=280人次 }}";

/// A declaration whose closing brace is missing.
const SYNTAX: &str = "项目 \"示例\" { 产出 { 数量 \"培训人次\" = 280 人次 }\n";

use crate::support::{self, Run};

fn jixiao_with_input(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    support::run_with_input(dir, args, input)
}

fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn files_are_rewritten_in_place_and_a_second_run_changes_nothing() {
    let dir = project(&[
        ("messy.jx", MESSY),
        ("sub/formatted.jx", FORMATTED),
        ("table.csv", "一级指标,二级指标,三级指标,指标值\n"),
        (".hidden/messy.jx", MESSY),
    ]);
    let run = jixiao(dir.path(), &["fmt"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "已格式化 1 个文件，1 个文件无需改动\n")
    );
    assert_eq!(read(dir.path(), "messy.jx"), FORMATTED);
    assert_eq!(read(dir.path(), "sub/formatted.jx"), FORMATTED);
    assert_eq!(read(dir.path(), ".hidden/messy.jx"), MESSY);
    assert_eq!(
        read(dir.path(), "table.csv"),
        "一级指标,二级指标,三级指标,指标值\n"
    );

    let run = jixiao(dir.path(), &["fmt", ".", "--lang", "en"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "0 files reformatted, 2 files left unchanged\n")
    );
}

#[test]
fn check_lists_what_would_change_writes_nothing_and_exits_1() {
    let dir = project(&[("messy.jx", MESSY), ("formatted.jx", FORMATTED)]);
    let run = jixiao(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "需要格式化：messy.jx\n",
            "1 个文件需要格式化，1 个文件已是规范格式\n"
        )
    );
    assert_eq!(read(dir.path(), "messy.jx"), MESSY);

    let run = jixiao(dir.path(), &["fmt", "--check", "--lang", "en", "messy.jx"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "would reformat: messy.jx\n",
            "1 file would be reformatted, 0 files already formatted\n"
        )
    );

    let run = jixiao(dir.path(), &["fmt", "--check", "formatted.jx"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let _snapshots = support::snapshots("fmt_cli");
    let dir = project(&[("messy.jx", MESSY), ("formatted.jx", FORMATTED)]);
    let run = jixiao(dir.path(), &["fmt", "--diff", "messy.jx", "formatted.jx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(read(dir.path(), "messy.jx"), MESSY);
    assert_eq!(run.stderr, "1 个文件需要格式化，1 个文件已是规范格式\n");
    insta::assert_snapshot!("diff", run.stdout.replace('\r', "␍"));

    let run = jixiao(dir.path(), &["fmt", "--diff", "formatted.jx"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn a_dash_formats_standard_input_to_standard_output() {
    let dir = project(&[]);
    let run = jixiao_with_input(dir.path(), &["fmt", "-"], MESSY.as_bytes());
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, FORMATTED, "")
    );
    let run = jixiao_with_input(dir.path(), &["fmt", "-"], FORMATTED.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (0, FORMATTED));

    let run = jixiao_with_input(dir.path(), &["fmt", "--check", "-"], MESSY.as_bytes());
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (1, "需要格式化：<stdin>\n")
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_left_alone_and_exits_2() {
    let dir = project(&[("syntax.jx", SYNTAX), ("messy.jx", MESSY)]);
    let run = jixiao(dir.path(), &["fmt", "."]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    assert_eq!(read(dir.path(), "syntax.jx"), SYNTAX);
    assert_eq!(
        read(dir.path(), "messy.jx"),
        FORMATTED,
        "the other file is still formatted"
    );
    assert!(
        run.stderr.starts_with("JX001 syntax-error\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("╭─[syntax.jx:1:36]"), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("已格式化 1 个文件，0 个文件无需改动，1 个文件无法格式化\n"),
        "{}",
        run.stderr
    );

    // Errors outrank files that would change.
    let run = jixiao(dir.path(), &["fmt", "--check", "syntax.jx"]);
    assert_eq!(run.code, 2);

    // Standard input that does not parse gives no output to replace it with.
    let run = jixiao_with_input(dir.path(), &["fmt", "-"], SYNTAX.as_bytes());
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(run.stderr.contains("JX001 syntax-error"), "{}", run.stderr);
}

#[test]
fn a_missing_path_is_a_read_error() {
    let dir = project(&[]);
    let run = jixiao(dir.path(), &["fmt", "missing.jx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error[JX014]: missing.jx: 无法读取：文件或目录不存在（"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_table_given_by_name_is_skipped_with_a_note() {
    let dir = project(&[("table.csv", "a,b\n")]);
    let run = jixiao(dir.path(), &["fmt", "table.csv"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "jixiao: 跳过表格 table.csv：fmt 只排版 .jx 文件\n已格式化 0 个文件，0 个文件无需改动\n")
    );
}
