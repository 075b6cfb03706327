//! Benchmarks of checking one source with the built-in rules: the Shuozhou table as written, and large
//! generated declarations; and of compiling the built-in rules, which a run does once per configuration.
//!
//! Run with `cargo bench --bench check`.

use jixiao::lint::{self, RuleSet};
use jixiao::{check_with_rules, SourceFile};
use std::sync::LazyLock;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile")));

fn main() {
    divan::main();
}

const SHUOZHOU: &str = include_str!("../fixtures/shuozhou-2022.jx");

/// A declaration with `groups` level-2 blocks of ten indicators each, in every target form.
fn large(groups: usize) -> String {
    let mut text = String::from(
        "项目 \"生成的大型申报\" {\n  主管部门 \"某局\"\n  年度 2024\n  资金 1961 万元\n  产出 {\n",
    );
    for g in 0..groups {
        text.push_str("    数量 {\n");
        for i in 0..10 {
            let line = match i % 5 {
                0 => format!("      \"第{g}组指标{i}\" ≥ {i}{g} 人次 {{ 依据 计划标准 分值 5 }}\n"),
                1 => format!("      \"第{g}组合格率{i}\" = 100 %  # 注释\n"),
                2 => format!("      \"第{g}组完成时间{i}\" 2024年12月31日前\n"),
                3 => format!("      \"第{g}组定性{i}\" 定性 \"运行稳定\" 分档 {{ 优 \"无故障\" 差 \"有故障\" }}\n"),
                _ => format!("      \"第{g}组单价{i}\" ≤ 28.40 元/株\n"),
            };
            text.push_str(&line);
        }
        text.push_str("    }\n");
    }
    text.push_str("  }\n}\n");
    text
}

#[divan::bench]
fn shuozhou(bencher: divan::Bencher<'_, '_>) {
    let rules = &*RULES;
    bencher.bench(|| {
        check_with_rules(
            SourceFile::new("shuozhou-2022.jx", divan::black_box(SHUOZHOU)),
            rules,
        )
    });
}

#[divan::bench(args = [10, 100])]
fn generated(bencher: divan::Bencher<'_, '_>, groups: usize) {
    let text = large(groups);
    let rules = &*RULES;
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| check_with_rules(SourceFile::new("large.jx", divan::black_box(&text)), rules));
}

#[divan::bench]
fn compile_builtin_rules() -> RuleSet {
    lint::builtin().unwrap_or_else(|_| panic!("the built-in rules compile"))
}
