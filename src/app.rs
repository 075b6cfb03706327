//! Orchestration of a run: resolve the command line into [`Settings`], discover the inputs, read and check them
//! in parallel, render the reports to standard output and work out the exit status.
//!
//! This is the only place that touches the terminal, the environment and the process's standard streams. A
//! closed standard output (`jixiao check | head`) ends the run quietly.

use crate::cli::{CheckArgs, Cli, ColorArg, Command, FormatArg, LangArg, LevelArg};
use clap::Parser;
use jixiao::diagnostic::codes;
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::render::{Format, Options};
use jixiao::rules::RuleSet;
use jixiao::{check_with_rules, read, FileReport, Lang, Severity, SourceFile};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

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
            },
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
    });
    run.unwrap_or_else(|_| {
        let _ = writeln!(io::stderr(), "jixiao: 内部错误 / internal error");
        Status::Trouble
    })
    .into()
}

/// Checks every input of `settings` and writes the reports to standard output.
pub fn check(settings: &Settings) -> Status {
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(reports) => return write_reports(settings, &reports, Status::Trouble),
    };
    let entries = discover::discover(&settings.paths, settings.stdin_name.as_deref());
    let reports: Vec<FileReport> = entries
        .into_par_iter()
        .map(|entry| check_entry(entry, &rules))
        .collect();
    let status = status(&reports, settings.fail_level);
    write_reports(settings, &reports, status)
}

/// Writes reports to standard output; `status` unless the output cannot be written.
fn write_reports(settings: &Settings, reports: &[FileReport], status: Status) -> Status {
    let renderer = settings.format.renderer(settings.render);
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

/// Reads and checks one input.
fn check_entry(entry: Entry, rules: &RuleSet) -> FileReport {
    let text = match entry.kind {
        EntryKind::File(path) => read::read_path(&path),
        EntryKind::Stdin => read::read_from(io::stdin().lock()),
        EntryKind::Unreadable(diagnostic) => Err(Box::new(diagnostic)),
    };
    match text {
        Ok(text) => check_with_rules(SourceFile::new(entry.display, &text), rules),
        Err(diagnostic) => FileReport::unreadable(entry.display, *diagnostic),
    }
}

/// The exit status for `reports`: trouble when a path could not be read, findings when one reaches `fail_level`.
pub fn status(reports: &[FileReport], fail_level: Severity) -> Status {
    let diagnostics = || reports.iter().flat_map(|report| &report.diagnostics);
    if diagnostics().any(|diagnostic| diagnostic.code == codes::READ_ERROR.code) {
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
