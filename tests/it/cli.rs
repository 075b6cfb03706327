//! End to end: the built `jixiao` binary run on small inputs written into temporary directories, checking exit
//! statuses, what goes to standard output and standard error, and pinning the human and JSON outputs in
//! snapshots.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// A valid declaration: no findings.
const OK: &str = "项目 \"示例\" {\n  年度 2022\n  产出 { 数量 \"培训人次\" = 280 人次 }\n}\n";

/// A declaration whose closing brace is missing: JX001 syntax-error.
const SYNTAX: &str = "项目 \"示例\" { 产出 { 数量 \"培训人次\" = 280 人次 }\n";

/// A valid declaration under a malformed suppression comment: only the warning JX013 invalid-suppression.
const WARNING: &str =
    "# jixiao: alow(x)\n项目 \"示例\" {\n  年度 2022\n  产出 { 数量 \"培训人次\" = 280 人次 }\n}\n";

/// Several semantic errors after Chinese text, so that columns in characters and bytes differ.
const SEMANTIC: &str = "项目 \"职业技能培训\" {
  年度 2022
  年度 2023
  产出 {
    数量 { \"培训人次\" ≥ 280 人次 }
    速度 \"完成时间\" = 2022-02-30
  }
  决策 { 数量 \"x\" = 1 个 }
}
";

use crate::support::{self, Run};

/// Runs `jixiao ARGS` in `dir`, with `input` on standard input. `check` runs with `--ignore ALL`: these tests
/// pin the mechanics of a run (inputs, formats, exit statuses) on the language's own findings, which no rule
/// selection turns off; the rules are tested in tests/it/rules.rs and tests/it/configured.rs.
fn jixiao_with_input(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut args: Vec<&str> = args.to_vec();
    if args.first() == Some(&"check") {
        args.insert(1, "--ignore=ALL");
    }
    support::run_with_input(dir, &args, input)
}

/// Runs `jixiao ARGS` in `dir` with empty standard input.
fn jixiao(dir: &Path, args: &[&str]) -> Run {
    jixiao_with_input(dir, args, b"")
}

/// A temporary directory holding `files` (relative path, contents).
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    dir
}

/// `text` encoded as GBK, as WPS or Notepad save it on a Chinese Windows.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The files shown in a JSON output.
fn json_files(run: &Run) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// The files, with the codes found in each, of the JSON output.
fn json_codes(run: &Run) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A directory of one input of each kind.
fn mixed() -> tempfile::TempDir {
    project(&[
        ("ok.jx", OK.as_bytes()),
        ("syntax.jx", SYNTAX.as_bytes()),
        ("warning.jx", WARNING.as_bytes()),
        ("semantic.jx", SEMANTIC.as_bytes()),
        ("gbk.jx", &gbk(OK)),
    ])
}

#[test]
fn a_clean_file_exits_0() {
    let dir = project(&[("ok.jx", OK.as_bytes())]);
    let run = jixiao(dir.path(), &["check", "ok.jx"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "1 个文件：没有发现问题\n", "")
    );
}

#[test]
fn a_syntax_error_exits_1() {
    let dir = project(&[("syntax.jx", SYNTAX.as_bytes())]);
    let run = jixiao(dir.path(), &["check", "syntax.jx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("JX001 syntax-error"), "{}", run.stdout);
    assert!(
        run.stdout.contains("╭─[syntax.jx:1:36]"),
        "columns count characters: {}",
        run.stdout
    );
    assert!(run.stdout.ends_with("1 个文件：1 个错误，0 个警告\n"));
    assert_eq!(run.stderr, "");
}

#[test]
fn a_missing_path_exits_2_and_the_other_files_are_still_checked() {
    let dir = project(&[("ok.jx", OK.as_bytes()), ("syntax.jx", SYNTAX.as_bytes())]);
    let run = jixiao(dir.path(), &["check", "missing.jx", "syntax.jx", "ok.jx"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout
            .starts_with("error[JX014]: missing.jx: 无法读取：文件或目录不存在（"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  help: 检查路径的拼写"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("JX001 syntax-error"));
    assert!(run.stdout.ends_with("3 个文件：2 个错误，0 个警告\n"));

    let run = jixiao(
        dir.path(),
        &["check", "--format", "json", "--lang", "en", "missing.jx"],
    );
    assert_eq!(run.code, 2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let finding = &json["diagnostics"][0];
    assert_eq!(
        (&finding["code"], &finding["rule"], &finding["file"]),
        (&"JX014".into(), &"read-error".into(), &"missing.jx".into())
    );
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .starts_with("cannot read: "));
    let position = [
        &finding["line"],
        &finding["column"],
        &finding["end_line"],
        &finding["end_column"],
    ];
    assert_eq!(position, [&serde_json::Value::from(1); 4]);
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let dir = project(&[]);
    let run = jixiao(dir.path(), &["check", "--bogus"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
    let run = jixiao(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
    let run = jixiao(dir.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("check"), "{}", run.stderr);
}

#[test]
fn version_and_help_succeed() {
    let dir = project(&[]);
    let run = jixiao(dir.path(), &["--version"]);
    assert_eq!(
        (run.code, run.stdout),
        (0, format!("jixiao {}\n", env!("CARGO_PKG_VERSION")))
    );
    let run = jixiao(dir.path(), &["check", "--help"]);
    assert_eq!(run.code, 0);
    for flag in [
        "--format",
        "--fail-level",
        "--lang",
        "--color",
        "--stdin-filename",
        "检查",
    ] {
        assert!(
            run.stdout.contains(flag),
            "{flag} missing from {}",
            run.stdout
        );
    }
}

#[test]
fn the_fail_level_decides_whether_a_warning_fails() {
    let dir = project(&[("warning.jx", WARNING.as_bytes())]);
    let run = jixiao(dir.path(), &["check", "warning.jx"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("JX013 invalid-suppression"));
    assert!(run.stdout.ends_with("1 个文件：0 个错误，1 个警告\n"));
    assert_eq!(
        jixiao(
            dir.path(),
            &["check", "--fail-level", "warning", "warning.jx"]
        )
        .code,
        1
    );
    assert_eq!(
        jixiao(dir.path(), &["check", "--fail-level", "info", "warning.jx"]).code,
        1
    );
    assert_eq!(
        jixiao(
            dir.path(),
            &["check", "--fail-level", "error", "warning.jx"]
        )
        .code,
        0
    );
}

/// The JSON contract, version 1: pinned byte for byte.
#[test]
fn json_output_is_the_versioned_contract() {
    let _snapshots = support::snapshots("cli");
    let dir = mixed();
    let run = jixiao(dir.path(), &["check", "--format", "json"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("json_zh", run.stdout);
    let en = jixiao(dir.path(), &["check", "--format", "json", "--lang", "en"]);
    insta::assert_snapshot!("json_en", en.stdout);
}

#[test]
fn human_output_in_chinese() {
    let _snapshots = support::snapshots("cli");
    let dir = mixed();
    let run = jixiao(dir.path(), &["check", "--color", "never"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("human_zh", run.stdout);
}

#[test]
fn human_output_in_english() {
    let _snapshots = support::snapshots("cli");
    let dir = mixed();
    let run = jixiao(dir.path(), &["check", "--lang", "en"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("human_en", run.stdout);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = project(&[("syntax.jx", SYNTAX.as_bytes()), ("gbk.jx", &gbk(OK))]);
    let always = jixiao(dir.path(), &["check", "--color", "always"]);
    assert!(always.stdout.contains("\u{1b}["), "{}", always.stdout);
    // Standard output is a pipe here, so `auto` means no colour even without NO_COLOR.
    let mut auto = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    let auto = auto
        .args(["check"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!String::from_utf8(auto.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn stdin_is_read_for_a_dash_and_named_by_stdin_filename() {
    let dir = project(&[("ok.jx", OK.as_bytes())]);
    let run = jixiao_with_input(dir.path(), &["check", "--lang", "en", "-"], OK.as_bytes());
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "1 file: no problems found\n")
    );

    let run = jixiao_with_input(
        dir.path(),
        &["check", "-", "ok.jx", "--stdin-filename", "输入.jx"],
        SYNTAX.as_bytes(),
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("╭─[输入.jx:1:36]"), "{}", run.stdout);
    assert!(run.stdout.ends_with("2 个文件：1 个错误，0 个警告\n"));

    // A name alone reads standard input; without one it is `<stdin>`.
    let run = jixiao_with_input(
        dir.path(),
        &["check", "--format", "json", "--stdin-filename", "a.jx"],
        SYNTAX.as_bytes(),
    );
    assert_eq!(json_files(&run), ["a.jx"]);
    let run = jixiao_with_input(
        dir.path(),
        &["check", "--format", "json", "-"],
        WARNING.as_bytes(),
    );
    assert_eq!(
        json_codes(&run),
        [("<stdin>".to_string(), "JX013".to_string())]
    );
}

#[test]
fn a_gbk_file_is_named_and_the_others_are_still_checked() {
    let dir = project(&[("gbk.jx", &gbk(OK)), ("syntax.jx", SYNTAX.as_bytes())]);
    let run = jixiao(dir.path(), &["check", "gbk.jx", "syntax.jx"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run
        .stdout
        .starts_with("error[JX015]: gbk.jx: 文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码\n"));
    assert!(run
        .stdout
        .contains("help: 在 WPS、Excel 或记事本中“另存为”，编码选择 UTF-8"));
    assert!(run.stdout.contains("JX001 syntax-error"));
    let run = jixiao(dir.path(), &["check", "--lang", "en", "gbk.jx"]);
    assert!(
        run.stdout
            .contains("the file is not UTF-8: it looks like GBK/GB18030"),
        "{}",
        run.stdout
    );
}

#[test]
fn directories_are_walked_in_order_skipping_hidden_entries_and_target() {
    let ok = OK.as_bytes();
    let dir = project(&[
        ("b.jx", ok),
        ("a.jx", ok),
        ("a/x.jx", ok),
        ("a/notes.txt", ok),
        (".hidden/h.jx", ok),
        (".dot.jx", ok),
        ("target/t.jx", ok),
        ("sub/target/t.jx", ok),
        ("sub/s.jx", SYNTAX.as_bytes()),
        ("plain.txt", SYNTAX.as_bytes()),
    ]);
    let run = jixiao(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json_files(&run), ["a/x.jx", "a.jx", "b.jx", "sub/s.jx"]);
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "./sub",
            "plain.txt",
            ".hidden",
            "sub/s.jx",
            "b.jx",
        ],
    );
    assert_eq!(
        json_files(&run),
        [".hidden/h.jx", "b.jx", "plain.txt", "sub/s.jx"]
    );
    assert_eq!(
        json_codes(&run),
        [
            ("plain.txt".to_string(), "JX001".to_string()),
            ("sub/s.jx".to_string(), "JX001".to_string())
        ]
    );
    assert_eq!(run.code, 1);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_not_followed_forever() {
    let dir = project(&[("d/a.jx", OK.as_bytes())]);
    std::os::unix::fs::symlink(".", dir.path().join("d/up")).unwrap();
    let run = jixiao(
        dir.path(),
        &["check", "--format", "json", "--lang", "en", "d"],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(json_files(&run), ["d/a.jx", "d/up"]);
    assert!(
        run.stdout.contains("symbolic link loop back to `d`"),
        "{}",
        run.stdout
    );
}

/// `jixiao check | head`: when the reader goes away, the run ends quietly with its usual status.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let files: Vec<(String, &[u8])> = (0..300)
        .map(|i| (format!("f{i:03}.jx"), SYNTAX.as_bytes()))
        .collect();
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (name.as_str(), *text))
        .collect();
    let dir = project(&files);
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--color", "never"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    // The output (≈ 300 × 600 bytes) is larger than a pipe's buffer, so the binary is still writing.
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(1));
}
