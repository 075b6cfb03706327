//! The corpus generator (`generating`, written to disk by `examples/gencorpus.rs`, read by the benchmarks) keeps
//! its promises: the same options give the same bytes, every .jx parses, every CSV imports, and the rules flag the
//! indicators written with a defect and leave most sound ones alone, so that the corpus measures the work of a
//! realistic mix rather than of text the tool rejects at once.

use crate::generating::{self, Defect, Generated, Options};
use crate::support;
use jixiao::import::{self, Encoding};
use jixiao::lint::RuleSet;
use jixiao::syntax::parse;
use jixiao::{FileReport, Severity, SourceFile};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A small corpus: enough files for every kind of defect and a few tables.
const OPTIONS: Options = Options {
    files: 80,
    seed: 20_240_101,
    csv_share: 10,
};

/// The corpus of [`OPTIONS`], generated once for the suite.
fn small_corpus() -> &'static [Generated] {
    static CORPUS: std::sync::OnceLock<Vec<Generated>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| generating::corpus(&OPTIONS))
}

fn is_table(file: &Generated) -> bool {
    file.path.ends_with(".csv")
}

#[test]
fn the_same_options_give_the_same_bytes() {
    let again = generating::corpus(&OPTIONS);
    assert!(small_corpus() == again.as_slice(), "two runs differ");
    // Each file is generated alone, whatever the files before it.
    assert_eq!(generating::file(&OPTIONS, 41), small_corpus()[41]);
    let other = generating::corpus(&Options { seed: 7, ..OPTIONS });
    assert!(
        other
            .iter()
            .zip(small_corpus())
            .all(|(a, b)| a.text != b.text),
        "another seed gives other files"
    );
    let large = generating::one_file("large.jx", 100_000, 3);
    assert_eq!(large, generating::one_file("large.jx", 100_000, 3));
}

#[test]
fn the_corpus_has_the_promised_mix() {
    let corpus = small_corpus();
    let tables = corpus.iter().filter(|f| is_table(f)).count();
    assert_eq!(tables, OPTIONS.files * OPTIONS.csv_share as usize / 100);
    let declarations: Vec<&Generated> = corpus.iter().filter(|f| !is_table(f)).collect();
    let bytes: usize = declarations.iter().map(|f| f.text.len()).sum();
    let average = bytes / declarations.len();
    assert!(
        (9_000..=16_000).contains(&average),
        "{average} bytes a .jx file on average"
    );
    let names: BTreeSet<&str> = corpus.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names.len(),
        corpus.len(),
        "every file has a name of its own"
    );
    let (defective, all) = corpus
        .iter()
        .flat_map(|f| &f.indicators)
        .fold((0, 0), |(d, a), i| {
            (d + usize::from(i.defect.is_some()), a + 1)
        });
    let share = 100 * defective / all;
    assert!(
        (20..=40).contains(&share),
        "{share} % of the indicators defective"
    );
    let large = generating::one_file("large.jx", 300_000, 1);
    assert!((300_000..340_000).contains(&large.text.len()));
}

#[test]
fn every_declaration_parses_without_a_language_error() {
    let mut files: Vec<Generated> = small_corpus().to_vec();
    files.push(generating::one_file("large.jx", 300_000, 1));
    for file in files.iter().filter(|f| !is_table(f)) {
        let source = SourceFile::new(&file.path, &file.text);
        let parsed = parse::parse(&source);
        let language: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.code,
                    source.line_col(d.span.start).line,
                    d.message.zh
                )
            })
            .collect();
        assert!(
            parsed.document.is_some() && !parsed.recovered && language.is_empty(),
            "{}: {language:#?}",
            file.path
        );
        let count: usize = parsed
            .document
            .iter()
            .flat_map(|d| &d.declarations)
            .map(indicators)
            .sum();
        assert_eq!(
            count,
            file.indicators.len(),
            "{}: every planted indicator is read",
            file.path
        );
    }
}

/// The indicators of a declaration.
fn indicators(declaration: &jixiao::syntax::ast::Declaration) -> usize {
    declaration
        .groups
        .iter()
        .flat_map(|g| &g.groups)
        .map(|g| g.indicators.len())
        .sum()
}

#[test]
fn every_table_imports_without_a_problem() {
    for file in small_corpus().iter().filter(|f| is_table(f)) {
        let imported = import::read_sheets(
            &file.path,
            Path::new(&file.path),
            file.text.clone().into_bytes(),
            Encoding::Auto,
        )
        .and_then(|sheets| import::import(&file.path, sheets))
        .unwrap_or_else(|e| panic!("{}: {}", file.path, e.message.zh));
        let problems = import::problems(&file.path, &imported);
        assert!(problems.is_empty(), "{}: {problems:#?}", file.path);
        let count: usize = imported.iter().map(|s| s.generated.indicators).sum();
        assert_eq!(
            count,
            file.indicators.len(),
            "{}: every row is an indicator",
            file.path
        );
    }
}

#[test]
#[allow(clippy::print_stdout)] // `cargo test gencorpus -- --nocapture` shows the figures.
fn the_rules_flag_the_defects_and_few_sound_indicators() {
    let rules = support::builtin_rules();
    let (mut sound, mut flagged_sound, mut by_defect) =
        (0, 0, BTreeMap::<Defect, (usize, usize)>::new());
    let mut false_alarms: BTreeMap<String, usize> = BTreeMap::new();
    for file in small_corpus() {
        let flagged = flagged_lines(file, &rules);
        for planted in file.indicators.iter().filter(|p| !p.suppressed) {
            let hit = flagged.get(&planted.line);
            match planted.defect {
                Some(defect) => {
                    let entry = by_defect.entry(defect).or_default();
                    entry.0 += usize::from(hit.is_some());
                    entry.1 += 1;
                }
                None => {
                    sound += 1;
                    if let Some(codes) = hit {
                        flagged_sound += 1;
                        for code in codes {
                            *false_alarms
                                .entry(format!("{code} {}:{}", file.path, planted.line))
                                .or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    let (caught, defective) = by_defect
        .values()
        .fold((0, 0), |(c, a), (h, n)| (c + h, a + n));
    println!("defective indicators flagged: {caught} of {defective}; sound ones flagged: {flagged_sound} of {sound}");
    for (defect, (hit, all)) in &by_defect {
        println!("  {:24} {hit:4} / {all:4}", format!("{defect:?}"));
    }
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for alarm in false_alarms.keys() {
        *by_code.entry(&alarm[..5]).or_default() += 1;
    }
    println!("sound but flagged, by rule: {by_code:?}");
    for alarm in false_alarms.keys().take(10) {
        println!("  sound but flagged: {alarm}");
    }
    assert!(
        defective > 200 && sound > 500,
        "{defective} defective, {sound} sound indicators"
    );
    assert!(
        100 * caught >= 90 * defective,
        "{caught} of {defective} defective indicators flagged"
    );
    assert!(
        100 * flagged_sound <= 5 * sound,
        "{flagged_sound} of {sound} sound indicators flagged"
    );
}

/// The codes of the warnings and errors of rules about indicators, by the line they start on.
fn flagged_lines(file: &Generated, rules: &RuleSet) -> BTreeMap<usize, BTreeSet<String>> {
    let about_indicators = crate::judging::indicator_codes(rules);
    let reports: Vec<FileReport> = if is_table(file) {
        import::read_sheets(
            &file.path,
            Path::new(&file.path),
            file.text.clone().into_bytes(),
            Encoding::Auto,
        )
        .and_then(|sheets| import::import(&file.path, sheets))
        .map(|imported| import::check(&file.path, &imported, rules))
        .unwrap_or_else(|e| panic!("{}: {}", file.path, e.message.zh))
    } else {
        vec![jixiao::check_with_rules(
            SourceFile::new(&file.path, &file.text),
            rules,
        )]
    };
    let mut lines: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for report in &reports {
        let Some(source) = &report.source else {
            continue;
        };
        for d in &report.diagnostics {
            if about_indicators.contains(d.code.as_str()) && d.severity >= Severity::Warning {
                let line = source.line_col(d.span.start).line;
                lines.entry(line).or_default().insert(d.code.to_string());
            }
        }
    }
    lines
}

#[test]
fn jixiao_check_reads_the_corpus_from_disk_without_a_language_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for file in small_corpus() {
        let path = dir.path().join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("creating it");
        std::fs::write(&path, &file.text).expect("writing a file");
    }
    let run = support::run(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "findings, and nothing worse: {}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json["summary"]["files"], OPTIONS.files);
    let language: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c < "JX100" && c != "JX016")
        })
        .collect();
    assert!(language.is_empty(), "{language:#?}");
    let table = small_corpus()
        .iter()
        .find(|f| is_table(f))
        .expect("a table");
    let run = support::run(dir.path(), &["import", &table.path, "-o", "imported.jx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
