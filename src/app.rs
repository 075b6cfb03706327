//! Orchestration of a run: resolve the command line into [`Settings`], discover the inputs, read and check them
//! in parallel, render the reports to standard output and work out the exit status.
//!
//! This is the only place that touches the terminal, the environment and the process's standard streams. A
//! closed standard output (`jixiao check | head`) ends the run quietly. `jixiao fmt` runs in [`fmt`].

mod fmt;

use crate::cli::{
    CheckArgs, Cli, ColorArg, Command, EncodingArg, ExplainArgs, FormatArg, ImportArgs, InitArgs,
    LangArg, LevelArg, RulesArgs, RulesFormat,
};
use clap::Parser;
use jixiao::config::{self, CommandLine, ConfigError, Loader, SettingsId};
use jixiao::diagnostic::codes;
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::import::{self, Encoding};
use jixiao::lint::{self, registry, RuleSet};
use jixiao::render::{Catalog, Format, Options};
use jixiao::{check_with_rules, paths, read, FileReport, Lang, Severity, SourceFile};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, OnceLock};

/// How a run ended, as an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No finding reached the fail level.
    Clean = 0,
    /// Some finding reached the fail level.
    Findings = 1,
    /// A usage error, an unreadable path or an internal error.
    Trouble = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// Everything a `check` run needs to know, resolved from the command line and the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The paths to check (`-` is standard input); empty means the current directory.
    pub paths: Vec<PathBuf>,
    /// The name shown for standard input.
    pub stdin_name: Option<String>,
    /// The output format.
    pub format: Format,
    /// The least severity that makes the run fail.
    pub fail_level: Severity,
    /// Language, colour and width of the output.
    pub render: Options,
    /// `--config`: the configuration for every file, instead of the closest jixiao.toml.
    pub config: Option<PathBuf>,
    /// `--select`, `--extend-select`, `--ignore`.
    pub command_line: CommandLine,
    /// How CSV tables are decoded.
    pub encoding: Encoding,
    /// `--statistics`: counts per rule instead of the findings.
    pub statistics: bool,
    /// `--fix` or `--diff`.
    pub fixes: Fixes,
}

/// What to do with the safe fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixes {
    /// Report them only.
    Report,
    /// Write them into the files, then report what remains.
    Apply,
    /// Print them as a diff.
    Diff,
}

impl Settings {
    /// Resolves `args`; `terminal` says whether standard output is a terminal, `no_color` whether `NO_COLOR`
    /// is set to something non-empty.
    pub fn resolve(args: CheckArgs, terminal: bool, no_color: bool) -> Self {
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal && !no_color,
        };
        let command_line = CommandLine {
            select: args.select,
            extend_select: args.extend_select,
            ignore: args.ignore,
        };
        let mut paths = args.paths;
        if paths.is_empty() && args.stdin_filename.is_some() {
            paths.push(PathBuf::from("-"));
        }
        Settings {
            paths,
            stdin_name: args.stdin_filename,
            format: match args.format {
                FormatArg::Human => Format::Human,
                FormatArg::Json => Format::Json,
                FormatArg::Sarif => Format::Sarif,
                FormatArg::Github => Format::Github,
                FormatArg::Concise => Format::Concise,
            },
            statistics: args.statistics,
            fail_level: match args.fail_level {
                LevelArg::Error => Severity::Error,
                LevelArg::Warning => Severity::Warning,
                LevelArg::Info => Severity::Info,
            },
            render: Options {
                lang: match args.lang {
                    LangArg::Zh => Lang::Zh,
                    LangArg::En => Lang::En,
                },
                color,
                ..Options::default()
            },
            config: args.config,
            command_line,
            encoding: encoding_of(args.encoding),
            fixes: if args.fix {
                Fixes::Apply
            } else if args.diff {
                Fixes::Diff
            } else {
                Fixes::Report
            },
        }
    }
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` arrive here too, on standard output, with success.
            let _ = err.print();
            return if err.use_stderr() {
                Status::Trouble
            } else {
                Status::Clean
            }
            .into();
        }
    };
    let run = std::panic::catch_unwind(|| match cli.command {
        Command::Check(args) => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            check(&Settings::resolve(
                args,
                io::stdout().is_terminal(),
                no_color,
            ))
        }
        Command::Rules(args) => list_rules(&args),
        Command::Explain(args) => explain(&args),
        Command::Import(args) => import_table(&args),
        Command::Init(args) => init(&args),
        Command::Fmt(args) => fmt::run(&args),
    });
    run.unwrap_or_else(|_| {
        let _ = writeln!(io::stderr(), "jixiao: 内部错误 / internal error");
        Status::Trouble
    })
    .into()
}

/// One compiled rule set per distinct configuration, compiled the first time a file needs it.
#[derive(Default)]
struct RuleSets {
    cache: Mutex<HashMap<SettingsId, Arc<OnceLock<Compiled>>>>,
}

type Compiled = Result<Arc<RuleSet>, Vec<FileReport>>;

impl RuleSets {
    /// The rules of every rule set compiled so far, for the formats that describe them.
    fn catalog(&self) -> Catalog {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let mut sets: Vec<(SettingsId, Arc<RuleSet>)> = cache
            .iter()
            .filter_map(|(id, cell)| Some((*id, Arc::clone(cell.get()?.as_ref().ok()?))))
            .collect();
        sets.sort_by_key(|(id, _)| *id);
        Catalog::of_rule_sets(sets.iter().map(|(_, set)| set.as_ref()))
    }

    fn for_settings(&self, settings: &config::Settings) -> Compiled {
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(cache.entry(settings.id()).or_default())
        };
        cell.get_or_init(|| lint::load::for_settings(settings).map(Arc::new))
            .clone()
    }
}

/// What became of one input.
enum Outcome {
    /// It was checked (or could not be read): one report, or one per sheet of a workbook.
    Checked(Vec<FileReport>),
    /// Its configuration is broken.
    Config(ConfigError),
    /// Its rule files are broken.
    Rules(Vec<FileReport>),
}

fn loader(config: Option<&Path>, command_line: CommandLine) -> Loader {
    match config {
        Some(path) => Loader::with_explicit(path),
        None => Loader::new(),
    }
    .with_command_line(command_line)
}

/// Checks every input of `settings` and writes the reports to standard output.
pub fn check(settings: &Settings) -> Status {
    if settings.statistics && settings.format.statistics(settings.render).is_none() {
        let _ = writeln!(
            io::stderr(),
            "jixiao: --statistics 只能用于 human 或 json 格式 / --statistics needs --format human or json"
        );
        return Status::Trouble;
    }
    let loader = loader(settings.config.as_deref(), settings.command_line.clone());
    let rule_sets = RuleSets::default();
    let entries = discover::discover(&settings.paths, settings.stdin_name.as_deref());
    let outcomes: Vec<Outcome> = entries
        .into_par_iter()
        .map(|entry| check_entry(entry, settings, &loader, &rule_sets))
        .collect();

    let mut reports = Vec::new();
    let mut config_errors = Vec::new();
    let mut rule_errors: Vec<FileReport> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(checked) => reports.extend(checked),
            Outcome::Config(error) => config_errors.push(error),
            Outcome::Rules(errors) => {
                for report in errors {
                    if !rule_errors.iter().any(|r| r.path == report.path) {
                        rule_errors.push(report);
                    }
                }
            }
        }
    }
    if !config_errors.is_empty() || !rule_errors.is_empty() {
        let mut broken = config::reports(config_errors);
        broken.extend(rule_errors);
        broken.extend(reports);
        return write_reports(settings, &broken, Status::Trouble, rule_sets.catalog());
    }
    match settings.fixes {
        Fixes::Report => {}
        Fixes::Diff => return write_diffs(&reports),
        Fixes::Apply => apply_fixes(&mut reports, &loader, &rule_sets),
    }
    let status = status(&reports, settings.fail_level);
    write_reports(settings, &reports, status, rule_sets.catalog())
}

/// The fixes of a report of a .jx file on disk: the file's text as read, and what fixing changes. Tables,
/// standard input and files that do not parse are not fixed.
fn fixes_of(report: &FileReport) -> Option<(PathBuf, jixiao::lint::fix::Fixed)> {
    let path = PathBuf::from(&report.path);
    let source = report.source.as_ref()?;
    // A file that does not parse is left as it is: its text may not be what the user meant yet.
    if paths::is_table(&path) || !path.is_file() || report.document.is_none() {
        return None;
    }
    let original = std::fs::read_to_string(&path).ok()?;
    let fixed = jixiao::lint::fix::apply(&original, source, &report.diagnostics)?;
    Some((path, fixed))
}

/// `--diff`: prints what `--fix` would change; exit 1 when something would.
fn write_diffs(reports: &[FileReport]) -> Status {
    let mut out = String::new();
    for report in reports {
        let Some((path, fixed)) = fixes_of(report) else {
            continue;
        };
        let original = std::fs::read_to_string(&path).unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&original, &fixed.text);
        out.push_str(
            &diff
                .unified_diff()
                .header(&report.path, &report.path)
                .to_string(),
        );
    }
    if out.is_empty() {
        write_text("")
    } else {
        match write_text(&out) {
            Status::Clean => Status::Findings,
            other => other,
        }
    }
}

/// `--fix`: writes the fixes into the files and checks them again, so that the reports hold what remains.
fn apply_fixes(reports: &mut [FileReport], loader: &Loader, rule_sets: &RuleSets) {
    let mut edits = 0;
    let mut files = 0;
    for report in reports.iter_mut() {
        let Some((path, fixed)) = fixes_of(report) else {
            continue;
        };
        if let Err(err) = std::fs::write(&path, &fixed.text) {
            let _ = writeln!(
                io::stderr(),
                "jixiao: 无法写入 {} / cannot write {}: {err}",
                report.path,
                report.path
            );
            continue;
        }
        edits += fixed.edits + fixed.normalised;
        files += 1;
        if let Ok(settings) = loader.settings_for(&path) {
            if let Ok(rules) = rule_sets.for_settings(&settings) {
                *report =
                    check_with_rules(SourceFile::new(report.path.clone(), &fixed.text), &rules);
            }
        }
    }
    if files > 0 {
        let _ = writeln!(
            io::stderr(),
            "已修复 {edits} 处（{files} 个文件） / fixed {edits} in {files} file(s)"
        );
    }
}

/// Writes reports to standard output, or their statistics; `status` unless the output cannot be written.
fn write_reports(
    settings: &Settings,
    reports: &[FileReport],
    status: Status,
    catalog: Catalog,
) -> Status {
    let renderer = match settings.format.statistics(settings.render) {
        Some(statistics) if settings.statistics => statistics,
        _ => settings.format.renderer_with(settings.render, catalog),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match renderer
        .render(reports, &mut out)
        .and_then(|()| out.flush())
    {
        Ok(()) => status,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => status,
        Err(err) => {
            let _ = writeln!(
                io::stderr(),
                "jixiao: 无法写出结果 / cannot write the output: {err}"
            );
            Status::Trouble
        }
    }
}

/// Reads and checks one input with the rules of its configuration.
fn check_entry(
    entry: Entry,
    settings: &Settings,
    loader: &Loader,
    rule_sets: &RuleSets,
) -> Outcome {
    let config_path = match &entry.kind {
        EntryKind::File(path) => path.clone(),
        // Standard input is configured as the file it is named after, or as a file of the current directory.
        _ => PathBuf::from(settings.stdin_name.as_deref().unwrap_or("-")),
    };
    let rules = match loader.settings_for(&config_path) {
        Ok(config) => match rule_sets.for_settings(&config) {
            Ok(rules) => rules,
            Err(reports) => return Outcome::Rules(reports),
        },
        Err(error) => return Outcome::Config(error),
    };
    if let EntryKind::File(path) = &entry.kind {
        if paths::is_table(path) {
            return Outcome::Checked(check_table(&entry.display, path, settings.encoding, &rules));
        }
    }
    let text = match entry.kind {
        EntryKind::File(path) => read::read_path(&path),
        EntryKind::Stdin => read::read_from(io::stdin().lock()),
        EntryKind::Unreadable(diagnostic) => Err(diagnostic),
    };
    Outcome::Checked(vec![match text {
        Ok(text) => check_with_rules(SourceFile::new(entry.display, &text), &rules),
        Err(diagnostic) => FileReport::unreadable(entry.display, *diagnostic),
    }])
}

/// Reads a table and checks each of its indicator tables.
fn check_table(display: &str, path: &Path, encoding: Encoding, rules: &RuleSet) -> Vec<FileReport> {
    let imported = std::fs::read(path)
        .map_err(|err| Box::new(read::io_error(&err, path.is_dir())))
        .and_then(|bytes| import::read_sheets(display, path, bytes, encoding))
        .and_then(|sheets| import::import(display, sheets));
    match imported {
        Ok(imported) => import::check(display, &imported, rules),
        Err(diagnostic) => vec![FileReport::unreadable(display, *diagnostic)],
    }
}

fn encoding_of(arg: EncodingArg) -> Encoding {
    match arg {
        EncodingArg::Auto => Encoding::Auto,
        EncodingArg::Utf8 => Encoding::Utf8,
        EncodingArg::Gbk => Encoding::Gbk,
    }
}

/// `jixiao import TABLE`.
fn import_table(args: &ImportArgs) -> Status {
    let display = paths::display_path(&args.table);
    let imported = std::fs::read(&args.table)
        .map_err(|err| Box::new(read::io_error(&err, args.table.is_dir())))
        .and_then(|bytes| {
            import::read_sheets(&display, &args.table, bytes, encoding_of(args.encoding))
        })
        .and_then(|sheets| import::import(&display, sheets));
    let imported = match imported {
        Ok(imported) => imported,
        Err(diagnostic) => {
            return write_broken(
                &[FileReport::unreadable(display, *diagnostic)],
                lang_of(args.lang),
            )
        }
    };
    let jx = import::to_jx(&display, &imported);
    match &args.output {
        Some(path) => match std::fs::write(path, jx) {
            Ok(()) => Status::Clean,
            Err(err) => {
                let _ = writeln!(
                    io::stderr(),
                    "jixiao: 无法写入 {} / cannot write {}: {err}",
                    path.display(),
                    path.display()
                );
                Status::Trouble
            }
        },
        None => write_text(&jx),
    }
}

/// `jixiao init [DIR]`: writes the templates, or names the files that are in the way.
fn init(args: &InitArgs) -> Status {
    match jixiao::init::write(&args.dir, args.force) {
        Ok(paths) => {
            let mut text = String::new();
            for path in &paths {
                text.push_str(&format!("已写入 / wrote {}\n", paths::display_path(path)));
            }
            let declaration = paths::display_path(&paths[0]);
            text.push_str(&format!(
                "下一步：把 {declaration} 中的“XX”和示例指标换成本项目的内容，然后运行 jixiao check\n\
                 next: replace the “XX” placeholders and the example indicators in {declaration}, then run \
                 jixiao check\n",
            ));
            write_text(&text)
        }
        Err(err) => {
            let mut text = format!("jixiao: {err}\n");
            if let jixiao::init::InitError::Exists(_) = err {
                text.push_str(
                    "  help: 要覆盖这些文件，加 --force / add --force to overwrite them\n",
                );
            }
            let _ = io::stderr().write_all(text.as_bytes());
            Status::Trouble
        }
    }
}

/// The rules of the current directory's configuration (or `--config`), or the reports of what is broken.
fn rules_here(config: Option<&Path>) -> Result<Arc<RuleSet>, Vec<FileReport>> {
    let loader = loader(config, CommandLine::default());
    let settings = loader
        .settings_for(Path::new("jixiao.toml"))
        .map_err(|e| config::reports([e]))?;
    RuleSets::default().for_settings(&settings)
}

fn lang_of(lang: LangArg) -> Lang {
    match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    }
}

/// Writes the reports of a broken configuration or rule file to standard output: exit 2.
fn write_broken(reports: &[FileReport], lang: Lang) -> Status {
    let renderer = Format::Human.renderer(Options {
        lang,
        color: io::stdout().is_terminal(),
        ..Options::default()
    });
    let mut out = io::stdout().lock();
    let _ = renderer.render(reports, &mut out);
    Status::Trouble
}

/// `jixiao rules`.
fn list_rules(args: &RulesArgs) -> Status {
    let lang = lang_of(args.lang);
    let rules = match rules_here(args.config.as_deref()) {
        Ok(rules) => rules,
        Err(reports) => return write_broken(&reports, lang),
    };
    let text = match args.format {
        RulesFormat::Markdown => registry::docs::catalog(&rules),
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules
                .rules()
                .iter()
                .enumerate()
                .map(|(i, rule)| {
                    serde_json::json!({
                        "code": rule.code,
                        "name": rule.name,
                        "severity": rule.default_severity.as_str(),
                        "enabled": rules.severity(i).map(Severity::as_str),
                        "category": rule.category,
                        "applies": rule.scope.keyword(),
                        "summary": rule.summary.get(lang),
                        "params": rule.params.iter().map(|p| serde_json::json!({
                            "name": p.name, "default": p.default, "description": p.description,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&list).expect("JSON of plain values");
            text.push('\n');
            text
        }
        RulesFormat::Human => {
            let mut text = String::new();
            for (i, rule) in rules.rules().iter().enumerate() {
                let severity = rules.severity(i).map_or("off", Severity::as_str);
                text.push_str(&format!(
                    "{:<6} {:<34} {:<8} {:<14} {}\n",
                    rule.code,
                    rule.name,
                    severity,
                    rule.category,
                    rule.summary.get(lang)
                ));
            }
            text
        }
    };
    write_text(&text)
}

/// `jixiao explain RULE`.
fn explain(args: &ExplainArgs) -> Status {
    let lang = lang_of(args.lang);
    let rules = match rules_here(args.config.as_deref()) {
        Ok(rules) => rules,
        Err(reports) => return write_broken(&reports, lang),
    };
    if let Some(rule) = rules.find(&args.rule) {
        return write_text(&registry::docs::explain(rule, lang));
    }
    if let Some(code) = codes::ALL
        .iter()
        .find(|c| c.code == args.rule || c.name == args.rule)
    {
        let (zh, en) = registry::docs::fixed_class(*code);
        let what = if lang == Lang::Zh { zh } else { en };
        return write_text(&format!("# {} {}\n\n{what}\n", code.code, code.name));
    }
    let _ = writeln!(
        io::stderr(),
        "jixiao: 没有规则“{}” / no rule `{}`：`jixiao rules` 列出所有规则 / lists every rule",
        args.rule,
        args.rule
    );
    Status::Trouble
}

/// Writes text to standard output; a closed pipe is not an error.
fn write_text(text: &str) -> Status {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Status::Clean,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Status::Clean,
        Err(_) => Status::Trouble,
    }
}

/// The exit status for `reports`: trouble when a path could not be read, findings when one reaches `fail_level`.
pub fn status(reports: &[FileReport], fail_level: Severity) -> Status {
    let diagnostics = || reports.iter().flat_map(|report| &report.diagnostics);
    if diagnostics().any(|diagnostic| diagnostic.class() == Some(codes::READ_ERROR)) {
        Status::Trouble
    } else if diagnostics().any(|diagnostic| diagnostic.severity >= fail_level) {
        Status::Findings
    } else {
        Status::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> CheckArgs {
        let argv = ["jixiao", "check"].iter().chain(extra);
        match Cli::try_parse_from(argv).unwrap().command {
            Command::Check(args) => args,
            other => panic!("not a check: {other:?}"),
        }
    }

    #[test]
    fn colour_follows_the_terminal_and_no_color_in_auto_mode() {
        let color = |extra: &[&str], terminal, no_color| {
            Settings::resolve(args(extra), terminal, no_color)
                .render
                .color
        };
        assert!(color(&[], true, false));
        assert!(!color(&[], false, false));
        assert!(!color(&[], true, true));
        assert!(color(&["--color", "always"], false, true));
        assert!(!color(&["--color", "never"], true, false));
    }

    #[test]
    fn defaults_and_a_stdin_name_alone() {
        let settings = Settings::resolve(args(&[]), false, false);
        assert_eq!(settings.paths, Vec::<PathBuf>::new());
        assert_eq!(
            (settings.format, settings.fail_level, settings.render.lang),
            (Format::Human, Severity::Error, Lang::Zh)
        );
        let settings = Settings::resolve(
            args(&["--stdin-filename", "a.jx", "--lang", "en"]),
            false,
            false,
        );
        assert_eq!(settings.paths, [PathBuf::from("-")]);
        assert_eq!(settings.render.lang, Lang::En);
    }

    #[test]
    fn read_errors_outrank_findings() {
        let warning = jixiao::Diagnostic::new(
            codes::INVALID_SUPPRESSION,
            Severity::Warning,
            jixiao::Span::point(0),
            jixiao::Text::new("", ""),
        );
        let report = |d: &jixiao::Diagnostic| FileReport::unreadable("a.jx", d.clone());
        assert_eq!(status(&[], Severity::Error), Status::Clean);
        assert_eq!(status(&[report(&warning)], Severity::Error), Status::Clean);
        assert_eq!(
            status(&[report(&warning)], Severity::Warning),
            Status::Findings
        );
        let mut read = warning.clone();
        read.code = codes::READ_ERROR.code.to_string();
        assert_eq!(
            status(&[report(&warning), report(&read)], Severity::Info),
            Status::Trouble
        );
    }
}
