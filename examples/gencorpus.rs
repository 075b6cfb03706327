//! Writes a deterministic corpus of target declarations for measuring jixiao: .jx files as departments write
//! them (several declarations each, about 12 KB on average, some 30 % of the indicators vague or defective) and
//! CSV tables in the 申报表 layout `jixiao import` reads. The generator itself is tests/it/generating/, shared
//! with the benchmarks (benches/stages.rs) and the `gencorpus` test suite; its header says what it writes.
//!
//! ```sh
//! cargo run --release --example gencorpus -- --out DIR [--files N] [--seed S] [--csv-share P]
//! cargo run --release --example gencorpus -- --out DIR --one-file-mb M [--seed S]
//! ```
//!
//! - `--files N` (default 1000): N files under DIR/<year>/, about P % (`--csv-share`, default 10) of them CSV.
//! - `--seed S` (default 1): the same arguments give byte-identical files.
//! - `--one-file-mb M`: instead, one .jx file DIR/large-<M>mb.jx of about M MB (10^6 bytes), for measuring how
//!   checking scales with the size of one file.
//!
//! Files already in DIR are overwritten when the corpus has a file of the same name, and kept otherwise: give a
//! fresh directory (scripts/bench.sh removes its own first).

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[allow(dead_code)] // The test suite uses the rest.
#[path = "../tests/it/generating/mod.rs"]
mod generating;

use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The command line.
#[derive(Parser)]
#[command(about = "Writes a deterministic corpus of .jx declarations and CSV tables")]
struct Args {
    /// The directory to write into (created when missing).
    #[arg(long)]
    out: PathBuf,
    /// How many files.
    #[arg(long, default_value_t = 1000)]
    files: usize,
    /// The seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The share of CSV tables, in per cent.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=100))]
    csv_share: u32,
    /// Write one .jx file of about this many MB instead.
    #[arg(long)]
    one_file_mb: Option<u32>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("gencorpus: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    if let Some(mb) = args.one_file_mb {
        let file = generating::one_file(
            &format!("large-{mb}mb.jx"),
            mb as usize * 1_000_000,
            args.seed,
        );
        write(&args.out, &file)?;
        println!(
            "wrote {}: {:.1} MB, {} indicators",
            args.out.join(&file.path).display(),
            file.text.len() as f64 / 1e6,
            file.indicators.len()
        );
        return Ok(());
    }
    let options = generating::Options {
        files: args.files,
        seed: args.seed,
        csv_share: args.csv_share,
    };
    let (mut jx, mut csv, mut jx_bytes, mut csv_bytes, mut indicators, mut defects) =
        (0, 0, 0, 0, 0, 0);
    for index in 0..options.files {
        let file = generating::file(&options, index);
        write(&args.out, &file)?;
        indicators += file.indicators.len();
        defects += file
            .indicators
            .iter()
            .filter(|i| i.defect.is_some())
            .count();
        if file.path.ends_with(".csv") {
            (csv, csv_bytes) = (csv + 1, csv_bytes + file.text.len());
        } else {
            (jx, jx_bytes) = (jx + 1, jx_bytes + file.text.len());
        }
    }
    println!(
        "wrote {} files into {}: {jx} .jx ({:.1} MB, {:.1} KB on average), {csv} .csv ({:.1} MB); \
         {indicators} indicators, {defects} of them defective ({:.0} %)",
        options.files,
        args.out.display(),
        jx_bytes as f64 / 1e6,
        jx_bytes as f64 / 1e3 / jx.max(1) as f64,
        csv_bytes as f64 / 1e6,
        100.0 * defects as f64 / indicators.max(1) as f64,
    );
    Ok(())
}

/// Writes `file` under `dir`, creating its directory.
fn write(dir: &Path, file: &generating::Generated) -> std::io::Result<()> {
    let path = dir.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, &file.text)
}
