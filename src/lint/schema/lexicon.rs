//! Lexicons: a rule's terms, with a matcher (for `contains` and `strip`, [`Terms`]) and a set (for `in`), each
//! built the first time a rule needs it. Lexicons with the same terms share what is built,
//! across rule sets and with [`warm_up`], which builds the built-in lexicons ahead while the rules compile.

use super::shared::Shared;
use super::terms::Terms;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{Arc, OnceLock};

/// What is built from a list of terms, once per process.
#[derive(Debug, Default)]
struct Built {
    terms: OnceLock<Terms>,
    set: OnceLock<HashSet<String>>,
    affixes: OnceLock<Affixes>,
}

/// The terms by their first and by their last character, for `starts-with` and `ends-with`: a text is compared
/// with the few terms that begin (end) with its first (last) character, not with every term. An empty term is
/// left out, as [`Terms`] leaves it out (a rule file or jixiao.toml that has one does not load).
#[derive(Debug, Default)]
pub struct Affixes {
    by_first: HashMap<char, Vec<Box<str>>>,
    by_last: HashMap<char, Vec<Box<str>>>,
}

impl Affixes {
    fn new(terms: &[String]) -> Affixes {
        let mut affixes = Affixes::default();
        for term in terms {
            let (Some(first), Some(last)) = (term.chars().next(), term.chars().next_back()) else {
                continue;
            };
            affixes
                .by_first
                .entry(first)
                .or_default()
                .push(term.as_str().into());
            affixes
                .by_last
                .entry(last)
                .or_default()
                .push(term.as_str().into());
        }
        affixes
    }

    /// Whether `text` begins with a term.
    pub fn starts(&self, text: &str) -> bool {
        text.chars().next().is_some_and(|c| {
            self.by_first
                .get(&c)
                .is_some_and(|terms| terms.iter().any(|term| text.starts_with(&**term)))
        })
    }

    /// Whether `text` ends with a term.
    pub fn ends(&self, text: &str) -> bool {
        text.chars().next_back().is_some_and(|c| {
            self.by_last
                .get(&c)
                .is_some_and(|terms| terms.iter().any(|term| text.ends_with(&**term)))
        })
    }
}

/// A lexicon: its terms, with what is built from them.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// The name.
    pub name: String,
    /// What it holds.
    pub description: Option<String>,
    /// The terms, in order, additions included.
    pub terms: Vec<String>,
    built: Arc<Built>,
}

impl Lexicon {
    /// A lexicon over `terms`; nothing is built yet (unless a lexicon with the same terms was).
    pub fn new(name: String, description: Option<String>, terms: Vec<String>) -> Lexicon {
        let built = shared(&terms);
        Lexicon {
            name,
            description,
            terms,
            built,
        }
    }

    /// The leftmost-longest matcher of the terms, built on first use.
    pub fn matcher(&self) -> &Terms {
        self.built.terms.get_or_init(|| Terms::new(&self.terms))
    }

    /// The terms by first and last character, built on first use.
    pub fn affixes(&self) -> &Affixes {
        self.built.affixes.get_or_init(|| Affixes::new(&self.terms))
    }

    /// The terms as a set, built on first use.
    pub fn set(&self) -> &HashSet<String> {
        self.built
            .set
            .get_or_init(|| self.terms.iter().cloned().collect())
    }
}

/// Builds the matchers of lists of terms that rules are about to use (the built-in lexicons), in the background
/// of a run that has not compiled its rules yet; a rule that needs one first builds it itself.
pub fn warm_up<'t>(lists: impl IntoIterator<Item = &'t [String]>) {
    for terms in lists {
        shared(terms).terms.get_or_init(|| Terms::new(terms));
    }
}

/// What is built from `terms`, shared by every lexicon with the same terms.
fn shared(terms: &[String]) -> Arc<Built> {
    static SHARED: Shared<Vec<String>, Arc<Built>> = Shared::new();
    SHARED.get(terms, Arc::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_with_the_same_terms_share_their_matcher() {
        let terms = vec!["满足需求".to_string(), "进一步".to_string()];
        let one = Lexicon::new("one".into(), None, terms.clone());
        warm_up([terms.as_slice()]);
        let other = Lexicon::new("other".into(), None, terms);
        assert!(std::ptr::eq(one.matcher(), other.matcher()));
        let third = Lexicon::new("third".into(), None, vec!["满足需求".to_string()]);
        assert!(!std::ptr::eq(one.matcher(), third.matcher()));
        assert_eq!(one.matcher().find("基本满足需求"), Some(6..18));
    }

    #[test]
    fn affixes_are_the_terms_a_text_begins_or_ends_with() {
        let lexicon = Lexicon::new(
            "rates".into(),
            None,
            vec!["率".into(), "合格率".into(), "满意".into(), "完成".into()],
        );
        let affixes = lexicon.affixes();
        for (text, starts, ends) in [
            ("验收合格率", false, true),
            ("满意度", true, false),
            ("完成", true, true),
            ("率先完成", true, true),
            ("", false, false),
            ("合格", false, false),
        ] {
            assert_eq!(affixes.starts(text), starts, "{text}");
            assert_eq!(affixes.ends(text), ends, "{text}");
        }
        // An empty term is nothing, as for `contains`.
        let with_empty = Lexicon::new("e".into(), None, vec![String::new(), "率".into()]);
        assert!(!with_empty.affixes().starts("任何") && !with_empty.affixes().ends("任何"));
        assert!(with_empty.affixes().ends("合格率"));
    }
}
