//! jixiao (绩效): a linter and rule engine for Chinese budget performance targets (预算绩效目标).
//!
//! The pipeline: discover → read → parse → lower (a typed AST with spans) → validate → findings → render →
//! exit code. The library never prints; the binary (`src/main.rs`, `src/cli.rs`, `src/app.rs`) does.

pub mod ast;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fix;
pub mod format;
pub mod import;
pub mod init;
pub mod levels;
pub mod outline;
pub mod parse;
pub mod read;
pub mod render;
pub mod rules;
pub mod source;

/// The project's home, from `repository` in Cargo.toml: SARIF names it, and links rule pages under it.
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");

pub use check::{check_source, check_with_rules, FileReport};
pub use diagnostic::{Diagnostic, Lang, Severity, Text};
pub use source::{SourceFile, Span};
