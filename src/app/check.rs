//! `jixiao check`: discover the inputs, find the rules of each, then read and check them in parallel and write
//! their reports to standard output, in input order.
//!
//! Every input's configuration and rule set is resolved before any input is read ([`super::rule_sets`] compiles
//! each once). A broken configuration or rule file ends the run with exit 2 and its reports, before any fix is
//! applied. Otherwise the run streams: the inputs are checked in parallel, a bounded number ahead of the report
//! being written, and each report is written as soon as it and those before it are done, then dropped; a run of
//! thousands of files holds the reports of a few dozen. `--fix` and `--diff` are the exception: they check every
//! input first and hand the reports to [`super::fix`]. The options come resolved from [`super::options`].

use super::fix;
use super::options::{CheckOptions, Fixes};
use super::rule_sets::{loader, RuleSets};
use super::{status, Status, Tally};
use crate::cli::StatisticsArg;
use jixiao::config::{self, ConfigError, Loader};
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::lint::RuleSet;
use jixiao::render::html::HtmlReport;
use jixiao::render::opinion::OpinionText;
use jixiao::render::{order, Catalog, Format, Render};
use jixiao::{check_with_rules, paths, read, FileReport, SourceFile};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

/// How many inputs a streamed run checks ahead of the report it writes, per thread: enough to keep every thread
/// busy past a slow input and while reports are written, few enough that the reports kept stay few.
const AHEAD_PER_THREAD: usize = 8;

/// The most inputs a streamed run checks ahead of the report it writes, whatever the number of threads: the
/// bound of its memory.
const MAX_AHEAD: usize = 128;

/// What became of one input.
enum Outcome {
    /// It was checked (or could not be read): one report, or one per sheet of a workbook.
    Checked(Vec<FileReport>),
    /// Its configuration is broken.
    Config(ConfigError),
    /// Its rule files are broken.
    Rules(Vec<FileReport>),
}

/// Checks every input of `options` and writes the reports to standard output (or `--output-file`).
pub(super) fn run(options: &CheckOptions) -> Status {
    let status = run_checks(options);
    if options.exit_zero && status == Status::Findings {
        Status::Clean
    } else {
        status
    }
}

/// [`run`], before `--exit-zero`.
fn run_checks(options: &CheckOptions) -> Status {
    if options.statistics.is_some() && options.format.statistics(options.render).is_none() {
        let _ = writeln!(
            io::stderr(),
            "jixiao: --statistics 只能用于 human 或 json 格式 / --statistics needs --format human or json"
        );
        return Status::Trouble;
    }
    let loader = loader(options.config.as_deref(), options.command_line.clone());
    let rule_sets = RuleSets::default();
    let entries = discover::discover(&options.paths, options.stdin_name.as_deref());
    let resolved: Vec<Result<Arc<RuleSet>, Outcome>> = entries
        .par_iter()
        .map(|entry| rules_for(entry, options, &loader, &rule_sets))
        .collect();
    if resolved.iter().any(Result::is_err) {
        return write_broken_run(options, entries, resolved, &rule_sets);
    }
    let rules: Vec<Arc<RuleSet>> = resolved.into_iter().flatten().collect();
    if let Some(refused) = super::review::output_is_input(options.output_file.as_deref(), &entries)
    {
        let _ = writeln!(io::stderr(), "{refused}");
        return Status::Trouble;
    }
    let status = check_and_write(options, &entries, &rules, &loader, &rule_sets);
    // The compiled rules live until the process ends: freeing them (millions of small allocations) is work
    // the operating system does at once when the process exits.
    std::mem::forget(rules);
    std::mem::forget(rule_sets);
    status
}

/// Checks the inputs and writes what `options` ask for.
fn check_and_write(
    options: &CheckOptions,
    entries: &[Entry],
    rules: &[Arc<RuleSet>],
    loader: &Loader,
    rule_sets: &RuleSets,
) -> Status {
    match options.fixes {
        // `--sort` orders findings across inputs: it keeps every report to the end.
        Fixes::Report if options.sort.is_some() => {
            let mut reports = check_all(options, entries, rules);
            let status = status(&reports, options.fail_level);
            write_reports(options, &mut reports, status, catalog(options, rule_sets))
        }
        Fixes::Report => stream(options, entries, rules, catalog(options, rule_sets)),
        // `--fix` and `--diff` keep every report to the end: their fixes are written or shown first (the number of
        // fixes, on standard error, before any report), and a fixed file is checked again. Only plain `check`
        // streams.
        Fixes::Diff => fix::write_diffs(&check_all(options, entries, rules), options.render.lang),
        Fixes::Apply => {
            let mut reports = check_all(options, entries, rules);
            let writing = fix::Writing {
                roots: &options.paths,
                follow: options.follow_symlinks,
                lang: options.render.lang,
            };
            let written = fix::apply(&mut reports, loader, rule_sets, &writing);
            let status = status(&reports, options.fail_level).max(written);
            write_reports(options, &mut reports, status, catalog(options, rule_sets))
        }
    }
}

/// The rules of one input, from its configuration; or why it has none.
fn rules_for(
    entry: &Entry,
    options: &CheckOptions,
    loader: &Loader,
    rule_sets: &RuleSets,
) -> Result<Arc<RuleSet>, Outcome> {
    let config_path = match &entry.kind {
        EntryKind::File(path) => path.clone(),
        // Standard input is configured as the file it is named after, or as a file of the current directory.
        _ => PathBuf::from(options.stdin_name.as_deref().unwrap_or("-")),
    };
    match loader.settings_for(&config_path) {
        Ok(config) => rule_sets.for_settings(&config).map_err(Outcome::Rules),
        Err(error) => Err(Outcome::Config(error)),
    }
}

/// Checks the inputs in parallel, writing each report in input order as soon as it and those before it are done;
/// the exit status is counted as the reports go by.
fn stream(
    options: &CheckOptions,
    entries: &[Entry],
    rules: &[Arc<RuleSet>],
    catalog: Catalog,
) -> Status {
    let mut renderer = renderer(options, catalog);
    let Some(mut output) = Output::open(options.output_file.as_deref()) else {
        return Status::Trouble;
    };
    let mut seen = HashSet::new();
    let files: Vec<&str> = entries
        .iter()
        .map(|entry| entry.display.as_str())
        .filter(|display| seen.insert(*display))
        .collect();
    output.write(|out| renderer.begin(&files, out));
    let mut tally = Tally::new(options.fail_level);
    let inputs: Vec<(&Entry, &Arc<RuleSet>)> = entries.iter().zip(rules).collect();
    // Where drawing a report is the costly part (the human format), the workers draw it along with checking.
    let drawer = renderer.drawer();
    in_input_order(
        &inputs,
        |(entry, rules)| {
            let mut reports = check_entry(entry, options, rules);
            // The exit status counts every finding; `--min-level` only hides some.
            let mut counted = Tally::new(options.fail_level);
            for report in &mut reports {
                counted.count(report);
                if let Some(min) = options.min_level {
                    order::keep_at_least(report, min);
                }
            }
            let drawn: Option<Vec<io::Result<String>>> = drawer
                .as_ref()
                .map(|drawer| reports.iter().map(|report| drawer.draw(report)).collect());
            (reports, drawn, counted)
        },
        |(reports, drawn, counted)| {
            let mut drawn = drawn.map(Vec::into_iter);
            tally.merge(counted);
            for report in &reports {
                match drawn.as_mut().and_then(Iterator::next) {
                    Some(text) => output.write(|out| renderer.report_drawn(report, &text?, out)),
                    None => output.write(|out| renderer.report(report, out)),
                }
            }
            output.error.is_none()
        },
    );
    output.write(|out| renderer.finish(out));
    output.end(tally.status())
}

/// Runs `check` over `inputs` in parallel and hands each result to `emit`, on this thread, in input order, as
/// soon as it and those before it are done. Checking runs ahead of writing by a bounded number of inputs, so no
/// more than that many results are alive at once. Stops when `emit` returns false. A check that panics panics
/// here, once the checks under way have ended.
fn in_input_order<I: Sync, R: Send>(
    inputs: &[I],
    check: impl Fn(&I) -> R + Sync,
    mut emit: impl FnMut(R) -> bool,
) {
    // One input (a pre-commit hook's usual run) is checked on this thread: waking a worker of the pool costs
    // more than it saves.
    if let [only] = inputs {
        emit(check(only));
        return;
    }
    let ahead = (rayon::current_num_threads() * AHEAD_PER_THREAD).clamp(1, MAX_AHEAD);
    let check = &check;
    let (sender, receiver) = mpsc::channel();
    rayon::in_place_scope(|scope| {
        // The results done before their turn, by index.
        let mut done = BTreeMap::new();
        let mut started = 0;
        for next in 0..inputs.len() {
            while started < inputs.len() && started < next + ahead {
                let (sender, input, index) = (sender.clone(), &inputs[started], started);
                scope.spawn(move |_| {
                    let result = panic::catch_unwind(AssertUnwindSafe(|| check(input)));
                    let _ = sender.send((index, result));
                });
                started += 1;
            }
            let result = loop {
                if let Some(result) = done.remove(&next) {
                    break result;
                }
                // This thread holds a sender, so the channel stays open; every check started sends its result.
                let Ok((index, result)) = receiver.recv() else {
                    unreachable!("the channel closed with checks under way")
                };
                done.insert(index, result);
            };
            let result = result.unwrap_or_else(|panicked| panic::resume_unwind(panicked));
            if !emit(result) {
                return;
            }
        }
    });
}

/// Standard output (or `--output-file`) as a run writes it, buffered. Once a write fails nothing more is
/// written: a closed pipe (`jixiao check | head`) is a quiet end, any other error is told at the end of the run.
/// A file is written to a temporary file beside it and renamed over it at the end, so that no reader sees half
/// of it and no input is truncated before it is read.
struct Output {
    out: io::BufWriter<Box<dyn Write>>,
    file: Option<(tempfile::TempPath, PathBuf)>,
    closed: bool,
    error: Option<io::Error>,
}

impl Output {
    /// Standard output, or the file `path`; `None`, with the reason on standard error, when the file cannot be
    /// created.
    fn open(path: Option<&Path>) -> Option<Self> {
        let (out, file): (Box<dyn Write>, _) = match path {
            None => (Box::new(io::stdout().lock()), None),
            Some(path) => {
                let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
                let created = tempfile::Builder::new()
                    .prefix(".jixiao-")
                    .suffix(".tmp")
                    .tempfile_in(dir.unwrap_or(Path::new(".")));
                match created {
                    Ok(temp) => {
                        let (file, temp) = temp.into_parts();
                        (Box::new(file), Some((temp, path.to_path_buf())))
                    }
                    Err(err) => {
                        let _ = writeln!(
                            io::stderr(),
                            "jixiao: 无法写入 {} / cannot write {}: {err}",
                            path.display(),
                            path.display()
                        );
                        return None;
                    }
                }
            }
        };
        Some(Output {
            out: io::BufWriter::new(out),
            file,
            closed: false,
            error: None,
        })
    }

    /// Writes with `write`, unless writing already failed.
    fn write(&mut self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        if self.closed {
            return;
        }
        if let Err(err) = write(&mut self.out) {
            self.closed = true;
            if err.kind() != io::ErrorKind::BrokenPipe {
                self.error = Some(err);
            }
        }
    }

    /// Flushes what is left: `status`, or trouble when the output could not be written.
    fn end(mut self, status: Status) -> Status {
        self.write(|out| out.flush());
        if let (Some((temp, path)), None) = (self.file.take(), &self.error) {
            // A new file is readable by others, as one the shell would create; an old one keeps its mode.
            let permissions = std::fs::metadata(&path)
                .map(|m| m.permissions())
                .ok()
                .or_else(readable);
            if let Some(permissions) = permissions {
                let _ = std::fs::set_permissions(&temp, permissions);
            }
            if let Err(err) = temp.persist(&path) {
                self.error = Some(err.error);
            }
        }
        match self.error {
            None => status,
            Some(err) => {
                let _ = writeln!(
                    io::stderr(),
                    "jixiao: 无法写出结果 / cannot write the output: {err}"
                );
                Status::Trouble
            }
        }
    }
}

/// The permissions of a new output file: 0644 where there are modes.
fn readable() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Checks every input and keeps every report, in input order.
fn check_all(options: &CheckOptions, entries: &[Entry], rules: &[Arc<RuleSet>]) -> Vec<FileReport> {
    entries
        .par_iter()
        .zip(rules)
        .flat_map_iter(|(entry, rules)| check_entry(entry, options, rules))
        .collect()
}

/// A run with a broken configuration or rule file: the inputs whose rules are whole are checked, and their
/// reports written after those of what is broken (each rule file once); exit 2.
fn write_broken_run(
    options: &CheckOptions,
    entries: Vec<Entry>,
    resolved: Vec<Result<Arc<RuleSet>, Outcome>>,
    rule_sets: &RuleSets,
) -> Status {
    let outcomes: Vec<Outcome> = entries
        .into_par_iter()
        .zip(resolved)
        .map(|(entry, rules)| match rules {
            Ok(rules) => Outcome::Checked(check_entry(&entry, options, &rules)),
            Err(outcome) => outcome,
        })
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
    let mut broken = config::reports(config_errors);
    broken.extend(rule_errors);
    broken.extend(reports);
    write_reports(
        options,
        &mut broken,
        Status::Trouble,
        catalog(options, rule_sets),
    )
}

/// The rules' catalog, for the formats that describe the rules (empty for the others).
fn catalog(options: &CheckOptions, rule_sets: &RuleSets) -> Catalog {
    if options.format.describes_rules() {
        rule_sets.catalog()
    } else {
        Catalog::default()
    }
}

/// The renderer of the run: the statistics when asked for, else the format.
fn renderer(options: &CheckOptions, catalog: Catalog) -> Box<dyn Render> {
    let statistics = match options.statistics {
        Some(StatisticsArg::Rules) => options.format.statistics(options.render),
        Some(StatisticsArg::Files) => options.format.file_statistics(options.render),
        None => None,
    };
    match (statistics, options.format) {
        (Some(statistics), _) => statistics,
        (None, Format::Opinion | Format::Html) => {
            let loader = loader(options.config.as_deref(), options.command_line.clone());
            let thresholds = super::review::thresholds(&loader, options.opinion);
            if options.format == Format::Html {
                Box::new(HtmlReport::new(options.render, thresholds, catalog))
            } else {
                Box::new(OpinionText::new(options.render, thresholds))
            }
        }
        (None, format) => format.renderer_with(options.render, catalog),
    }
}

/// Writes reports (those of `--min-level`, in the order of `--sort`) to standard output or `--output-file`, or
/// their statistics; `status` unless the output cannot be written.
fn write_reports(
    options: &CheckOptions,
    reports: &mut [FileReport],
    status: Status,
    catalog: Catalog,
) -> Status {
    let mut renderer = renderer(options, catalog);
    let Some(mut output) = Output::open(options.output_file.as_deref()) else {
        return Status::Trouble;
    };
    if let Some(min) = options.min_level {
        reports
            .iter_mut()
            .for_each(|report| order::keep_at_least(report, min));
    }
    match options.sort {
        Some(key) => output.write(|out| order::write_sorted(renderer.as_mut(), reports, key, out)),
        None => output.write(|out| renderer.render(reports, out)),
    }
    output.end(status)
}

/// Reads and checks one input with `rules`.
fn check_entry(entry: &Entry, options: &CheckOptions, rules: &RuleSet) -> Vec<FileReport> {
    let text = match &entry.kind {
        EntryKind::File(path) if paths::is_table(path) => {
            return check_table(&entry.display, path, options, rules)
        }
        EntryKind::File(path) => read::read_path(path),
        EntryKind::Stdin => read::read_from(io::stdin().lock()),
        EntryKind::Unreadable(diagnostic) => Err(diagnostic.clone()),
    };
    let report = match text {
        Ok(text) => check_with_rules(SourceFile::new(entry.display.clone(), &text), rules),
        Err(diagnostic) => FileReport::unreadable(entry.display.clone(), *diagnostic),
    };
    if let (Some(annotating), EntryKind::File(path)) = (&options.annotate, &entry.kind) {
        annotating.write_opinion(path, &report);
    }
    vec![report]
}

/// Reads a table and checks each of its indicator tables (and writes its annotated copy, for a
/// `report --annotate-dir`).
fn check_table(
    display: &str,
    path: &Path,
    options: &CheckOptions,
    rules: &RuleSet,
) -> Vec<FileReport> {
    let encoding = options.encoding;
    if let Some(annotating) = &options.annotate {
        return annotating.check_table(display, path, encoding, rules);
    }
    match super::import::read_table(display, path, encoding) {
        Ok(imported) => jixiao::import::check(display, &imported, rules),
        Err(diagnostic) => vec![FileReport::unreadable(display, *diagnostic)],
    }
}
