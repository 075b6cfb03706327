//! What a spreadsheet user reads and writes: the help of a table's finding speaks of columns and cells (each
//! rule whose help shows .jx syntax or promises `--fix` has a `table-help`), and a 审核说明 (allow) column
//! accepts a finding on its row, as `# jixiao: allow(…)` does in a .jx file.

use crate::support;
use jixiao::lint::dsl::{self, Overrides};
use jixiao::SourceFile;
use serde_json::Value;
use std::path::Path;

/// What .jx syntax or a fix promise looks like in a help text.
fn speaks_jx(help: &str) -> bool {
    static QUOTED_NAME: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#""[^"]*" *[≥≤=]"#).unwrap());
    help.contains(['{', '}'])
        || help.contains("--fix")
        || help.contains("定性 \"")
        || help.contains("# jixiao")
        || help.contains(".jx")
        || QUOTED_NAME.is_match(help)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let run = support::run(dir, args);
    serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("{}{}", run.stdout, run.stderr))
}

#[test]
fn table_findings_have_help_a_spreadsheet_user_can_follow() {
    let root = support::root();
    for lang in ["zh", "en"] {
        let found = json(
            root,
            &[
                "check",
                "fixtures/tables",
                "--format",
                "json",
                "--lang",
                lang,
            ],
        );
        let diagnostics = found["diagnostics"].as_array().unwrap();
        assert!(diagnostics.len() > 100);
        for d in diagnostics {
            let help = d["help"].as_str().unwrap_or_default();
            assert!(!speaks_jx(help), "{} in {}: {help}", d["code"], d["file"]);
        }
    }
    // A .jx file keeps the help in the language's own syntax.
    let found = json(
        root,
        &["check", "fixtures/shuozhou-2022.jx", "--format", "json"],
    );
    let vague = found["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "JX102")
        .unwrap();
    assert!(vague["help"].as_str().unwrap().contains("定性 \"…\" 分档"));
}

#[test]
fn every_rule_whose_help_shows_jx_syntax_has_a_table_help() {
    let placeholder = regex::Regex::new(r"\{[^}]*\}").unwrap();
    for file in ["conventions", "measurability", "structure"] {
        let text =
            std::fs::read_to_string(support::root().join(format!("rules/{file}.jxr"))).unwrap();
        for block in text.split("\nrule ").skip(1) {
            let code = block.split_whitespace().next().unwrap();
            let help = block.lines().find(|l| l.starts_with("  help zh")).unwrap();
            let has_table_help = block.lines().any(|l| l.starts_with("  table-help zh"));
            // Placeholders ({name}, {$floor}, {replace(…)}) are filled in; `{{ }}` are literal braces, .jx syntax.
            let help = help
                .trim_start_matches("  help zh ")
                .trim_matches('"')
                .replace("\\\"", "\"");
            let help = help.replace("{{", "⟪").replace("}}", "⟫");
            let help = placeholder.replace_all(&help, "");
            let help = help.replace('⟪', "{").replace('⟫', "}");
            if speaks_jx(&help) {
                assert!(has_table_help, "{code} needs a table-help: {help}");
            }
        }
    }
}

#[test]
fn table_help_is_plain_text_in_both_languages() {
    let rule = |table_help: &str| {
        format!(
            "rule XX901 test-rule {{\n  severity warning\n  category measurability\n  applies indicator\n  when name == \"x\"\n  message zh \"m\"\n  message en \"m\"\n  help zh \"h\"\n  help en \"h\"\n{table_help}\n  summary zh \"s\"\n  summary en \"s\"\n  docs zh \"d\"\n  docs en \"d\"\n  example fail \"\"\"产出 {{ 数量 \\\"x\\\" }}\"\"\"\n  example pass \"\"\"产出 {{ 数量 \\\"y\\\" = 1 个 }}\"\"\"\n}}\n"
        )
    };
    let compile = |text: &str| {
        dsl::rule_set(
            &[SourceFile::verbatim("t.jxr", text)],
            &Overrides::default(),
        )
    };
    let ok = compile(&rule("  table-help zh \"在“指标值”列写 ≥95%\"\n  table-help en \"write ≥95% in the target column\""));
    let rules = ok.unwrap_or_else(|e| panic!("{e:?}"));
    let help = rules.find("XX901").unwrap().table_help.clone().unwrap();
    assert_eq!(help.en, "write ≥95% in the target column");
    for broken in [
        "  table-help zh \"只有中文\"",
        "  table-help zh \"写 {name}\"\n  table-help en \"write {name}\"",
    ] {
        let errors = compile(&rule(broken)).expect_err("an error");
        let messages: Vec<String> = errors
            .iter()
            .flat_map(|r| &r.diagnostics)
            .map(|d| d.message.en.clone())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("table-help")),
            "{broken}: {messages:?}"
        );
    }
}

/// A CSV table whose rows carry allow notes.
const ALLOWED: &str = "\
一级指标,二级指标,三级指标,指标值,审核说明
产出指标,数量指标,培训人次,≥280人次,
产出指标,质量指标,培训合格率,较好,allow(JX102) 合格标准另行制定
产出指标,质量指标,验收合格率,较好,已核实
产出指标,时效指标,完成时间,2024年12月31日前,allow(JX201)
效益指标,社会效益指标,就业率,≥60%,allow(JX10
效益指标,社会效益指标,覆盖率,≥60%,allow(JX999)
成本指标,经济成本指标,人均成本,≤3000元/人,jixiao: allow(no-satisfaction) 没有服务对象
";

#[test]
fn an_allow_column_accepts_a_finding_on_its_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("目标.csv"), ALLOWED).unwrap();
    let without: String = ALLOWED
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    std::fs::write(dir.path().join("对照.csv"), without).unwrap();
    let found = |file: &str| -> Vec<(String, String)> {
        json(dir.path(), &["check", file, "--format", "json"])["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["cell"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let before = found("对照.csv");
    let after = found("目标.csv");
    // Row 3's vague target is accepted; row 4's, with a note and no allow, is not.
    assert!(before.contains(&("JX102".into(), "D3".into())));
    assert!(!after.contains(&("JX102".into(), "D3".into())), "{after:?}");
    assert!(after.contains(&("JX102".into(), "D4".into())));
    // The declaration's missing satisfaction, accepted on any row.
    assert!(before.iter().any(|(code, _)| code == "JX308"));
    assert!(!after.iter().any(|(code, _)| code == "JX308"), "{after:?}");
    // An allow that accepts nothing, one that cannot be read, one that names no rule: at their cells.
    assert!(after.contains(&("JX016".into(), "E5".into())), "{after:?}");
    assert!(after.contains(&("JX013".into(), "E6".into())), "{after:?}");
    assert!(after.contains(&("JX013".into(), "E7".into())), "{after:?}");
    let unused = json(dir.path(), &["check", "目标.csv", "--format", "json"]);
    let help = unused["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "JX013")
        .unwrap()["help"]
        .clone();
    assert!(help.as_str().unwrap().contains("审核说明"), "{help}");
}
