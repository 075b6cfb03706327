//! How the rules judge the labelled corpus: recall on the rows a reviewer sends back and false alarms on the sound
//! rows, overall and by kind of defect. Run it from the repository's root:
//!
//! ```sh
//! cargo run --release --example judge            # corpus/tables/labels.csv against the built-in rules
//! cargo run --release --example judge -- --rows  # and every row the rules get wrong
//! ```
//!
//! A row counts as flagged when a warning or an error of a rule about indicators starts on its line (an info does
//! not, nor does a finding about a group, a declaration or the whole table). Labels: `flag` must be flagged, `ok` must not;
//! `either` counts for neither.

#![allow(clippy::print_stdout)]

use jixiao::import::{self, Encoding};
use jixiao::lint::schema::scope::Scope;
use jixiao::{FileReport, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One labelled row.
struct Label {
    file: String,
    line: usize,
    indicator: String,
    flag: Option<bool>,
    kind: String,
}

fn main() {
    let show_rows = std::env::args().any(|a| a == "--rows");
    let dir = Path::new("corpus/tables");
    let labels = read_labels(&dir.join("labels.csv"));
    let rules = jixiao::lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let about_indicators: BTreeSet<&str> = rules
        .rules()
        .iter()
        .filter(|rule| rule.scope == Scope::Indicator)
        .map(|rule| rule.code.as_str())
        .collect();
    let mut flagged_lines: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let files: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    for file in files {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let reports: Vec<FileReport> = import::read_sheets(file, &path, bytes, Encoding::Auto)
            .and_then(|sheets| import::import(file, sheets))
            .map(|imported| import::check(file, &imported, &rules))
            .unwrap_or_default();
        let lines = flagged_lines.entry(file.to_string()).or_default();
        for report in &reports {
            let Some(source) = &report.source else {
                continue;
            };
            for d in &report.diagnostics {
                if about_indicators.contains(d.code.as_str()) && d.severity >= Severity::Warning {
                    lines.insert(source.line_col(d.span.start).line);
                }
            }
        }
    }
    let (mut tp, mut fn_, mut fp, mut tn) = (0, 0, 0, 0);
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for label in &labels {
        let Some(should) = label.flag else { continue };
        let did = flagged_lines[&label.file].contains(&label.line);
        match (should, did) {
            (true, true) => tp += 1,
            (true, false) => fn_ += 1,
            (false, true) => fp += 1,
            (false, false) => tn += 1,
        }
        if should {
            let entry = by_kind.entry(label.kind.as_str()).or_default();
            entry.0 += usize::from(did);
            entry.1 += 1;
        }
        if show_rows && should != did {
            let what = if should { "missed" } else { "false alarm" };
            println!(
                "{what:12} {}:{} {}",
                label.file, label.line, label.indicator
            );
        }
    }
    let percent = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "rows sent back: {}, flagged {tp}: recall {:.1} %",
        tp + fn_,
        percent(tp, tp + fn_)
    );
    println!(
        "sound rows: {}, flagged {fp}: false alarms {:.1} %",
        fp + tn,
        percent(fp, fp + tn)
    );
    for (kind, (hit, all)) in by_kind {
        println!("  {kind:28} {hit:3} / {all:3}");
    }
}

/// The rows of labels.csv (columns file, line, indicator, verdict, kind, reason).
fn read_labels(path: &Path) -> Vec<Label> {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().cloned().unwrap_or_default();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name}"))
    };
    let (file, line, indicator, verdict, kind, reason) = (
        column("file"),
        column("line"),
        column("indicator"),
        column("verdict"),
        column("kind"),
        column("reason"),
    );
    reader
        .records()
        .filter_map(Result::ok)
        .map(|r| {
            let get = |i: usize| r.get(i).unwrap_or_default().to_string();
            let undecided = get(reason).contains("borderline") || get(verdict) == "either";
            Label {
                file: get(file),
                line: get(line).parse().unwrap_or(0),
                indicator: get(indicator),
                flag: match get(verdict).as_str() {
                    _ if undecided => None,
                    "send-back" | "flag" => Some(true),
                    "sound" | "ok" => Some(false),
                    _ => None,
                },
                kind: get(kind),
            }
        })
        .collect()
}
