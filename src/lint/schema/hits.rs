//! Every lexicon's leftmost-longest match in a text, found in one pass.
//!
//! The rules search an indicator's name with a dozen lexicons or more (`contains(name, fund-process)`,
//! `contains(name, satisfaction-words)`, …), each a pass over the name through its own [`Terms`] index. A
//! [`HitIndex`] holds the terms of all the indexed lexicons of a rule set together, grouped by first character, so
//! that one pass over a text finds each lexicon's match at once; the evaluator keeps those matches for the node
//! and answers the other lexicons' searches of the same text from them. A lexicon searched through an automaton
//! (more than [`INDEXED_TERMS`] terms) is left out, and searched as before.
//!
//! [`Terms`]: super::terms::Terms

use super::lexicon::Lexicon;
use super::terms::INDEXED_TERMS;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A rule set's lexicons as the evaluator searches them: each alone, or all the indexed ones at once through
/// their [`HitIndex`], built on first use.
#[derive(Debug, Clone, Copy)]
pub struct LexiconSearch<'r> {
    /// The lexicons, by index.
    pub lexicons: &'r [Lexicon],
    index: &'r OnceLock<HitIndex>,
}

impl<'r> LexiconSearch<'r> {
    /// The search of `lexicons`, whose index is (to be) kept in `index`.
    pub fn new(lexicons: &'r [Lexicon], index: &'r OnceLock<HitIndex>) -> Self {
        LexiconSearch { lexicons, index }
    }

    /// The index of the lexicons' terms together, built now if it was not.
    pub fn index(&self) -> &'r HitIndex {
        self.index.get_or_init(|| HitIndex::new(self.lexicons))
    }
}

/// The size of the filter of first characters: the indexed lexicons together start with hundreds of different
/// characters, which would set most bits of a smaller filter.
const FILTER_BITS: usize = 4096;

/// A lexicon's match in a text: the byte range, or none.
pub type Hit = Option<(usize, usize)>;

/// The terms of a rule set's indexed lexicons, by first character, each with the lexicon's slot.
#[derive(Debug)]
pub struct HitIndex {
    /// Bit `c % FILTER_BITS` is set when a term starts with the character `c`.
    filter: Box<[u64; FILTER_BITS / 64]>,
    /// Each first character's range of `terms`, longest first within it.
    groups: FxHashMap<char, Range<usize>>,
    /// A term and the slot of its lexicon.
    terms: Vec<(Box<str>, u32)>,
    /// The slot of each lexicon of the rule set, by its index; none for one left out.
    slots: Vec<Option<u32>>,
    /// How many lexicons have a slot.
    covered: usize,
}

impl HitIndex {
    /// The index of `lexicons`: those with at most [`INDEXED_TERMS`] non-empty terms.
    pub fn new(lexicons: &[Lexicon]) -> HitIndex {
        let mut index = HitIndex {
            filter: Box::new([0; FILTER_BITS / 64]),
            groups: FxHashMap::default(),
            terms: Vec::new(),
            slots: Vec::new(),
            covered: 0,
        };
        let mut sorted: Vec<(char, &str, u32)> = Vec::new();
        for lexicon in lexicons {
            let terms: Vec<&str> = lexicon
                .terms
                .iter()
                .map(String::as_str)
                .filter(|term| !term.is_empty())
                .collect();
            if terms.len() > INDEXED_TERMS {
                index.slots.push(None);
                continue;
            }
            let slot = index.covered as u32;
            index.covered += 1;
            index.slots.push(Some(slot));
            sorted.extend(
                terms
                    .iter()
                    .filter_map(|term| Some((term.chars().next()?, *term, slot))),
            );
        }
        sorted.sort_unstable_by(|a, b| {
            (a.0, std::cmp::Reverse(a.1.len()), a.2).cmp(&(b.0, std::cmp::Reverse(b.1.len()), b.2))
        });
        sorted.dedup();
        let mut start = 0;
        for (i, &(first, _, _)) in sorted.iter().enumerate() {
            if sorted.get(i + 1).is_none_or(|next| next.0 != first) {
                index.groups.insert(first, start..i + 1);
                start = i + 1;
                let bit = first as usize % FILTER_BITS;
                index.filter[bit / 64] |= 1 << (bit % 64);
            }
        }
        index.terms = sorted
            .into_iter()
            .map(|(_, term, slot)| (term.into(), slot))
            .collect();
        index
    }

    /// The slot of the lexicon at `lexicon` (its index in the rule set), when it is in the index.
    pub fn slot(&self, lexicon: usize) -> Option<usize> {
        self.slots
            .get(lexicon)
            .copied()
            .flatten()
            .map(|s| s as usize)
    }

    /// Appends to `out` one [`Hit`] per slot: each lexicon's leftmost-longest match in `text`, as
    /// [`super::terms::Terms::find`] finds it.
    pub fn hits(&self, text: &str, out: &mut Vec<Hit>) {
        let base = out.len();
        out.resize(base + self.covered, None);
        let hits = &mut out[base..];
        let mut left = self.covered;
        for (at, c) in text.char_indices() {
            let bit = c as usize % FILTER_BITS;
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let Some(group) = self.groups.get(&c) else {
                continue;
            };
            let rest = &text[at..];
            // Longest first: the first term of a lexicon found here is its longest here.
            for (term, slot) in &self.terms[group.clone()] {
                let hit = &mut hits[*slot as usize];
                if hit.is_none() && rest.starts_with(&**term) {
                    *hit = Some((at, at + term.len()));
                    left -= 1;
                }
            }
            if left == 0 {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::schema::terms::tests::text;
    use crate::lint::schema::terms::Terms;
    use proptest::prelude::*;

    fn lexicon(terms: &[&str]) -> Lexicon {
        Lexicon::new(
            "l".into(),
            None,
            terms.iter().map(|t| t.to_string()).collect(),
        )
    }

    fn hits(index: &HitIndex, text: &str) -> Vec<Hit> {
        let mut out = vec![Some((9, 9))];
        index.hits(text, &mut out);
        assert_eq!(out.remove(0), Some((9, 9)), "what was there is kept");
        out
    }

    #[test]
    fn each_lexicon_gets_its_own_leftmost_longest_match() {
        let index = HitIndex::new(&[
            lexicon(&["提高", "满意度"]),
            lexicon(&["满意", "率"]),
            lexicon(&["不在"]),
        ]);
        assert_eq!(
            hits(&index, "群众满意度提高率"),
            vec![Some((6, 15)), Some((6, 12)), None]
        );
        assert_eq!(hits(&index, ""), vec![None, None, None]);
    }

    #[test]
    fn a_long_lexicon_is_left_out() {
        let long: Vec<String> = (0..=INDEXED_TERMS).map(|n| format!("地名{n}")).collect();
        let index = HitIndex::new(&[Lexicon::new("long".into(), None, long), lexicon(&["率"])]);
        assert_eq!(
            (index.slot(0), index.slot(1), index.slot(2)),
            (None, Some(0), None)
        );
        assert_eq!(hits(&index, "合格率"), vec![Some((6, 9))]);
    }

    proptest! {
        #[test]
        fn one_pass_finds_what_each_lexicon_finds_alone(
            lists in proptest::collection::vec(proptest::collection::vec(text(), 0..6), 1..5),
            text in text(),
        ) {
            let lexicons: Vec<Lexicon> = lists
                .iter()
                .map(|terms| Lexicon::new("l".into(), None, terms.clone()))
                .collect();
            let index = HitIndex::new(&lexicons);
            let found = hits(&index, &text);
            for (l, terms) in lists.iter().enumerate() {
                let alone = Terms::new(terms).find(&text).map(|r| (r.start, r.end));
                prop_assert_eq!(found[index.slot(l).unwrap()], alone);
            }
        }
    }
}
