//! `jixiao check`: discover the inputs, read and check them in parallel, each with the rules of its own
//! configuration, then hand the reports to [`super::fix`] when asked to and render them to standard output.
//!
//! A broken configuration or rule file ends the run with exit 2 and its reports, before any fix is applied. The
//! options come resolved from [`super::options`], the rule sets from [`super::rule_sets`].

use super::fix;
use super::options::{CheckOptions, Fixes};
use super::rule_sets::{loader, RuleSets};
use super::{status, unless_closed, Status};
use jixiao::config::{self, ConfigError, Loader};
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::import::Encoding;
use jixiao::lint::RuleSet;
use jixiao::render::Catalog;
use jixiao::{check_with_rules, paths, read, FileReport, SourceFile};
use rayon::prelude::*;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What became of one input.
enum Outcome {
    /// It was checked (or could not be read): one report, or one per sheet of a workbook.
    Checked(Vec<FileReport>),
    /// Its configuration is broken.
    Config(ConfigError),
    /// Its rule files are broken.
    Rules(Vec<FileReport>),
}

/// Checks every input of `options` and writes the reports to standard output.
pub(super) fn run(options: &CheckOptions) -> Status {
    if options.statistics && options.format.statistics(options.render).is_none() {
        let _ = writeln!(
            io::stderr(),
            "jixiao: --statistics 只能用于 human 或 json 格式 / --statistics needs --format human or json"
        );
        return Status::Trouble;
    }
    let loader = loader(options.config.as_deref(), options.command_line.clone());
    let rule_sets = RuleSets::default();
    let entries = discover::discover(&options.paths, options.stdin_name.as_deref());
    let outcomes: Vec<Outcome> = entries
        .into_par_iter()
        .map(|entry| check_entry(entry, options, &loader, &rule_sets))
        .collect();
    let mut reports = match gather(outcomes) {
        Ok(reports) => reports,
        Err(broken) => {
            return write_reports(options, &broken, Status::Trouble, rule_sets.catalog())
        }
    };
    match options.fixes {
        Fixes::Report => {}
        Fixes::Diff => return fix::write_diffs(&reports),
        Fixes::Apply => fix::apply(&mut reports, &loader, &rule_sets),
    }
    let status = status(&reports, options.fail_level);
    write_reports(options, &reports, status, rule_sets.catalog())
}

/// The reports of the checked inputs, in order; or, when a configuration or rule file is broken, the reports of
/// what is broken (each rule file once) followed by those of the checked inputs.
fn gather(outcomes: Vec<Outcome>) -> Result<Vec<FileReport>, Vec<FileReport>> {
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
    if config_errors.is_empty() && rule_errors.is_empty() {
        return Ok(reports);
    }
    let mut broken = config::reports(config_errors);
    broken.extend(rule_errors);
    broken.extend(reports);
    Err(broken)
}

/// Writes reports to standard output, or their statistics; `status` unless the output cannot be written.
fn write_reports(
    options: &CheckOptions,
    reports: &[FileReport],
    status: Status,
    catalog: Catalog,
) -> Status {
    let mut renderer = match options.format.statistics(options.render) {
        Some(statistics) if options.statistics => statistics,
        _ => options.format.renderer_with(options.render, catalog),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match unless_closed(
        renderer
            .render(reports, &mut out)
            .and_then(|()| out.flush()),
    ) {
        Ok(()) => status,
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
    options: &CheckOptions,
    loader: &Loader,
    rule_sets: &RuleSets,
) -> Outcome {
    let config_path = match &entry.kind {
        EntryKind::File(path) => path.clone(),
        // Standard input is configured as the file it is named after, or as a file of the current directory.
        _ => PathBuf::from(options.stdin_name.as_deref().unwrap_or("-")),
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
            return Outcome::Checked(check_table(&entry.display, path, options.encoding, &rules));
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
    match super::import::read_table(display, path, encoding) {
        Ok(imported) => jixiao::import::check(display, &imported, rules),
        Err(diagnostic) => vec![FileReport::unreadable(display, *diagnostic)],
    }
}
