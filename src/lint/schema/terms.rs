//! Leftmost-longest search for the terms of a lexicon.
//!
//! A lexicon holds a few dozen short terms and is searched in short texts (names, targets, goals). Building an
//! Aho-Corasick automaton for each of the forty built-in lexicons cost more than checking a whole file
//! (≈ 11.5 M instructions of a 47 M one-file run, measured with callgrind), so a lexicon of up to
//! [`INDEXED_TERMS`] terms is searched through an index of its terms by first character instead: building it
//! is a sort, and a search looks at each character of the text once, skipping most through a 256-bit filter.
//! A longer lexicon (a user's list of thousands of place names, say) is an automaton, which is what scales.
//! Both give the same matches; a property test holds them to it. An empty term matches nothing.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::ops::Range;

/// The most terms a lexicon may have to be searched through the index; a longer one is an automaton.
pub const INDEXED_TERMS: usize = 256;

/// The leftmost-longest matcher of a list of terms.
#[derive(Debug)]
pub enum Terms {
    /// A short list: its terms by first character.
    Index(Index),
    /// A long list: an automaton.
    Automaton(AhoCorasick),
}

impl Terms {
    /// The matcher of `terms` (empty ones left out).
    pub fn new(terms: &[String]) -> Terms {
        let terms: Vec<&str> = terms
            .iter()
            .map(String::as_str)
            .filter(|term| !term.is_empty())
            .collect();
        if terms.len() <= INDEXED_TERMS {
            Terms::Index(Index::new(&terms))
        } else {
            Terms::Automaton(automaton(&terms))
        }
    }

    /// The leftmost of the terms found in `text`, the longest of those starting there.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        match self {
            Terms::Index(index) => index.find_at(text, 0),
            Terms::Automaton(automaton) => automaton.find(text).map(|m| m.range()),
        }
    }

    /// `text` without the terms, removed from left to right (leftmost-longest, not overlapping).
    pub fn strip<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self {
            Terms::Index(index) => index.strip(text),
            Terms::Automaton(automaton) => {
                let mut out = String::new();
                automaton.replace_all_with(text, &mut out, |_, _, _| true);
                if out.len() == text.len() {
                    Cow::Borrowed(text)
                } else {
                    Cow::Owned(out)
                }
            }
        }
    }
}

/// A contiguous NFA builds in a fraction of a DFA's time and searches short texts nearly as fast.
fn automaton(terms: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(terms)
        .expect("a leftmost-longest automaton over plain terms always builds")
}

/// The terms grouped by first character, longest first within a group.
#[derive(Debug)]
pub struct Index {
    /// Bit `c % 256` is set when a term starts with the character `c`.
    filter: [u64; 4],
    /// Each first character's range of `terms`.
    groups: FxHashMap<char, Range<usize>>,
    terms: Vec<Box<str>>,
}

impl Index {
    /// The index of `terms`, none of them empty.
    fn new(terms: &[&str]) -> Index {
        let mut sorted: Vec<(char, &str)> = terms
            .iter()
            .filter_map(|term| Some((term.chars().next()?, *term)))
            .collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.len().cmp(&a.1.len())));
        sorted.dedup();
        let mut filter = [0u64; 4];
        let mut groups = FxHashMap::default();
        let mut start = 0;
        for (i, &(first, _)) in sorted.iter().enumerate() {
            if sorted.get(i + 1).is_none_or(|next| next.0 != first) {
                groups.insert(first, start..i + 1);
                start = i + 1;
                let bit = first as usize % 256;
                filter[bit / 64] |= 1 << (bit % 64);
            }
        }
        Index {
            filter,
            groups,
            terms: sorted.into_iter().map(|(_, term)| term.into()).collect(),
        }
    }

    /// The leftmost-longest match at or after byte `from` (a character boundary of `text`).
    fn find_at(&self, text: &str, from: usize) -> Option<Range<usize>> {
        for (offset, c) in text[from..].char_indices() {
            let at = from + offset;
            if let Some(len) = self.longest_at(text, at, c) {
                return Some(at..at + len);
            }
        }
        None
    }

    /// The length of the longest term that starts at byte `at`, where the character `c` is.
    fn longest_at(&self, text: &str, at: usize, c: char) -> Option<usize> {
        let bit = c as usize % 256;
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let rest = &text[at..];
        self.terms[self.groups.get(&c)?.clone()]
            .iter()
            .find(|term| rest.starts_with(&***term))
            .map(|term| term.len())
    }

    fn strip<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut out = String::new();
        let mut copied = 0;
        let mut from = 0;
        while let Some(found) = self.find_at(text, from) {
            out.push_str(&text[copied..found.start]);
            copied = found.end;
            from = found.end;
        }
        if copied == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[copied..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn index(terms: &[&str]) -> Index {
        Index::new(terms)
    }

    #[test]
    fn finds_the_leftmost_and_then_the_longest_term() {
        let terms = index(&["提高", "提高率", "满意", "满意度"]);
        assert_eq!(terms.find_at("群众满意度提高率", 0), Some(6..15));
        assert_eq!(terms.find_at("群众满意度提高率", 15), Some(15..24));
        assert_eq!(terms.find_at("群众满意", 0), Some(6..12));
        assert_eq!(terms.find_at("完成率", 0), None);
        assert_eq!(terms.strip("满意度提高率不变"), "不变");
        assert!(matches!(terms.strip("不变"), Cow::Borrowed("不变")));
    }

    #[test]
    fn an_empty_term_matches_nothing() {
        for terms in [
            Terms::new(&["".into(), "率".into()]),
            Terms::new(&[String::new()]),
        ] {
            assert_eq!(terms.find("完成"), None);
            assert_eq!(terms.find(""), None);
            assert_eq!(terms.strip("完成"), "完成");
        }
        assert_eq!(
            Terms::new(&["".into(), "率".into()]).strip("完成率率"),
            "完成"
        );
    }

    #[test]
    fn a_long_list_is_an_automaton() {
        let long: Vec<String> = (0..=INDEXED_TERMS).map(|n| format!("地名{n}")).collect();
        assert!(matches!(Terms::new(&long), Terms::Automaton(_)));
        assert!(matches!(Terms::new(&long[1..]), Terms::Index(_)));
        assert_eq!(Terms::new(&long).find("在地名12号"), Some(3..11));
    }

    /// Texts and terms over a few characters, so that terms overlap, nest and share first characters (also the
    /// lexicons of `hits`' property test).
    pub(in crate::lint::schema) fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec!['率', '提', '高', 'a', '%', '度']),
            0..12,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn the_index_finds_and_strips_as_the_automaton(
            terms in proptest::collection::vec(text().prop_filter("a term", |t| !t.is_empty()), 1..8),
            text in text(),
        ) {
            let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
            let automaton = automaton(&terms);
            let index = Index::new(&terms);
            prop_assert_eq!(index.find_at(&text, 0), automaton.find(&text).map(|m| m.range()));
            let stripped = automaton.replace_all(&text, &vec![""; terms.len()]);
            prop_assert_eq!(index.strip(&text).into_owned(), stripped.clone());
            let through_automaton = Terms::Automaton(automaton);
            prop_assert_eq!(through_automaton.strip(&text).into_owned(), stripped);
        }
    }
}
