//! A rule's documentation and examples: as written in a rule file, or, for a built-in rule, read from the binary
//! the first time something asks for them. A check never does: only `rules`, `explain`, the SARIF and HTML
//! formats and the test suite show them, so a run does not read 140 KB of Markdown it will not print.

use super::Example;
use crate::diagnostic::Text;
use std::sync::OnceLock;

/// Where the documentation of a built-in rule is kept, and how it is read.
#[derive(Debug, Clone, Copy)]
pub struct Deferred {
    /// Reads the documentation of rule `rule` of built-in file `file`.
    pub read: fn(file: usize, rule: usize) -> (Text, Vec<Example>),
    /// The built-in file.
    pub file: usize,
    /// The rule's place in it.
    pub rule: usize,
}

/// A rule's documentation (Markdown, Chinese and English) and the examples the test suite runs.
#[derive(Debug, Clone)]
pub struct Docs {
    read: OnceLock<(Text, Vec<Example>)>,
    deferred: Option<Deferred>,
}

impl Docs {
    /// Documentation as written.
    pub fn written(text: Text, examples: Vec<Example>) -> Docs {
        Docs {
            read: OnceLock::from((text, examples)),
            deferred: None,
        }
    }

    /// Documentation read when first asked for.
    pub fn deferred(deferred: Deferred) -> Docs {
        Docs {
            read: OnceLock::new(),
            deferred: Some(deferred),
        }
    }

    /// The documentation.
    pub fn text(&self) -> &Text {
        &self.get().0
    }

    /// The examples.
    pub fn examples(&self) -> &[Example] {
        &self.get().1
    }

    fn get(&self) -> &(Text, Vec<Example>) {
        self.read.get_or_init(|| match self.deferred {
            Some(Deferred { read, file, rule }) => read(file, rule),
            None => (Text::new("", ""), Vec::new()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: usize, rule: usize) -> (Text, Vec<Example>) {
        let example = Example {
            fails: true,
            text: format!("{file}/{rule}"),
        };
        (Text::new("说明", "docs"), vec![example])
    }

    #[test]
    fn deferred_docs_are_read_when_asked_for() {
        let docs = Docs::deferred(Deferred {
            read,
            file: 2,
            rule: 7,
        });
        assert!(docs.read.get().is_none());
        assert_eq!(docs.text().en, "docs");
        assert_eq!(docs.examples()[0].text, "2/7");
        let written = Docs::written(Text::new("中", "en"), Vec::new());
        assert_eq!(written.text().zh, "中");
        assert!(written.examples().is_empty());
    }
}
