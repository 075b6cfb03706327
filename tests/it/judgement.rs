//! The rules judged like a finance-bureau reviewer on the labelled corpus of real published tables
//! (corpus/tables/labels.csv, every row labelled flag / ok / either before the tool was run on it): of the rows a
//! reviewer sends back, at least 95 % are flagged; of the rows a reviewer accepts, at most 5 % are.
//! `cargo run --release --example judge -- --rows` lists the rows the rules get wrong.

use crate::judging::{judge, percent};
use crate::support;

/// The least share of flag rows the rules must flag, in per cent.
const MIN_RECALL: f64 = 95.0;
/// The largest share of ok rows the rules may flag, in per cent.
const MAX_FALSE_ALARMS: f64 = 5.0;

#[test]
#[allow(clippy::print_stdout)] // The figures are the point: `cargo test judgement -- --nocapture` shows them.
fn the_rules_judge_the_labelled_corpus_like_a_reviewer() {
    let judgement = judge(
        &support::root().join("corpus/tables"),
        &support::builtin_rules(),
    );
    let (recall, false_alarms) = (judgement.recall(), judgement.false_alarms());
    let wrong: Vec<String> = judgement.wrong().map(|r| r.describe()).collect();
    println!(
        "recall {:.1} % ({} of {} flag rows), false alarms {:.1} % ({} of {} ok rows)",
        percent(recall),
        recall.0,
        recall.1,
        percent(false_alarms),
        false_alarms.0,
        false_alarms.1
    );
    for (kind, (hit, all)) in judgement.by_kind() {
        println!("  {kind:28} {hit:3} / {all:3}");
    }
    assert!(
        recall.1 >= 100 && false_alarms.1 >= 100,
        "too few labelled rows to measure: {recall:?} {false_alarms:?}"
    );
    assert!(
        percent(recall) >= MIN_RECALL && percent(false_alarms) <= MAX_FALSE_ALARMS,
        "recall {:.1} % (at least {MIN_RECALL} %), false alarms {:.1} % (at most {MAX_FALSE_ALARMS} %):\n{}",
        percent(recall),
        percent(false_alarms),
        wrong.join("\n")
    );
}

/// Every label sits on the line where its row starts (a quoted cell with a line break spans several lines), and
/// that row holds the labelled name: a label cannot drift onto a blank or header line where no finding starts.
#[test]
fn every_label_sits_on_its_row() {
    let dir = support::root().join("corpus/tables");
    let judgement = judge(&dir, &support::builtin_rules());
    let mut rows_by_file: std::collections::BTreeMap<
        &str,
        std::collections::BTreeMap<u64, String>,
    > = std::collections::BTreeMap::new();
    let mut misplaced = Vec::new();
    for row in &judgement.rows {
        let rows = rows_by_file
            .entry(row.label.file.as_str())
            .or_insert_with(|| crate::judging::record_starts(&dir.join(&row.label.file)));
        let cells = rows
            .get(&(row.label.line as u64))
            .map_or("", String::as_str);
        if !cells.contains(row.label.indicator.as_str()) {
            misplaced.push(format!(
                "{}:{} {}",
                row.label.file, row.label.line, row.label.indicator
            ));
        }
    }
    assert!(
        misplaced.is_empty(),
        "labels off their rows:\n{}",
        misplaced.join("\n")
    );
}
