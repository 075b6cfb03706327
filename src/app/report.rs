//! `jixiao report [PATH…] -o review.html [--annotate-dir DIR]`: the HTML review report of a folder of
//! submissions, and an annotated workbook per table, in one run.
//!
//! It is `check --format html --output-file FILE --exit-zero` with the reviewer's defaults: the inputs are
//! checked and streamed into the page as `check` streams them; with `--annotate-dir`, each table's copy is
//! written by the thread that checked it.

use super::annotate::Annotating;
use super::check;
use super::options::{CheckOptions, Fixes};
use super::Status;
use crate::cli::ReportArgs;
use jixiao::render::{Format, Options};
use jixiao::Severity;
use std::io::{self, Write};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// `jixiao report`.
pub(super) fn run(args: ReportArgs) -> Status {
    let choices = super::review::RunChoices::of(&args.run);
    let annotate = args.annotate_dir.map(|dir| {
        Arc::new(Annotating {
            dir,
            roots: args.paths.clone(),
            thresholds: choices.thresholds,
            lang: choices.lang,
            failed: Default::default(),
        })
    });
    if let Some(annotating) = &annotate {
        if let Err(err) = std::fs::create_dir_all(&annotating.dir) {
            let _ = writeln!(io::stderr(), "jixiao: {}: {err}", annotating.dir.display());
            return Status::Trouble;
        }
    }
    let options = CheckOptions {
        paths: args.paths,
        stdin_name: None,
        format: Format::Html,
        fail_level: Severity::Error,
        render: Options {
            lang: choices.lang,
            ..Options::default()
        },
        config: choices.config,
        command_line: choices.command_line,
        encoding: choices.encoding,
        statistics: None,
        fixes: Fixes::Report,
        follow_symlinks: false,
        sort: None,
        min_level: None,
        output_file: Some(args.output),
        exit_zero: true,
        opinion: args.run.opinion,
        annotate: annotate.clone(),
    };
    let status = check::run(&options);
    if annotate.is_some_and(|a| a.failed.load(Ordering::Relaxed)) {
        return Status::Trouble;
    }
    status
}
