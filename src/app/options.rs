//! The options of a `jixiao check` run: the command line's raw arguments resolved, with the terminal and the
//! environment, into [`CheckOptions`].
//!
//! These are the run's own choices (inputs, output format, fail level, fixes); what each file's jixiao.toml says
//! is the library's [`jixiao::config::Settings`], resolved per file during the run.

use super::{encoding_of, lang_of};
use crate::cli::{CheckArgs, ColorArg, FormatArg, LevelArg};
use jixiao::config::CommandLine;
use jixiao::import::Encoding;
use jixiao::render::{Format, Options};
use jixiao::Severity;
use std::path::PathBuf;

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
    /// `--statistics`: counts per rule instead of the findings.
    pub statistics: bool,
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
            select: args.select,
            extend_select: args.extend_select,
            ignore: args.ignore,
        };
        let mut paths = args.paths;
        if paths.is_empty() && args.stdin_filename.is_some() {
            paths.push(PathBuf::from("-"));
        }
        CheckOptions {
            paths,
            stdin_name: args.stdin_filename,
            format: format_of(args.format),
            statistics: args.statistics,
            fail_level: match args.fail_level {
                LevelArg::Error => Severity::Error,
                LevelArg::Warning => Severity::Warning,
                LevelArg::Info => Severity::Info,
            },
            render: Options {
                lang: lang_of(args.lang),
                color,
                ..Options::default()
            },
            config: args.config,
            command_line,
            encoding: encoding_of(args.encoding),
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

/// `--format`, as the library's output format.
fn format_of(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
        FormatArg::Concise => Format::Concise,
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
