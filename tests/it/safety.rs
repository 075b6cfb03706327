//! What jixiao promises about the user's files (README, “安全 · Safety”), end to end with the built binary: a
//! write is atomic (a full disk, or a process killed while it writes, leaves the original whole and no half
//! file), nothing is written through a symbolic link unless asked and never out of the tree given, a change made
//! after a file was checked is never overwritten, the files a jixiao.toml names stay in the project and no byte
//! of a refused file (nor of the environment) is printed, and a fix changes no byte outside its edits.
//!
//! The disk-full test mounts a small tmpfs, which needs root: where mounting is not permitted it is skipped with
//! a note. A run is killed in the middle of a write by the kernel: under `ulimit -f`, a process that writes past
//! the limit gets SIGXFSZ and dies there.

use crate::support::{self, Run};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A secret in the environment of every run of the hostile-configuration test: it must never be printed.
const SECRET: &str = "abc123";

/// A declaration badly laid out, with a comparator to fix (`>=`).
const MESSY: &str = "项目 \"示例\"{年度 2022\n产出{ 数量 \"培训人次\">=280人次 }}\n";

/// [`MESSY`] in the canonical layout.
const FORMATTED: &str =
    "项目 \"示例\" {\n  年度 2022\n  产出 {\n    数量 \"培训人次\" ≥ 280 人次\n  }\n}\n";

fn jixiao(dir: &Path, args: &[&str]) -> Run {
    support::run(dir, args)
}

/// A declaration with `n` indicators written on one line: `fmt` lays it out over more bytes.
fn compact(n: usize) -> String {
    let indicators: Vec<String> = (0..n)
        .map(|i| format!("数量 \"指标{i}\" = {i} 个"))
        .collect();
    format!(
        "项目 \"x\" {{ 年度 2024 产出 {{ {} }} }}\n",
        indicators.join(" ")
    )
}

/// A declaration with `n` indicators written with `>=`: `--fix` writes `≥`, a byte more each.
fn fixable(n: usize) -> String {
    let indicators: String = (0..n)
        .map(|i| format!("    数量 \"指标{i}\" >= {i} 个\n"))
        .collect();
    format!("项目 \"x\" {{\n  年度 2024\n  产出 {{\n{indicators}  }}\n}}\n")
}

/// A CSV table of `n` indicators, for `import`.
fn table(n: usize) -> String {
    let rows: String = (0..n)
        .map(|i| format!("产出指标,数量指标,培训人次{i},≥{i}人次\n"))
        .collect();
    format!("一级指标,二级指标,三级指标,指标值\n{rows}")
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path).unwrap()
}

/// A small tmpfs mounted on a temporary directory, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (`2m`), or says why not and gives `None`: mounting needs root.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !mounted {
            // Written to the process's standard error, which libtest does not capture, so the skip is seen.
            let _ = writeln!(
                std::io::stderr(),
                "note: cannot mount a tmpfs here (it needs root): skipping the full-disk test"
            );
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills what is left of the file system with a file named `filler`.
    fn fill(&self) {
        let mut filler = fs::File::create(self.path().join("filler")).unwrap();
        let chunk = vec![b'#'; 4096];
        while filler.write_all(&chunk).is_ok() {}
        let _ = filler.write_all(b"#");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_leaves_the_original_whole() {
    let Some(disk) = Tmpfs::mount("2m") else {
        return;
    };
    let dir = disk.path();
    // Each new text is several pages longer than the old one: written in place, it would not fit where the
    // old one was.
    let layout = compact(2000);
    let fix = fixable(6000);
    let old = "# 上次导入的申报\n";
    fs::write(dir.join("fmt.jx"), &layout).unwrap();
    fs::write(dir.join("fix.jx"), &fix).unwrap();
    fs::write(dir.join("old.jx"), old).unwrap();
    let tables = tempfile::tempdir().unwrap();
    let csv = tables.path().join("t.csv");
    fs::write(&csv, table(1500)).unwrap();
    disk.fill();

    let run = jixiao(dir, &["fmt", "fmt.jx"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("无法写入 fmt.jx"), "{}", run.stderr);
    assert_eq!(read(dir.join("fmt.jx")), layout);

    let run = jixiao(dir, &["check", "--fix", "--format", "concise", "fix.jx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("无法写入 fix.jx"), "{}", run.stderr);
    assert_eq!(read(dir.join("fix.jx")), fix);

    let csv = csv.to_str().unwrap();
    let run = jixiao(dir, &["import", csv, "-o", "old.jx", "--lang", "en"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("cannot write old.jx") && run.stderr.contains("the file is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.join("old.jx")), old);

    assert_eq!(
        names(dir),
        ["filler", "fix.jx", "fmt.jx", "old.jx"],
        "no temporary file is left behind"
    );
}

#[cfg(unix)]
#[test]
fn a_run_killed_while_it_writes_leaves_the_original_whole() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let layout = compact(600);
    let fix = fixable(600);
    let old = "# 上次导入的申报\n";
    fs::write(dir.join("fmt.jx"), &layout).unwrap();
    fs::write(dir.join("fix.jx"), &fix).unwrap();
    fs::write(dir.join("old.jx"), old).unwrap();
    let tables = tempfile::tempdir().unwrap();
    let csv = tables.path().join("t.csv");
    fs::write(&csv, table(600)).unwrap();
    let csv = csv.to_str().unwrap();

    let runs: [(&[&str], &str, &str); 3] = [
        (&["fmt", "fmt.jx"], "fmt.jx", &layout),
        (&["check", "--fix", "fix.jx"], "fix.jx", &fix),
        (&["import", csv, "-o", "old.jx"], "old.jx", old),
    ];
    for (args, file, before) in runs {
        // Every new text is over 8 KiB: the kernel kills the run (SIGXFSZ) in the middle of writing it.
        let status = Command::new("sh")
            .args(["-c", "ulimit -f 8 && exec \"$0\" \"$@\""])
            .arg(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert_eq!(status.code(), None, "{args:?} was killed by a signal");
        assert_eq!(read(dir.join(file)), before, "{args:?}");
    }
    // What a killed run leaves is a hidden temporary file, which no walk checks.
    for name in names(dir) {
        assert!(
            ["fix.jx", "fmt.jx", "old.jx"].contains(&name.as_str())
                || (name.starts_with(".jixiao-") && name.ends_with(".tmp")),
            "{name}"
        );
    }
    let run = jixiao(dir, &["fmt", "--check", "."]);
    assert_eq!(
        run.stdout, "需要格式化：fix.jx\n需要格式化：fmt.jx\n",
        "{run:?}"
    );
}

/// A declaration with a fix of JX221 (`百分比`) and one of JX222 (`>=`).
const TWO_FIXES: &str = "项目 \"培训项目\" {\n  年度 2024\n  年度目标 \"完成培训\"\n  产出 {\n    \
     数量 \"培训人次\" >= 280 人次\n    时效 \"按期完成率\" = 100 百分比\n  }\n  \
     效益 { 社会效益 \"持证上岗人数\" ≥ 200 人 }\n  满意度 { 服务对象满意度 \"学员满意度\" ≥ 90 % }\n}\n";

#[cfg(unix)]
#[test]
fn a_file_changed_after_it_was_checked_is_not_overwritten() {
    // One file reached by two paths, each with its own configuration: `other/a.jx` (a link to `real/a.jx`)
    // fixes only JX221, `real/a.jx` only JX222. The fix through the link is written first; the file then no
    // longer holds what `real/a.jx` was checked with, so its fix, made from the old text, is not written over it.
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::create_dir_all(dir.join("real")).unwrap();
    fs::create_dir_all(dir.join("other")).unwrap();
    fs::write(dir.join("real/a.jx"), TWO_FIXES).unwrap();
    fs::write(
        dir.join("real/jixiao.toml"),
        "[rules]\nignore = [\"JX221\"]\n",
    )
    .unwrap();
    fs::write(
        dir.join("other/jixiao.toml"),
        "[rules]\nignore = [\"JX222\"]\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../real/a.jx", dir.join("other/a.jx")).unwrap();

    let run = jixiao(dir, &["check", "--fix", "--follow-symlinks", "."]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("jixiao: real/a.jx 在检查之后被改动过，没有写入\n  help: 再运行一次"),
        "{}",
        run.stderr
    );
    let fixed = read(dir.join("real/a.jx"));
    assert_eq!(
        fixed,
        TWO_FIXES.replace("100 百分比", "100 %"),
        "the first fix is kept, the second is not written over it"
    );
    // Run again, the rest is fixed.
    let run = jixiao(dir, &["check", "--fix", "--lang", "en", "real"]);
    assert!(run.code < 2, "{run:?}");
    assert!(read(dir.join("real/a.jx")).contains("\"培训人次\" ≥ 280 人次"));
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symbolic_link_unless_asked_nor_ever_out_of_the_tree() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::create_dir_all(dir.join("proj")).unwrap();
    fs::create_dir_all(dir.join("outside")).unwrap();
    fs::write(dir.join("proj/real.jx"), MESSY).unwrap();
    fs::write(dir.join("outside/other.jx"), MESSY).unwrap();
    symlink("real.jx", dir.join("proj/alias.jx")).unwrap();
    symlink("../outside/other.jx", dir.join("proj/escape.jx")).unwrap();
    symlink("../outside", dir.join("proj/away")).unwrap();
    let untouched = |dir: &Path| {
        assert_eq!(read(dir.join("proj/real.jx")), MESSY);
        assert_eq!(read(dir.join("outside/other.jx")), MESSY);
    };

    for args in [
        &["fmt", "proj/alias.jx", "proj/escape.jx"][..],
        &["check", "--fix", "proj/alias.jx", "proj/escape.jx"],
    ] {
        let run = jixiao(dir, args);
        assert_eq!(run.code, 2, "{run:?}");
        for link in ["proj/alias.jx", "proj/escape.jx"] {
            assert!(
                run.stderr.contains(&format!(
                    "jixiao: {link} 是符号链接，没有写入\n  help: 要写入链接指向的文件，加 --follow-symlinks"
                )),
                "{}",
                run.stderr
            );
        }
        untouched(dir);
    }
    let run = jixiao(dir, &["fmt", "--lang", "en", "proj"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "jixiao: proj/away/other.jx goes through the symbolic link proj/away: not written\n  \
             help: add --follow-symlinks"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(dir.join("proj/real.jx")),
        FORMATTED,
        "a plain file is written"
    );
    fs::write(dir.join("proj/real.jx"), MESSY).unwrap();

    // Asked to follow links: the file a link leads to is written, inside the tree only.
    let run = jixiao(
        dir,
        &[
            "fmt",
            "--follow-symlinks",
            "proj/alias.jx",
            "proj/escape.jx",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(read(dir.join("proj/real.jx")), FORMATTED);
    assert!(fs::symlink_metadata(dir.join("proj/alias.jx"))
        .unwrap()
        .file_type()
        .is_symlink());
    let outside = fs::canonicalize(dir.join("outside/other.jx")).unwrap();
    assert!(
        run.stderr.contains(&format!(
            "jixiao: proj/escape.jx 经符号链接指向 {}，在处理的目录 proj 之外，不会写入",
            outside.display()
        )),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.join("outside/other.jx")), MESSY);
    for args in [
        &["check", "--fix", "--follow-symlinks", "proj/escape.jx"][..],
        &["fmt", "--follow-symlinks", "proj"],
    ] {
        assert_eq!(jixiao(dir, args).code, 2, "{args:?}");
        assert_eq!(read(dir.join("outside/other.jx")), MESSY, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn import_and_init_write_no_symbolic_link_unless_asked() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    fs::write(dir.join("t.csv"), table(2)).unwrap();
    fs::write(dir.join("mine.jx"), "# 我的申报\n").unwrap();
    symlink("mine.jx", dir.join("out.jx")).unwrap();
    let run = jixiao(dir, &["import", "t.csv", "-o", "out.jx"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("jixiao: out.jx 是符号链接，没有写入"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.join("mine.jx")), "# 我的申报\n");
    let run = jixiao(
        dir,
        &["import", "t.csv", "-o", "out.jx", "--follow-symlinks"],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(read(dir.join("mine.jx")).contains("培训人次1"));
    assert!(fs::symlink_metadata(dir.join("out.jx"))
        .unwrap()
        .file_type()
        .is_symlink());

    let project = dir.join("project");
    fs::create_dir_all(&project).unwrap();
    symlink("../mine.jx", project.join("申报.jx")).unwrap();
    let mine = read(dir.join("mine.jx"));
    for args in [
        &["init", "--force", "project"][..],
        &["init", "--force", "--follow-symlinks", "project"],
    ] {
        let run = jixiao(dir, args);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("project/申报.jx"), "{}", run.stderr);
        assert_eq!(read(dir.join("mine.jx")), mine, "{args:?}");
    }
}

/// Runs `jixiao ARGS` in `dir` with [`SECRET`] in its environment; `None` when it has not ended after a minute
/// (it was killed).
fn run_with_secret(dir: &Path, args: &[&str]) -> Option<Run> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SECRET_TOKEN", SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    status.map(|status| Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    })
}

/// Makes a FIFO at `path`.
fn fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[cfg(target_os = "linux")]
#[test]
fn hostile_configuration_paths_are_refused_without_printing_what_they_name() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let secret = format!("SECRET_TOKEN = \"{SECRET}\"\n[rules]\nselct = 1\n");
    fs::write(root.join("secret.toml"), &secret).unwrap();
    fs::write(root.join("secret.jxr"), &secret).unwrap();
    let big = format!("# SECRET_TOKEN = \"{SECRET}\"\n{}", "#\n".repeat(600_000));
    let cases: &[(&str, &str, &str)] = &[
        (
            "extends = \"/proc/self/environ\"\n",
            "",
            "extends 的路径“/proc/self/environ”是绝对路径",
        ),
        (
            "extends = \"../secret.toml\"\n",
            "",
            "extends 的路径“../secret.toml”指向写它的文件所在目录之外",
        ),
        (
            "extends = \"sub/../../secret.toml\"\n",
            "",
            "指向写它的文件所在目录之外",
        ),
        (
            "extends = \"env.toml\"\n",
            "env.toml",
            "extends 的路径“env.toml”经符号链接指向写它的文件所在目录之外",
        ),
        (
            "extends = \"zero.toml\"\n",
            "zero.toml",
            "经符号链接指向写它的文件所在目录之外（/dev/zero）",
        ),
        (
            "extends = \"fifo.toml\"\n",
            "fifo.toml",
            "extends 的路径“fifo.toml”不是普通文件（是命名管道（FIFO））",
        ),
        (
            "extends = \"dir.toml\"\n",
            "dir.toml",
            "不是普通文件（是目录）",
        ),
        (
            "extends = \"big.toml\"\n",
            "big.toml",
            "extends 的路径“big.toml”超过 1 MiB",
        ),
        (
            "[rules]\nextra = [\"/dev/zero\"]\n",
            "",
            "extra 的路径“/dev/zero”是绝对路径",
        ),
        (
            "[rules]\nextra = [\"../secret.jxr\"]\n",
            "",
            "extra 的路径“../secret.jxr”指向写它的文件所在目录之外",
        ),
        (
            "[rules]\nextra = [\"zero.jxr\"]\n",
            "zero.jxr",
            "extra 的路径“zero.jxr”经符号链接指向",
        ),
        (
            "[rules]\nextra = [\"env.jxr\"]\n",
            "env.jxr",
            "extra 的路径“env.jxr”经符号链接指向",
        ),
        (
            "[rules]\nextra = [\"fifo.jxr\"]\n",
            "fifo.jxr",
            "extra 的路径“fifo.jxr”不是普通文件（是命名管道（FIFO））",
        ),
        (
            "[rules]\nextra = [\"big.jxr\"]\n",
            "big.jxr",
            "extra 的路径“big.jxr”超过 1 MiB",
        ),
    ];
    for (i, (config, special, expected)) in cases.iter().enumerate() {
        let dir = root.join(format!("case{i}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.jx"), FORMATTED).unwrap();
        fs::write(dir.join("jixiao.toml"), config).unwrap();
        let path = dir.join(special);
        match *special {
            "" => {}
            name if name.starts_with("env") => {
                std::os::unix::fs::symlink("/proc/self/environ", &path).unwrap()
            }
            name if name.starts_with("zero") => {
                std::os::unix::fs::symlink("/dev/zero", &path).unwrap()
            }
            name if name.starts_with("fifo") => fifo(&path),
            name if name.starts_with("dir") => fs::create_dir(&path).unwrap(),
            _ => fs::write(&path, &big).unwrap(),
        }
        let run = run_with_secret(&dir, &["check", "a.jx"])
            .unwrap_or_else(|| panic!("{config}: the run did not end"));
        assert_eq!(run.code, 2, "{config}: {run:?}");
        assert!(
            run.stdout.contains("JX017")
                && run.stdout.contains("jixiao.toml:")
                && run.stdout.contains(expected),
            "{config}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
            "{config}: {run:?}"
        );
    }

    // In English; a discovered jixiao.toml that is a link out of its directory; `--config` of a file of /proc.
    let dir = root.join("case0");
    let run = run_with_secret(&dir, &["check", "--lang", "en", "a.jx"]).unwrap();
    assert!(
        run.stdout
            .contains("the path `/proc/self/environ` of extends is an absolute path"),
        "{}",
        run.stdout
    );
    let linked = root.join("linked");
    fs::create_dir_all(&linked).unwrap();
    fs::write(linked.join("a.jx"), FORMATTED).unwrap();
    std::os::unix::fs::symlink("../secret.toml", linked.join("jixiao.toml")).unwrap();
    let run = run_with_secret(&linked, &["check", "a.jx"]).unwrap();
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("配置文件 jixiao.toml 经符号链接指向"),
        "{}",
        run.stdout
    );
    let run = run_with_secret(
        &linked,
        &["check", "--config", "/proc/self/environ", "a.jx"],
    )
    .unwrap();
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stdout.contains("在读取时大小改变，不是普通文件"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET));
}

#[test]
fn a_fix_changes_no_byte_outside_its_edits() {
    // Mixed line ends, a byte-order mark, full-width digits and signs the reader normalises: all kept.
    let original = "\u{FEFF}项目 \"培训项目\" {\r\n  年度 ２０２４\n  年度目标 \"完成 280 人次培训\"\r\n  \
         产出 {\n    数量 \"培训人次\" >= ２８０ 人次\r\n    质量 \"考核合格率\" ＝ １００ ％\n  }\r\n  \
         效益 { 社会效益 \"持证上岗人数\" ≥ 200 人 }\n  满意度 { 服务对象满意度 \"学员满意度\" ≥ 90 % }\r\n}\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jx");
    fs::write(&file, original).unwrap();
    set_mode(&file, 0o640);
    let run = jixiao(dir.path(), &["check", "--fix", "a.jx"]);
    assert!(run.code < 2, "{run:?}");
    assert_eq!(
        read(&file),
        original.replace(">= ２８０", "≥ ２８０"),
        "only the comparator changed"
    );
    assert_eq!(mode(&file), 0o640);
}

#[test]
fn fmt_keeps_the_line_ends_and_byte_order_mark_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jx");
    fs::write(&file, format!("\u{FEFF}{}", MESSY.replace('\n', "\r\n"))).unwrap();
    set_mode(&file, 0o640);
    let run = jixiao(dir.path(), &["fmt", "a.jx"]);
    assert_eq!(run.code, 0, "{run:?}");
    let windows = format!("\u{FEFF}{}", FORMATTED.replace('\n', "\r\n"));
    assert_eq!(read(&file), windows);
    assert_eq!(mode(&file), 0o640);
    let run = jixiao(dir.path(), &["fmt", "--check", "a.jx"]);
    assert_eq!(
        run.code, 0,
        "a file in the layout with CRLF needs nothing: {run:?}"
    );
    let run = support::run_with_input(
        dir.path(),
        &["fmt", "-"],
        MESSY.replace('\n', "\r\n").as_bytes(),
    );
    assert_eq!(run.stdout, FORMATTED.replace('\n', "\r\n"));
}

fn set_mode(path: &PathBuf, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }
    let _ = (path, mode);
}

fn mode(path: &PathBuf) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        return fs::metadata(path).unwrap().permissions().mode() & 0o7777;
    }
    #[allow(unreachable_code)]
    {
        let _ = path;
        0o640
    }
}
