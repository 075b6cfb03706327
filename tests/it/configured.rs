//! The rules as a user configures them, end to end through the binary: a rule file and a lexicon term added in
//! jixiao.toml take effect without rebuilding; parameters, selection, severities and suppressions work; errors in
//! the configuration or a rule file point at the place; `jixiao rules` and `jixiao explain` describe the rules;
//! rules/README.md is the catalog the rule files generate.

use std::path::Path;

use crate::support::{self, Run};

fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// (code, line, column) of every finding in a JSON run.
fn findings(run: &Run) -> Vec<(String, u64, u64)> {
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

const LOCAL_RULE: &str = r#"
rule XJ901 too-many-trainees {
  severity warning
  category local
  applies indicator
  param limit = 500 人次 "本地的上限"
  when contains(name, "培训") and value > $limit
  at value
  message zh "“{name}”的 {value} 超过本地上限 {$limit}"
  message en "`{name}`: {value} is above the local limit {$limit}"
  help zh "核实培训计划"
  help en "check the training plan"
  summary zh "培训人次超过本地上限"
  summary en "trainees above the local limit"
  docs zh "本地规则的说明"
  docs en "a local rule"
  example fail """产出 { 数量 "培训人次" = 900 人次 }"""
  example pass """产出 { 数量 "培训人次" = 100 人次 }"""
}
"#;

const DECLARATION: &str = r#"项目 "本地规则示例" {
  年度 2024
  产出 {
    数量 "培训人次" = 600 人次
    质量 "培训效果" 定性 "还行"
  }
}
"#;

#[test]
fn a_rule_file_and_a_lexicon_term_added_in_jixiao_toml_take_effect() {
    let only_ours = [
        "check",
        "--format",
        "json",
        "--select",
        "XJ901,JX102",
        "a.jx",
    ];
    // Without configuration: the local rule does not exist and 还行 is not a vague term.
    let bare = project(&[("a.jx", DECLARATION)]);
    let run = jixiao(bare.path(), &only_ours);
    assert_eq!(run.code, 2, "XJ901 is unknown without the rule file");

    let configured = project(&[
        ("a.jx", DECLARATION),
        ("rules/local.jxr", LOCAL_RULE),
        (
            "jixiao.toml",
            "[rules]\nextra = [\"rules/local.jxr\"]\n\n[lexicons]\nstock-values = [\"还行\"]\n",
        ),
    ]);
    let run = jixiao(configured.path(), &only_ours);
    assert_eq!(
        findings(&run),
        [("XJ901".to_string(), 4, 17), ("JX102".to_string(), 5, 19)]
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_parameter_set_in_jixiao_toml_changes_the_rule() {
    let dir = project(&[
        ("a.jx", DECLARATION),
        ("local.jxr", LOCAL_RULE),
        (
            "jixiao.toml",
            "[rules]\nextra = [\"local.jxr\"]\n\n[params.too-many-trainees]\nlimit = \"700 人次\"\n",
        ),
    ]);
    let run = jixiao(
        dir.path(),
        &["check", "--format", "json", "--select", "XJ901", "a.jx"],
    );
    assert_eq!(findings(&run), []);
    assert_eq!(run.code, 0);
    let run = jixiao(dir.path(), &["rules", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let local = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "XJ901")
        .expect("the local rule is listed");
    assert_eq!(local["params"][0]["default"], "500 人次");
}

#[test]
fn selection_on_the_command_line_and_severities_in_jixiao_toml() {
    let dir = project(&[
        (
            "a.jx",
            "项目 \"x\" { 年度 2024 产出 { 数量 \"平台租赁\" } }\n",
        ),
        (
            "jixiao.toml",
            "[rules.severity]\nmissing-target = \"info\"\n",
        ),
    ]);
    let run = jixiao(
        dir.path(),
        &["check", "--format", "json", "--select", "JX101", "a.jx"],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "JX101");
    assert_eq!(json["diagnostics"][0]["severity"], "info");
    assert_eq!(run.code, 0, "an info does not fail the run");
    let run = jixiao(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--select",
            "JX101",
            "--ignore",
            "measurability",
            "a.jx",
        ],
    );
    assert_eq!(findings(&run), []);
}

/// `check` of the declaration with `config` as its jixiao.toml, in the human format.
fn checked_with(config: &str) -> Run {
    let dir = project(&[("a.jx", DECLARATION), ("jixiao.toml", config)]);
    jixiao(dir.path(), &["check", "--color", "never", "a.jx"])
}

#[test]
fn an_unknown_rule_in_jixiao_toml_is_reported_at_its_place() {
    let _snapshots = support::snapshots("configured");
    let run = checked_with("[rules]\nignore = [\"JX101\", \"no-such-rule\"]\n");
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn an_empty_lexicon_term_in_jixiao_toml_is_reported_at_its_place() {
    let _snapshots = support::snapshots("configured");
    let run = checked_with("[lexicons]\nstock-values = [\"还行\", \"\"]\n");
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn an_error_in_an_extra_rule_file_points_into_it() {
    let _snapshots = support::snapshots("configured");
    let dir = project(&[
        ("a.jx", DECLARATION),
        (
            "local.jxr",
            &LOCAL_RULE.replace("value > $limit", "valeu > $limit"),
        ),
        ("jixiao.toml", "[rules]\nextra = [\"local.jxr\"]\n"),
    ]);
    let run = jixiao(
        dir.path(),
        &["check", "--color", "never", "--lang", "en", "a.jx"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn suppressions_silence_their_rule_and_unused_ones_are_reported() {
    let dir = project(&[(
        "a.jx",
        "项目 \"x\" {
  年度 2024
  产出 {
    # jixiao: allow(JX101) 租赁合同尚未签订
    数量 \"平台租赁\"
    数量 \"系统迁移\" # jixiao: allow(missing-target)
    数量 \"培训人次\" = 280 人次 # jixiao: allow(JX101)
    数量 \"设备采购\"
  }
}
",
    )]);
    let run = jixiao(
        dir.path(),
        &["check", "--format", "json", "--select", "JX101", "a.jx"],
    );
    assert_eq!(
        findings(&run),
        [("JX016".to_string(), 7, 24), ("JX101".to_string(), 8, 8)]
    );
}

#[test]
fn explain_prints_a_rules_page() {
    let dir = project(&[]);
    let run = jixiao(dir.path(), &["explain", "JX101"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# JX101 missing-target\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("### 为什么"));
    let by_name = jixiao(dir.path(), &["explain", "missing-target", "--lang", "en"]);
    assert!(by_name.stdout.starts_with("# JX101 missing-target\n"));
    assert!(by_name.stdout.contains("Severity: error"));
    let fixed = jixiao(dir.path(), &["explain", "JX006"]);
    assert!(fixed.stdout.contains("evaluation-level1"));
    assert_eq!(jixiao(dir.path(), &["explain", "JX999"]).code, 2);
}

#[test]
fn the_rules_readme_is_generated_from_the_rule_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = jixiao(root, &["rules", "--format", "markdown"]);
    assert_eq!(run.code, 0);
    let committed = std::fs::read_to_string(root.join("rules/README.md")).unwrap_or_default();
    assert!(
        committed == run.stdout,
        "rules/README.md is stale: run `cargo run -- rules --format markdown > rules/README.md`"
    );
}
