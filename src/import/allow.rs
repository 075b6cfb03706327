//! Accepting a finding in a table: a column headed 审核说明 (or `allow`, `jixiao`) whose cell holds
//! `allow(JX201) 原因` (or `jixiao: allow(JX201, money-as-quantity) 原因`) accepts that rule's findings on its
//! row; a finding about the declaration as a whole is accepted by such a cell on any row of the declaration.
//! Text without `allow(` is a note and is left alone.
//!
//! The table's counterpart of a `# jixiao: allow(…)` comment, with its two findings: an `allow(…)` that cannot
//! be read or names no rule is JX013, one that accepted nothing is JX016, both at the cell.

use super::generate::Generated;
use super::table::{cell_ref, Sheet};
use crate::diagnostic::{codes, CellLocation, Diagnostic, Severity, Text};
use crate::lint::registry::RuleSet;

/// The headers of the allow column, compared without spaces and case.
const HEADERS: &[&str] = &["审核说明", "allow", "jixiao"];

/// One `allow(…)` cell.
struct Note {
    row: usize,
    column: usize,
    /// The rules named, as written.
    keys: Vec<String>,
    /// Whether each key accepted a finding.
    used: Vec<bool>,
}

/// Drops the findings of `diagnostics` that an `allow(…)` cell of `sheet` accepts, and adds the findings about
/// the cells themselves. Only the rows written into `generated` count: a sheet may hold several declarations.
pub(super) fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    sheet: &Sheet,
    header_row: Option<usize>,
    generated: &Generated,
    rules: &RuleSet,
) {
    let Some(header_row) = header_row else {
        return;
    };
    let Some(column) = sheet.rows[header_row].iter().position(|cell| {
        let text: String = cell.text.chars().filter(|c| !c.is_whitespace()).collect();
        HEADERS.iter().any(|h| text.eq_ignore_ascii_case(h))
    }) else {
        return;
    };
    let rows: std::collections::BTreeSet<usize> =
        generated.segments.iter().map(|s| s.row).collect();
    let mut notes = Vec::new();
    for &row in &rows {
        let Some(cell) = sheet.cell(row, column) else {
            continue;
        };
        match read(&cell.text) {
            Read::Note => {}
            Read::Allow(keys) => {
                let unknown: Vec<&String> = keys
                    .iter()
                    .filter(|k| {
                        !rules.knows(k) && codes::ALL.iter().all(|c| c.code != *k && c.name != *k)
                    })
                    .collect();
                if let Some(key) = unknown.first() {
                    diagnostics.push(at_cell(
                        sheet,
                        row,
                        column,
                        invalid(&format!("没有规则“{key}”"), &format!("no rule `{key}`")),
                    ));
                    continue;
                }
                let used = vec![false; keys.len()];
                notes.push(Note {
                    row,
                    column,
                    keys,
                    used,
                });
            }
            Read::Broken => diagnostics.push(at_cell(
                sheet,
                row,
                column,
                invalid(
                    "写法是 allow(规则代码或名称) 原因",
                    "write allow(RULE) and the reason",
                ),
            )),
        }
    }
    diagnostics.retain(|d| {
        let Some(cell) = &d.cell else { return true };
        let row = super::table::parse_cell_ref(&cell.cell).map(|(r, _)| r);
        let whole = cell.subject.is_none();
        let mut accepted = false;
        for note in &mut notes {
            if !(whole || row == Some(note.row)) {
                continue;
            }
            for (key, used) in note.keys.iter().zip(&mut note.used) {
                if *key == d.code || *key == d.rule {
                    *used = true;
                    accepted = true;
                }
            }
        }
        !accepted
    });
    for note in &notes {
        for (key, _) in note.keys.iter().zip(&note.used).filter(|(_, used)| !**used) {
            let mut unused = Diagnostic::new(
                codes::UNUSED_SUPPRESSION,
                Severity::Warning,
                span(sheet, note.row, note.column),
                Text::new(
                    format!("审核说明中的 allow({key}) 没有接受任何问题"),
                    format!("allow({key}) in the 审核说明 column accepted no finding"),
                ),
            )
            .with_help(Text::new(
                "这一行没有这条规则的问题了：删去 allow(…)",
                "this row has no finding of that rule any more: remove the allow(…)",
            ));
            unused.cell = Some(location(sheet, note.row, note.column));
            diagnostics.push(unused);
        }
    }
}

/// What an allow cell says.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    /// No `allow(`: a note.
    Note,
    /// The rules named.
    Allow(Vec<String>),
    /// `allow(` without its `)` or with no rule.
    Broken,
}

fn read(text: &str) -> Read {
    let Some(at) = text.find("allow(") else {
        return Read::Note;
    };
    let rest = &text[at + "allow(".len()..];
    let Some(end) = rest.find(')') else {
        return Read::Broken;
    };
    let keys: Vec<String> = rest[..end]
        .split([',', '，'])
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    if keys.is_empty() {
        Read::Broken
    } else {
        Read::Allow(keys)
    }
}

fn invalid(zh: &str, en: &str) -> Diagnostic {
    Diagnostic::new(
        codes::INVALID_SUPPRESSION,
        Severity::Warning,
        crate::source::Span::point(0),
        Text::new(format!("审核说明无法读取：{zh}"), format!("the 审核说明 (allow) cell cannot be read: {en}")),
    )
    .with_help(Text::new(
        "在“审核说明”列写 allow(规则代码) 和原因，如 allow(JX201) 租赁合同尚未签订",
        "in the 审核说明 (allow) column write allow(RULE) and the reason, as allow(JX201) the lease is not signed yet",
    ))
}

/// `diagnostic` moved to the cell (row, column).
fn at_cell(sheet: &Sheet, row: usize, column: usize, mut diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.span = span(sheet, row, column);
    diagnostic.cell = Some(location(sheet, row, column));
    diagnostic
}

fn span(sheet: &Sheet, row: usize, column: usize) -> crate::source::Span {
    sheet.cell(row, column).map(|c| c.span).unwrap_or_default()
}

fn location(sheet: &Sheet, row: usize, column: usize) -> CellLocation {
    CellLocation {
        sheet: sheet.name.clone(),
        cell: cell_ref(row, column),
        text: sheet.cell(row, column).map(|c| c.text.clone()),
        subject: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_cells() {
        assert_eq!(read("已核实"), Read::Note);
        assert_eq!(
            read("allow(JX201) 合同未签"),
            Read::Allow(vec!["JX201".into()])
        );
        assert_eq!(
            read("jixiao: allow(JX201，vague-target-value)"),
            Read::Allow(vec!["JX201".into(), "vague-target-value".into()])
        );
        assert_eq!(read("allow(JX201"), Read::Broken);
        assert_eq!(read("allow()"), Read::Broken);
    }
}
