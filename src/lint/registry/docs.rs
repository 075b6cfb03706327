//! Rule documentation generated from the rule files: the catalog of rules/README.md, the page `jixiao explain`
//! prints, and the short descriptions of the fixed finding classes of the language itself.

use super::{Rule, RuleSet};
use crate::diagnostic::{codes, Code, Lang};
use std::fmt::Write;

/// What the fixed finding classes (JX0xx) mean, in both languages.
pub fn fixed_class(code: Code) -> (&'static str, &'static str) {
    match code.code {
        "JX001" => ("不符合语法", "the text does not follow the grammar"),
        "JX002" => ("引号没有闭合", "a quoted text is never closed"),
        "JX003" => (
            "数字超出精确小数的范围",
            "a number does not fit an exact decimal",
        ),
        "JX004" => (
            "不存在的日期或超出范围的年份",
            "a date that does not exist or a year out of range",
        ),
        "JX005" => ("不是一级指标", "not a level-1 name"),
        "JX006" => (
            "绩效评价体系的一级指标（决策、过程）用在目标申报表中",
            "a level 1 of the evaluation framework (决策, 过程) in a target table",
        ),
        "JX007" => ("不是该一级指标下的二级指标", "not a level 2 of its level 1"),
        "JX008" => (
            "二级指标放错了一级指标",
            "a level 2 under the wrong level 1",
        ),
        "JX009" => ("字段或属性写了两次", "a field or attribute given twice"),
        "JX010" => (
            "不认识的表头字段或指标属性",
            "an unknown header field or attribute",
        ),
        "JX011" => (
            "取值依据不是四种标准之一",
            "a basis other than the four standards",
        ),
        "JX012" => (
            "资金的单位不是货币单位",
            "a funding amount whose unit is not money",
        ),
        "JX013" => ("无法识别的 jixiao 注释", "an unreadable jixiao comment"),
        "JX014" => (
            "文件或目录无法读取",
            "a file or directory that cannot be read",
        ),
        "JX015" => ("文件不是 UTF-8 编码", "a file that is not UTF-8"),
        "JX016" => (
            "没有抑制任何问题的抑制注释",
            "a suppression that suppresses nothing",
        ),
        "JX017" => ("jixiao.toml 写错了", "an invalid jixiao.toml"),
        "JX018" => ("规则文件写错了", "an invalid rule file"),
        "JX019" => (
            "表格中没有可识别的指标表",
            "a table with no recognisable indicator table",
        ),
        "JX020" => (
            "表格中有一行无法放进指标树",
            "a table row that has no place in the indicator tree",
        ),
        "JX021" => (
            "表格中有单元格无法按原样读取",
            "a table cell that cannot be read as written",
        ),
        "JX022" => ("金额小于零", "an amount of money below zero"),
        "JX023" => (
            "没有分值，jixiao score 无法计分",
            "no weights, so jixiao score cannot score",
        ),
        _ => ("", ""),
    }
}

fn pick<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The page of one rule, in Markdown: what `jixiao explain` prints.
pub fn explain(rule: &Rule, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", rule.code, rule.name);
    let _ = writeln!(out, "{}\n", rule.summary.get(lang));
    let severity = rule.default_severity.as_str();
    let _ = writeln!(
        out,
        "{}: {severity} · {}: {} · {}: {}\n",
        pick(lang, "级别", "Severity"),
        pick(lang, "类别", "Category"),
        rule.category,
        pick(lang, "适用于", "Applies to"),
        rule.scope.keyword()
    );
    let _ = writeln!(out, "{}\n", rule.docs.text().get(lang).trim_end());
    if !rule.params.is_empty() {
        let _ = writeln!(out, "### {}\n", pick(lang, "参数", "Parameters"));
        for param in &rule.params {
            let description = param.description.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "- `{}` = `{}`: {description}",
                param.name, param.default
            );
        }
        let _ = writeln!(
            out,
            "\n{} `[params.{}]`\n",
            pick(lang, "在 jixiao.toml 中修改：", "Change in jixiao.toml:"),
            rule.name
        );
    }
    let _ = writeln!(
        out,
        "{}: `{}`",
        pick(lang, "规则文件", "Rule file"),
        rule.origin
    );
    out
}

/// The catalog of rules/README.md: every fixed class and every rule, with a section per rule.
pub fn catalog(rules: &RuleSet) -> String {
    let mut out = String::new();
    out.push_str(
        "# 内置规则 · Built-in rules\n\n\
         <!-- 本文件由规则文件生成，不要手改：`cargo run -- rules --format markdown > rules/README.md`。\n     \
         Generated from the rule files; do not edit. -->\n\n\
         每条规则都是 `rules/*.jxr` 中的数据，写法见 [docs/rules.md](../docs/rules.md)。`jixiao explain 代码或名称` 显示一条规则的说明；\n\
         `jixiao.toml` 可以选择规则、改变级别和参数（见 README）。\n\n\
         Every rule is data in `rules/*.jxr` (see docs/rules.md); `jixiao explain CODE` prints a rule's page.\n\n",
    );
    out.push_str("## 语言层面的问题 · Findings of the language itself\n\n");
    out.push_str("| 代码 Code | 名称 Name | 含义 | Meaning |\n|---|---|---|---|\n");
    for code in codes::ALL {
        let (zh, en) = fixed_class(*code);
        let _ = writeln!(out, "| {} | {} | {zh} | {en} |", code.code, code.name);
    }
    out.push_str("\n## 规则 · Rules\n\n");
    out.push_str("| 代码 Code | 名称 Name | 级别 Severity | 类别 Category | 说明 | Summary |\n|---|---|---|---|---|---|\n");
    for rule in rules.rules() {
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} | {} | {} | {} |",
            rule.code,
            rule.code.to_lowercase(),
            rule.name,
            rule.default_severity.as_str(),
            rule.category,
            rule.summary.zh,
            rule.summary.en
        );
    }
    for rule in rules.rules() {
        let _ = writeln!(out, "\n## {}\n", rule.code);
        let page = explain(rule, Lang::Zh);
        // The page's own title becomes a line under the anchor heading.
        let body = page
            .split_once('\n')
            .map_or(page.as_str(), |(_, rest)| rest);
        let _ = writeln!(out, "**{}** · {}\n", rule.name, rule.summary.en);
        out.push_str(body.trim_start());
        let _ = writeln!(out, "\n{}", rule.docs.text().en.trim_end());
    }
    out
}
