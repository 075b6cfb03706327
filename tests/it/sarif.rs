//! The SARIF output, checked by real validators as GitHub code scanning would need it.
//!
//! - Microsoft's SARIF Multitool (npm `@microsoft/sarif-multitool`, its self-contained Linux binary), `validate`
//!   with the SARIF rules and GitHub's ingestion rules (`--rule-kind Sarif;Gh`) and the settings of
//!   .ci/sarif/multitool-policy.xml. Every error or warning it reports fails the test, but one: SARIF2017 (no
//!   `region`) on the result of a file that could not be read, which has no region by design (GitHub's own rules,
//!   GH*, accept it).
//! - ajv (npm `ajv-cli` with `ajv-formats`) against the SARIF 2.1.0 JSON schema that the Multitool's package ships:
//!   the Multitool's own schema pass lets some violations through (an unknown `level`), ajv checks them all.
//!
//! .ci/run installs both into target/tools, pinned by .ci/sarif/package-lock.json. Without them these tests are
//! skipped, unless the environment variable CI is set: then a missing validator fails them, so that CI always
//! validates.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the validators are.
struct Validators {
    /// target/tools: node_modules and the package files.
    tools: PathBuf,
    /// The Multitool's binary.
    multitool: PathBuf,
    /// The SARIF 2.1.0 schema of the Multitool's package.
    schema: PathBuf,
    /// ajv's command.
    ajv: PathBuf,
}

/// The validators, when installed.
fn installed() -> Option<Validators> {
    let tools = root().join("target/tools");
    let platform = match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "darwin",
        "windows" => "win32",
        _ => return None,
    };
    let package = tools.join(format!(
        "node_modules/@microsoft/sarif-multitool-{platform}"
    ));
    let binary = if cfg!(windows) {
        "Sarif.Multitool.exe"
    } else {
        "Sarif.Multitool"
    };
    let validators = Validators {
        multitool: package.join(binary),
        schema: package.join("sarif-2.1.0.json"),
        ajv: tools.join("node_modules/.bin/ajv"),
        tools,
    };
    let all = [&validators.multitool, &validators.schema, &validators.ajv];
    all.iter().all(|path| path.is_file()).then_some(validators)
}

/// The validators; `None` (the test is skipped) when they are missing outside CI; a failure when they are missing
/// in CI.
#[allow(clippy::print_stderr)] // a skipped test says so
fn validators() -> Option<Validators> {
    if let Some(validators) = installed() {
        return Some(validators);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set, but the SARIF validators are not in target/tools: .ci/run installs them (npm ci)"
    );
    eprintln!(
        "skipped: the SARIF validators are not in target/tools; `bash .ci/run` installs them"
    );
    None
}

/// What the validators found wrong with a log: the Multitool's errors and warnings, and ajv's schema errors.
#[derive(Debug, Default)]
struct Problems {
    /// (rule id, JSON path in the log, message), from the Multitool.
    multitool: Vec<(String, String, String)>,
    /// ajv's report, when the log does not follow the schema.
    schema: Option<String>,
}

/// Runs both validators on `log`.
fn validate(validators: &Validators, log: &Value) -> Problems {
    let dir = tempfile::tempdir().unwrap();
    // ajv reads a file by its extension; the Multitool takes any.
    let file = dir.path().join("log.sarif.json");
    std::fs::write(&file, serde_json::to_vec_pretty(log).unwrap()).unwrap();
    let report = dir.path().join("validation.sarif");
    let output = Command::new(&validators.multitool)
        .arg("validate")
        .arg(&file)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"])
        .arg("--config")
        .arg(root().join(".ci/sarif/multitool-policy.xml"))
        .output()
        .expect("the SARIF Multitool runs");
    assert!(
        output.status.success(),
        "the SARIF Multitool failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut problems = Problems {
        multitool: multitool_problems(&report),
        schema: None,
    };

    let output = Command::new(&validators.ajv)
        .args([
            "validate",
            "--spec=draft2020",
            "--strict=false",
            "-c",
            "ajv-formats",
        ])
        .arg("-s")
        .arg(&validators.schema)
        .arg("-d")
        .arg(&file)
        .args(["--errors=text"])
        .current_dir(&validators.tools)
        .output()
        .expect("ajv runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if !output.status.success() {
        problems.schema = Some(said);
    } else {
        assert!(said.contains("valid"), "ajv said: {said}");
    }
    problems
}

/// The errors and warnings of the Multitool's own SARIF report, and any error of its run.
fn multitool_problems(report: &Value) -> Vec<(String, String, String)> {
    let run = &report["runs"][0];
    let invocation = &run["invocations"][0];
    assert_eq!(
        invocation["executionSuccessful"], true,
        "the Multitool's run: {invocation}"
    );
    let rules = run["tool"]["driver"]["rules"].as_array();
    let mut found = Vec::new();
    for result in run["results"].as_array().into_iter().flatten() {
        let rule = rules.and_then(|rules| rules.get(result["ruleIndex"].as_u64()? as usize));
        // SARIF §3.27.10: a result without a level takes its rule's, else "warning".
        let level = result["level"]
            .as_str()
            .or_else(|| rule?["defaultConfiguration"]["level"].as_str())
            .unwrap_or("warning");
        if level != "error" && level != "warning" {
            continue;
        }
        let arguments: Vec<&str> = result["message"]["arguments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let text = result["message"]["id"]
            .as_str()
            .and_then(|id| rule?["messageStrings"][id]["text"].as_str())
            .or_else(|| result["message"]["text"].as_str())
            .unwrap_or_default();
        let mut text = text.to_string();
        for (i, argument) in arguments.iter().enumerate() {
            text = text.replace(&format!("{{{i}}}"), argument);
        }
        found.push((
            result["ruleId"].as_str().unwrap_or_default().to_string(),
            arguments.first().copied().unwrap_or_default().to_string(),
            text,
        ));
    }
    for notification in invocation["toolExecutionNotifications"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if notification["level"] == "error" {
            found.push((
                "execution".into(),
                String::new(),
                notification["message"]["text"].to_string(),
            ));
        }
    }
    found
}

/// The problems that are not allowed: all but SARIF2017 (no region) on the result of a file that could not be read
/// (JX014 read-error, JX015 not-utf8, JX019 no-indicator-table: findings about a whole file, with no text to
/// point into).
fn disallowed(log: &Value, problems: &Problems) -> Vec<String> {
    let results = log["runs"][0]["results"].as_array().unwrap();
    let unreadable = |path: &str| {
        let index: usize = path
            .strip_prefix("runs[0].results[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(usize::MAX);
        results.get(index).is_some_and(|result| {
            ["JX014", "JX015", "JX019"].contains(&result["ruleId"].as_str().unwrap_or_default())
                && result["locations"][0]["physicalLocation"]
                    .get("region")
                    .is_none()
        })
    };
    let mut found: Vec<String> = problems
        .multitool
        .iter()
        .filter(|(rule, path, _)| !(rule == "SARIF2017" && unreadable(path)))
        .map(|(rule, path, text)| format!("{rule} at {path}: {text}"))
        .collect();
    found.extend(problems.schema.iter().map(|s| format!("schema: {s}")));
    found
}

/// `jixiao ARGS` in `dir`: the SARIF log it wrote, and its exit status.
fn sarif(dir: &Path, args: &[&str]) -> (Value, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary starts");
    let log = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (log, output.status.code().unwrap())
}

/// A folder with one input of each kind: a declaration under a Chinese path, a syntax error, a workbook, a CSV, a
/// GBK file that cannot be read.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let at = |path: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        path
    };
    std::fs::copy(
        root().join("fixtures/shuozhou-2022.jx"),
        at("申报/朔州 2022.jx"),
    )
    .unwrap();
    std::fs::write(
        at("语法.jx"),
        "项目 \"示例\" { 产出 { 数量 \"培训人次\" = 280 人次 }\n",
    )
    .unwrap();
    let tables = root().join("fixtures/tables");
    std::fs::copy(tables.join("workbook.xlsx"), at("表格/workbook.xlsx")).unwrap();
    std::fs::copy(tables.join("csv-values.csv"), at("表格/目标.csv")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("项目 \"示例\" { 年度 2022 }\n");
    std::fs::write(at("旧表.jx"), gbk).unwrap();
    dir
}

#[test]
fn the_sarif_of_every_kind_of_input_is_valid() {
    let Some(validators) = validators() else {
        return;
    };
    let dir = folder();
    let runs = [
        (sarif(dir.path(), &[]), 1),
        (
            sarif(dir.path(), &["--lang", "en", "--extend-select", "ALL"]),
            1,
        ),
        (sarif(dir.path(), &["missing.jx", "语法.jx"]), 2),
        (sarif(root(), &["fixtures"]), 1),
    ];
    for ((log, code), expected) in runs {
        assert_eq!(code, expected);
        let problems = validate(&validators, &log);
        let wrong = disallowed(&log, &problems);
        assert!(wrong.is_empty(), "invalid SARIF:\n{}", wrong.join("\n"));
    }
}

#[test]
fn a_broken_configuration_gives_valid_sarif_too() {
    let Some(validators) = validators() else {
        return;
    };
    let dir = folder();
    std::fs::write(
        dir.path().join("jixiao.toml"),
        "[rules]\nselect = [\"JX999\"]\n",
    )
    .unwrap();
    let (log, code) = sarif(dir.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "JX017");
    let wrong = disallowed(&log, &validate(&validators, &log));
    assert!(wrong.is_empty(), "invalid SARIF:\n{}", wrong.join("\n"));
}

/// The validators catch what they must: each broken copy of a valid log fails.
#[test]
fn an_invalid_log_fails_validation() {
    let Some(validators) = validators() else {
        return;
    };
    let dir = folder();
    let (valid, _) = sarif(dir.path(), &[]);
    let readable = valid["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| {
            r["locations"][0]["physicalLocation"]
                .get("region")
                .is_some()
        })
        .unwrap();
    type Break = fn(&mut Value, usize);
    let broken: [(&str, Break); 5] = [
        ("an unknown level", |log, _| {
            log["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("no tool name", |log, _| {
            let driver = log["runs"][0]["tool"]["driver"].as_object_mut().unwrap();
            driver.remove("name");
        }),
        ("a rule without help, which GitHub requires", |log, _| {
            let rule = log["runs"][0]["tool"]["driver"]["rules"][0]
                .as_object_mut()
                .unwrap();
            rule.remove("help");
        }),
        ("a line 0", |log, i| {
            log["runs"][0]["results"][i]["locations"][0]["physicalLocation"]["region"]
                ["startLine"] = 0.into();
        }),
        ("a readable file's result without a region", |log, i| {
            let location = log["runs"][0]["results"][i]["locations"][0]["physicalLocation"]
                .as_object_mut()
                .unwrap();
            location.remove("region");
        }),
    ];
    for (what, damage) in broken {
        let mut log = valid.clone();
        damage(&mut log, readable);
        let problems = validate(&validators, &log);
        assert!(
            !disallowed(&log, &problems).is_empty(),
            "{what} passed: {problems:?}"
        );
    }
    // Each validator catches on its own what the other lets through.
    let mut log = valid.clone();
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    let problems = validate(&validators, &log);
    assert!(problems.schema.is_some() && problems.multitool.is_empty());
    let mut log = valid;
    let rule = log["runs"][0]["tool"]["driver"]["rules"][0]
        .as_object_mut()
        .unwrap();
    rule.remove("help");
    let problems = validate(&validators, &log);
    assert!(problems.schema.is_none());
    assert!(
        problems
            .multitool
            .iter()
            .any(|(rule, _, _)| rule.starts_with("GH")),
        "{problems:?}"
    );
}
