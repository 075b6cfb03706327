//! The corpus of real published tables (corpus/tables/): each is read in full — as many indicators as its
//! manifest row says, counted by hand before the tool was run on it — and `jixiao import` gives a .jx that parses.

use crate::support;
use jixiao::syntax::ast::Document;
use jixiao::SourceFile;

/// One row of corpus/tables/manifest.csv: the file and how many indicators a person reads in it.
struct Expected {
    file: String,
    indicators: usize,
}

/// The manifest's rows (a CSV whose `notes` column may hold quoted commas; only the first columns are read).
fn manifest() -> Vec<Expected> {
    let text = std::fs::read_to_string(support::root().join("corpus/tables/manifest.csv"))
        .expect("corpus/tables/manifest.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header row").split(',').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("manifest column {name}"))
    };
    let (file, indicators) = (column("file"), column("indicators"));
    assert!(file < indicators && indicators < column("notes"));
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            // Every column before `notes` is free of commas.
            let cells: Vec<&str> = line.splitn(column("notes") + 1, ',').collect();
            Expected {
                file: cells[file].to_string(),
                indicators: cells[indicators].parse().expect("a count of indicators"),
            }
        })
        .collect()
}

/// The indicators of a document's annual declarations, as the manifest counts them: rows with a name or a
/// target (a level-2 row with neither is an empty indicator for the rules, no indicator of the table), not
/// those of a long-term twin (a declaration named “…（中长期）”).
fn annual_indicators(document: &Document) -> usize {
    document
        .declarations
        .iter()
        .filter(|d| !d.name.value.ends_with("（中长期）"))
        .flat_map(|d| &d.groups)
        .flat_map(|level1| &level1.groups)
        .flat_map(|level2| &level2.indicators)
        .filter(|i| !i.name.value.trim().is_empty() || i.target.is_some())
        .count()
}

/// Tables the tool reads differently from their manifest row, each with the count it reads; corpus/tables/README.md
/// (“Disagreements”) says why. The labels are left as they were written.
const DISAGREEMENTS: &[(&str, usize)] = &[
    // Eight placeholder rows (指标1:, 指标2:) are read as indicators without a target, so that they are reported.
    ("ningxia-yinchuan-liuzhong-2021-chuzhong-gongyong.csv", 24),
];

/// Tables with a weight, score or amount cell that holds no number as published (an OCR'd `IO` for `10`): `jixiao
/// import` names each such cell (JX021) and exits 1, having read everything else.
const NOT_NUMBERS: &[(&str, &[&str])] = &[(
    "ningxia-yinchuan-liuzhong-2021-chuzhong-gongyong.csv",
    &["G17"],
)];

/// Whether `import` reported nothing but the cells of `cells`, each as a cell that holds no number.
fn only_not_numbers(stderr: &str, cells: &[&str]) -> bool {
    !cells.is_empty()
        && !stderr.contains("JX020")
        && stderr.matches("JX021").count() == cells.len()
        && stderr.matches("不是数字").count() == cells.len()
        && cells
            .iter()
            .all(|cell| stderr.contains(&format!("单元格 {cell}")))
}

#[test]
fn every_corpus_table_is_read_in_full_and_imports_to_a_jx_that_parses() {
    let dir = support::root().join("corpus/tables");
    let mut problems = Vec::new();
    let expected = manifest();
    assert!(
        expected.len() >= 40,
        "the corpus holds {} tables",
        expected.len()
    );
    for table in &expected {
        let run = support::run(&dir, &["import", &table.file]);
        let not_numbers = NOT_NUMBERS
            .iter()
            .find(|(file, _)| *file == table.file)
            .map_or(&[][..], |(_, cells)| *cells);
        if run.code != 0 && !(run.code == 1 && only_not_numbers(&run.stderr, not_numbers)) {
            problems.push(format!(
                "{}: import exited {}: {}",
                table.file, run.code, run.stderr
            ));
            continue;
        }
        let source = SourceFile::new(format!("{}.jx", table.file), &run.stdout);
        let parsed = jixiao::syntax::parse::parse(&source);
        let Some(document) = parsed.document else {
            problems.push(format!(
                "{}: the .jx does not parse: {:?}",
                table.file, parsed.diagnostics
            ));
            continue;
        };
        let read = annual_indicators(&document);
        let expected = DISAGREEMENTS
            .iter()
            .find(|(file, _)| *file == table.file)
            .map_or(table.indicators, |(_, read)| *read);
        if read != expected {
            problems.push(format!(
                "{}: {read} indicators read, {} in the table",
                table.file, table.indicators
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} tables:\n{}",
        problems.len(),
        expected.len(),
        problems.join("\n")
    );
}

/// The goals of the real tables are read wherever the table writes them: beside their label, or below a row of
/// goal labels set side by side (`总体目标 | 中期目标 | 年度目标`), skipping the column heads of a self-evaluation's
/// goal block (`预期目标 | 目标实际完成情况`).
#[test]
fn goals_are_read_beside_or_below_their_labels() {
    let dir = support::root().join("corpus/tables");
    let cases = [
        (
            "hunan-xiangtan-chengguan-2024-wupaoche.csv",
            &[
                "总体目标 \"持续改善我市空气质量\"",
                "年度目标 \"2024通过采购雾炮车",
            ][..],
        ),
        (
            "hubei-wuhan-qingshan-kejing-2021-keji-yanfa.csv",
            &[
                "总体目标 \"推进科技事业发展\"",
                "年度目标 \"通过落实专项资金",
            ],
        ),
        (
            "hunan-yueyangxian-2022-gaobiaozhun-nongtian.csv",
            &["年度目标 \"完成项目主体工程70%\""],
        ),
        (
            "sichuan-suining-anju-shichang-jianguan-2021-shipin-jianguan.csv",
            &["年度目标 \"目标1:深入开展食品风险隐患排查整治。\""],
        ),
        (
            "sichuan-qingshen-2023-gongzixing-zhichu.csv",
            &["年度目标 \"严格执行相关政策"],
        ),
    ];
    for (file, goals) in cases {
        let run = support::run(&dir, &["import", file]);
        for goal in goals {
            assert!(
                run.stdout.contains(goal),
                "{file}: no {goal} in\n{}",
                run.stdout
            );
        }
    }
}

/// A name whose cell wrapped (a space or line break between two Chinese characters, as the stored copy of a
/// DOCX keeps it) is read whole, so that the rules see `应急保障率`, not `应急保 障率`; spaces between other words
/// stay.
#[test]
fn a_name_wrapped_in_its_cell_is_read_whole() {
    let dir = support::root().join("corpus/tables");
    let run = support::run(
        &dir,
        &[
            "import",
            "hunan-hengshan-shangwu-liangshi-2020-xianji-chubeiliang.csv",
        ],
    );
    assert!(
        run.stdout.contains("\"县级储备粮应急保障率\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"政策性挂账利息补贴保障率\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("保 障率"), "{}", run.stdout);
}
