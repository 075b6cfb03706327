//! `jixiao init`: the built binary writes the templates into temporary directories. The declaration parses
//! without findings of the language and its only finding is the placeholder JX112, until the placeholders are
//! filled in and no rule finds anything; every commented-out setting of the configuration loads; existing files
//! are never overwritten without `--force`. The templates as written are pinned in snapshots.

use jixiao::init::{CONFIG, DECLARATION};
use jixiao::syntax::ast::{Comparator, TargetKind};
use jixiao::syntax::levels::Level1;
use jixiao::syntax::parse::parse;
use jixiao::SourceFile;
use std::path::Path;

use crate::support::{self, Run};

/// Runs `jixiao ARGS` in `dir`.
fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

/// The codes of the findings of `jixiao check ARGS` in `dir`, from the JSON output.
fn codes(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let run = jixiao(dir, &all);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    let codes = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    (run.code, codes)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn init_writes_both_files_into_a_new_directory() {
    let _snapshots = support::snapshots("init");
    let temp = tempfile::tempdir().unwrap();
    let run = jixiao(temp.path(), &["init", "单位/项目"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run:?}");
    assert_eq!(
        run.stdout,
        "已写入 / wrote 单位/项目/申报.jx\n\
         已写入 / wrote 单位/项目/jixiao.toml\n\
         下一步：把 单位/项目/申报.jx 中的“XX”和示例指标换成本项目的内容，然后运行 jixiao check\n\
         next: replace the “XX” placeholders and the example indicators in 单位/项目/申报.jx, then run \
         jixiao check\n"
    );
    let dir = temp.path().join("单位/项目");
    assert_eq!(read(&dir.join("申报.jx")), DECLARATION.text);
    assert_eq!(read(&dir.join("jixiao.toml")), CONFIG.text);
    insta::assert_snapshot!("declaration_template", read(&dir.join("申报.jx")));
    insta::assert_snapshot!("config_template", read(&dir.join("jixiao.toml")));
}

/// The decision about the template: it parses cleanly, and the placeholders of its header are the one thing
/// `jixiao check` reports (JX112, an error, so an unfilled template does not pass a pre-commit hook).
#[test]
fn the_fresh_template_parses_and_only_its_placeholders_are_reported() {
    let _snapshots = support::snapshots("init");
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(jixiao(dir.path(), &["init"]).code, 0);
    let (code, found) = codes(dir.path(), &["--fail-level", "info"]);
    assert!(
        !found.iter().any(|code| code.starts_with("JX0")),
        "findings of the language: {found:?}"
    );
    assert_eq!((code, found), (1, vec!["JX112".to_string()]));
    let run = jixiao(dir.path(), &["check"]);
    insta::assert_snapshot!("fresh_template_check", run.stdout);
}

/// Once the unit writes real content in place of `XX`, no rule, not even an opt-in one, finds anything in the
/// example indicators: they show sound writing.
#[test]
fn the_filled_in_template_has_no_findings_at_all() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(jixiao(dir.path(), &["init"]).code, 0);
    let path = dir.path().join("申报.jx");
    let filled = read(&path)
        .replace("\"XX项目\"", "\"2027年政务云建设项目\"")
        .replace("\"XX局\"", "\"某市行政审批局\"")
        .replace("\"XX中心\"", "\"某市数字管理服务中心\"")
        .replace("完成XX项XX", "完成 32 个政务信息系统迁移上云")
        .replace(
            "XX年前建成XX，XX达到XX",
            "2028年前建成全市统一的政务云平台，政务服务事项网上可办率达到 95 %",
        );
    let placeholders: Vec<&str> = filled
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && line.contains("XX"))
        .collect();
    assert_eq!(placeholders, Vec::<&str>::new(), "placeholders left");
    std::fs::write(&path, filled).unwrap();
    let run = jixiao(
        dir.path(),
        &["check", "--extend-select", "ALL", "--fail-level", "info"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "1 个文件：没有发现问题\n"),
        "{run:?}"
    );
}

/// The template shows what the brief of `jixiao init` promises: every header field, the four level-1 groups,
/// each target form, attributes.
#[test]
fn the_template_shows_every_header_field_level1_and_target_form() {
    let parsed = parse(&SourceFile::new("申报.jx", DECLARATION.text));
    assert_eq!(parsed.diagnostics, vec![]);
    let document = parsed.document.expect("the template parses");
    let [declaration] = document.declarations.as_slice() else {
        panic!("one declaration");
    };
    let header = &declaration.header;
    assert!(header.supervisor.is_some() && header.implementer.is_some() && header.year.is_some());
    assert!(header.funds.as_ref().is_some_and(|f| f.sources.len() == 2));
    assert!(
        header.period.is_some() && header.annual_goal.is_some() && header.overall_goal.is_some()
    );
    let level1: Vec<_> = declaration.groups.iter().map(|g| g.level).collect();
    assert_eq!(
        level1,
        [
            Some(Level1::Cost),
            Some(Level1::Output),
            Some(Level1::Benefit),
            Some(Level1::Satisfaction)
        ]
    );
    let indicators: Vec<_> = declaration
        .groups
        .iter()
        .flat_map(|g| &g.groups)
        .flat_map(|g| &g.indicators)
        .collect();
    let kinds: Vec<_> = indicators
        .iter()
        .filter_map(|i| i.target.as_ref().map(|t| &t.kind))
        .collect();
    assert!(kinds.iter().any(|kind| matches!(kind,
        TargetKind::Quantitative { comparator: Some(c), quantity } if c.value == Comparator::Ge && quantity.unit.is_some())));
    assert!(kinds
        .iter()
        .any(|kind| matches!(kind, TargetKind::Deadline { .. })));
    assert!(kinds
        .iter()
        .any(|kind| matches!(kind, TargetKind::Qualitative { grades, .. } if grades.len() >= 2)));
    assert!(indicators.iter().any(|i| {
        let a = &i.attributes;
        a.basis.is_some() && a.source.is_some() && a.note.is_some() && a.scoring.is_some()
    }));
    // The suppression is only shown in a comment: as a live one it would suppress nothing (JX016).
    assert_eq!(document.suppressions, vec![]);
    assert!(DECLARATION.text.contains("#   # jixiao: allow(JX103)"));
}

/// Every setting of the configuration template, uncommented, loads and takes effect: the template teaches only
/// keys, rules, parameters and lexicons that exist.
#[test]
fn every_commented_setting_of_the_config_template_loads() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("项目");
    assert_eq!(jixiao(temp.path(), &["init", "项目"]).code, 0);
    // The settings are written `#key = …` (no space after `#`), the explanations `# …`.
    let uncommented: String = CONFIG
        .text
        .lines()
        .map(|line| match line.strip_prefix('#') {
            Some(rest) if !rest.starts_with([' ', '#']) && !rest.is_empty() => rest,
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(uncommented.contains("\nextends = "), "{uncommented}");
    std::fs::write(dir.join("jixiao.toml"), &uncommented).unwrap();
    // What `extends` and `extra` point at.
    std::fs::write(dir.join("共用.toml"), "[rules]\n").unwrap();
    std::fs::create_dir_all(dir.join("rules")).unwrap();
    std::fs::write(dir.join("rules/本单位.jxr"), "# 本单位的规则\n").unwrap();

    let run = jixiao(&dir, &["check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.stdout.contains("JX017"), "{}", run.stdout);
    let run = jixiao(&dir, &["rules", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let rules: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let enabled = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|rule| rule["code"] == code)
            .map(|rule| rule["enabled"].clone())
            .unwrap()
    };
    assert_eq!(enabled("JX108"), "warning");
    assert_eq!(enabled("JX103"), "error");
    assert_eq!(enabled("JX303"), serde_json::Value::Null);
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(jixiao(dir.path(), &["init"]).code, 0);
    let declaration = dir.path().join("申报.jx");
    std::fs::write(&declaration, "# 已经填好的申报\n").unwrap();

    let run = jixiao(dir.path(), &["init"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    assert_eq!(
        run.stderr,
        "jixiao: 申报.jx、jixiao.toml 已存在，没有写入任何文件 / 申报.jx、jixiao.toml already there, \
         nothing written\n  help: 要覆盖这些文件，加 --force / add --force to overwrite them\n"
    );
    assert_eq!(read(&declaration), "# 已经填好的申报\n");

    // One file in the way is enough: the other is not written either.
    std::fs::remove_file(&declaration).unwrap();
    let run = jixiao(dir.path(), &["init", "."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with("jixiao: jixiao.toml 已存在"),
        "{}",
        run.stderr
    );
    assert!(!declaration.exists());

    std::fs::write(&declaration, "# 已经填好的申报\n").unwrap();
    let run = jixiao(dir.path(), &["init", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(read(&declaration), DECLARATION.text);
}

#[test]
fn init_into_an_unwritable_place_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("文件"), "").unwrap();
    let run = jixiao(dir.path(), &["init", "文件/子目录"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run:?}");
    assert!(
        run.stderr
            .starts_with("jixiao: 无法写入 文件/子目录 / cannot write 文件/子目录: "),
        "{}",
        run.stderr
    );
}
