//! Embeds the built-in rule files (rules/*.jxr) in the binary, so that it works alone.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("rules/ exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jxr"))
        .collect();
    files.sort();
    let mut code = String::from(
        "/// The built-in rule files: (path, text).\npub const BUILTIN: &[(&str, &str)] = &[\n",
    );
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let shown = path.to_string_lossy().replace('\\', "/");
        let absolute = std::fs::canonicalize(&path).expect("rule file path");
        writeln!(
            code,
            "    ({shown:?}, include_str!({:?})),",
            absolute.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(out, code).expect("write builtin_rules.rs");
}
