//! What the suites share: running the binary, rendering reports as the user sees them, the built-in rules, and
//! where each suite keeps its snapshots.

use jixiao::lint::{self, RuleSet};
use jixiao::{FileReport, Lang};
use std::path::Path;
use std::process::Command;

/// Binds the snapshot settings of `suite` until the returned guard is dropped: its snapshots are in
/// tests/it/snapshots/<suite>/, named by the assertion alone (the name given, or the test function's name),
/// without the module path.
#[must_use = "the settings hold only while the guard lives"]
pub fn snapshots(suite: &str) -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new("snapshots").join(suite));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind_to_scope()
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `jixiao ARGS` in `dir`, without colour.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_input(dir, args, b"")
}

/// Runs `jixiao ARGS` in `dir`, without colour, with `input` on standard input.
pub fn run_with_input(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().expect("standard input");
    // A run that does not read its input may have closed it already.
    let _ = stdin.write_all(input);
    drop(stdin);
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Reports rendered as `jixiao check` shows them: human format, no colour, 100 columns.
pub fn rendered(reports: &[FileReport], lang: Lang) -> String {
    use jixiao::render::{Format, Options};
    let mut out = Vec::new();
    Format::Human
        .renderer(Options {
            lang,
            color: false,
            width: 100,
        })
        .render(reports, &mut out)
        .expect("rendering to memory");
    String::from_utf8(out).expect("UTF-8 output")
}

/// The built-in rules with their defaults; panics listing the errors if they do not compile.
pub fn builtin_rules() -> RuleSet {
    lint::builtin().unwrap_or_else(|reports| {
        let errors: Vec<String> = reports
            .iter()
            .flat_map(|r| {
                r.diagnostics.iter().map(move |d| {
                    let at = r.source.as_ref().map(|s| s.line_col(d.span.start));
                    format!("{}:{:?}: {}", r.path, at, d.message.en)
                })
            })
            .collect();
        panic!("the built-in rules do not compile:\n{}", errors.join("\n"))
    })
}

/// A fixture file as a source, named by its path relative to the repository (with `/`).
pub fn fixture_source(path: &Path) -> jixiao::SourceFile {
    let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    jixiao::SourceFile::new(name, &text)
}
