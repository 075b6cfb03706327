//! The built-in rules: they compile, every example of every rule behaves as documented.

use jixiao::rules::RuleSet;
use jixiao::{check_source, SourceFile};

fn builtin() -> RuleSet {
    match RuleSet::builtin() {
        Ok(set) => set,
        Err(reports) => {
            let messages: Vec<String> = reports
                .iter()
                .flat_map(|r| {
                    r.diagnostics.iter().map(move |d| {
                        let at = r.source.as_ref().map(|s| s.line_col(d.span.start));
                        format!("{}:{:?}: {}", r.path, at, d.message.en)
                    })
                })
                .collect();
            panic!(
                "the built-in rules do not compile:\n{}",
                messages.join("\n")
            )
        }
    }
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let mut rules = builtin();
    rules
        .select(&jixiao::rules::Selection {
            select: Some(vec!["ALL".into()]),
            ..Default::default()
        })
        .expect("ALL selects");
    let mut failures = Vec::new();
    for rule in rules.rules() {
        for example in &rule.examples {
            let report = check_source(SourceFile::new(
                format!("{} example", rule.code),
                &example.document(),
            ));
            assert!(
                report
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != jixiao::Severity::Error || !d.code.starts_with("JX0")),
                "{} example does not parse: {:?}\n{}",
                rule.code,
                report.diagnostics,
                example.document()
            );
            let document = report.document.expect("example parses");
            let findings = jixiao::engine::run(&document, report.source.as_ref().unwrap(), &rules);
            let fired = findings.iter().any(|d| d.code == rule.code);
            if fired != example.fails {
                failures.push(format!(
                    "{} {}: example {} {}:\n{}\nfindings: {:?}",
                    rule.code,
                    rule.name,
                    if example.fails { "fail" } else { "pass" },
                    if fired { "fired" } else { "did not fire" },
                    example.text,
                    findings
                        .iter()
                        .map(|d| (&d.code, &d.message.zh))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
