//! A deterministic, seedable corpus of target declarations for measuring jixiao: .jx files as departments write
//! them and CSV tables in the 申报表 layout, shared by `examples/gencorpus.rs` (which writes it to disk), the
//! benchmarks in `benches/stages.rs` and the `gencorpus` suite (which holds it to its promises).
//!
//! - A .jx file is one department of one place in one year (words from [`words`]): one or more declarations
//!   (项目, sometimes 部门整体 first) until the file reaches a size drawn between 3 and 17 KB, one file in twenty
//!   between 30 and 60 KB; about 12 KB on average, as the reference corpus (4,000 files, 53 MB).
//! - A declaration has a header (主管部门, 实施单位, 年度, 资金 with sources, 实施期, 年度目标: sound, vague, a
//!   restatement of the money or a template leftover; 总体目标) and 10–29 indicators over 产出 (数量, 质量, 时效,
//!   成本), 效益 (经济, 社会, 生态, 可持续影响), 满意度, and in a quarter of them a level-1 成本 instead of 产出成本.
//! - Each declaration draws a defect rate between 5 and 55 % (30 % on average); each indicator is then sound or
//!   carries one [`Defect`] of a real table. Sound ones use every target form: numbers with units and %,
//!   deadlines, periods, durations, graded qualitative targets. Weights, self-evaluations (实际完成值, 得分,
//!   偏差说明), bases, sources, comments and the odd suppression are spread over them.
//! - A CSV is one project's table (see [`table`]); `csv_share` per cent of the files are CSV, spread evenly.
//!
//! Deterministic: the same options give byte-identical files on every platform. Each file has its own
//! [`fastrand::Rng`], seeded from the corpus seed and the file's index, so any one file can be generated alone.

mod indicators;
mod jx;
mod plan;
mod table;
mod words;

use fastrand::Rng;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How many files.
    pub files: usize,
    /// The seed: the same seed gives the same corpus.
    pub seed: u64,
    /// The share of CSV tables among the files, in per cent.
    pub csv_share: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            files: 1000,
            seed: 1,
            csv_share: 10,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Where it goes, relative to the corpus's directory, `/`-separated: `2023/0042-朔州市教育局.jx`.
    pub path: String,
    /// Its text.
    pub text: String,
    /// Every indicator written, in order.
    pub indicators: Vec<Planted>,
}

/// An indicator the generator wrote: where, and whether it was written sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planted {
    /// The line (1-based) its name is on: in a CSV, the row.
    pub line: usize,
    /// The defect written into it, if any.
    pub defect: Option<Defect>,
    /// Whether a `# jixiao: allow(…)` comment covers it.
    pub suppressed: bool,
}

/// The defects of real tables the generator writes (shared/DOMAIN.md), with the rule that should catch each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Defect {
    /// A vague value: 持续改善, 满足需求 (JX102).
    VagueValue,
    /// A timeliness target that is no deadline: 全年, 及时 (JX213).
    VagueTime,
    /// No target at all (JX101).
    MissingTarget,
    /// An aim as the name, with no target: 促进乡村振兴 (JX104, JX101).
    VagueName,
    /// A number without unit (JX106).
    MissingUnit,
    /// A rate capped at 100 % written ≥ 100 % (JX208).
    CappedRateOver,
    /// An acceptance rate below 100 % (JX209).
    QualityBelow100,
    /// A quantity that is the project's money (JX201).
    MoneyAsQuantity,
    /// An input counted as output: staff hired, meetings held (JX202).
    InputAsOutput,
    /// A template leftover in the name: (≥**株), ★ (JX109).
    Placeholder,
    /// A qualitative target without grades (JX103).
    Ungraded,
    /// A fund-management item: 预算执行率 (JX312).
    FundItem,
    /// A cost amount with = (JX216).
    CostEquals,
    /// A cost that is no amount: 控制在预算内 (JX217).
    CostNotMoney,
    /// A cost with ≥ (JX210).
    CostAgainstDirection,
    /// A cost or a satisfaction rate with no comparator (JX107).
    MissingComparator,
    /// A satisfaction target below the floor (JX211).
    SatisfactionLow,
    /// A satisfaction target of 100 % (JX212).
    SatisfactionFull,
    /// A deadline written as an Excel serial date (JX215).
    ExcelSerial,
    /// A compound unit missing its first half: /株 (JX113).
    IncompleteUnit,
}

/// The file at `index` of the corpus `options` describes.
pub fn file(options: &Options, index: usize) -> Generated {
    let mut rng = file_rng(options.seed, index as u64);
    let width = options.files.saturating_sub(1).to_string().len().max(4);
    let prefix = format!("{index:0width$}");
    let share = options.csv_share.min(100) as usize;
    // Spread evenly: file i is a table when the running count of tables goes up at i.
    if (index + 1) * share / 100 > index * share / 100 {
        table::file(&mut rng, &prefix)
    } else {
        jx_file(&mut rng, &prefix)
    }
}

/// Every file of the corpus, in order.
pub fn corpus(options: &Options) -> Vec<Generated> {
    (0..options.files).map(|i| file(options, i)).collect()
}

/// One .jx file of at least `bytes` bytes (many departments' declarations), at `path`.
pub fn one_file(path: &str, bytes: usize, seed: u64) -> Generated {
    let mut rng = file_rng(seed, u64::MAX);
    let mut out = jx::Out::default();
    while out.text.len() < bytes {
        if !out.text.is_empty() {
            out.blank();
        }
        let size = 3_000 + rng.u32(..14_000) as usize;
        department(&mut out, &mut rng, size);
    }
    Generated {
        path: path.to_string(),
        text: out.text,
        indicators: out.planted,
    }
}

/// The generator of the file at `index`: seeded by a number drawn from the corpus seed, plus the index.
fn file_rng(seed: u64, index: u64) -> Rng {
    Rng::with_seed(Rng::with_seed(seed).u64(..).wrapping_add(index))
}

/// One department's .jx file, named after `prefix`.
fn jx_file(rng: &mut Rng, prefix: &str) -> Generated {
    let size = if plan::chance(rng, 5) {
        30_000 + rng.u32(..30_000)
    } else {
        3_000 + rng.u32(..14_000)
    };
    let mut out = jx::Out::default();
    let cx = department(&mut out, rng, size as usize);
    let mut text = out.text;
    if plan::chance(rng, 5) {
        text = text.replace('\n', "\r\n");
    }
    if plan::chance(rng, 2) {
        text.insert(0, '\u{FEFF}');
    }
    Generated {
        path: format!("{}/{prefix}-{}{}.jx", cx.year, cx.region, cx.sector.bureau),
        text,
        indicators: out.planted,
    }
}

/// Appends the declarations of one department until they take `size` bytes; the department.
fn department(out: &mut jx::Out, rng: &mut Rng, size: usize) -> plan::Context {
    let cx = plan::Context::new(rng);
    let style = jx::Style::new(rng);
    let start = out.text.len();
    out.comment(&format!(
        "{}{}{}年项目支出绩效目标。",
        cx.region, cx.sector.bureau, cx.year
    ));
    out.blank();
    let mut first = true;
    while out.text.len() - start < size {
        let whole_department = first && plan::chance(rng, 15);
        let declaration = plan::declaration(rng, &cx, whole_department);
        if !first {
            out.blank();
        }
        jx::declaration(out, rng, &style, &declaration);
        first = false;
    }
    cx
}
