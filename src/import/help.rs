//! Help fit for a spreadsheet user: a table's finding gets its rule's `table-help` (written in the words of
//! the table's columns, without .jx syntax), and no help of a table's finding promises a `--fix` that cannot
//! be applied to a workbook.

use crate::diagnostic::{codes, Diagnostic, Text};
use crate::lint::registry::RuleSet;

/// Gives a finding moved to a table's cell the help a spreadsheet user can follow.
pub(super) fn for_table(diagnostic: &mut Diagnostic, rules: &RuleSet) {
    if let Some(help) = rules
        .find(&diagnostic.code)
        .and_then(|rule| rule.table_help.clone())
    {
        diagnostic.help = Some(help);
    } else if diagnostic.class() == Some(codes::INVALID_SUPPRESSION) {
        diagnostic.help = Some(Text::new(
            "在“审核说明”列写 allow(规则代码) 和原因，如 allow(JX201) 租赁合同尚未签订",
            "in the 审核说明 (allow) column write allow(RULE) and the reason, as allow(JX201) the lease is not signed yet",
        ));
    } else if diagnostic.class() == Some(codes::UNUSED_SUPPRESSION) {
        diagnostic.help = Some(Text::new(
            "这一行没有这条规则的问题了：删去“审核说明”列中的 allow(…)",
            "this row has no finding of that rule any more: remove the allow(…) from the 审核说明 column",
        ));
    }
    if let Some(help) = &mut diagnostic.help {
        *help = Text::new(without_fix(&help.zh, '；'), without_fix(&help.en, ';'));
    }
}

/// `text` without its clauses (split at `separator`) that speak of `--fix`: a table is not rewritten.
fn without_fix(text: &str, separator: char) -> String {
    if !text.contains("--fix") {
        return text.to_string();
    }
    text.split(separator)
        .filter(|clause| !clause.contains("--fix"))
        .collect::<Vec<_>>()
        .join(&separator.to_string())
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_promises_are_dropped() {
        assert_eq!(
            without_fix("写成 %，如 ≥ 95 %；`jixiao check --fix` 可以自动改", '；'),
            "写成 %，如 ≥ 95 %"
        );
        assert_eq!(
            without_fix(
                "write %, such as ≥ 95 %; `jixiao check --fix` changes it for you",
                ';'
            ),
            "write %, such as ≥ 95 %"
        );
        assert_eq!(without_fix("写成 = 100 %", '；'), "写成 = 100 %");
    }
}
