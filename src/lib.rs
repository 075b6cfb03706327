//! jixiao (绩效): a linter and rule engine for Chinese budget performance targets (预算绩效目标).
//!
//! The pipeline, one layer per line, each importing only from the layers above it in this list (see
//! ARCHITECTURE.md):
//! - [`source`], [`diagnostic`], [`paths`]: text with spans, findings, paths as shown;
//! - [`read`], [`discover`], [`write`](mod@write), [`confine`]: which inputs, their bytes as text, a user's file
//!   written safely, the files a configuration names kept in the project;
//! - [`syntax`]: the .jx language, parsed and lowered to a typed model;
//! - [`report`]: what checking one input produced;
//! - [`format`](mod@format): the canonical layout of .jx files;
//! - [`config`]: jixiao.toml, resolved per file (it knows no rules);
//! - [`lint`]: rules as data, compiled once, run over the model;
//! - [`import`]: spreadsheets read into the same model;
//! - [`render`]: every output format;
//! - [`init`]: the starter files.
//!
//! The library never prints; the binary (`src/main.rs`, `src/cli.rs`, `src/app/`) does.

// pest is built without its `std` feature, which turns on a native stack probe at every rule it enters (a tenth of
// the parse): the .jx and rule grammars do not recurse, so their depth is bounded by the grammar itself. The code
// pest derives without `std` names the `alloc` crate.
extern crate alloc;

pub mod config;
pub mod confine;
pub mod diagnostic;
pub mod discover;
pub mod format;
pub mod import;
pub mod init;
pub mod lint;
pub mod paths;
pub mod read;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;
pub mod write;

/// The project's home, from `repository` in Cargo.toml: SARIF names it, and links rule pages under it.
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

pub use diagnostic::{Diagnostic, Lang, Severity, Text};
pub use lint::{check_source, check_with_rules};
pub use report::FileReport;
pub use source::{SourceFile, Span};
