//! `jixiao score [PATH…]`: the score table of every declaration and evaluation of the inputs, as text or JSON on
//! standard output; what could not be scored (no weights, a syntax error, an unreadable file) on standard error.
//!
//! The inputs are found as `check` finds them and read as `check` reads them (tables included); the grade edges
//! and the qualitative bands are the parameters of each input's rules, as its jixiao.toml sets them.

use super::import::read_table;
use super::rule_sets::{loader, RuleSets};
use super::{encoding_of, lang_of, write_broken, write_text, Status};
use crate::cli::{ScoreArgs, ScoreFormat};
use jixiao::config::{self, CommandLine};
use jixiao::discover::{self, Entry, EntryKind};
use jixiao::import::{self, Encoding};
use jixiao::lint::score::{score_document, Settings};
use jixiao::render::score::{human, json, Scored};
use jixiao::render::{Format, Options};
use jixiao::{paths, read, FileReport, Severity, SourceFile};
use std::io::{self, IsTerminal};
use std::path::PathBuf;

/// `jixiao score`.
pub(super) fn run(args: &ScoreArgs) -> Status {
    let lang = lang_of(args.lang);
    let loader = loader(args.config.as_deref(), CommandLine::default());
    let rule_sets = RuleSets::default();
    let mut scored = Vec::new();
    let mut reports = Vec::new();
    for entry in discover::discover(&args.paths, None) {
        let config_path = match &entry.kind {
            EntryKind::File(path) => path.clone(),
            _ => PathBuf::from("-"),
        };
        let settings = match loader.settings_for(&config_path) {
            Ok(settings) => settings,
            Err(error) => return write_broken(&config::reports([error]), lang),
        };
        let rules = match rule_sets.for_settings(&settings) {
            Ok(rules) => rules,
            Err(broken) => return write_broken(&broken, lang),
        };
        let settings = Settings::of(&rules);
        score_entry(
            &entry,
            settings,
            encoding_of(args.encoding),
            &mut scored,
            &mut reports,
        );
    }
    let out = match args.format {
        ScoreFormat::Human => human(&scored, lang),
        ScoreFormat::Json => json(&scored),
    };
    let written = write_text(&out);
    if written != Status::Clean {
        return written;
    }
    if reports.is_empty() {
        return Status::Clean;
    }
    let mut renderer = Format::Human.renderer(Options {
        lang,
        color: io::stderr().is_terminal(),
        ..Options::default()
    });
    let _ = renderer.render(&reports, &mut io::stderr().lock());
    super::status(&reports, Severity::Error).max(Status::Findings)
}

/// Scores one input: its tables into `scored`, what kept anything from being scored into `reports`.
fn score_entry(
    entry: &Entry,
    settings: Settings,
    encoding: Encoding,
    scored: &mut Vec<Scored>,
    reports: &mut Vec<FileReport>,
) {
    let display = entry.display.clone();
    let text = match &entry.kind {
        EntryKind::File(path) if paths::is_table(path) => {
            return score_table(&display, path, settings, encoding, scored, reports)
        }
        EntryKind::File(path) => read::read_path(path),
        EntryKind::Stdin => read::read_from(io::stdin().lock()),
        EntryKind::Unreadable(diagnostic) => Err(diagnostic.clone()),
    };
    let text = match text {
        Ok(text) => text,
        Err(diagnostic) => return reports.push(FileReport::unreadable(display, *diagnostic)),
    };
    let source = SourceFile::new(display.clone(), &text);
    let parsed = jixiao::syntax::parse::parse(&source);
    let mut diagnostics: Vec<_> = parsed
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if let Some(document) = &parsed.document {
        let (tables, findings) = score_document(&source, document, settings);
        diagnostics.extend(findings);
        if !tables.is_empty() {
            scored.push(Scored {
                file: display.clone(),
                sheet: None,
                tables,
            });
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.sort_by_key(|d| d.span.start);
        reports.push(FileReport {
            path: display,
            source: Some(source),
            document: None,
            diagnostics,
        });
    }
}

/// Scores each sheet of a table; a declaration without weights is reported at its cell.
fn score_table(
    display: &str,
    path: &std::path::Path,
    settings: Settings,
    encoding: Encoding,
    scored: &mut Vec<Scored>,
    reports: &mut Vec<FileReport>,
) {
    let imported = match read_table(display, path, encoding) {
        Ok(imported) => imported,
        Err(diagnostic) => return reports.push(FileReport::unreadable(display, *diagnostic)),
    };
    for sheet in &imported {
        let source = SourceFile::new(display, &sheet.generated.jx);
        let parsed = jixiao::syntax::parse::parse(&source);
        let Some(document) = &parsed.document else {
            continue;
        };
        let (tables, findings) = score_document(&source, document, settings);
        if !tables.is_empty() {
            scored.push(Scored {
                file: display.to_string(),
                sheet: sheet.sheet.name.clone(),
                tables,
            });
        }
        if !findings.is_empty() {
            reports.push(FileReport {
                path: display.to_string(),
                source: Some(sheet.sheet.view.clone()),
                document: None,
                diagnostics: findings
                    .into_iter()
                    .map(|d| import::locate(d, &sheet.sheet, &sheet.generated))
                    .collect(),
            });
        }
    }
}
