//! The regular expressions of rules (`matches`, `replace`): checked when a rule is compiled, built when first
//! used. Building a regex costs far more than checking its syntax, and a run on one small file uses only some
//! of them, so the built-in rules' regexes are built lazily, once per process, and shared by every rule and
//! rule set that names the same pattern.
//! How they are built and searched: [`super::matcher`].

pub use super::matcher::Regex;
use super::shared::Shared;
use std::sync::{Arc, OnceLock};

/// A regular expression whose syntax is known to be valid.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: Arc<str>,
    built: Arc<OnceLock<Result<Regex, String>>>,
}

impl Pattern {
    /// Checks the syntax of `source` (as `regex` reads it: Unicode classes, no size limit yet). `Err` says
    /// what is wrong.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex_syntax::Parser::new()
            .parse(source)
            .map_err(|e| e.to_string())?;
        Ok(Pattern {
            source: source.into(),
            built: Arc::default(),
        })
    }

    /// A pattern of the built-in rules, whose syntax is not checked now (a test builds every one), shared by
    /// every rule set of the process and with [`warm_up`].
    pub fn builtin(source: &str) -> Pattern {
        static SHARED: Shared<String, Pattern> = Shared::new();
        SHARED.get(source, || Pattern {
            source: source.into(),
            built: Arc::default(),
        })
    }

    /// Builds the regex now, for a rule file whose errors must show when it is loaded: `Err` when it is too
    /// big to build.
    pub fn build(&self) -> Result<&Regex, String> {
        self.built
            .get_or_init(|| Regex::new(&self.source))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The regex, built on first use; `None` only for a pattern too big to build, which [`Pattern::build`]
    /// reports when a rule file other than the built-in ones is loaded.
    pub fn regex(&self) -> Option<&Regex> {
        self.build().ok()
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// Builds the built-in rules' patterns that are about to be used, in the background of a run that has not
/// compiled its rules yet; a rule that needs one first builds it itself.
pub fn warm_up<'p>(sources: impl IntoIterator<Item = &'p str>) {
    for source in sources {
        let _ = Pattern::builtin(source).build();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_are_found_before_anything_is_built() {
        let error = Pattern::new("[a-").unwrap_err();
        assert!(error.contains("unclosed character class"), "{error}");
    }

    #[test]
    fn a_pattern_is_built_once_and_shared_by_its_clones() {
        let pattern = Pattern::new(r"\d+").unwrap();
        let copy = pattern.clone();
        assert_eq!(pattern.regex().unwrap().find("１２"), Some(0..6));
        assert!(std::ptr::eq(
            pattern.regex().unwrap(),
            copy.regex().unwrap()
        ));
    }

    #[test]
    fn a_pattern_too_big_to_build_says_so() {
        let pattern = Pattern::new(r"\w{1000}\w{1000}\w{1000}").unwrap();
        assert!(pattern.build().is_err());
        assert!(pattern.regex().is_none());
    }
}
