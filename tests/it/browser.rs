//! The HTML review report in a real browser: Debian's chromium, driven by playwright-core from
//! tests/browser/report.cjs. On a folder of submissions (a declaration, a workbook, CSV tables, a clean file,
//! and files whose names, cells and indicators carry HTML and script), it proves that the page loads with no
//! console error and no request but its own, that its numbers are those of `check --format json`, that sorting
//! and filtering by severity, rule and category show what the JSON says, that printing draws every file on a
//! page of its own, that no user string runs or shows as markup, and it takes a screenshot.
//!
//! .ci/run installs chromium (apt) and playwright-core (npm, pinned by .ci/browser/package-lock.json, into
//! target/browser). Without them the test is skipped with a note, unless CI is set: then it fails.

use crate::support;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What drives the browser.
struct Browser {
    chromium: PathBuf,
    playwright: PathBuf,
}

/// The browser and its driver; `None` (skipped) outside CI when one is missing.
#[allow(clippy::print_stderr)] // a skipped test says so
fn browser() -> Option<Browser> {
    let chromium = std::env::var_os("JIXIAO_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let playwright = support::root().join("target/browser/node_modules/playwright-core");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if chromium.is_file() && playwright.join("package.json").is_file() && node {
        return Some(Browser {
            chromium,
            playwright,
        });
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set, but chromium ({}), node or playwright-core (target/browser) is missing: .ci/run installs them",
        chromium.display()
    );
    eprintln!(
        "skipped: chromium, node or playwright-core is missing; `bash .ci/run` installs them"
    );
    None
}

/// Runs the driver script in `mode` on `page`.
pub(crate) fn drive(mode: &str, page: &Path, screenshot: Option<&Path>) -> Option<Value> {
    let browser = browser()?;
    let mut command = Command::new("node");
    command
        .arg(support::root().join("tests/browser/report.cjs"))
        .arg(mode)
        .arg(page)
        .env("PLAYWRIGHT_CORE", &browser.playwright)
        .env("CHROMIUM", &browser.chromium);
    if let Some(screenshot) = screenshot {
        command.arg(screenshot);
    }
    let output = command.output().expect("node runs");
    assert!(
        output.status.success(),
        "the browser script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the script prints JSON"))
}

/// Script in a project's name, an indicator's name and a CSV cell.
const HOSTILE_JX: &str = "项目 \"<script>window.__pwned=1</script>\" {
  年度 2022
  产出 {
    数量 \"<img src=x onerror=\\\"window.__pwned=1\\\">\" 定性 \"满足需求\"
  }
}
";
const HOSTILE_CSV: &str = "一级指标,二级指标,三级指标,指标值\n产出指标,数量指标,\"</script><script>window.__pwned=1</script>\",较好\n";

/// The folder of submissions.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixtures = support::root().join("fixtures");
    std::fs::create_dir_all(root.join("申报/表格")).unwrap();
    std::fs::copy(fixtures.join("shuozhou-2022.jx"), root.join("申报/朔州.jx")).unwrap();
    for table in ["workbook.xlsx", "csv-values.csv", "csv-header-info.csv"] {
        std::fs::copy(
            fixtures.join("tables").join(table),
            root.join("申报/表格").join(table),
        )
        .unwrap();
    }
    std::fs::write(root.join("申报/示例.jx"), support::CLEAN).unwrap();
    std::fs::write(root.join("申报/<b>x<i>.jx"), HOSTILE_JX).unwrap();
    std::fs::write(root.join("申报/表格/hostile.csv"), HOSTILE_CSV).unwrap();
    dir
}

/// Per file of the JSON output: (errors, warnings, infos).
fn counts_by_file(json: &Value, keep: impl Fn(&Value) -> bool) -> BTreeMap<String, [u64; 3]> {
    let mut counts: BTreeMap<String, [u64; 3]> = BTreeMap::new();
    for file in json["files"].as_array().unwrap() {
        counts.insert(file.as_str().unwrap().to_string(), [0; 3]);
    }
    for d in json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| keep(d))
    {
        let slot = ["error", "warning", "info"]
            .iter()
            .position(|s| d["severity"] == *s)
            .unwrap();
        counts.get_mut(d["file"].as_str().unwrap()).unwrap()[slot] += 1;
    }
    counts
}

/// The rows of the page: path → (errors, warnings, infos).
fn rows(rows: &Value) -> BTreeMap<String, [u64; 3]> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let n = |k: &str| r[k].as_u64().unwrap();
            (
                r["path"].as_str().unwrap().to_string(),
                [n("errors"), n("warnings"), n("infos")],
            )
        })
        .collect()
}

#[test]
fn the_report_in_chromium() {
    let dir = folder();
    let run = support::run(dir.path(), &["check", "申报", "--format", "json"]);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let page = dir.path().join("review.html");
    let report = support::run(dir.path(), &["report", "申报", "-o", "review.html"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let screenshot = dir.path().join("screenshot.png");
    let Some(seen) = drive("check", &page, Some(&screenshot)) else {
        return;
    };

    // No request but the page itself, no console message, no dialog.
    assert_eq!(seen["seen"]["external"], serde_json::json!([]));
    assert_eq!(
        seen["seen"]["requests"].as_array().unwrap().len(),
        1,
        "{}",
        seen["seen"]
    );
    assert_eq!(seen["seen"]["consoleErrors"], serde_json::json!([]));
    assert_eq!(seen["seen"]["dialogs"], serde_json::json!([]));

    // The numbers are those of the JSON output.
    let summary = &seen["summary"];
    for key in ["files", "errors", "warnings", "infos"] {
        assert_eq!(summary[key], json["summary"][key], "{key}");
    }
    let all = counts_by_file(&json, |_| true);
    let clean = all.values().filter(|c| **c == [0; 3]).count();
    assert_eq!(summary["clean"].as_u64().unwrap() as usize, clean);
    assert_eq!(rows(&seen["rows"]), all);
    let ranked: Vec<[u64; 3]> = seen["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            [
                r["errors"].as_u64().unwrap(),
                r["warnings"].as_u64().unwrap(),
                0,
            ]
        })
        .collect();
    assert!(
        ranked.windows(2).all(|w| w[0] >= w[1]),
        "ranked by errors then warnings: {ranked:?}"
    );
    for unit in seen["units"].as_array().unwrap() {
        let total: u64 = all[unit["path"].as_str().unwrap()].iter().sum();
        assert_eq!(unit["findings"].as_u64().unwrap(), total, "{unit}");
    }
    let mut per_code: BTreeMap<&str, u64> = BTreeMap::new();
    for d in json["diagnostics"].as_array().unwrap() {
        *per_code.entry(d["code"].as_str().unwrap()).or_default() += 1;
    }
    for bar in seen["chart"].as_array().unwrap() {
        assert_eq!(
            bar["count"].as_u64(),
            per_code.get(bar["code"].as_str().unwrap()).copied()
        );
    }
    assert_eq!(
        seen["ruleLinks"],
        serde_json::json!([]),
        "every rule link has its anchor"
    );

    // Sorting.
    let paths = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect()
    };
    let mut sorted: Vec<String> = all.keys().cloned().collect();
    sorted.sort();
    assert_eq!(paths("byFile"), sorted);
    sorted.reverse();
    assert_eq!(paths("byFileAgain"), sorted);
    let numbers = |key: &str| -> Vec<u64> {
        seen[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect()
    };
    assert!(numbers("byWarnings").windows(2).all(|w| w[0] >= w[1]));
    assert!(numbers("byWarningsAgain").windows(2).all(|w| w[0] <= w[1]));

    // Filtering by severity, rule and category.
    let only = |keep: &dyn Fn(&Value) -> bool| -> BTreeMap<String, [u64; 3]> {
        counts_by_file(&json, keep)
            .into_iter()
            .filter(|(_, c)| *c != [0; 3])
            .collect()
    };
    assert_eq!(
        rows(&seen["onlyWarnings"]),
        only(&|d| d["severity"] == "warning")
    );
    assert!(seen["onlyWarningsUnits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c == "finding s1"));
    assert_eq!(rows(&seen["onlyRule"]), only(&|d| d["code"] == "JX102"));
    assert_eq!(seen["onlyRuleCodes"], serde_json::json!(["JX102"]));
    let rules = support::run(dir.path(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&rules.stdout).unwrap();
    let measurability: BTreeSet<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["category"] == "measurability")
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        rows(&seen["onlyCategory"]),
        only(&|d| measurability.contains(d["code"].as_str().unwrap()))
    );

    // Printed: every file, each on a page of its own, without the controls.
    assert_eq!(seen["printUnits"].as_u64().unwrap() as usize, all.len());
    assert_eq!(seen["printBreak"], "page");
    assert_eq!(seen["printControlsHidden"], true);

    // No user string ran or became markup; each shows as written.
    let injection = &seen["injection"];
    assert_eq!(injection["pwned"], false);
    assert_eq!(injection["scripts"], 2);
    assert_eq!(injection["images"], 0);
    let text = injection["text"].as_str().unwrap();
    for shown in [
        "<script>window.__pwned=1</script>",
        "<img src=x onerror=\"window.__pwned=1\">",
        "</script><script>window.__pwned=1</script>",
        "申报/<b>x<i>.jx",
    ] {
        assert!(text.contains(shown), "the page shows {shown:?} as text");
    }

    let png = std::fs::read(&screenshot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a screenshot"
    );
}
