//! The formats for CI and review (`--format sarif|github|concise`, `--statistics`) on one small folder: a
//! declaration under a Chinese path, a workbook (findings in cells), and a file that cannot be read (GBK). Each
//! output is pinned in a snapshot; exit statuses are those of the human format. tests/it/sarif.rs runs the
//! SARIF through real validators.

use serde_json::Value;
use std::path::Path;

use crate::support::{self, Run};

/// Runs `jixiao ARGS` in `dir`.
fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

/// `text` encoded as GBK.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The folder: `申报/朔州.jx`, `workbook.xlsx` (fixtures/tables) and the unreadable `旧表.jx`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("申报")).unwrap();
    std::fs::write(root.join("申报/朔州.jx"), support::DECLARATION).unwrap();
    let workbook = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tables/workbook.xlsx");
    std::fs::copy(workbook, root.join("workbook.xlsx")).unwrap();
    std::fs::write(root.join("旧表.jx"), gbk(support::CLEAN)).unwrap();
    dir
}

/// The SARIF log with the rules that no result names left out (the full list is tested on its own), the version
/// of jixiao replaced and the keys sorted (serde_json's `Value`), so that the snapshot shows what a result needs.
fn sarif_for_snapshot(stdout: &str) -> String {
    let mut log: Value = serde_json::from_str(stdout).unwrap();
    let run = &mut log["runs"][0];
    let driver = &mut run["tool"]["driver"];
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    driver["version"] = "[version]".into();
    let named: Vec<Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].clone())
        .collect();
    let rules = run["tool"]["driver"]["rules"].as_array_mut().unwrap();
    let total = rules.len();
    rules.retain(|rule| named.contains(&rule["id"]));
    let note = format!(
        "{} of {total} rules shown: those the results name; keys sorted",
        rules.len()
    );
    run["tool"]["driver"]["rules"] = Value::Array(std::mem::take(rules));
    format!("{note}\n{}", serde_json::to_string_pretty(&log).unwrap())
}

#[test]
fn concise_output() {
    let _snapshots = support::snapshots("formats");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "concise"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("concise_zh", run.stdout);
    let run = jixiao(
        dir.path(),
        &["check", "--format", "concise", "--lang", "en"],
    );
    insta::assert_snapshot!("concise_en", run.stdout);
    let coloured = jixiao(
        dir.path(),
        &["check", "--format", "concise", "--color", "always"],
    );
    assert!(coloured.stdout.contains("\u{1b}[1;31mJX102\u{1b}[0m"));
}

#[test]
fn github_output() {
    let _snapshots = support::snapshots("formats");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "github"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("github_zh", run.stdout);
}

#[test]
fn sarif_output() {
    let _snapshots = support::snapshots("formats");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("sarif_zh", sarif_for_snapshot(&run.stdout));
}

/// Every rule of the run's rule set is described, selected or not, with every fixed class of the language
/// (the rules come before any result, so they cannot depend on which appear); every result points at its own
/// rule.
#[test]
fn sarif_describes_every_rule_and_results_point_at_theirs() {
    let dir = folder();
    let run = jixiao(
        dir.path(),
        &[
            "check", "--format", "sarif", "--lang", "en", "--ignore", "JX1",
        ],
    );
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();

    let listed = jixiao(dir.path(), &["rules", "--format", "json"]);
    let listed: Value = serde_json::from_str(&listed.stdout).unwrap();
    let mut expected: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    expected.extend(
        jixiao::diagnostic::codes::ALL
            .iter()
            .map(|class| class.code),
    );
    expected.sort_unstable();
    assert_eq!(ids, expected);

    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    let vague = rule("JX102");
    assert_eq!(vague["name"], "vague-target-value");
    assert_eq!(vague["defaultConfiguration"]["level"], "error");
    assert!(vague["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .starts_with("a target value that is vague"));
    assert!(!vague["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains('`'));
    assert!(vague["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("Finds"));
    assert_eq!(
        vague["helpUri"],
        "https://github.com/jixiao-lint/jixiao/blob/main/rules/README.md#jx102"
    );
    assert_eq!(rule("JX108")["defaultConfiguration"]["level"], "none");
    assert_eq!(rule("JX303")["defaultConfiguration"]["level"], "note");
    assert_eq!(rule("JX015")["defaultConfiguration"]["level"], "error");
    assert_eq!(rule("JX016")["defaultConfiguration"]["level"], "warning");

    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results
            .iter()
            .all(|r| !r["ruleId"].as_str().unwrap().starts_with("JX1")),
        "the run's selection holds"
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn statistics_as_a_table_and_as_json() {
    let _snapshots = support::snapshots("formats");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--statistics"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    insta::assert_snapshot!("statistics_zh", run.stdout);
    let run = jixiao(dir.path(), &["check", "--statistics", "--lang", "en"]);
    insta::assert_snapshot!("statistics_en", run.stdout);
    let run = jixiao(dir.path(), &["check", "--statistics", "--format", "json"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("statistics_json", run.stdout);
}

#[test]
fn statistics_need_a_format_that_has_them() {
    let dir = folder();
    for format in ["sarif", "github", "concise"] {
        let run = jixiao(dir.path(), &["check", "--statistics", "--format", format]);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{format}");
        assert!(run.stderr.contains("--statistics"), "{}", run.stderr);
    }
}

/// Every format exits as the human format does: 1 for findings, 0 for none, 2 for a path that cannot be read.
#[test]
fn exit_statuses_do_not_depend_on_the_format() {
    let dir = folder();
    std::fs::create_dir(dir.path().join("clean")).unwrap();
    std::fs::write(dir.path().join("clean/ok.jx"), support::CLEAN).unwrap();
    let cases: [(&[&str], i32); 5] = [
        (&["."], 1),
        (&["clean"], 0),
        (&["missing.jx", "clean"], 2),
        (&["--fail-level", "warning", "申报"], 1),
        (&["--fail-level", "error", "--ignore", "JX102", "申报"], 0),
    ];
    let formats: [&[&str]; 7] = [
        &[],
        &["--format", "json"],
        &["--format", "sarif"],
        &["--format", "github"],
        &["--format", "concise"],
        &["--statistics"],
        &["--statistics", "--format", "json"],
    ];
    for (paths, expected) in cases {
        for format in formats {
            let mut args = vec!["check"];
            args.extend_from_slice(format);
            args.extend_from_slice(paths);
            let run = jixiao(dir.path(), &args);
            assert_eq!(run.code, expected, "{args:?}: {run:?}");
        }
    }
    let clean = jixiao(dir.path(), &["check", "--format", "github", "clean"]);
    assert_eq!(clean.stdout, "");
    let clean = jixiao(dir.path(), &["check", "--statistics", "clean"]);
    assert_eq!(clean.stdout, "1 个文件：没有发现问题\n");
}

/// A path that does not exist is a result located in its file without a region.
#[test]
fn a_missing_path_is_a_result_without_a_region() {
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "sarif", "缺少.jx"]);
    assert_eq!(run.code, 2);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "JX014");
    assert_eq!(
        result["locations"][0]["physicalLocation"],
        serde_json::json!({"artifactLocation": {"uri": "%E7%BC%BA%E5%B0%91.jx", "uriBaseId": "%SRCROOT%"}})
    );
}

/// `--format html`: what the page writes as HTML (summary, chart, rules) in a snapshot, the data the script
/// draws from in another; nothing is loaded from elsewhere. tests/it/browser.rs opens the page in chromium.
#[test]
fn html_output() {
    let _snapshots = support::snapshots("formats");
    let dir = folder();
    let run = jixiao(dir.path(), &["check", "--format", "html"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, ""));
    let page = run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    for outside in ["src=\"http", "href=\"http", "@import", "url(", "<link"] {
        assert!(!page.contains(outside), "the page loads nothing: {outside}");
    }
    let main = page
        .split("<main>")
        .nth(1)
        .unwrap()
        .split("</main>")
        .next()
        .unwrap();
    let shown: String = main
        .split("<section id=\"rules\">")
        .next()
        .unwrap()
        .replace("><", ">\n<");
    insta::assert_snapshot!("html_zh", shown);
    let data = page
        .split("<script type=\"application/json\" id=\"data\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let data: Value = serde_json::from_str(data).unwrap();
    insta::assert_snapshot!(
        "html_data_zh",
        serde_json::to_string_pretty(&data["files"]).unwrap()
    );
}
