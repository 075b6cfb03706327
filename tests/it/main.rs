//! The integration tests, in one crate so that the library and the binary are linked once. Each module is a
//! suite: the binary end to end (`cli`, `fmt_cli`, `formats`, `init`, `configured`, `fix`), the parser, the
//! formatter and the rules on the fixtures (`parse`, `format`, `rules`, `catalog`, `tables`, `layouts`,
//! `reading`, `robustness`), scores, grades and money (`scores`), the rules against reviewers' labels on real tables (`judgement`, with `judging`,
//! which `examples/judge.rs` shares), the configuration (`config`), the outputs as real external tools take them
//! (`precommit`, `sarif`), what jixiao promises about the user's files (`safety`: atomic writes, symbolic
//! links, changes made meanwhile, confined configuration paths, byte-exact fixes), a streamed run against the
//! reports rendered at once (`streaming`), and the corpus
//! generator of the benchmarks (`gencorpus`, with `generating`, which `examples/gencorpus.rs` and
//! `benches/stages.rs` share). `support` holds what the suites share; each suite keeps its snapshots in
//! tests/it/snapshots/<suite>/.

// The grammars of `vendored_pest` are derived as jixiao's are, without pest's `std` feature: that code names `alloc`.
extern crate alloc;

mod support;

mod annotate;
mod architecture;
mod browser;
mod catalog;
mod cli;
mod config;
mod configured;
mod corpus;
mod dsl;
mod fix;
mod fmt_cli;
mod format;
mod formats;
mod gencorpus;
mod generating;
mod hostile;
mod init;
mod judgement;
mod judging;
mod layouts;
mod parse;
mod precommit;
mod properties;
mod proptests;
mod reading;
mod review_cli;
mod robustness;
mod rules;
mod safety;
mod sarif;
mod scores;
mod spreadsheet;
mod streaming;
mod tables;
mod vendored_pest;
mod workbooks;
