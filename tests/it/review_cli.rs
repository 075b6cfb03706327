//! `jixiao check` for a reviewer: `--format opinion` (审核意见) and its thresholds, `--statistics files`,
//! `--sort`, `--min-level`, `--output-file` and `--exit-zero`, end to end on a small folder of submissions.

use crate::support::{self, Run};
use std::path::Path;

/// The folder: `申报/朔州.jx` and `workbook.xlsx` (fixtures/tables).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("申报")).unwrap();
    std::fs::write(dir.path().join("申报/朔州.jx"), support::DECLARATION).unwrap();
    std::fs::copy(
        support::root().join("fixtures/tables/workbook.xlsx"),
        dir.path().join("workbook.xlsx"),
    )
    .unwrap();
    dir
}

fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

#[test]
fn opinions_in_the_bureau_register() {
    let _guard = support::snapshots("review_cli");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "opinion"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("opinion_zh", run.stdout);
    let run = jixiao(
        dir.path(),
        &["check", "--format", "opinion", "--lang", "en", "申报"],
    );
    insta::assert_snapshot!("opinion_en", run.stdout);
}

/// The verdict of each opinion of `stdout`, in order.
fn verdicts(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix("结论："))
        .collect()
}

#[test]
fn thresholds_from_jixiao_toml_and_flags() {
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "opinion"]);
    assert_eq!(verdicts(&run.stdout), ["退回修改", "退回修改", "退回修改"]);
    std::fs::write(
        dir.path().join("jixiao.toml"),
        "[opinion]\nreturn-errors = 3\nreturn-warnings = 20\n",
    )
    .unwrap();
    let run = jixiao(dir.path(), &["check", "--format", "opinion", "申报"]);
    assert_eq!(verdicts(&run.stdout), ["修改后通过"], "{}", run.stdout);
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "--format",
            "opinion",
            "申报",
            "--return-errors",
            "1",
        ],
    );
    assert_eq!(verdicts(&run.stdout), ["退回修改"]);
    std::fs::write(
        dir.path().join("jixiao.toml"),
        "[opinion]\nreturn-error = 3\n",
    )
    .unwrap();
    let run = jixiao(dir.path(), &["check", "--format", "opinion", "申报"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("JX017"), "{}", run.stdout);
}

#[test]
fn statistics_per_file_ranked_by_errors_then_warnings() {
    let _guard = support::snapshots("review_cli");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--statistics", "files"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("statistics_files", run.stdout);
    let run = jixiao(
        dir.path(),
        &["check", "--statistics=files", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[0]["file"], "workbook.xlsx");
    assert_eq!(files[1]["file"], "申报/朔州.jx");
    assert_eq!(json["summary"]["files"], 2);
    // A path right after `--statistics` is still a path.
    let run = jixiao(dir.path(), &["check", "--statistics", "申报"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("JX102"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("1 个文件：1 个错误，1 个警告，1 个提示\n"),
        "{}",
        run.stdout
    );
}

/// The (severity, code, path) of each line of a concise output.
fn concise_lines(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter(|line| line.contains(": JX"))
        .map(|line| {
            let (place, rest) = line.split_once(": JX").unwrap();
            let code = format!("JX{}", &rest[..3]);
            (place.split(['[', ':']).next().unwrap().to_string(), code)
        })
        .collect()
}

#[test]
fn sorted_by_severity_rule_or_file() {
    let dir = folder();
    let json = jixiao(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let severity_of = |code: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .unwrap()
    };
    let rank = |severity: &str| {
        ["error", "warning", "info"]
            .iter()
            .position(|s| *s == severity)
    };
    let by_severity = concise_lines(
        &jixiao(
            dir.path(),
            &["check", "--format", "concise", "--sort", "severity"],
        )
        .stdout,
    );
    let ranks: Vec<_> = by_severity
        .iter()
        .map(|(_, code)| rank(&severity_of(code)))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{by_severity:?}");
    let by_rule = concise_lines(
        &jixiao(
            dir.path(),
            &["check", "--format", "concise", "--sort", "rule"],
        )
        .stdout,
    );
    assert!(by_rule.windows(2).all(|w| w[0].1 <= w[1].1), "{by_rule:?}");
    let by_file = concise_lines(
        &jixiao(
            dir.path(),
            &["check", "--format", "concise", "--sort", "file"],
        )
        .stdout,
    );
    assert!(by_file.windows(2).all(|w| w[0].0 <= w[1].0), "{by_file:?}");
    // The same findings, in another order.
    let mut all = [by_severity, by_rule, by_file];
    for lines in &mut all {
        lines.sort();
    }
    assert_eq!(all[0], all[1]);
    assert_eq!(all[1], all[2]);
    assert_eq!(all[0].len(), json["diagnostics"].as_array().unwrap().len());
}

#[test]
fn min_level_hides_findings_but_not_the_exit_status() {
    let dir = folder();
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "申报",
            "--format",
            "json",
            "--min-level",
            "warning",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let shown: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|s| *s != "info"),
        "{shown:?}"
    );
    // Only an info would fail the run; hidden, it still does.
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "申报",
            "--select",
            "JX304",
            "--fail-level",
            "info",
            "--min-level",
            "error",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("JX304"), "{}", run.stdout);
}

#[test]
fn output_file_and_exit_zero() {
    let dir = folder();
    let stdout = jixiao(dir.path(), &["check", "--format", "concise"]);
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--output-file",
            "out/findings.txt",
        ],
    );
    // The directory must exist; the file need not.
    assert_eq!(run.code, 2);
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--output-file",
            "out/findings.txt",
        ],
    );
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let written = std::fs::read_to_string(dir.path().join("out/findings.txt")).unwrap();
    assert_eq!(written, stdout.stdout);
    // Never over an input.
    let before = std::fs::read(dir.path().join("申报/朔州.jx")).unwrap();
    let run = jixiao(
        dir.path(),
        &["check", "申报", "--output-file", "申报/朔州.jx"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不会覆盖"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.path().join("申报/朔州.jx")).unwrap(),
        before
    );

    assert_eq!(jixiao(dir.path(), &["check", "--exit-zero"]).code, 0);
    assert_eq!(
        jixiao(dir.path(), &["check", "--exit-zero", "missing.jx"]).code,
        2
    );
}
