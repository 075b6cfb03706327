//! The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit framework (PyPI `pre-commit`) on a temporary
//! git repository: a commit with a vague indicator is refused and the finding shows in the hook's output; a
//! sound one goes through, and files the hook does not match are not handed to jixiao. The `jixiao-fmt` hook lays
//! out a badly laid-out declaration and refuses the commit until the laid-out file is added.
//!
//! The hook is the project's own definition with two changes, so that nothing is fetched or built: `entry` runs
//! the binary under test, and `language: rust` (pre-commit's `cargo install --path .`, which needs crates.io)
//! becomes `language: system`. HOME and PRE_COMMIT_HOME point into the temporary directory, so neither the
//! user's git configuration nor pre-commit's cache is read or touched.
//!
//! pre-commit is found through `JIXIAO_PRE_COMMIT` (a path to the `pre-commit` executable) or on PATH. Without
//! it the test is skipped with a note, except under `CI=true`, where it fails: `.ci/run` installs pre-commit.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The hooks this repository provides.
const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml");

/// A sound declaration: no finding at any level.
const SOUND: &str = r#"项目 "2027年职业技能培训项目" {
  主管部门 "某区人力资源和社会保障局"
  实施单位 "某区职业技能培训中心"
  年度 2027
  资金 120 万元
  年度目标 "2027年12月31日前完成 280 人次职业技能培训，培训合格率 100 %"
  成本 { 经济成本 "人均培训成本" ≤ 4000 元/人次 }
  产出 {
    数量 "培训人次" ≥ 280 人次
    质量 "培训合格率" = 100 %
    时效 "培训完成时间" 2027年12月31日前
  }
  效益 { 社会效益 "参训人员就业率" ≥ 60 % }
  满意度 { 服务对象满意度 "参训人员满意度" ≥ 90 % }
}
"#;

/// The `pre-commit` executable, if there is one that runs.
fn pre_commit() -> Option<PathBuf> {
    let candidate = std::env::var_os("JIXIAO_PRE_COMMIT")
        .filter(|path| !path.is_empty())
        .map_or_else(|| PathBuf::from("pre-commit"), PathBuf::from);
    let runs = Command::new(&candidate)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    runs.then_some(candidate)
}

/// The hook `id` of the project's `.pre-commit-hooks.yaml`, made to run the binary under test offline, as the
/// `hooks:` list of a `repo: local` entry.
fn local_hook(id: &str) -> String {
    let manifest = std::fs::read_to_string(MANIFEST).expect(".pre-commit-hooks.yaml is readable");
    let start = format!("- id: {id}");
    let block: Vec<&str> = manifest
        .lines()
        .skip_while(|line| *line != start)
        .enumerate()
        .take_while(|(i, line)| *i == 0 || !line.starts_with("- "))
        .map(|(_, line)| line)
        .collect();
    assert!(!block.is_empty(), "no hook {id} in .pre-commit-hooks.yaml");

    let binary = env!("CARGO_BIN_EXE_jixiao").replace('\\', "/");
    assert!(
        !binary.contains(['"', '\'']),
        "a path pre-commit cannot be given: {binary}"
    );
    let (mut entries, mut languages) = (0, 0);
    let mut hook = String::new();
    for line in block {
        let line = if let Some(args) = line.strip_prefix("  entry: jixiao ") {
            entries += 1;
            // pre-commit splits `entry` like a shell: the path is quoted for it, and the whole for YAML.
            format!("  entry: \"'{binary}' {args}\"")
        } else if line == "  language: rust" {
            languages += 1;
            "  language: system".to_string()
        } else {
            line.to_string()
        };
        hook.push_str(&format!("      {line}\n"));
    }
    assert_eq!(
        (entries, languages),
        (1, 1),
        "unexpected hook {id}:\n{hook}"
    );
    hook
}

/// Runs commands in a temporary git repository whose HOME and pre-commit cache are temporary too.
struct Repo {
    _temp: tempfile::TempDir,
    home: PathBuf,
    dir: PathBuf,
    pre_commit: PathBuf,
}

/// What a command printed, both streams together, and whether it succeeded.
#[derive(Debug)]
struct Run {
    success: bool,
    output: String,
}

impl Repo {
    fn new(pre_commit: PathBuf) -> Self {
        let temp = tempfile::tempdir().unwrap();
        let home = temp.path().join("home");
        let dir = temp.path().join("申报");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo {
            _temp: temp,
            home,
            dir,
            pre_commit,
        };
        repo.ok("git", &["init", "-q"]);
        repo.ok("git", &["config", "user.name", "jixiao test"]);
        repo.ok("git", &["config", "user.email", "test@example.com"]);
        repo.ok("git", &["config", "commit.gpgsign", "false"]);
        repo
    }

    fn run(&self, program: &Path, args: &[&str]) -> Run {
        let output = Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("PRE_COMMIT_HOME", self.home.join("pre-commit"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            // When the tests themselves run inside a git hook, these would point git at the outer repository.
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_OBJECT_DIRECTORY")
            .output()
            .unwrap_or_else(|err| panic!("{} does not start: {err}", program.display()));
        Run {
            success: output.status.success(),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }

    fn ok(&self, program: &str, args: &[&str]) -> String {
        let run = self.run(Path::new(program), args);
        assert!(run.success, "{program} {args:?} failed:\n{}", run.output);
        run.output
    }

    fn pre_commit(&self, args: &[&str]) -> String {
        let run = self.run(&self.pre_commit, args);
        assert!(run.success, "pre-commit {args:?} failed:\n{}", run.output);
        run.output
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.dir.join(path), text).unwrap();
    }

    fn commit(&self, message: &str) -> Run {
        self.ok("git", &["add", "-A"]);
        self.run(Path::new("git"), &["commit", "-q", "-m", message])
    }

    fn commits(&self) -> usize {
        let run = self.run(Path::new("git"), &["rev-list", "--count", "HEAD"]);
        if run.success {
            run.output.trim().parse().unwrap()
        } else {
            0
        }
    }
}

/// The pre-commit executable, or `None` (with a note) when it is missing and the test is skipped.
fn pre_commit_or_skip() -> Option<PathBuf> {
    let found = pre_commit();
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("pre-commit is not installed, but CI=true: .ci/run installs it (see JIXIAO_PRE_COMMIT)");
        }
        // Written to the process's standard error, which libtest does not capture, so the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "note: pre-commit is not installed (pip install pre-commit, or set JIXIAO_PRE_COMMIT): \
             skipping the pre-commit hook test"
        );
    }
    found
}

impl Repo {
    /// A repository whose pre-commit configuration runs the project's hook `id` as a local hook, validated and
    /// installed.
    fn with_hook(pre_commit: PathBuf, id: &str) -> Repo {
        let repo = Repo::new(pre_commit);
        repo.pre_commit(&["validate-manifest", MANIFEST]);
        repo.write(
            ".pre-commit-config.yaml",
            &format!("repos:\n  - repo: local\n    hooks:\n{}", local_hook(id)),
        );
        repo.pre_commit(&["validate-config", ".pre-commit-config.yaml"]);
        repo.pre_commit(&["install"]);
        repo
    }
}

#[test]
fn the_pre_commit_hook_refuses_a_vague_indicator_and_lets_a_sound_one_pass() {
    let Some(pre_commit) = pre_commit_or_skip() else {
        return;
    };
    let repo = Repo::with_hook(pre_commit, "jixiao");

    // A vague qualitative target, and a text file that jixiao would refuse if it were handed to it.
    let vague = SOUND.replace("\"培训合格率\" = 100 %", "\"培训质量\" 定性 \"满足需求\"");
    repo.write("培训.jx", &vague);
    repo.write("说明.txt", "不是申报 {\n");
    let refused = repo.commit("申报初稿");
    assert!(
        !refused.success,
        "the commit went through:\n{}",
        refused.output
    );
    assert_eq!(repo.commits(), 0);
    let output = &refused.output;
    assert!(output.contains("jixiao.."), "{output}");
    assert!(output.contains("Failed"), "{output}");
    assert!(output.contains("JX102 vague-target-value"), "{output}");
    assert!(output.contains("╭─[培训.jx:10:"), "{output}");
    assert!(output.contains("“满足需求”"), "{output}");
    assert!(!output.contains("说明.txt"), "{output}");

    repo.write("培训.jx", SOUND);
    let passed = repo.commit("申报");
    assert!(
        passed.success,
        "the sound commit was refused:\n{}",
        passed.output
    );
    assert!(passed.output.contains("Passed"), "{}", passed.output);
    assert_eq!(repo.commits(), 1);
}

#[test]
fn the_fmt_hook_lays_out_a_declaration_and_refuses_the_commit_until_it_is_added() {
    let Some(pre_commit) = pre_commit_or_skip() else {
        return;
    };
    let repo = Repo::with_hook(pre_commit, "jixiao-fmt");

    let messy = SOUND.replace("\n  ", "\n").replace(" ≥ ", ">=");
    repo.write("培训.jx", &messy);
    let refused = repo.commit("申报初稿");
    assert!(
        !refused.success,
        "the commit went through:\n{}",
        refused.output
    );
    assert_eq!(repo.commits(), 0);
    assert!(refused.output.contains("jixiao fmt"), "{}", refused.output);
    assert!(
        refused.output.contains("files were modified by this hook"),
        "{}",
        refused.output
    );
    let laid_out = std::fs::read_to_string(repo.dir.join("培训.jx")).unwrap();
    let expected =
        jixiao::format::format_source(&jixiao::SourceFile::new("培训.jx", &messy)).unwrap();
    assert_eq!(laid_out, expected);
    assert_ne!(laid_out, messy);

    let passed = repo.commit("申报");
    assert!(
        passed.success,
        "the laid-out commit was refused:\n{}",
        passed.output
    );
    assert_eq!(repo.commits(), 1);
}
