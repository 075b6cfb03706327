//! The characters one of which every match of a regex contains, when there are only a few: a text without any
//! of them cannot match, and the regex's automaton is not run on it.
//!
//! Most of the rules' regexes look for words that are rare in the texts they search (`×{2,}`, `[(（]…`,
//! `(发放|兑付|拨付|支付)率$`), so most searches find nothing; a lazy DFA reads every byte of the text to say so,
//! where looking for two or three characters is a few comparisons a character. The set is read off the regex's
//! syntax tree: a literal needs its first character; a class of a few characters, one of them; a repetition at
//! least once, what its part needs; a concatenation, what its part with the fewest needs; an alternation, what
//! any of its branches needs. A regex that can match without any such character (`x*`, `^\s*$`, a large class)
//! has no set and is always searched.

use regex_syntax::hir::{Class, Hir, HirKind};

/// The most characters a set holds: beyond that, looking for them costs about what the lazy DFA does.
const MOST: usize = 16;

/// Characters one of which every match contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    /// Sorted, without repeats.
    chars: Box<[char]>,
    /// The distinct last bytes of their UTF-8 forms: a text is searched for these (the last byte of a Chinese
    /// character tells it apart far better than its first), and each byte found checked against the characters.
    ends: Box<[u8]>,
    /// The same bytes as a set: bit `b` is set for each.
    table: [u64; 4],
}

impl Required {
    /// The set of `hir`, if it has one of at most sixteen characters.
    pub fn of(hir: &Hir) -> Option<Required> {
        let chars = needed(hir)?;
        let mut ends: Vec<u8> = chars
            .iter()
            .map(|c| {
                let mut buffer = [0; 4];
                let encoded = c.encode_utf8(&mut buffer).as_bytes();
                encoded[encoded.len() - 1]
            })
            .collect();
        ends.sort_unstable();
        ends.dedup();
        let mut table = [0u64; 4];
        for &end in &ends {
            table[usize::from(end / 64)] |= 1 << (end % 64);
        }
        Some(Required {
            chars: chars.into_boxed_slice(),
            ends: ends.into_boxed_slice(),
            table,
        })
    }

    /// Whether `text` holds one of the characters: where it does not, the regex does not match.
    pub fn may_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let holds_one_ending_at = |end: usize| {
            // A character ends at `end` when a boundary follows; it starts at the last boundary before.
            let start = (end.saturating_sub(3)..=end)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(end);
            text.get(start..=end)
                .and_then(|found| found.chars().next())
                .is_some_and(|c| self.chars.binary_search(&c).is_ok())
        };
        match *self.ends {
            [a] => memchr::memchr_iter(a, bytes).any(holds_one_ending_at),
            [a, b] => memchr::memchr2_iter(a, b, bytes).any(holds_one_ending_at),
            [a, b, c] => memchr::memchr3_iter(a, b, c, bytes).any(holds_one_ending_at),
            _ => bytes.iter().enumerate().any(|(at, &b)| {
                self.table[usize::from(b / 64)] >> (b % 64) & 1 == 1 && holds_one_ending_at(at)
            }),
        }
    }
}

/// The characters one of which every match of `hir` contains, sorted; `None` when there is no such set of at
/// most [`MOST`] characters (or it is not worth finding).
fn needed(hir: &Hir) -> Option<Vec<char>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
            .ok()?
            .chars()
            .next()
            .map(|c| vec![c]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut chars = Vec::new();
            for range in class.iter() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                if chars.len() + (end - start) as usize + 1 > MOST {
                    return None;
                }
                chars.extend((start..=end).filter_map(char::from_u32));
            }
            Some(chars)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(repetition) if repetition.min > 0 => needed(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => needed(&capture.sub),
        HirKind::Concat(parts) => parts.iter().filter_map(needed).min_by_key(Vec::len),
        HirKind::Alternation(branches) => {
            let mut chars = Vec::new();
            for branch in branches {
                chars.extend(needed(branch)?);
                if chars.len() > MOST {
                    return None;
                }
            }
            chars.sort_unstable();
            chars.dedup();
            Some(chars)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn required(pattern: &str) -> Option<String> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        Required::of(&hir).map(|r| r.chars.iter().collect())
    }

    #[test]
    fn the_set_is_what_every_match_needs() {
        assert_eq!(required("×{2,}").as_deref(), Some("×"));
        assert_eq!(required("(发放|兑付|拨付|支付)率$").as_deref(), Some("率"));
        assert_eq!(required("(及时|按时)\\S{0,8}率").as_deref(), Some("率"));
        // The first of the parts with fewest characters: the opening brackets, not the closing ones.
        assert_eq!(required("[(（][^()（）]*[)）]").as_deref(), Some("(（"));
        assert_eq!(
            required("×{2,}|[(（][^()（）]*(XX|××)[^()（）]*[)）]|^\\s*(三级)?指标\\s*$")
                .as_deref(),
            Some("(×指（")
        );
        assert_eq!(required("(?i)xx").as_deref(), Some("Xx"));
    }

    /// A byte searched for inside another character (刀 is E5 88 80, （ ends in 88) is no match; at the end of
    /// one, its character is compared.
    #[test]
    fn only_whole_characters_count() {
        let hir = regex_syntax::Parser::new().parse("（|×{2}").unwrap();
        let required = Required::of(&hir).unwrap();
        assert!(!required.may_match("刀剑"));
        assert!(required.may_match("刀（剑"));
        assert!(required.may_match("××"));
        let hir = regex_syntax::Parser::new().parse("（|甲|乙|丙|丁").unwrap();
        let required = Required::of(&hir).unwrap();
        assert!(!required.may_match("刀剑"));
        assert!(required.may_match("刀剑丁"));
    }

    #[test]
    fn a_regex_that_can_match_without_a_few_characters_has_none() {
        for pattern in [
            "",
            "x*",
            "^\\s*$",
            "\\d+",
            "[^年]度?",
            "a|b*",
            "\\w率?",
            "[^()]",
        ] {
            assert_eq!(required(pattern), None, "{pattern}");
        }
    }

    proptest! {
        /// Looking for the characters by their last bytes finds what looking at every character finds, in any
        /// text (a last byte searched for also stands inside other characters).
        #[test]
        fn the_bytes_searched_find_the_characters(
            set in proptest::collection::vec(any::<char>(), 1..6),
            text in any::<String>(),
        ) {
            let pattern: String = set.iter().map(|c| regex_syntax::escape(&c.to_string())).collect::<Vec<_>>().join("|");
            let hir = regex_syntax::Parser::new().parse(&pattern).unwrap();
            let required = Required::of(&hir).unwrap();
            let naive = text.chars().any(|c| set.contains(&c));
            prop_assert_eq!(required.may_match(&text), naive, "{:?} in {:?}", set, text);
            let with = format!("{text}{}{text}", set[set.len() - 1]);
            prop_assert!(required.may_match(&with), "{:?} in {:?}", set, with);
        }

        /// A text the set says cannot match does not match.
        #[test]
        fn a_text_without_the_characters_does_not_match(
            pattern in "(率|[(（]|发放|×{2,}|[a-c]|x*|\\\\d|\\.|[|]|[(]|[)]|[?]){1,6}",
            text in "[率(（)×abcx1发放 ]{0,12}",
        ) {
            let Ok(hir) = regex_syntax::Parser::new().parse(&pattern) else {
                return Ok(());
            };
            let Some(required) = Required::of(&hir) else {
                return Ok(());
            };
            let regex = regex::Regex::new(&pattern).unwrap();
            if !required.may_match(&text) {
                prop_assert!(!regex.is_match(&text), "{pattern} matches {text:?}");
            }
        }
    }
}
