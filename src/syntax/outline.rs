//! A readable outline of a [`Document`], every node with its position: what `jixiao parse` prints and what the
//! parser's snapshot tests hold.
//!
//! Each line is `what value @line:col-line:col`, the end exclusive, columns in characters.

use crate::source::{SourceFile, Span};
use crate::syntax::ast::*;
use std::fmt::Write;

/// Renders `document` as an indented outline with positions in `source`.
pub fn outline(document: &Document, source: &SourceFile) -> String {
    let mut out = Outline {
        source,
        text: String::new(),
    };
    for declaration in &document.declarations {
        out.declaration(declaration);
    }
    for evaluation in &document.evaluations {
        out.evaluation(evaluation);
    }
    for suppression in &document.suppressions {
        let rules: Vec<_> = suppression
            .rules
            .iter()
            .map(|rule| format!("{}{}", rule.value, out.at(rule.span)))
            .collect();
        let scope = suppression
            .scope
            .map_or_else(|| " nothing".to_string(), |scope| out.at(scope));
        out.line(
            0,
            &format!(
                "allow({}) reason={:?} covers{}",
                rules.join(", "),
                suppression.reason,
                scope
            ),
            suppression.comment,
        );
    }
    out.text
}

struct Outline<'a> {
    source: &'a SourceFile,
    text: String,
}

impl Outline<'_> {
    fn at(&self, span: Span) -> String {
        let start = self.source.line_col(span.start);
        let end = self.source.line_col(span.end);
        format!(
            " @{}:{}-{}:{}",
            start.line, start.column, end.line, end.column
        )
    }

    fn line(&mut self, depth: usize, what: &str, span: Span) {
        let at = self.at(span);
        let _ = writeln!(self.text, "{:indent$}{what}{at}", "", indent = depth * 2);
    }

    fn declaration(&mut self, declaration: &Declaration) {
        let kind = match declaration.kind.value {
            DeclarationKind::Project => "项目",
            DeclarationKind::Department => "部门整体",
        };
        self.line(
            0,
            &format!("{kind} {:?}", declaration.name.value),
            declaration.span,
        );
        let header = &declaration.header;
        self.text_field("主管部门", &header.supervisor);
        self.text_field("实施单位", &header.implementer);
        if let Some(year) = &header.year {
            self.line(1, &format!("年度 {}", year.value), year.span);
        }
        if let Some(funds) = &header.funds {
            self.line(1, &format!("资金 {}", quantity(&funds.total)), funds.span);
            for source in &funds.sources {
                self.line(
                    2,
                    &format!("来源 {:?} {}", source.name.value, quantity(&source.amount)),
                    source.span,
                );
            }
        }
        if let Some(period) = &header.period {
            self.line(
                1,
                &format!("实施期 {}", period_text(&period.value)),
                period.span,
            );
        }
        self.text_field("年度目标", &header.annual_goal);
        self.text_field("总体目标", &header.overall_goal);
        self.ledger(&header.ledger);
        for group in &declaration.groups {
            self.level1(group);
        }
    }

    fn evaluation(&mut self, evaluation: &Evaluation) {
        self.line(
            0,
            &format!("评价 {:?}", evaluation.name.value),
            evaluation.span,
        );
        let header = &evaluation.header;
        self.text_field("评价机构", &evaluation.evaluator);
        if let Some(year) = &header.year {
            self.line(1, &format!("年度 {}", year.value), year.span);
        }
        if let Some(funds) = &header.funds {
            self.line(1, &format!("资金 {}", quantity(&funds.total)), funds.span);
        }
        self.ledger(&header.ledger);
        if let Some(total) = &evaluation.total {
            self.line(1, &format!("总分 {}", total.value), total.span);
        }
        self.quantity_field(1, "得分率", &evaluation.rate);
        self.text_field("等级", &evaluation.grade);
        for node in &evaluation.nodes {
            self.eval_node(node);
        }
    }

    fn eval_node(&mut self, node: &EvalNode) {
        let depth = usize::from(node.level);
        let part = node.part.map_or("?", |p| p.name_en());
        self.line(
            depth,
            &format!("{}级 {:?} = {part}", node.level, node.label.value),
            node.span,
        );
        if let Some(weight) = &node.weight {
            self.line(depth + 1, &format!("分值 {}", weight.value), weight.span);
        }
        if let Some(score) = &node.score {
            self.line(depth + 1, &format!("得分 {}", score.value), score.span);
        }
        self.quantity_field(depth + 1, "得分率", &node.rate);
        for child in &node.children {
            self.eval_node(child);
        }
    }

    fn quantity_field(&mut self, depth: usize, name: &str, field: &Option<Quantity>) {
        if let Some(q) = field {
            self.line(depth, &format!("{name} {}", quantity(q)), q.span());
        }
    }

    fn ledger(&mut self, ledger: &Ledger) {
        self.quantity_field(1, "到位", &ledger.received);
        if let Some(spent) = &ledger.spent {
            let total = spent
                .total
                .as_ref()
                .map_or("(无合计)".to_string(), quantity);
            self.line(1, &format!("支出 {total}"), spent.span);
            for item in &spent.items {
                let what = format!("支出项 {:?} {}", item.name.value, quantity(&item.amount));
                self.line(2, &what, item.span);
            }
        }
        self.quantity_field(1, "结余", &ledger.balance);
        if let Some(execution) = &ledger.execution {
            let rate = execution.rate.as_ref().map_or("(无)".to_string(), quantity);
            self.line(1, &format!("执行率 {rate}"), execution.span);
            let attrs = &execution.attributes;
            for (name, value) in [("分值", &attrs.weight), ("得分", &attrs.score)] {
                if let Some(value) = value {
                    self.line(2, &format!("{name} {}", value.value), value.span);
                }
            }
        }
        for allocation in &ledger.allocations {
            let what = format!(
                "下达 {} {}",
                allocation.year.value,
                quantity(&allocation.amount)
            );
            self.line(1, &what, allocation.span);
        }
        for contract in &ledger.contracts {
            self.line(1, &format!("合同 {:?}", contract.name.value), contract.span);
            self.quantity_field(2, "预算", &contract.budget);
            self.quantity_field(2, "中标", &contract.award);
            self.quantity_field(2, "已支付", &contract.paid);
            self.quantity_field(2, "支付比例", &contract.share);
        }
        self.quantity_field(1, "合同合计", &ledger.contracted);
        self.quantity_field(1, "支付合计", &ledger.paid);
        self.quantity_field(1, "支付进度", &ledger.progress);
    }

    fn text_field(&mut self, name: &str, field: &Option<Spanned<String>>) {
        if let Some(field) = field {
            self.line(1, &format!("{name} {:?}", field.value), field.span);
        }
    }

    fn level1(&mut self, group: &Level1Group) {
        let level = group.level.map_or("?".to_string(), |l| format!("{l:?}"));
        self.line(
            1,
            &format!("一级 {} = {level}", group.label.value),
            group.span,
        );
        self.group_weight(2, &group.weight);
        for child in &group.groups {
            let level = child.level.map_or("?".to_string(), |l| format!("{l:?}"));
            let form = if child.inline { " (inline)" } else { "" };
            self.line(
                2,
                &format!("二级 {} = {level}{form}", child.label.value),
                child.span,
            );
            self.group_weight(3, &child.weight);
            for indicator in &child.indicators {
                self.indicator(indicator);
            }
        }
    }

    fn group_weight(&mut self, depth: usize, weight: &Option<GroupWeight>) {
        if let Some(weight) = weight {
            self.line(
                depth,
                &format!("分值 {}", weight.value.value),
                weight.value.span,
            );
        }
    }

    fn indicator(&mut self, indicator: &Indicator) {
        self.line(
            3,
            &format!("指标 {:?}", indicator.name.value),
            indicator.span,
        );
        match &indicator.target {
            Some(target) => self.target(4, "指标值", target),
            None => {
                let _ = writeln!(self.text, "{:8}指标值 (空)", "");
            }
        }
        let attrs = &indicator.attributes;
        if let Some(basis) = &attrs.basis {
            self.line(4, &format!("取值依据 {:?}", basis.value), basis.span);
        }
        self.text_attr("数据来源", &attrs.source);
        if let Some(weight) = &attrs.weight {
            self.line(4, &format!("分值 {}", weight.value), weight.span);
        }
        if let Some(actual) = &attrs.actual {
            self.target(4, "实际完成值", actual);
        }
        if let Some(score) = &attrs.score {
            self.line(4, &format!("得分 {}", score.value), score.span);
        }
        self.text_attr("偏差说明", &attrs.deviation);
        self.text_attr("说明", &attrs.note);
        self.text_attr("评分标准", &attrs.scoring);
    }

    fn text_attr(&mut self, name: &str, field: &Option<Spanned<String>>) {
        if let Some(field) = field {
            self.line(4, &format!("{name} {:?}", field.value), field.span);
        }
    }

    fn target(&mut self, depth: usize, what: &str, target: &Target) {
        match &target.kind {
            TargetKind::Quantitative {
                comparator,
                quantity: q,
            } => {
                let cmp = comparator.as_ref().map_or("(无比较符)".to_string(), |c| {
                    format!("{}{}", c.value.symbol(), self.at(c.span))
                });
                let unit = q.unit.as_ref().map_or("(无单位)".to_string(), |u| {
                    format!("{:?}{}", u.value, self.at(u.span))
                });
                let parts = format!(
                    "{what} 定量 {cmp} {}{} {unit}",
                    q.value.value,
                    self.at(q.value.span)
                );
                self.line(depth, &parts, target.span);
            }
            TargetKind::Deadline {
                comparator,
                date,
                before,
            } => {
                let cmp = comparator
                    .as_ref()
                    .map_or(String::new(), |c| format!("{} ", c.value.symbol()));
                let before = if *before { " 前" } else { "" };
                self.line(
                    depth,
                    &format!("{what} 期限 {cmp}{}{before}", date.value),
                    target.span,
                );
            }
            TargetKind::Period(period) => {
                self.line(
                    depth,
                    &format!("{what} 期间 {}", period_text(&period.value)),
                    target.span,
                );
            }
            TargetKind::Qualitative { text, grades } => {
                self.line(depth, &format!("{what} 定性 {:?}", text.value), target.span);
                for grade in grades {
                    self.line(
                        depth + 1,
                        &format!("分档 {:?} = {:?}", grade.label.value, grade.meaning.value),
                        grade.span,
                    );
                }
            }
        }
    }
}

fn quantity(q: &Quantity) -> String {
    match &q.unit {
        Some(unit) => format!("{} {}", q.value.value, unit.value),
        None => q.value.value.to_string(),
    }
}

fn period_text(period: &Period) -> String {
    format!("{} 至 {}", period.from, period.to)
}
