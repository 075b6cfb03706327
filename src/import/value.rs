//! Reading a value cell as a target: what real tables contain (">=95%", "≥100百分比", "不低于90%", "达95%以上",
//! "满意率达95%以上", "≤28.40/株", "2023年12月前", "1次/月", full-width forms, comparator and unit in columns of
//! their own) is normalised, then read with the same grammar as .jx files. A cell the grammar cannot read is
//! qualitative text, so that the rules judge it.

use crate::diagnostic::codes;
use crate::source::SourceFile;
use crate::syntax::parse::{parse_strict, target_form, TargetForm};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// How many answers of [`probe`] a thread keeps: tables repeat their targets and labels (`100%`, `≥95%`, 数量指标),
/// and a probe parses a whole document.
const PROBES_KEPT: usize = 4096;

/// Whether `body`, written inside a declaration, parses with no error of the language's syntax. The answer
/// depends on the text alone, so a thread keeps the last ones.
fn probe(body: &str) -> bool {
    thread_local! {
        static KEPT: RefCell<FxHashMap<String, bool>> = RefCell::default();
    }
    if let Some(known) = KEPT.with(|kept| kept.borrow().get(body).copied()) {
        return known;
    }
    let fits = parses(body);
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.len() >= PROBES_KEPT {
            kept.clear();
        }
        kept.insert(body.to_string(), fits);
    });
    fits
}

/// [`probe`], parsing (a text with a syntax error or a string left open is no fit: no recovery is tried).
fn parses(body: &str) -> bool {
    let text = format!("项目 \"探测\" {{\n{body}\n}}\n");
    parse_strict(&SourceFile::new("probe.jx", &text)).is_some_and(|parsed| {
        parsed.document.is_some()
            && !parsed.diagnostics.iter().any(|d| {
                [
                    codes::SYNTAX,
                    codes::UNTERMINATED_STRING,
                    codes::INVALID_NUMBER,
                    codes::INVALID_DATE,
                ]
                .into_iter()
                .any(|code| d.class() == Some(code))
            })
    })
}

/// Whether a target, written after an indicator's name and before its attributes or the next indicator,
/// parses: the grammar alone reads `2020年全年。` as a target, a whole declaration does not.
fn fits_target(target: &str) -> bool {
    probe(&format!(
        "  产出 {{\n    数量 {{\n      \"甲\" {target} {{\n        说明 \"乙\"\n      }}\n      \"丙\" {target}\n    }}\n  }}"
    ))
}

/// Whether a level label parses as the name of a level-1 and of a level-2 group.
pub fn fits_label(label: &str) -> bool {
    probe(&format!(
        "  {label} {{\n    {label} {{\n      \"甲\" 1 个\n    }}\n  }}"
    ))
}

/// Whether a header field line parses with no finding at all (`实施期 2022年1月至2022年12月`).
pub fn fits_header(line: &str) -> bool {
    let text = format!("项目 \"探测\" {{\n  {line}\n}}\n");
    parse_strict(&SourceFile::new("probe.jx", &text))
        .is_some_and(|parsed| parsed.document.is_some() && parsed.diagnostics.is_empty())
}

/// Whether a cell of a kind (指标性质) column holds a comparator or direction rather than 定量/定性.
pub fn is_comparator(text: &str) -> bool {
    sign(&canonical(text)).is_some()
}

/// The comparator a comparator or direction cell means.
fn sign(comparator: &str) -> Option<&'static str> {
    match comparator {
        "≥" | ">=" | "=>" | "正向" | "正向指标" | "大于等于" | "不低于" | "不少于" => {
            Some("≥")
        }
        "≤" | "<=" | "=<" | "反向" | "反向指标" | "小于等于" | "不高于" | "不超过" => {
            Some("≤")
        }
        "=" | "==" | "等于" => Some("="),
        ">" | "大于" => Some(">"),
        "<" | "小于" => Some("<"),
        _ => None,
    }
}

/// Whether a candidate reads as a target a table means: any date, period or qualitative text, or a number whose
/// unit is short and has no digit (a unit is whatever follows the number, so `2023年6月30日前完成招标；…` would
/// otherwise read as 2023 in a very long unit).
fn is_target(candidate: &str) -> bool {
    match target_form(candidate) {
        Some(TargetForm::Quantitative) => {
            let unit = candidate
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                .trim();
            unit.chars().count() <= 8 && !unit.chars().any(|c| c.is_ascii_digit())
        }
        Some(_) => true,
        None => false,
    }
}

/// What the other columns of the row say about the value.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The unit column.
    pub unit: Option<&'a str>,
    /// The comparator or direction column.
    pub comparator: Option<&'a str>,
    /// The kind column (定量/定性).
    pub kind: Option<&'a str>,
}

/// The .jx text of a target for a value cell, or `None` for an empty cell.
pub fn target(cell: &str, context: Context<'_>) -> Option<String> {
    let raw = cell.trim();
    if raw.is_empty() {
        return None;
    }
    if context.kind.is_some_and(|k| k.contains("定性")) {
        return Some(qualitative(raw));
    }
    let text = canonical(raw);
    for candidate in candidates(&text, context) {
        if is_target(&candidate) && fits_target(&candidate) {
            return Some(candidate);
        }
    }
    Some(qualitative(raw))
}

/// A qualitative target quoting the cell exactly.
pub fn qualitative(text: &str) -> String {
    format!("定性 {}", quote(text))
}

/// A name as the table meant it: a space or line break between two Chinese characters is where the cell text
/// wrapped (`县级储备粮应急保 障率`, `管理制\n度`), so it goes; spaces between other words stay.
pub fn unwrapped(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let wrap = |i: usize| {
        chars[i].is_whitespace() && {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            before.is_some_and(|&c| is_han(c)) && after.is_some_and(|&c| is_han(c))
        }
    };
    if !(0..chars.len()).any(wrap) {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: String = (0..chars.len())
        .filter(|&i| !wrap(i))
        .map(|i| chars[i])
        .collect();
    std::borrow::Cow::Owned(kept)
}

/// Whether a character is a Chinese character (CJK unified ideographs and their first extension).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// A quoted .jx text.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// Full-width forms made ASCII, spaces removed, ≧ ≦ made ≥ ≤.
fn canonical(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            '≧' => '≥',
            '≦' => '≤',
            '═' | '﹦' => '=',
            other => other,
        })
        .collect()
}

/// The readings to try, most literal first; a direction word after the number ("95%以上") is read before the
/// number with it, since the grammar would take "%以上" for a unit.
fn candidates(text: &str, context: Context<'_>) -> Vec<String> {
    let mut bases = vec![text.to_string()];
    // "满意率达95%以上", "完成率达到100%": a name restated before a word of reaching (达, 达到, 为) is dropped, and
    // the reaching becomes ≥ (为: =). Other words before the number are kept: "至少全年完成2次宣传" is text.
    if let Some(start) = text.find(|c: char| c.is_ascii_digit() || "≥≤=<>".contains(c)) {
        let prefix = &text[..start];
        let lead = [("达到", "≥"), ("达", "≥"), ("不少于", "≥"), ("为", "=")]
            .into_iter()
            .find(|(word, _)| prefix.ends_with(word))
            .map(|(_, sign)| sign);
        if let Some(lead) = lead {
            let sign = if text[start..].starts_with(['≥', '≤', '=', '<', '>']) {
                ""
            } else {
                lead
            };
            bases.push(format!("{sign}{}", &text[start..]));
        }
    }
    let mut out = Vec::new();
    for base in bases {
        if let Some(rewritten) = direction_suffix(&base) {
            out.push(apply_columns(&rewritten, context));
        }
        out.push(apply_columns(&base, context));
    }
    out
}

/// `X以上` → `≥X`, `X以下`/`X以内` → `≤X`, with a leading 达/达到 (or a ≥ that stands for it) dropped.
fn direction_suffix(text: &str) -> Option<String> {
    let text = text
        .strip_prefix("达到")
        .or_else(|| text.strip_prefix('达'))
        .or_else(|| text.strip_prefix('≥'))
        .unwrap_or(text);
    for (suffix, comparator) in [
        ("及以上", "≥"),
        ("以上", "≥"),
        ("及以下", "≤"),
        ("以下", "≤"),
        ("以内", "≤"),
    ] {
        if let Some(body) = text.strip_suffix(suffix) {
            return Some(format!("{comparator}{body}"));
        }
    }
    None
}

/// Adds the comparator and unit columns to a value that lacks them.
fn apply_columns(value: &str, context: Context<'_>) -> String {
    let mut value = value.to_string();
    // A number, perhaps after a comparator (`≥100`), takes the unit column.
    let number = value.trim_start_matches(['≥', '≤', '=', '<', '>']);
    let bare_number = !number.is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == ',');
    if let Some(unit) = context.unit.map(canonical).filter(|u| !u.is_empty()) {
        if bare_number {
            value = format!("{value} {unit}");
        }
    }
    if let Some(comparator) = context.comparator.map(canonical) {
        let has_comparator = value.starts_with(['≥', '≤', '=', '<', '>']);
        let sign = sign(&comparator);
        if let (Some(sign), false) = (sign, has_comparator) {
            if value.starts_with(|c: char| c.is_ascii_digit()) {
                value = format!("{sign} {value}");
            }
        }
    }
    // A number glued to its unit reads fine; a space after the comparator too. `≥100百分比` is `≥ 100 百分比`.
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cell: &str) -> String {
        target(cell, Context::default()).unwrap_or_default()
    }

    #[test]
    fn a_kept_probe_answers_as_parsing_does() {
        for body in [
            "  产出 { 数量 { \"甲\" 1 个 } }",
            "  产出 { 数量 { \"甲\" ≥ } }",
            "  }",
        ] {
            let parsed = parses(body);
            assert_eq!(probe(body), parsed, "{body}");
            assert_eq!(probe(body), parsed, "{body}, kept");
        }
        assert!(probe("  产出 { 数量 { \"甲\" 1 个 } }"));
        assert!(!probe("  产出 { 数量 { \"甲\" ≥ } }"));
        assert!(!probe("  }"));
    }

    #[test]
    fn real_table_values_become_targets() {
        assert_eq!(read(">=95%"), ">=95%");
        assert_eq!(read("≥100百分比"), "≥100百分比");
        assert_eq!(read("不低于90%"), "不低于90%");
        assert_eq!(read("达95%以上"), "≥95%");
        assert_eq!(read("满意率达95%以上"), "≥95%");
        assert_eq!(read("≤28.40/株"), "≤28.40/株");
        assert_eq!(read("10辆"), "10辆");
        assert_eq!(read("1346.0088万平方米"), "1346.0088万平方米");
        assert_eq!(read("2023年12月前"), "2023年12月前");
        assert_eq!(read("2023.07-2024.01"), "2023.07-2024.01");
        assert_eq!(read("2020年1月--2020年11月"), "2020年1月--2020年11月");
        assert_eq!(read("1次/月"), "1次/月");
        assert_eq!(read("＞＝９５％"), ">=95%");
        assert_eq!(read("10万元以内"), "≤10万元");
        assert_eq!(read("完成率达到100%"), "≥100%");
        assert_eq!(read("合格率为100%"), "=100%");
    }

    #[test]
    fn what_the_grammar_cannot_read_is_qualitative() {
        assert_eq!(read("持续改善"), "定性 \"持续改善\"");
        assert_eq!(read("按期完成"), "定性 \"按期完成\"");
        assert_eq!(read("1-12月"), "定性 \"1-12月\"");
        assert_eq!(read("至少全年完成2次宣传"), "定性 \"至少全年完成2次宣传\"");
        assert_eq!(read("说 \"好\""), "定性 \"说 \\\"好\\\"\"");
        assert_eq!(target("  ", Context::default()), None);
    }

    #[test]
    fn comparator_and_unit_columns_complete_a_bare_number() {
        let context = Context {
            unit: Some("%"),
            comparator: Some("正向"),
            kind: Some("定量"),
        };
        assert_eq!(target("95", context).unwrap(), "≥ 95 %");
        let context = Context {
            unit: Some("万元"),
            comparator: Some("反向"),
            kind: None,
        };
        assert_eq!(target("300", context).unwrap(), "≤ 300 万元");
        assert_eq!(target("≥100", context).unwrap(), "≥100 万元");
        let qualitative = Context {
            kind: Some("定性"),
            ..Context::default()
        };
        assert_eq!(target("优", qualitative).unwrap(), "定性 \"优\"");
    }
}
