//! The options of a `jixiao check` run: the command line's raw arguments resolved, with the terminal and the
//! environment, into [`CheckOptions`].
//!
//! These are the run's own choices (inputs, output format, fail level, fixes); what each file's jixiao.toml says
//! is the library's [`jixiao::config::Settings`], resolved per file during the run.

use super::annotate::Annotating;
use super::{encoding_of, lang_of};
use crate::cli::{CheckArgs, ColorArg, FormatArg, LevelArg, OpinionArgs, SortArg, StatisticsArg};
use jixiao::config::CommandLine;
use jixiao::import::Encoding;
use jixiao::render::order::SortKey;
use jixiao::render::{Format, Options};
use jixiao::Severity;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything a `check` run needs to know, resolved from the command line and the environment: which inputs,
/// how to report them, when to fail and what to do with fixes. Not to be confused with the per-file
/// configuration of jixiao.toml ([`jixiao::config::Settings`]), which `--config` and `--select` only feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
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
    /// `--statistics`: counts per rule or per file instead of the findings.
    pub statistics: Option<StatisticsArg>,
    /// `--sort`: the findings ordered once every input is checked, instead of streamed in input order.
    pub sort: Option<SortKey>,
    /// `--min-level`: the findings shown; the exit status counts them all.
    pub min_level: Option<Severity>,
    /// `--output-file`: where the output goes instead of standard output.
    pub output_file: Option<PathBuf>,
    /// `--exit-zero`: findings do not make the exit status 1.
    pub exit_zero: bool,
    /// The opinion's thresholds given on the command line, over those of jixiao.toml.
    pub opinion: OpinionArgs,
    /// `report --annotate-dir`: an annotated copy of every table checked.
    pub annotate: Option<Arc<Annotating>>,
    /// `--fix` or `--diff`.
    pub fixes: Fixes,
    /// `--follow-symlinks`: `--fix` writes the file a symbolic link leads to, inside the tree given.
    pub follow_symlinks: bool,
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

impl CheckOptions {
    /// Resolves `args`; `terminal` says whether standard output is a terminal, `no_color` whether `NO_COLOR`
    /// is set to something non-empty.
    pub fn resolve(args: CheckArgs, terminal: bool, no_color: bool) -> Self {
        let color = match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => terminal && !no_color,
        };
        let command_line = CommandLine {
            select: args.run.select,
            extend_select: args.run.extend_select,
            ignore: args.run.ignore,
        };
        let mut paths = args.paths;
        // `--statistics DIR`: a path after the flag, which reads the word after it if there is one.
        let statistics = args.statistics.map(|by| match by.as_str() {
            "files" => StatisticsArg::Files,
            "rules" => StatisticsArg::Rules,
            _ => {
                paths.insert(0, PathBuf::from(by));
                StatisticsArg::Rules
            }
        });
        if paths.is_empty() && args.stdin_filename.is_some() {
            paths.push(PathBuf::from("-"));
        }
        CheckOptions {
            paths,
            stdin_name: args.stdin_filename,
            format: format_of(args.format),
            statistics,
            sort: args.sort.map(|sort| match sort {
                SortArg::Severity => SortKey::Severity,
                SortArg::File => SortKey::File,
                SortArg::Rule => SortKey::Rule,
            }),
            min_level: args.min_level.map(severity_of),
            output_file: args.output_file,
            exit_zero: args.exit_zero,
            opinion: args.run.opinion,
            annotate: None,
            fail_level: severity_of(args.fail_level),
            render: Options {
                lang: lang_of(args.run.lang),
                color,
                ..Options::default()
            },
            config: args.run.config,
            command_line,
            encoding: encoding_of(args.run.encoding),
            follow_symlinks: args.follow_symlinks,
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

/// `--fail-level` or `--min-level`, as a severity.
fn severity_of(level: LevelArg) -> Severity {
    match level {
        LevelArg::Error => Severity::Error,
        LevelArg::Warning => Severity::Warning,
        LevelArg::Info => Severity::Info,
    }
}

/// `--format`, as the library's output format.
fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Concise => Format::Concise,
        FormatArg::Opinion => Format::Opinion,
        FormatArg::Html => Format::Html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;
    use jixiao::Lang;

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
            CheckOptions::resolve(args(extra), terminal, no_color)
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
        let options = CheckOptions::resolve(args(&[]), false, false);
        assert_eq!(options.paths, Vec::<PathBuf>::new());
        assert_eq!(
            (options.format, options.fail_level, options.render.lang),
            (Format::Human, Severity::Error, Lang::Zh)
        );
        let options = CheckOptions::resolve(
            args(&["--stdin-filename", "a.jx", "--lang", "en"]),
            false,
            false,
        );
        assert_eq!(options.paths, [PathBuf::from("-")]);
        assert_eq!(options.render.lang, Lang::En);
    }
}
