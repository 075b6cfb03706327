//! How the rules judge the labelled corpus (corpus/tables/labels.csv): which labelled rows they flag, shared by the
//! `judgement` suite (which holds the figures to their thresholds) and `examples/judge.rs` (which lists the rows).
//!
//! A row counts as flagged when a warning or an error of a rule about indicators starts on its line. An info does
//! not count, nor does a finding about a group, a declaration or the whole table: those are placed on the level
//! cell, the header or the name they are about, and a finding about a whole table is no verdict on each of its
//! rows. Labels: `flag` must be flagged, `ok` must not, `either` counts for neither.

use jixiao::import::{self, Encoding};
use jixiao::lint::schema::scope::Scope;
use jixiao::lint::RuleSet;
use jixiao::{FileReport, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A reviewer's verdict on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The reviewer sends the row back.
    Flag,
    /// The reviewer accepts the row.
    Ok,
    /// The labeller weighed both ways.
    Either,
}

/// One labelled row.
#[derive(Debug, Clone)]
pub struct Label {
    pub file: String,
    pub line: usize,
    pub indicator: String,
    pub verdict: Verdict,
    pub kind: String,
}

/// A labelled row and whether the rules flag it.
#[derive(Debug, Clone)]
pub struct Judged {
    pub label: Label,
    pub flagged: bool,
}

/// The verdicts of the rules on every labelled row.
#[derive(Debug, Clone)]
pub struct Judgement {
    pub rows: Vec<Judged>,
}

impl Judgement {
    /// Flag rows flagged, and flag rows in all.
    pub fn recall(&self) -> (usize, usize) {
        self.count(Verdict::Flag)
    }

    /// Ok rows flagged, and ok rows in all.
    pub fn false_alarms(&self) -> (usize, usize) {
        self.count(Verdict::Ok)
    }

    fn count(&self, verdict: Verdict) -> (usize, usize) {
        let rows = self.rows.iter().filter(|r| r.label.verdict == verdict);
        let all = rows.clone().count();
        (rows.filter(|r| r.flagged).count(), all)
    }

    /// The rows the rules get wrong: flag rows not flagged, ok rows flagged.
    pub fn wrong(&self) -> impl Iterator<Item = &Judged> {
        self.rows.iter().filter(|r| match r.label.verdict {
            Verdict::Flag => !r.flagged,
            Verdict::Ok => r.flagged,
            Verdict::Either => false,
        })
    }

    /// Recall by kind of defect: kind, flagged, all.
    pub fn by_kind(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for row in self
            .rows
            .iter()
            .filter(|r| r.label.verdict == Verdict::Flag)
        {
            let entry = kinds.entry(row.label.kind.as_str()).or_default();
            entry.0 += usize::from(row.flagged);
            entry.1 += 1;
        }
        kinds
    }
}

/// The codes of the rules about indicators: the findings that can flag a row.
pub fn indicator_codes(rules: &RuleSet) -> BTreeSet<&str> {
    rules
        .rules()
        .iter()
        .filter(|rule| rule.scope == Scope::Indicator)
        .map(|rule| rule.code.as_str())
        .collect()
}

impl Judged {
    /// `missed` or `false alarm`, the row's place and its indicator.
    pub fn describe(&self) -> String {
        let what = if self.label.verdict == Verdict::Flag {
            "missed"
        } else {
            "false alarm"
        };
        format!(
            "{what:12} {}:{} {}",
            self.label.file, self.label.line, self.label.indicator
        )
    }
}

/// A share in per cent, one decimal.
pub fn percent((part, all): (usize, usize)) -> f64 {
    if all == 0 {
        0.0
    } else {
        // Counts of rows are far below 2^52: the conversion is exact.
        100.0 * part as f64 / all as f64
    }
}

/// Judges the labelled rows of `dir/labels.csv` with the rules.
pub fn judge(dir: &Path, rules: &RuleSet) -> Judgement {
    let labels = read_labels(&dir.join("labels.csv"));
    let files: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    let codes = indicator_codes(rules);
    let flagged: BTreeMap<&str, BTreeSet<usize>> = files
        .into_iter()
        .map(|file| (file, flagged_lines(dir, file, rules, &codes)))
        .collect();
    let rows = labels
        .iter()
        .map(|label| Judged {
            flagged: flagged[label.file.as_str()].contains(&label.line),
            label: label.clone(),
        })
        .collect();
    Judgement { rows }
}

/// The lines of a table on which a warning or an error of a rule about indicators starts.
fn flagged_lines(
    dir: &Path,
    file: &str,
    rules: &RuleSet,
    about_indicators: &BTreeSet<&str>,
) -> BTreeSet<usize> {
    let path = dir.join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let reports: Vec<FileReport> = import::read_sheets(file, &path, bytes, Encoding::Auto)
        .and_then(|sheets| import::import(file, sheets))
        .map(|imported| import::check(file, &imported, rules))
        .unwrap_or_else(|e| panic!("{file} is not read: {e:?}"));
    // A finding sits on the physical line of its cell; a row whose earlier cell breaks over lines starts above it.
    let starts = record_starts(&path);
    let row_of = |line: usize| {
        starts
            .range(..=line as u64)
            .next_back()
            .map_or(line, |(&start, _)| start as usize)
    };
    let mut lines = BTreeSet::new();
    for report in &reports {
        let Some(source) = &report.source else {
            continue;
        };
        for d in &report.diagnostics {
            if about_indicators.contains(d.code.as_str()) && d.severity >= Severity::Warning {
                lines.insert(row_of(source.line_col(d.span.start).line));
            }
        }
    }
    lines
}

/// The records of a CSV table by the physical line each starts on, their cells joined by U+001F.
pub fn record_starts(path: &Path) -> BTreeMap<u64, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut starts = BTreeMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => {
                starts.insert(line, record.iter().collect::<Vec<_>>().join("\u{1f}"));
            }
            Ok(false) => break,
            Err(e) => panic!("{}: {e}", path.display()),
        }
    }
    starts
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
            .unwrap_or_else(|| panic!("labels.csv has no column {name}"))
    };
    let (file, line, indicator, verdict, kind) = (
        column("file"),
        column("line"),
        column("indicator"),
        column("verdict"),
        column("kind"),
    );
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let record = record.unwrap_or_else(|e| panic!("labels.csv row {}: {e}", i + 2));
            let get = |c: usize| record.get(c).unwrap_or_default().to_string();
            Label {
                file: get(file),
                line: get(line)
                    .parse()
                    .unwrap_or_else(|_| panic!("labels.csv row {}: a line number", i + 2)),
                indicator: get(indicator),
                verdict: match get(verdict).as_str() {
                    "flag" => Verdict::Flag,
                    "ok" => Verdict::Ok,
                    "either" => Verdict::Either,
                    other => panic!("labels.csv row {}: verdict `{other}`", i + 2),
                },
                kind: get(kind),
            }
        })
        .collect()
}
