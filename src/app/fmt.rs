//! `jixiao fmt`: lay out .jx files in the canonical format, in place, or only say which would change (`--check`)
//! and how (`--diff`).
//!
//! Standard output carries what a program reads: the formatted text of standard input, the paths `--check` lists
//! or the diff. Errors and the closing summary go to standard error. A file that cannot be read or parsed is left
//! as it is, reported, and makes the exit status 2, as `ruff format` does; the other files are still formatted.
//!
//! A file is written back through [`jixiao::write`]: atomically, keeping its permissions, its line ends and its
//! byte-order mark, not through a symbolic link unless `--follow-symlinks` (and never out of the tree given), and
//! only when it still holds the bytes that were formatted. A file refused or changed meanwhile is left alone,
//! told on standard error, and makes the exit status 2.

use super::{lang_of, refusal, write_text, Status};
use crate::cli::FmtArgs;
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::format::{self, FormatError};
use jixiao::render::{Format, Options};
use jixiao::source::TextStyle;
use jixiao::write::{self, Expect, WriteError};
use jixiao::{paths, read, FileReport, Lang, SourceFile};
use rayon::prelude::*;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// What the run does with a file that would change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Write it back.
    Write,
    /// List it.
    Check,
    /// Print the diff.
    Diff,
}

/// What became of one input.
enum Outcome {
    /// Already in the canonical layout; `shown` is what goes to standard output (standard input's text).
    Unchanged { shown: Option<String> },
    /// Laid out anew (or would be); `shown` is the formatted standard input or the diff.
    Changed { shown: Option<String> },
    /// Not formatted: the reports of an unreadable or unparsable file, to render as `jixiao check` does.
    Report(Box<FileReport>),
    /// Not formatted, for a reason told in one line.
    Message(String),
}

/// `jixiao fmt [--check] [--diff] PATH…`.
pub(super) fn run(args: &FmtArgs) -> Status {
    let lang = lang_of(args.lang);
    let mode = match (args.diff, args.check) {
        (true, _) => Mode::Diff,
        (false, true) => Mode::Check,
        (false, false) => Mode::Write,
    };
    let notes = table_notes(&args.paths, lang);
    let entries: Vec<Entry> = discover::discover(&args.paths, None)
        .into_iter()
        .filter(|entry| !matches!(&entry.kind, EntryKind::File(path) if paths::is_table(path)))
        .collect();
    let only_stdin = !entries.is_empty() && entries.iter().all(|e| e.kind == EntryKind::Stdin);
    let writing = Writing {
        roots: &args.paths,
        follow: args.follow_symlinks,
    };
    let outcomes: Vec<(String, Outcome)> = entries
        .into_par_iter()
        .map(|entry| {
            (
                entry.display.clone(),
                format_entry(entry, mode, lang, &writing),
            )
        })
        .collect();
    let tally = Tally::of(outcomes, mode, lang);

    let mut status = if tally.failed() > 0 {
        Status::Trouble
    } else if mode != Mode::Write && tally.changed > 0 {
        Status::Findings
    } else {
        Status::Clean
    };
    if write_text(&tally.out) == Status::Trouble {
        status = Status::Trouble;
    }
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(notes.as_bytes());
    tally.tell(&mut stderr, mode, lang, only_stdin);
    status
}

/// One line for each table given by name, which `fmt` skips: it lays out .jx files only.
fn table_notes(inputs: &[PathBuf], lang: Lang) -> String {
    let mut notes = String::new();
    for path in inputs {
        if path.is_file() && paths::is_table(path) {
            let shown = paths::display_path(path);
            notes.push_str(&match lang {
                Lang::Zh => format!("jixiao: 跳过表格 {shown}：fmt 只排版 .jx 文件\n"),
                Lang::En => {
                    format!("jixiao: skipping the table {shown}: fmt lays out .jx files only\n")
                }
            });
        }
    }
    notes
}

/// What became of the inputs, gathered in their order.
#[derive(Default)]
struct Tally {
    /// How many changed, or would.
    changed: usize,
    /// How many were already in the canonical layout.
    unchanged: usize,
    /// Standard output: the formatted standard input, the paths `--check` lists, the diffs.
    out: String,
    /// The reports of the inputs that could not be read or parsed.
    reports: Vec<FileReport>,
    /// Why other inputs could not be formatted, one line each.
    errors: Vec<String>,
}

impl Tally {
    /// Gathers the outcomes of the inputs, each with its name as shown.
    fn of(outcomes: Vec<(String, Outcome)>, mode: Mode, lang: Lang) -> Tally {
        let mut tally = Tally::default();
        for (display, outcome) in outcomes {
            match outcome {
                Outcome::Unchanged { shown } => {
                    tally.unchanged += 1;
                    tally.out.extend(shown);
                }
                Outcome::Changed { shown } => {
                    tally.changed += 1;
                    if mode == Mode::Check {
                        tally.out.push_str(&match lang {
                            Lang::Zh => format!("需要格式化：{display}\n"),
                            Lang::En => format!("would reformat: {display}\n"),
                        });
                    }
                    tally.out.extend(shown);
                }
                Outcome::Report(report) => tally.reports.push(*report),
                Outcome::Message(message) => tally.errors.push(message),
            }
        }
        tally
    }

    /// How many inputs could not be formatted.
    fn failed(&self) -> usize {
        self.reports.len() + self.errors.len()
    }

    /// Writes to `stderr` why inputs could not be formatted, then the closing summary, which standard input alone
    /// goes without unless it failed.
    fn tell(&self, stderr: &mut dyn Write, mode: Mode, lang: Lang, only_stdin: bool) {
        for error in &self.errors {
            let _ = writeln!(stderr, "jixiao: {error}");
        }
        if !self.reports.is_empty() {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            let options = Options {
                lang,
                color: io::stderr().is_terminal() && !no_color,
                ..Options::default()
            };
            let _ = Format::Human
                .renderer(options)
                .render(&self.reports, stderr);
        }
        let failed = self.failed();
        if !only_stdin || failed > 0 {
            let _ = writeln!(
                stderr,
                "{}",
                summary(mode, lang, self.changed, self.unchanged, failed)
            );
        }
    }
}

/// What writing a file back may do: the paths the run was given, the trees it may write in, and whether it
/// follows symbolic links (`--follow-symlinks`).
struct Writing<'a> {
    roots: &'a [PathBuf],
    follow: bool,
}

impl Writing<'_> {
    /// Replaces the file at `path` with `formatted`, if it still holds `raw`, the text that was formatted.
    fn write_back(&self, path: &Path, raw: &str, formatted: &str) -> Result<(), WriteError> {
        let tree = write::tree_of(path, self.roots);
        let target = write::target(path, &tree, self.follow)?;
        let unchanged = |bytes: &[u8]| bytes == raw.as_bytes();
        write::replace(&target, formatted.as_bytes(), Expect::Content(&unchanged))
    }
}

/// Reads, formats and (in write mode) writes back one input.
fn format_entry(entry: Entry, mode: Mode, lang: Lang, writing: &Writing<'_>) -> Outcome {
    let display = entry.display;
    let (raw, path) = match entry.kind {
        EntryKind::File(path) => match read::read_path(&path) {
            Ok(raw) => (raw, Some(path)),
            Err(diagnostic) => {
                return Outcome::Report(Box::new(FileReport::unreadable(display, *diagnostic)))
            }
        },
        EntryKind::Stdin => match read::read_from(io::stdin().lock()) {
            Ok(raw) => (raw, None),
            Err(diagnostic) => {
                return Outcome::Report(Box::new(FileReport::unreadable(display, *diagnostic)))
            }
        },
        EntryKind::Unreadable(diagnostic) => {
            return Outcome::Report(Box::new(FileReport::unreadable(display, *diagnostic)))
        }
    };
    let source = SourceFile::new(display.clone(), &raw);
    // `--check` needs only the layout, and only until it differs from the source: the check that it means the
    // same guards what `fmt` writes.
    let formatted = match if mode == Mode::Check {
        format::is_in_layout(&source)
            .map(|in_layout| in_layout.then(|| Cow::Borrowed(source.text())))
    } else {
        format::format_source(&source).map(|formatted| Some(Cow::Owned(formatted)))
    } {
        // The layout is the formatter's; the line ends and the byte-order mark stay the file's own.
        Ok(Some(formatted)) => TextStyle::of(&raw).apply(&formatted),
        Ok(None) => return Outcome::Changed { shown: None },
        Err(FormatError::Syntax(diagnostics)) => {
            return Outcome::Report(Box::new(FileReport {
                path: display,
                source: Some(source),
                document: None,
                diagnostics,
            }))
        }
        Err(FormatError::Changed(why)) => {
            return Outcome::Message(format!("{display}: {}", why.get(lang)))
        }
    };
    let changed = formatted != raw;
    if let (Mode::Write, true, Some(path)) = (mode, changed, &path) {
        if let Err(err) = writing.write_back(path, &raw, &formatted) {
            return Outcome::Message(refusal(&err, &display, lang));
        }
    }
    let shown = match mode {
        Mode::Write if path.is_none() => Some(formatted),
        Mode::Diff if changed => Some(super::diff::unified(&raw, &formatted, &display)),
        _ => None,
    };
    if changed {
        Outcome::Changed { shown }
    } else {
        Outcome::Unchanged { shown }
    }
}

/// The closing line: how many files changed (or would), how many were already formatted, how many failed.
fn summary(mode: Mode, lang: Lang, changed: usize, unchanged: usize, failed: usize) -> String {
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_string()
        } else {
            format!("{n} files")
        }
    };
    let mut line = match (lang, mode) {
        (Lang::Zh, Mode::Write) => format!("已格式化 {changed} 个文件，{unchanged} 个文件无需改动"),
        (Lang::Zh, _) => format!("{changed} 个文件需要格式化，{unchanged} 个文件已是规范格式"),
        (Lang::En, Mode::Write) => {
            format!(
                "{} reformatted, {} left unchanged",
                files(changed),
                files(unchanged)
            )
        }
        (Lang::En, _) => format!(
            "{} would be reformatted, {} already formatted",
            files(changed),
            files(unchanged)
        ),
    };
    if failed > 0 {
        line.push_str(&match lang {
            Lang::Zh => format!("，{failed} 个文件无法格式化"),
            Lang::En => format!(", {} could not be formatted", files(failed)),
        });
    }
    line
}
