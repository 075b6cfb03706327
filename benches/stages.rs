//! Benchmarks of each stage of a run on the generated corpus (tests/it/generating/, the generator of
//! `examples/gencorpus.rs`), with throughput in bytes of input:
//!
//! - `parse`: `syntax::parse::parse` of one .jx file (pest, lowering, validation, suppressions);
//! - `rules`: the built-in rules alone (`lint::engine::run`) over a document parsed beforehand;
//! - `check`: both, as `check_with_rules` does for each file of `jixiao check` (and sorting the findings);
//! - `fmt`: `format::format_source`, the layout `jixiao fmt` writes (it parses the source and its own output);
//! - `check_set` / `check_set_parallel`: every file of a 200-file corpus (about 2.5 MB, a tenth of it CSV tables
//!   read through `import`) checked in memory, on one thread and with rayon as `jixiao check` does; no discovery,
//!   no reading from disk, no rendering;
//! - `render`: writing the reports of that corpus in each output format to memory;
//! - `import` / `import_check`: the corpus's CSV tables read (bytes decoded, cells, header, tree) and written as
//!   .jx as `jixiao import` does, and read and checked as `jixiao check` does;
//! - `suppressed_check` / `suppressed_fmt`: a file of 1,000 and 10,000 indicators, each under a suppression of its
//!   own, and a trailing one after each block, checked and formatted: the time per byte stays the same from one
//!   size to the other (each finding looks only at the suppressions around it, and each suppression's node is
//!   found without a walk over the others);
//! - `one_line_check`: a declaration of 40,000 indicators written on one line (`true`) and one per line (`false`),
//!   checked and its findings placed (line and column) as the concise and JSON formats do: about the same time
//!   either way (columns are counted from marks along a long line, not from its start).
//!
//! One file is measured at two sizes: a department's file as the corpus has them (about 13 KB) and 1 MB, to
//! show how a stage scales with the size of one file. Inputs are generated before timing. Run with
//! `cargo bench --bench stages` (a filter narrows it: `cargo bench --bench stages -- parse`).

use divan::counter::BytesCount;
use divan::Bencher;
use jixiao::import::{self, Encoding, ImportedSheet};
use jixiao::lint::{self, RuleSet};
use jixiao::render::{Format, Options};
use jixiao::syntax::parse;
use jixiao::{check_with_rules, FileReport, SourceFile};
use rayon::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

#[allow(dead_code)] // The test suite uses the rest.
#[path = "../tests/it/generating/mod.rs"]
mod generating;

use generating::Generated;

fn main() {
    divan::main();
}

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile")));

/// The sizes of one file, in bytes: a department's file and a large one.
const SIZES: [usize; 2] = [13_000, 1_000_000];

/// One generated .jx file of at least `bytes` bytes.
fn one_file(bytes: usize) -> Generated {
    generating::one_file("bench.jx", bytes, 1)
}

/// The corpus the whole-run benchmarks check: 200 files, 10 % CSV.
static CORPUS: LazyLock<Vec<Generated>> = LazyLock::new(|| {
    generating::corpus(&generating::Options {
        files: 200,
        seed: 1,
        csv_share: 10,
    })
});

fn bytes_of(files: &[Generated]) -> BytesCount {
    BytesCount::new(files.iter().map(|f| f.text.len()).sum::<usize>())
}

fn is_table(file: &Generated) -> bool {
    file.path.ends_with(".csv")
}

#[divan::bench(args = SIZES, sample_count = 30)]
fn parse(bencher: Bencher<'_, '_>, bytes: usize) {
    let file = one_file(bytes);
    let source = SourceFile::new(&file.path, &file.text);
    bencher
        .counter(BytesCount::of_str(&file.text))
        .bench(|| parse::parse(divan::black_box(&source)));
}

#[divan::bench(args = SIZES, sample_count = 30)]
fn rules(bencher: Bencher<'_, '_>, bytes: usize) {
    let file = one_file(bytes);
    let source = SourceFile::new(&file.path, &file.text);
    let document = parse::parse(&source).document.expect("the file parses");
    let rules = &*RULES;
    bencher
        .counter(BytesCount::of_str(&file.text))
        .bench(|| lint::engine::run(divan::black_box(&document), &source, rules));
}

#[divan::bench(args = SIZES, sample_count = 30)]
fn check(bencher: Bencher<'_, '_>, bytes: usize) {
    let file = one_file(bytes);
    let rules = &*RULES;
    bencher.counter(BytesCount::of_str(&file.text)).bench(|| {
        check_with_rules(
            SourceFile::new(&file.path, divan::black_box(&file.text)),
            rules,
        )
    });
}

#[divan::bench(args = SIZES, sample_count = 30)]
fn fmt(bencher: Bencher<'_, '_>, bytes: usize) {
    let file = one_file(bytes);
    let source = SourceFile::new(&file.path, &file.text);
    bencher
        .counter(BytesCount::of_str(&file.text))
        .bench(|| jixiao::format::format_source(divan::black_box(&source)));
}

/// Reads a generated CSV table as `jixiao import` and `jixiao check` do.
fn import_table(file: &Generated) -> Vec<ImportedSheet> {
    let bytes = file.text.as_bytes().to_vec();
    import::read_sheets(&file.path, Path::new(&file.path), bytes, Encoding::Auto)
        .and_then(|sheets| import::import(&file.path, sheets))
        .unwrap_or_else(|e| panic!("{}: {}", file.path, e.message.en))
}

/// Checks one generated file as `jixiao check` does, from its text.
fn check_file(file: &Generated, rules: &RuleSet) -> Vec<FileReport> {
    if is_table(file) {
        import::check(&file.path, &import_table(file), rules)
    } else {
        vec![check_with_rules(
            SourceFile::new(&file.path, &file.text),
            rules,
        )]
    }
}

#[divan::bench(sample_count = 10)]
fn check_set(bencher: Bencher<'_, '_>) {
    let (files, rules) = (&*CORPUS, &*RULES);
    bencher.counter(bytes_of(files)).bench(|| {
        files
            .iter()
            .flat_map(|f| check_file(divan::black_box(f), rules))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(sample_count = 10)]
fn check_set_parallel(bencher: Bencher<'_, '_>) {
    let (files, rules) = (&*CORPUS, &*RULES);
    bencher.counter(bytes_of(files)).bench(|| {
        files
            .par_iter()
            .flat_map_iter(|f| check_file(divan::black_box(f), rules))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(args = [Format::Concise, Format::Json, Format::Human], sample_count = 10)]
fn render(bencher: Bencher<'_, '_>, format: Format) {
    let files = &*CORPUS;
    let reports: Vec<FileReport> = files.iter().flat_map(|f| check_file(f, &RULES)).collect();
    bencher.counter(bytes_of(files)).bench(|| {
        let mut out = Vec::new();
        format
            .renderer(Options::default())
            .render(divan::black_box(&reports), &mut out)
            .expect("rendering to memory");
        out
    });
}

/// The CSV tables of the corpus.
fn tables() -> Vec<Generated> {
    CORPUS.iter().filter(|f| is_table(f)).cloned().collect()
}

#[divan::bench(sample_count = 30)]
fn import(bencher: Bencher<'_, '_>) {
    let tables = tables();
    bencher.counter(bytes_of(&tables)).bench(|| {
        tables
            .iter()
            .map(|f| import::to_jx(&f.path, &import_table(divan::black_box(f))))
            .collect::<Vec<String>>()
    });
}

#[divan::bench(sample_count = 30)]
fn import_check(bencher: Bencher<'_, '_>) {
    let (tables, rules) = (tables(), &*RULES);
    bencher.counter(bytes_of(&tables)).bench(|| {
        tables
            .iter()
            .flat_map(|f| check_file(divan::black_box(f), rules))
            .collect::<Vec<_>>()
    });
}

/// A declaration of `indicators` indicators, each with a vague target, a suppression on the line above it and, for
/// each block of two, a trailing suppression after the block's brace (which covers nothing).
fn suppressed_file(indicators: usize) -> String {
    let mut text = String::from("项目 \"抑制\" {\n  年度 2024\n  产出 {\n");
    for i in 0..indicators / 2 {
        text.push_str("    数量 {\n");
        for j in 0..2 {
            text.push_str("      # jixiao: allow(JX102)\n");
            text.push_str(&format!("      \"指标{i}-{j}\" 定性 \"满足需求\"\n"));
        }
        text.push_str("    } # jixiao: allow(JX301)\n");
    }
    text.push_str("  }\n}\n");
    text
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10)]
fn suppressed_check(bencher: Bencher<'_, '_>, indicators: usize) {
    let text = suppressed_file(indicators);
    let rules = &*RULES;
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| check_with_rules(SourceFile::new("s.jx", divan::black_box(&text)), rules));
}

#[divan::bench(args = [1_000, 10_000], sample_count = 10)]
fn suppressed_fmt(bencher: Bencher<'_, '_>, indicators: usize) {
    let text = suppressed_file(indicators);
    let source = SourceFile::new("s.jx", &text);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| jixiao::format::format_source(divan::black_box(&source)));
}

#[divan::bench(args = [false, true], sample_count = 10)]
fn one_line_check(bencher: Bencher<'_, '_>, one_line: bool) {
    let between = if one_line { " " } else { "\n" };
    let mut text = String::from("项目 \"一行\" { 年度 2024 产出 { 数量 {");
    for i in 0..40_000 {
        text.push_str(&format!("{between}\"指标{i}\" 定性 \"满足需求\""));
    }
    text.push_str(" } } }\n");
    let rules = &*RULES;
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let report = check_with_rules(SourceFile::new("l.jx", divan::black_box(&text)), rules);
        let source = report.source.as_ref().expect("the text is the source");
        report
            .diagnostics
            .iter()
            .map(|d| source.line_col(d.span.start).column)
            .sum::<usize>()
    });
}
