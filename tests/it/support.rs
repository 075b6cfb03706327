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

/// A declaration with the defects a reviewer finds (vague targets, a quality rate below 100 %), shared by the
/// output-format and review tests.
pub const DECLARATION: &str = "项目 \"2022年朔州市数字政府基础设施建设项目\" {
  年度 2022
  资金 1961 万元
  年度目标 \"完成政务信息系统迁移上云\"
  产出 {
    数量 \"第一批政务信息系统迁移上云数量\" = 32 个
    质量 \"政务信息共享平台升级改造\" 定性 \"完成满足需求\"
    质量 \"系统验收合格率\" ≥ 95 %
    时效 \"项目验收完成时间\" 2022年12月31日前
  }
  效益 {
    社会效益 \"政务服务事项网上可办率\" ≥ 90 %
  }
  满意度 {
    服务对象满意度 \"社会公众满意度\" ≥ 95 %
  }
}
";

/// A declaration with nothing to report.
pub const CLEAN: &str = "项目 \"示例\" {
  年度 2022
  资金 100 万元
  年度目标 \"完成 280 人次培训，培训合格率 100 %\"
  产出 {
    数量 \"培训人次\" = 280 人次
    质量 \"培训合格率\" = 100 %
    时效 \"培训完成时间\" 2022年12月31日前
    成本 \"人均培训成本\" ≤ 3000 元/人次
  }
  效益 { 社会效益 \"参训人员就业率\" ≥ 60 % }
  满意度 { 服务对象满意度 \"参训人员满意度\" ≥ 90 % }
}
";
