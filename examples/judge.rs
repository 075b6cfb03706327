//! How the rules judge the labelled corpus: recall on the rows a reviewer sends back and false alarms on the rows a
//! reviewer accepts, overall and by kind of defect. The test suite `judgement` holds the two figures to their
//! thresholds; this lists them and the rows behind them. Run it from the repository's root:
//!
//! ```sh
//! cargo run --release --example judge            # corpus/tables/labels.csv against the built-in rules
//! cargo run --release --example judge -- --rows  # and every row the rules get wrong
//! ```

#![allow(clippy::print_stdout)]

#[path = "../tests/it/judging.rs"]
mod judging;

use judging::{judge, percent};
use std::path::Path;

fn main() {
    let show_rows = std::env::args().any(|a| a == "--rows");
    let rules = jixiao::lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile"));
    let judgement = judge(Path::new("corpus/tables"), &rules);
    if show_rows {
        for row in judgement.wrong() {
            println!("{}", row.describe());
        }
    }
    let (recall, false_alarms) = (judgement.recall(), judgement.false_alarms());
    println!(
        "flag rows: {}, flagged {}: recall {:.1} %",
        recall.1,
        recall.0,
        percent(recall)
    );
    println!(
        "ok rows: {}, flagged {}: false alarms {:.1} %",
        false_alarms.1,
        false_alarms.0,
        percent(false_alarms)
    );
    for (kind, (hit, all)) in judgement.by_kind() {
        println!("  {kind:28} {hit:3} / {all:3}");
    }
}
