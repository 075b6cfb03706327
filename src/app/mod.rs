//! The running binary: parse the command line, hand each subcommand to its module, turn how it ended into the
//! exit status, and write to standard output.
//!
//! This module owns what every subcommand shares: [`Status`] and its mapping from reports ([`status`]), writing
//! text and broken-configuration reports to standard output, and treating a closed standard output
//! (`jixiao check | head`) as a quiet end rather than an error. The subcommands are one module each: [`check`]
//! (with its [`options`], the [`rule_sets`] it compiles and the [`fix`]es it applies), [`rules`] (`rules` and
//! `explain`), [`import`], [`init`], [`fmt`] and [`score`]. Only the binary touches the terminal, the environment and the
//! process's standard streams; the library never prints.

mod annotate;
mod check;
mod diff;
mod fix;
mod fmt;
mod import;
mod init;
mod options;
mod report;
mod review;
mod rule_sets;
mod rules;
mod score;

use crate::cli::{Cli, Command, EncodingArg, LangArg};
use clap::Parser;
use jixiao::diagnostic::codes;
use jixiao::import::Encoding;
use jixiao::render::{Format, Options};
use jixiao::{FileReport, Lang, Severity};
use options::CheckOptions;
use std::io::{self, IsTerminal, Write};
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
            check::run(&CheckOptions::resolve(
                args,
                io::stdout().is_terminal(),
                no_color,
            ))
        }
        Command::Rules(args) => rules::list(&args),
        Command::Explain(args) => rules::explain(&args),
        Command::Import(args) => import::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Report(args) => report::run(args),
        Command::Annotate(args) => annotate::run(&args),
        Command::Score(args) => score::run(&args),
    });
    run.unwrap_or_else(|_| {
        let _ = writeln!(io::stderr(), "jixiao: 内部错误 / internal error");
        Status::Trouble
    })
    .into()
}

/// The exit status for `reports`: trouble when a path could not be read, findings when one reaches `fail_level`.
pub fn status(reports: &[FileReport], fail_level: Severity) -> Status {
    let mut tally = Tally::new(fail_level);
    for report in reports {
        tally.count(report);
    }
    tally.status()
}

/// The exit status of a run, counted report by report as [`status`] counts it over them all.
#[derive(Debug, Clone, Copy)]
pub struct Tally {
    fail_level: Severity,
    read_error: bool,
    failing: bool,
}

impl Tally {
    /// No report counted yet: clean.
    pub fn new(fail_level: Severity) -> Self {
        Tally {
            fail_level,
            read_error: false,
            failing: false,
        }
    }

    /// Counts the findings of one more report.
    pub fn count(&mut self, report: &FileReport) {
        for diagnostic in &report.diagnostics {
            self.read_error |= diagnostic.code == codes::READ_ERROR.code;
            self.failing |= diagnostic.severity >= self.fail_level;
        }
    }

    /// Counts what `other` counted.
    pub fn merge(&mut self, other: Tally) {
        self.read_error |= other.read_error;
        self.failing |= other.failing;
    }

    /// Trouble when a path could not be read, findings when one reached the fail level, else clean.
    pub fn status(&self) -> Status {
        if self.read_error {
            Status::Trouble
        } else if self.failing {
            Status::Findings
        } else {
            Status::Clean
        }
    }
}

/// The outcome of writing to standard output, with a closed pipe counted as success: the reader stopped
/// reading (`jixiao check | head`), which is no failure of the run.
fn unless_closed(written: io::Result<()>) -> io::Result<()> {
    match written {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes text to standard output; a closed pipe is not an error.
fn write_text(text: &str) -> Status {
    let mut out = io::stdout().lock();
    match unless_closed(out.write_all(text.as_bytes()).and_then(|()| out.flush())) {
        Ok(()) => Status::Clean,
        Err(_) => Status::Trouble,
    }
}

/// Writes the reports of a broken configuration or rule file to standard output: exit 2.
fn write_broken(reports: &[FileReport], lang: Lang) -> Status {
    let mut renderer = Format::Human.renderer(Options {
        lang,
        color: io::stdout().is_terminal(),
        ..Options::default()
    });
    let mut out = io::stdout().lock();
    let _ = renderer.render(reports, &mut out);
    Status::Trouble
}

/// The line telling why `display` was not written, in `lang`, with what to do about it on a line of its own.
fn refusal(err: &jixiao::write::WriteError, display: &str, lang: Lang) -> String {
    let mut message = err.message(display).get(lang).to_string();
    if let Some(help) = err.help() {
        message.push_str("\n  help: ");
        message.push_str(help.get(lang));
    }
    message
}

/// `--lang`, as the library's language.
fn lang_of(lang: LangArg) -> Lang {
    match lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    }
}

/// `--encoding`, as the library's encoding of CSV tables.
fn encoding_of(arg: EncodingArg) -> Encoding {
    match arg {
        EncodingArg::Auto => Encoding::Auto,
        EncodingArg::Utf8 => Encoding::Utf8,
        EncodingArg::Gbk => Encoding::Gbk,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
