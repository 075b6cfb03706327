//! A streamed run: `jixiao check` writes each report as soon as it and those before it are checked. Over a folder
//! of a few hundred inputs (more than a run checks ahead of its output, of very different sizes, with workbooks
//! of several sheets and a file that cannot be read), every format writes exactly what rendering all the
//! collected reports at once writes, and every format names the files in input order.

use crate::support::{self, Run};
use jixiao::import::{self, Encoding};
use jixiao::lint::RuleSet;
use jixiao::render::{Catalog, Format, Options, Render};
use jixiao::{check_with_rules, FileReport, SourceFile};
use std::path::Path;

/// A real declaration with findings of several rules.
const FINDINGS: &str = include_str!("../../fixtures/examples/tongxin-putao-2023.jx");

/// A declaration whose closing brace is missing: JX001 syntax-error.
const SYNTAX: &str = "项目 \"示例\" { 产出 { 数量 \"培训人次\" = 280 人次 }\n";

/// A declaration with `indicators` vague targets: a file that takes far longer to check than the others.
fn large(indicators: usize) -> String {
    let mut text = String::from("项目 \"大型申报\" {\n  年度 2024\n  资金 100 万元\n  产出 {\n");
    for i in 0..indicators {
        text.push_str(&format!("    质量 \"第{i}项质量\" 定性 \"完成满足需求\"\n"));
    }
    text.push_str("  }\n}\n");
    text
}

/// The folder: 300 inputs in two directories. A large file first in each, the others small: most with the
/// findings of a real declaration, some with a syntax error, some almost empty, one GBK file that cannot be read
/// and four workbooks of two sheets.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["一", "二"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    let workbook = support::root().join("fixtures/tables/workbook.xlsx");
    for i in 0..300 {
        let sub = if i < 150 { "一" } else { "二" };
        let at = |ext: &str| dir.path().join(format!("{sub}/f{i:03}.{ext}"));
        match i {
            0 | 160 => std::fs::write(at("jx"), large(150)).unwrap(),
            _ if i % 97 == 5 => {
                std::fs::copy(&workbook, at("xlsx")).unwrap();
            }
            123 => {
                let (gbk, _, _) = encoding_rs::GBK.encode(SYNTAX);
                std::fs::write(at("jx"), gbk).unwrap();
            }
            _ if i % 7 == 0 => std::fs::write(at("jx"), SYNTAX).unwrap(),
            _ if i % 3 == 0 => std::fs::write(at("jx"), "项目 \"示例\" { 年度 2022 }\n").unwrap(),
            _ => {
                let text = FINDINGS.replacen("项目 \"", &format!("项目 \"{i} "), 1);
                std::fs::write(at("jx"), text).unwrap();
            }
        }
    }
    dir
}

/// The reports of the folder, collected as a run that kept them all would: its inputs in the order of
/// discovery, each read and checked with `rules`, shown relative to the folder.
fn collected(dir: &Path, rules: &RuleSet) -> Vec<FileReport> {
    let prefix = format!("{}/", dir.display());
    let entries = jixiao::discover::discover(&[dir.to_path_buf()], None);
    let mut reports = Vec::new();
    for entry in entries {
        let display = entry.display.strip_prefix(&prefix).unwrap().to_string();
        let jixiao::discover::EntryKind::File(path) = entry.kind else {
            panic!("not a file: {}", entry.display);
        };
        if jixiao::paths::is_table(&path) {
            let bytes = std::fs::read(&path).unwrap();
            let imported = import::read_sheets(&display, &path, bytes, Encoding::Auto)
                .and_then(|sheets| import::import(&display, sheets))
                .unwrap();
            reports.extend(import::check(&display, &imported, rules));
            continue;
        }
        reports.push(match jixiao::read::read_path(&path) {
            Ok(text) => check_with_rules(SourceFile::new(display, &text), rules),
            Err(diagnostic) => FileReport::unreadable(display, *diagnostic),
        });
    }
    reports
}

/// The formats of `jixiao check`, with the arguments that ask for each.
fn formats(rules: &RuleSet) -> Vec<(&'static [&'static str], Box<dyn Render>)> {
    let options = Options::default();
    let catalog = Catalog::of_rule_sets([rules]).with_fixed_classes();
    vec![
        (&[], Format::Human.renderer(options)),
        (&["--format", "json"], Format::Json.renderer(options)),
        (
            &["--format", "sarif"],
            Format::Sarif.renderer_with(options, catalog),
        ),
        (&["--format", "github"], Format::Github.renderer(options)),
        (&["--format", "concise"], Format::Concise.renderer(options)),
        (
            &["--statistics"],
            Format::Human.statistics(options).unwrap(),
        ),
        (
            &["--statistics", "--format", "json"],
            Format::Json.statistics(options).unwrap(),
        ),
    ]
}

/// `jixiao check ARGS` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    support::run(dir, &all)
}

#[test]
fn every_format_streams_what_rendering_all_the_reports_gives() {
    let dir = folder();
    let rules = support::builtin_rules();
    let reports = collected(dir.path(), &rules);
    assert!(reports.len() > 300, "the workbooks have several sheets");
    for (args, mut renderer) in formats(&rules) {
        let mut expected = Vec::new();
        renderer.render(&reports, &mut expected).unwrap();
        let run = check(dir.path(), args);
        assert_eq!((run.code, run.stderr.as_str()), (1, ""), "{args:?}");
        assert!(
            run.stdout == String::from_utf8(expected).unwrap(),
            "{args:?}: the streamed output differs from the reports rendered at once"
        );
    }
}

/// The files each format names, in the order it names them, each once per run of findings.
fn named_files(args: &[&str], stdout: &str) -> Vec<String> {
    let mut files: Vec<String> = match args {
        ["--format", "json"] => {
            let json: serde_json::Value = serde_json::from_str(stdout).unwrap();
            let found = json["diagnostics"].as_array().unwrap().iter();
            found.map(|d| d["file"].as_str().unwrap().into()).collect()
        }
        ["--format", "sarif"] => {
            let log: serde_json::Value = serde_json::from_str(stdout).unwrap();
            let results = log["runs"][0]["results"].as_array().unwrap().iter();
            let uri = |r: &serde_json::Value| {
                let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
                location["uri"].as_str().unwrap().to_string()
            };
            results
                .map(|r| percent_decoded(&uri(r)))
                .collect::<Vec<_>>()
        }
        ["--format", "github"] => stdout
            .lines()
            .map(|line| line.split("file=").nth(1).unwrap().split([',', ':']).next())
            .map(|file| file.unwrap().to_string())
            .collect(),
        ["--format", "concise"] => stdout
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(place, _)| place.split('[').next().unwrap().to_string())
            .collect(),
        // The human format: the header of each excerpt, `╭─[path:line:column]` (`╭─[path [sheet]:…]` in a
        // workbook), or `error[CODE]: path: …` for the file that cannot be read.
        _ => stdout
            .lines()
            .filter_map(|line| match line.split_once("╭─[") {
                Some((_, place)) => place.split([':', ' ']).next(),
                None => line.strip_prefix("error[JX015]: ")?.split(':').next(),
            })
            .map(str::to_string)
            .collect(),
    };
    files.dedup();
    files
}

/// A URI path with its percent-encoded bytes decoded.
fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_format_names_the_files_in_input_order() {
    let dir = folder();
    let json = check(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let inputs: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 300);
    assert!(inputs[0] == "一/f000.jx" && inputs[299] == "二/f299.jx");
    let rules = support::builtin_rules();
    for (args, _) in formats(&rules) {
        if args.first() == Some(&"--statistics") {
            continue;
        }
        let run = check(dir.path(), args);
        let named = named_files(args, &run.stdout);
        let places: Vec<usize> = named
            .iter()
            .map(|file| inputs.iter().position(|input| input == file))
            .map(|place| place.unwrap_or_else(|| panic!("{args:?}: an unknown file in {named:?}")))
            .collect();
        assert!(places.len() > 150, "{args:?}: {named:?}");
        assert!(
            places.windows(2).all(|pair| pair[0] < pair[1]),
            "{args:?}: out of input order: {named:?}"
        );
    }
}
