//! `jixiao annotate TABLE`: an annotated copy of a table ([`jixiao::render::workbook`]), beside it or at
//! `--output`; and [`Annotating`], the same for every table of a `report --annotate-dir` run, written by the
//! checking threads as each table is checked.

use super::review::{rules_of, same_file, RunChoices};
use super::{lang_of, refusal, write_broken, Status};
use crate::cli::AnnotateArgs;
use jixiao::config::Thresholds;
use jixiao::import::{self, Encoding, Sheet};
use jixiao::lint::RuleSet;
use jixiao::render::{opinion, workbook};
use jixiao::write::{self, Expect};
use jixiao::{paths, read, Diagnostic, FileReport, Lang};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The suffix of an annotated copy: `申报表.xlsx` → `申报表.审核.xlsx`.
pub(super) const SUFFIX: &str = ".审核.xlsx";

/// `jixiao annotate TABLE [-o FILE]`.
pub(super) fn run(args: &AnnotateArgs) -> Status {
    let choices = RunChoices::of(&args.run);
    let lang = lang_of(args.run.lang);
    let output = args.output.clone().unwrap_or_else(|| beside(&args.table));
    if same_file(&args.table, &output) || paths::normalize(&args.table) == paths::normalize(&output)
    {
        let _ = writeln!(
            io::stderr(),
            "jixiao: 不会写到原表格上：{} / will not write over the table itself: {}",
            output.display(),
            output.display()
        );
        return Status::Trouble;
    }
    let rules = match rules_of(&args.table, &choices) {
        Ok(rules) => rules,
        Err(reports) => return write_broken(&reports, lang),
    };
    let display = paths::display_path(&args.table);
    let (sheets, reports) = match read_and_check(&display, &args.table, choices.encoding, &rules) {
        Ok(read) => read,
        Err(diagnostic) => {
            return write_broken(&[FileReport::unreadable(display, *diagnostic)], lang)
        }
    };
    match write_copy(
        &output,
        &display,
        &sheets,
        &reports,
        choices.thresholds,
        lang,
    ) {
        Ok(()) => {
            let _ = writeln!(io::stderr(), "{}", paths::display_path(&output));
            Status::Clean
        }
        Err(message) => {
            let _ = writeln!(io::stderr(), "jixiao: {message}");
            Status::Trouble
        }
    }
}

/// The suffix of the opinion written for a `.jx` declaration: `申报.jx` → `申报.审核意见.txt`.
pub(super) const OPINION_SUFFIX: &str = ".审核意见.txt";

/// `TABLE.审核.xlsx` beside the table.
fn beside(table: &Path) -> PathBuf {
    with_suffix(table, SUFFIX)
}

/// `path` with its extension replaced by `suffix`.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}{suffix}"))
}

/// Every sheet of a table and its reports; an error when the file cannot be read at all. A table with no
/// indicator table is read all the same: its report holds that error.
fn read_and_check(
    display: &str,
    path: &Path,
    encoding: Encoding,
    rules: &RuleSet,
) -> Result<(Vec<Sheet>, Vec<FileReport>), Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|err| Box::new(read::io_error(&err, path.is_dir())))?;
    let sheets = import::read_sheets(display, path, bytes, encoding)?;
    let reports = match import::import(display, sheets.clone()) {
        Ok(imported) => import::check(display, &imported, rules),
        Err(diagnostic) => vec![FileReport::unreadable(display, *diagnostic)],
    };
    Ok((sheets, reports))
}

/// Writes the annotated copy to `output`, safely (see [`jixiao::write`]); the reason, as a line, when it cannot.
fn write_copy(
    output: &Path,
    display: &str,
    sheets: &[Sheet],
    reports: &[FileReport],
    thresholds: Thresholds,
    lang: Lang,
) -> Result<(), String> {
    let bytes = workbook::annotated(display, sheets, reports, thresholds, lang)
        .map_err(|err| format!("{}: {err}", paths::display_path(output)))?;
    let tree = output.parent().unwrap_or(Path::new(""));
    write::target(output, tree, false)
        .and_then(|target| write::replace(&target, &bytes, Expect::Anything))
        .map_err(|err| refusal(&err, &paths::display_path(output), lang))
}

/// A run that writes an annotated copy of every table it checks into a directory.
#[derive(Debug)]
pub(super) struct Annotating {
    /// Where the copies go, each at its path below the root it was found under.
    pub dir: PathBuf,
    /// The paths given on the command line.
    pub roots: Vec<PathBuf>,
    /// The opinion's thresholds.
    pub thresholds: Thresholds,
    /// The language of the copies.
    pub lang: Lang,
    /// Whether some copy could not be written.
    pub failed: AtomicBool,
}

impl PartialEq for Annotating {
    fn eq(&self, other: &Self) -> bool {
        (&self.dir, &self.roots) == (&other.dir, &other.roots)
    }
}

impl Eq for Annotating {}

impl Annotating {
    /// Where the copy of the table at `path` goes: its path below the root given, in [`Annotating::dir`].
    fn output(&self, path: &Path) -> PathBuf {
        self.below(path, SUFFIX)
    }

    /// `path`'s place below the root given, in [`Annotating::dir`], with its extension replaced by `suffix`.
    fn below(&self, path: &Path, suffix: &str) -> PathBuf {
        let tree = write::tree_of(path, &self.roots);
        let normal = paths::normalize(path);
        let below = normal
            .strip_prefix(paths::normalize(&tree))
            .ok()
            .filter(|below| !below.as_os_str().is_empty())
            .map_or_else(
                || PathBuf::from(normal.file_name().unwrap_or_default()),
                Path::to_path_buf,
            );
        self.dir.join(with_suffix(&below, suffix))
    }

    /// Writes the review opinion of a `.jx` declaration at `path` (it has no cells to annotate) as text, where
    /// a table's copy would go. One that cannot be written is told on standard error and fails the run.
    pub(super) fn write_opinion(&self, path: &Path, report: &FileReport) {
        let text = opinion::opinions(report, self.thresholds)
            .iter()
            .map(|opinion| opinion.text(self.lang))
            .collect::<Vec<_>>()
            .join("\n────────────────────────────────────────\n\n");
        if text.is_empty() {
            return;
        }
        let output = self.below(path, OPINION_SUFFIX);
        let written = match output.parent() {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))
            }
            None => Ok(()),
        }
        .and_then(|()| {
            let tree = output.parent().unwrap_or(Path::new(""));
            write::target(&output, tree, false)
                .and_then(|target| write::replace(&target, text.as_bytes(), Expect::Anything))
                .map_err(|err| refusal(&err, &paths::display_path(&output), self.lang))
        });
        if let Err(message) = written {
            let _ = writeln!(io::stderr(), "jixiao: {message}");
            self.failed.store(true, Ordering::Relaxed);
        }
    }

    /// Checks the table at `path` and writes its annotated copy; its reports. A copy that cannot be written is
    /// told on standard error and fails the run.
    pub(super) fn check_table(
        &self,
        display: &str,
        path: &Path,
        encoding: Encoding,
        rules: &RuleSet,
    ) -> Vec<FileReport> {
        let (thresholds, lang) = (self.thresholds, self.lang);
        let (sheets, reports) = match read_and_check(display, path, encoding, rules) {
            Ok(read) => read,
            Err(diagnostic) => return vec![FileReport::unreadable(display, *diagnostic)],
        };
        let output = self.output(path);
        let written = match output.parent() {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|err| format!("{}: {err}", dir.display()))
            }
            None => Ok(()),
        }
        .and_then(|()| write_copy(&output, display, &sheets, &reports, thresholds, lang));
        if let Err(message) = written {
            let _ = writeln!(io::stderr(), "jixiao: {message}");
            self.failed.store(true, Ordering::Relaxed);
        }
        reports
    }
}
