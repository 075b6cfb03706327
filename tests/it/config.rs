//! Configuration end to end: `jixiao.toml` trees written to a temporary directory, discovered and resolved by a
//! [`Loader`], and the findings for broken files rendered as the user sees them.

use jixiao::config::{
    reports, CommandLine, ConfigError, Level, Loader, Origin, Selector, Settings,
};
use jixiao::diagnostic::codes;
use jixiao::source::LineCol;
use jixiao::{FileReport, Lang, Text};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

/// A directory tree holding `files` (path, text).
fn tree(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A loader rooted at `dir`, so that displayed paths are relative to it.
fn loader(dir: &TempDir) -> Loader {
    Loader::new().with_cwd(dir.path())
}

fn values(selectors: &[Selector]) -> Vec<&str> {
    selectors.iter().map(|s| s.value.as_str()).collect()
}

/// One selection layer's `select`, `extend-select` and `ignore`.
type Layer<'a> = (Option<Vec<&'a str>>, Vec<&'a str>, Vec<&'a str>);

/// Every layer of the selection, for comparison.
fn layers(settings: &Settings) -> Vec<Layer<'_>> {
    settings
        .selection
        .iter()
        .map(|layer| {
            (
                layer.select.as_deref().map(values),
                values(&layer.extend_select),
                values(&layer.ignore),
            )
        })
        .collect()
}

fn config_names(settings: &Settings) -> Vec<&str> {
    settings.configs.iter().map(|c| c.display()).collect()
}

/// The text a located value was written as, and where.
fn written<T>(located: &jixiao::config::Located<T>) -> (&str, LineCol) {
    let source = &located.config().expect("written in a file").source;
    let span = located.span().unwrap();
    (source.slice(span), source.line_col(span.start))
}

fn at(line: usize, column: usize) -> LineCol {
    LineCol { line, column }
}

/// The selection's outcome with a toy registry: a selector names every rule whose code starts with it.
fn selected(settings: &Settings, defaults: &[&'static str]) -> Vec<&'static str> {
    const RULES: &[&str] = &["JX101", "JX102", "JX104", "JX109", "JX201", "JX202"];
    settings
        .selected(defaults.iter().copied(), |selector| {
            RULES
                .iter()
                .copied()
                .filter(|rule| rule.starts_with(selector.value.as_str()))
                .collect()
        })
        .into_iter()
        .collect()
}

fn error_for(text: &str) -> ConfigError {
    let dir = tree(&[("jixiao.toml", text)]);
    loader(&dir)
        .settings_for(Path::new("a.jx"))
        .expect_err("the configuration is invalid")
}

use crate::support;

fn render(reports: &[FileReport], lang: Lang) -> String {
    support::rendered(reports, lang)
}

#[test]
fn discovery_picks_the_closest_file() {
    let dir = tree(&[
        ("jixiao.toml", "[rules]\nselect = [\"JX1\"]\n"),
        ("sub/jixiao.toml", "[rules]\nselect = [\"JX2\"]\n"),
    ]);
    let loader = loader(&dir);
    let deep = loader.settings_for(Path::new("sub/deep/a.jx")).unwrap();
    assert_eq!(config_names(&deep), ["sub/jixiao.toml"]);
    assert_eq!(layers(&deep), [(Some(vec!["JX2"]), vec![], vec![])]);

    let top = loader.settings_for(Path::new("b.jx")).unwrap();
    assert_eq!(config_names(&top), ["jixiao.toml"]);
    let other = loader.settings_for(&dir.path().join("other/c.jx")).unwrap();
    assert!(
        Arc::ptr_eq(&top, &other),
        "one Settings per distinct layers"
    );
    assert_eq!(top.id(), other.id());
    assert_ne!(top.id(), deep.id());
    assert_eq!(
        loader.config_path(Path::new("sub/x.jx")),
        Some(dir.path().join("sub/jixiao.toml"))
    );
}

#[test]
fn without_a_file_only_the_command_line_applies() {
    let dir = tree(&[("project/a.jx", "")]);
    let loader = loader(&dir).with_command_line(CommandLine {
        ignore: vec!["JX104".into()],
        ..CommandLine::default()
    });
    // A jixiao.toml above the temporary directory would be found; there is none on a clean machine.
    if loader.config_path(Path::new("project/a.jx")).is_some() {
        return;
    }
    let settings = loader.settings_for(Path::new("project/a.jx")).unwrap();
    assert!(settings.configs.is_empty());
    assert_eq!(layers(&settings), [(None, vec![], vec!["JX104"])]);
    assert!(matches!(
        settings.selection[0].ignore[0].origin,
        Origin::CommandLine { option: "--ignore" }
    ));
}

#[test]
fn extends_applies_the_parent_then_the_child() {
    let dir = tree(&[
        (
            "project/shared/base.toml",
            "[rules]\nselect = [\"JX1\"]\nignore = [\"JX109\"]\nextra = [\"rules/base.jxr\"]\n\
             [rules.severity]\nJX104 = \"error\"\n[lexicons]\nvague-degree = [\"还行\"]\n",
        ),
        (
            "project/jixiao.toml",
            "extends = \"shared/base.toml\"\n[rules]\nextend-select = [\"JX201\"]\n\
             extra = [\"shared/rules/base.jxr\", \"rules/local.jxr\"]\n\
             [rules.severity]\nJX104 = \"info\"\n[lexicons]\nvague-degree = [\"尚可\"]\n",
        ),
    ]);
    let settings = loader(&dir)
        .settings_for(Path::new("project/a.jx"))
        .unwrap();
    assert_eq!(
        config_names(&settings),
        ["project/shared/base.toml", "project/jixiao.toml"]
    );
    assert_eq!(
        layers(&settings),
        [
            (Some(vec!["JX1"]), vec![], vec!["JX109"]),
            (None, vec!["JX201"], vec![]),
        ]
    );
    assert_eq!(
        selected(&settings, &["JX202"]),
        ["JX101", "JX102", "JX104", "JX201"]
    );
    let severities: Vec<_> = settings
        .severity
        .iter()
        .map(|o| (o.selector.value.as_str(), o.level.value))
        .collect();
    assert_eq!(
        severities,
        [("JX104", Level::Error), ("JX104", Level::Info)]
    );
    let extra: Vec<PathBuf> = settings
        .extra_rules
        .iter()
        .map(|e| e.value.clone())
        .collect();
    assert_eq!(
        extra,
        [
            dir.path().join("project/shared/rules/base.jxr"),
            dir.path().join("project/rules/local.jxr"),
        ],
        "absolute, relative to the file that names them, without duplicates"
    );
    let terms: Vec<&str> = settings
        .lexicon_terms("vague-degree")
        .map(|t| t.value.as_str())
        .collect();
    assert_eq!(terms, ["还行", "尚可"]);
}

#[test]
fn an_extends_cycle_is_an_error_at_the_extends_that_closes_it() {
    let dir = tree(&[
        ("a/jixiao.toml", "extends = \"base.toml\"\n"),
        ("a/base.toml", "# 基础配置\nextends = \"jixiao.toml\"\n"),
    ]);
    let error = loader(&dir).settings_for(Path::new("a/x.jx")).unwrap_err();
    assert_eq!(error.diagnostic.code, codes::INVALID_CONFIG.code);
    assert_eq!(error.path, "a/base.toml");
    assert_eq!(
        error.diagnostic.message.en,
        "extends makes a cycle: a/jixiao.toml → a/base.toml → a/jixiao.toml"
    );
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.slice(error.diagnostic.span), "\"jixiao.toml\"");
    assert_eq!(source.line_col(error.diagnostic.span.start), at(2, 11));

    let error = error_for("extends = \"jixiao.toml\"\n");
    assert_eq!(
        error.diagnostic.message.zh,
        "extends 形成循环：jixiao.toml → jixiao.toml"
    );
}

#[test]
fn a_missing_extends_target_is_an_error_at_the_extends() {
    let error = error_for("\nextends = \"nowhere.toml\"\n");
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.line_col(error.diagnostic.span.start), at(2, 11));
    assert!(
        error
            .diagnostic
            .message
            .zh
            .starts_with("找不到 extends 指向的文件"),
        "{}",
        error.diagnostic.message.zh
    );
}

#[test]
fn an_error_in_the_extended_file_is_reported_on_that_file() {
    let dir = tree(&[
        ("project/shared/base.toml", "[rules]\nselct = [\"JX1\"]\n"),
        ("project/jixiao.toml", "extends = \"shared/base.toml\"\n"),
    ]);
    let error = loader(&dir)
        .settings_for(Path::new("project/a.jx"))
        .unwrap_err();
    assert_eq!(error.path, "project/shared/base.toml");
}

#[test]
fn an_override_applies_only_to_the_paths_it_matches() {
    let dir = tree(&[(
        "jixiao.toml",
        "[rules]\nselect = [\"JX1\"]\n\n[[overrides]]\nfiles = [\"legacy/**/*.jx\", \"*.csv\"]\n\
         ignore = [\"JX109\"]\n[overrides.severity]\nJX104 = \"off\"\n\
         [overrides.params.satisfaction-below-floor]\nfloor = \"60 %\"\n",
    )]);
    let loader = loader(&dir);
    let legacy = loader.settings_for(Path::new("legacy/2019/a.jx")).unwrap();
    let also_legacy = loader.settings_for(Path::new("legacy/b.jx")).unwrap();
    let current = loader.settings_for(Path::new("current/a.jx")).unwrap();
    let sheet = loader.settings_for(Path::new("data/deep/t.csv")).unwrap();

    assert_eq!(
        layers(&legacy),
        [
            (Some(vec!["JX1"]), vec![], vec![]),
            (None, vec![], vec!["JX109"])
        ]
    );
    assert_eq!(selected(&legacy, &[]), ["JX101", "JX102", "JX104"]);
    assert_eq!(legacy.severity[0].level.value, Level::Off);
    assert_eq!(legacy.params[0].value.value, "60 %");
    assert!(Arc::ptr_eq(&legacy, &also_legacy));
    assert!(
        Arc::ptr_eq(&legacy, &sheet),
        "a pattern without / matches at any depth"
    );

    assert_eq!(layers(&current), [(Some(vec!["JX1"]), vec![], vec![])]);
    assert!(current.severity.is_empty() && current.params.is_empty());
    assert_ne!(current.id(), legacy.id());
}

#[test]
fn an_explicit_config_wins_over_discovery() {
    let dir = tree(&[
        ("jixiao.toml", "[rules]\nselect = [\"JX1\"]\n"),
        ("sub/jixiao.toml", "[rules]\nselect = [\"JX2\"]\n"),
        (
            "ci/strict.toml",
            "[rules]\nselect = [\"JX9\"]\n[[overrides]]\nfiles = [\"sub/*.jx\"]\nignore = [\"JX901\"]\n",
        ),
    ]);
    let loader = Loader::with_explicit("ci/strict.toml").with_cwd(dir.path());
    let settings = loader.settings_for(Path::new("sub/a.jx")).unwrap();
    assert_eq!(config_names(&settings), ["ci/strict.toml"]);
    assert_eq!(layers(&settings), [(Some(vec!["JX9"]), vec![], vec![])]);
    let inside = loader.settings_for(Path::new("ci/sub/a.jx")).unwrap();
    assert_eq!(
        layers(&inside)[1],
        (None, vec![], vec!["JX901"]),
        "override patterns are relative to the explicit file's directory"
    );
}

#[test]
fn an_unreadable_explicit_config_is_a_finding_without_source() {
    let dir = tree(&[]);
    let error = Loader::with_explicit("missing.toml")
        .with_cwd(dir.path())
        .settings_for(Path::new("a.jx"))
        .unwrap_err();
    assert_eq!(error.path, "missing.toml");
    assert!(error.source.is_none());
    assert_eq!(error.diagnostic.code, "JX017");
    assert!(error.diagnostic.message.zh.contains("文件或目录不存在"));
}

#[test]
fn command_line_selectors_apply_over_everything() {
    let dir = tree(&[(
        "jixiao.toml",
        "[rules]\nselect = [\"JX1\"]\n[[overrides]]\nfiles = [\"*.jx\"]\nextend-select = [\"JX201\"]\n",
    )]);
    let loader = loader(&dir).with_command_line(CommandLine {
        select: Some(vec!["JX2".into()]),
        extend_select: vec!["JX104".into()],
        ignore: vec!["JX201".into()],
    });
    let settings = loader.settings_for(Path::new("a.jx")).unwrap();
    assert_eq!(
        layers(&settings),
        [
            (Some(vec!["JX1"]), vec![], vec![]),
            (None, vec!["JX201"], vec![]),
            (Some(vec!["JX2"]), vec!["JX104"], vec!["JX201"]),
        ]
    );
    assert_eq!(selected(&settings, &[]), ["JX104", "JX202"]);
    let last = settings.selection.last().unwrap();
    assert_eq!(last.select.as_ref().unwrap()[0].span(), None);
    let error = last.ignore[0].error(Text::new("未知的规则“JX201”", "unknown rule `JX201`"));
    assert_eq!(error.path, "--ignore");
}

#[test]
fn an_unknown_key_is_reported_at_the_key() {
    let error = error_for("# 本项目的设置\n[rules]\n  selct = [\"JX1\"]\n");
    assert_eq!(error.path, "jixiao.toml");
    let diagnostic = &error.diagnostic;
    assert_eq!(diagnostic.code, codes::INVALID_CONFIG.code);
    assert_eq!(diagnostic.rule, "invalid-config");
    assert_eq!(diagnostic.severity, jixiao::Severity::Error);
    assert_eq!(diagnostic.message.zh, "jixiao.toml 中未知的键“selct”");
    assert_eq!(diagnostic.message.en, "unknown key `selct` in jixiao.toml");
    assert_eq!(
        diagnostic.help.as_ref().unwrap().en,
        "did you mean `select`? valid keys: select, extend-select, ignore, extra, severity"
    );
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.slice(diagnostic.span), "selct");
    assert_eq!(source.line_col(diagnostic.span.start), at(3, 3));

    let error = error_for("[[overrides]]\nfiles = [\"a/*.jx\"]\n\"选择\" = []\n");
    assert_eq!(
        error.diagnostic.message.en,
        "unknown key `选择` in jixiao.toml"
    );
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.line_col(error.diagnostic.span.start), at(3, 1));
    assert_eq!(
        error.diagnostic.help.as_ref().unwrap().zh,
        "可用的键：files、select、extend-select、ignore、severity、params"
    );

    let error = error_for("lexicon = {}\n");
    assert_eq!(
        error.diagnostic.help.as_ref().unwrap().zh,
        "是否想写“lexicons”？可用的键：extends、rules、params、lexicons、overrides、opinion"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_reported_at_the_value() {
    let error = error_for("[rules]\nselect = \"JX1\"\n");
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.slice(error.diagnostic.span), "\"JX1\"");
    assert_eq!(source.line_col(error.diagnostic.span.start), at(2, 10));
    assert_eq!(
        error.diagnostic.message.zh,
        "“select”的值应为数组，却是字符串 \"JX1\""
    );
    assert_eq!(
        error.diagnostic.message.en,
        "`select` should be an array, not a string \"JX1\""
    );

    let error = error_for("[rules.severity]\nJX104 = \"fatal\"\n");
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.line_col(error.diagnostic.span.start), at(2, 9));
    assert_eq!(error.diagnostic.message.zh, "未知的取值“fatal”");
    assert_eq!(
        error.diagnostic.help.as_ref().unwrap().en,
        "valid values: error, warning, info, off"
    );

    let error = error_for("[rules.severity]\nJX104 = 3\n");
    assert_eq!(
        error.diagnostic.message.zh,
        "“JX104”的值应为error、warning、info 或 off，却是整数 3"
    );

    let error = error_for("[params.satisfaction-below-floor]\nfloor = true\n");
    assert_eq!(
        error.diagnostic.message.en,
        "`floor` should be a string or a number, not a boolean true"
    );

    let error = error_for("[[overrides]]\nignore = [\"JX1\"]\n");
    assert_eq!(error.diagnostic.message.zh, "缺少键“files”");
    let error = error_for("[[overrides]]\nfiles = [\"legacy/[a.jx\"]\n");
    assert!(error
        .diagnostic
        .message
        .en
        .starts_with("invalid path pattern `legacy/[a.jx`"));
    let error = error_for("[[overrides]]\nfiles = []\n");
    assert_eq!(error.diagnostic.message.en, "files cannot be empty");
    let error = error_for("[rules\nselect = []\n");
    assert!(error
        .diagnostic
        .message
        .en
        .starts_with("jixiao.toml is not valid TOML"));
}

#[test]
fn params_and_lexicon_terms_keep_where_they_were_written() {
    let dir = tree(&[(
        "jixiao.toml",
        "[params.satisfaction-below-floor]\nfloor = \"90 %\"\n\n[params.JX105]\nlimit = 1_000.50\ncount = 3\n\n\
         [lexicons]\nvague-degree = [\"还行\", \"尚可\"]\n",
    )]);
    let settings = loader(&dir).settings_for(Path::new("a.jx")).unwrap();
    let params: Vec<_> = settings
        .params
        .iter()
        .map(|p| {
            (
                p.rule.value.as_str(),
                p.param.value.as_str(),
                p.value.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        params,
        [
            ("satisfaction-below-floor", "floor", "90 %"),
            ("JX105", "limit", "1000.50"),
            ("JX105", "count", "3"),
        ]
    );
    assert_eq!(written(&settings.params[0].value), ("\"90 %\"", at(2, 9)));
    assert_eq!(written(&settings.params[0].param), ("floor", at(2, 1)));
    assert_eq!(
        written(&settings.params[1].rule),
        ("JX105", at(4, 9)),
        "the rule is the table's name"
    );
    let terms: Vec<_> = settings
        .lexicon_terms("vague-degree")
        .map(written)
        .collect();
    assert_eq!(terms, [("\"还行\"", at(9, 17)), ("\"尚可\"", at(9, 23))]);
    assert_eq!(
        written(&settings.lexicons[0].lexicon),
        ("vague-degree", at(9, 1))
    );
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_keep_positions() {
    let error = error_for("\u{FEFF}[rules]\r\nselect = [\"JX1\"]\r\nignroe = []\r\n");
    let source = &error.source.as_ref().unwrap().source;
    assert_eq!(source.slice(error.diagnostic.span), "ignroe");
    assert_eq!(source.line_col(error.diagnostic.span.start), at(3, 1));
}

#[test]
fn the_engine_can_point_at_a_value_and_errors_are_gathered_per_file() {
    let _snapshots = support::snapshots("config");
    let dir = tree(&[("jixiao.toml", "[rules]\nselect = [\"JX1\", \"JX999\"]\n")]);
    let settings = loader(&dir).settings_for(Path::new("a.jx")).unwrap();
    let unknown = &settings.selection[0].select.as_ref().unwrap()[1];
    let error = || {
        unknown
            .error(Text::new("未知的规则“JX999”", "unknown rule `JX999`"))
            .with_help(Text::new(
                "`jixiao rules` 列出所有规则",
                "`jixiao rules` lists every rule",
            ))
    };
    assert_eq!(
        error().to_string(),
        "jixiao.toml:2:18: unknown rule `JX999`"
    );
    let reports = reports([error(), error()]);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].path, "jixiao.toml");
    assert_eq!(reports[0].diagnostics.len(), 1, "duplicates are removed");
    insta::assert_snapshot!("unknown_rule_zh", render(&reports, Lang::Zh));
}

#[test]
fn an_unknown_key_renders_with_the_key_underlined() {
    let _snapshots = support::snapshots("config");
    let error = error_for("# 项目的 jixiao 设置\n[rules]\nselct = [\"JX1\", \"vague-target-value\"]\nignore = [\"JX104\"]\n");
    let report = error.to_report();
    assert_eq!(report.path, "jixiao.toml");
    assert_eq!(report.source.as_ref().unwrap().name(), "jixiao.toml");
    insta::assert_snapshot!("unknown_key_zh", render(&[report], Lang::Zh));
    insta::assert_snapshot!("unknown_key_en", render(&[error.to_report()], Lang::En));
}

#[test]
fn the_example_of_the_readme_is_valid() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/config/example/jixiao.toml"
    );
    let loader = Loader::with_explicit(example);
    let legacy = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/config/example/legacy/2021/a.jx"
    );
    let settings = loader.settings_for(Path::new(legacy)).unwrap();
    assert_eq!(
        settings.configs.len(),
        2,
        "the example extends a shared file"
    );
    assert!(!settings.params.is_empty() && !settings.lexicons.is_empty());
    assert_eq!(
        settings.selection.len(),
        3,
        "shared, project and the matching override"
    );
}

#[test]
fn a_loader_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Loader>();
    shared::<Settings>();
    shared::<ConfigError>();
}

#[test]
fn settings_from_a_text() {
    let settings = Settings::from_toml("[rules]\nignore = [\"JX104\"]\n").unwrap();
    assert_eq!(layers(&settings), [(None, vec![], vec!["JX104"])]);
    assert_eq!(written(&settings.selection[0].ignore[0]).1, at(2, 11));
    let error = Settings::from_toml("extends = \"base.toml\"\n").unwrap_err();
    assert_eq!(error.diagnostic.code, "JX017");
}
