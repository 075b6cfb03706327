//! Inputs an attacker writes: lines of 100,000 characters, files ending their lines with a lone CR. Each is read
//! within bounds and drawn without a panic; the crafted workbooks are in `workbooks`.

use crate::support;

/// The JSON findings of `jixiao check --format json -` on `input`: (code, line, column).
fn findings(args: &[&str], input: &str) -> Vec<(String, u64, u64)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    all.push("-");
    let run = support::run_with_input(support::root(), &all, input.as_bytes());
    assert!(run.code < 2, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |key: &str| d[key].as_u64().unwrap();
            (d["code"].as_str().unwrap().to_string(), n("line"), n("column"))
        })
        .collect()
}

#[test]
fn a_file_ending_its_lines_with_a_lone_cr_reads_like_its_lf_twin() {
    let lf = std::fs::read_to_string(support::root().join("fixtures/shuozhou-2022.jx")).unwrap();
    assert!(lf.contains('#'), "the fixture has comments");
    let cr = lf.replace('\n', "\r");
    let expected = findings(&[], &lf);
    assert_eq!(findings(&[], &cr), expected, "a comment ends at its CR");
    assert!(!expected.iter().any(|(code, ..)| code == "JX001"));

    let formatted = |input: &str| {
        let run = support::run_with_input(support::root(), &["fmt", "-"], input.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    assert_eq!(formatted(&cr), formatted(&lf));
}
