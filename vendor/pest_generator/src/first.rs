// jixiao: this file is jixiao's addition to pest_generator (see PATCHES.md, change 2).

//! The characters a match of an expression can start with (its FIRST set), so that a generated choice can leave
//! out an alternative that cannot start with the next character without calling it, and the implicit whitespace
//! is not tried before a byte that cannot start it.
//!
//! A set is only given when it is sure: `None` for an expression that can match the empty text, that reads the
//! stack, or whose first characters are not known here (`ANY`, Unicode properties, `SOI`, `EOI`). A rule's set is
//! followed through references. A lookahead at the head of a sequence consumes nothing: the rest of the sequence
//! (and, where implicit whitespace may run after the lookahead, WHITESPACE and COMMENT) starts the match.
//!
//! The set is used to leave out an attempt that would fail at the next character. So it also holds the first
//! characters of a negative lookahead at the head of a sequence: the lookahead is tried before what follows it,
//! and could go past the next character, recording failures there, before it fails; with a character outside
//! its set it fails at once. Every other part tried before the failure starts at the next character.

use std::cell::RefCell;
use std::collections::HashMap;

use pest_meta::ast::RuleType;
use pest_meta::optimizer::{OptimizedExpr, OptimizedRule};

/// Sorted, disjoint, non-adjacent inclusive ranges of characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharSet(Vec<(char, char)>);

impl CharSet {
    fn single(c: char) -> Self {
        CharSet(vec![(c, c)])
    }

    fn range(low: char, high: char) -> Option<Self> {
        (low <= high).then(|| CharSet(vec![(low, high)]))
    }

    fn union(&self, other: &CharSet) -> CharSet {
        let mut all: Vec<(char, char)> = self.0.iter().chain(&other.0).copied().collect();
        all.sort_unstable();
        let mut merged: Vec<(char, char)> = Vec::with_capacity(all.len());
        for (low, high) in all {
            match merged.last_mut() {
                Some((_, last)) if (*last as u32).saturating_add(1) >= low as u32 => {
                    *last = (*last).max(high)
                }
                _ => merged.push((low, high)),
            }
        }
        CharSet(merged)
    }

    /// The ranges, for the generated `matches!`.
    pub fn ranges(&self) -> &[(char, char)] {
        &self.0
    }

    /// The first bytes of the characters' UTF-8 forms: for each range, those of its ends and every byte between
    /// them, as UTF-8 keeps the order of characters.
    pub fn lead_bytes(&self) -> [bool; 256] {
        let lead = |c: char| c.encode_utf8(&mut [0; 4]).as_bytes()[0];
        let mut bytes = [false; 256];
        for &(low, high) in &self.0 {
            for byte in lead(low)..=lead(high) {
                bytes[usize::from(byte)] = true;
            }
        }
        bytes
    }
}

/// The rules of a grammar, by name, with the FIRST sets found so far.
pub struct Grammar {
    rules: HashMap<String, (RuleType, OptimizedExpr)>,
    known: RefCell<HashMap<(String, bool), Option<CharSet>>>,
    visiting: RefCell<Vec<(String, bool)>>,
}

impl Grammar {
    /// The grammar made of `rules`.
    pub fn new(rules: &[OptimizedRule]) -> Self {
        Grammar {
            rules: rules
                .iter()
                .map(|rule| (rule.name.clone(), (rule.ty, rule.expr.clone())))
                .collect(),
            known: RefCell::default(),
            visiting: RefCell::default(),
        }
    }

    /// The FIRST set of `expr`, when sure. `atomic` says that implicit whitespace cannot run where `expr` is
    /// matched (inside an atomic or compound-atomic rule); otherwise it may.
    pub fn first(&self, expr: &OptimizedExpr, atomic: bool) -> Option<CharSet> {
        match expr {
            OptimizedExpr::Str(string) => string.chars().next().map(CharSet::single),
            OptimizedExpr::Insens(string) => {
                let c = string.chars().next()?;
                let lower = CharSet::single(c.to_ascii_lowercase());
                Some(lower.union(&CharSet::single(c.to_ascii_uppercase())))
            }
            OptimizedExpr::Range(low, high) => {
                CharSet::range(low.chars().next()?, high.chars().next()?)
            }
            OptimizedExpr::Ident(name) => self.rule(name, atomic),
            OptimizedExpr::Seq(head, tail) => match &**head {
                // `&e ~ …` matches where `e` does.
                OptimizedExpr::PosPred(ahead) => self.first(ahead, atomic),
                // `!e ~ …`: what follows the lookahead. And what `e` starts with: where `e` can start it may
                // match some way before failing, and record a failure further on than the next character.
                OptimizedExpr::NegPred(ahead) => Some(
                    self.first(ahead, atomic)?
                        .union(&self.after_lookahead(tail, atomic)?),
                ),
                head => self.first(head, atomic),
            },
            OptimizedExpr::Choice(left, right) => {
                Some(self.first(left, atomic)?.union(&self.first(right, atomic)?))
            }
            OptimizedExpr::Push(inner) | OptimizedExpr::RestoreOnErr(inner) => {
                self.first(inner, atomic)
            }
            #[cfg(feature = "grammar-extras")]
            OptimizedExpr::NodeTag(inner, _) => self.first(inner, atomic),
            #[cfg(feature = "grammar-extras")]
            OptimizedExpr::RepOnce(inner) => self.first(inner, atomic),
            _ => None,
        }
    }

    /// Whether `expr` starts with a rule call of the grammar: the alternatives whose failure costs a call, and
    /// which a look at the next character saves.
    pub fn starts_with_call(&self, expr: &OptimizedExpr) -> bool {
        match expr {
            OptimizedExpr::Ident(name) => self.rules.contains_key(name),
            OptimizedExpr::Seq(head, tail) => match &**head {
                OptimizedExpr::PosPred(inner) | OptimizedExpr::NegPred(inner) => {
                    self.starts_with_call(inner) || self.starts_with_call(tail)
                }
                head => self.starts_with_call(head),
            },
            OptimizedExpr::Push(inner) | OptimizedExpr::RestoreOnErr(inner) => {
                self.starts_with_call(inner)
            }
            _ => false,
        }
    }

    /// The FIRST set of what follows a lookahead: the rest, and where implicit whitespace may run between the two,
    /// what whitespace and comments start with.
    fn after_lookahead(&self, tail: &OptimizedExpr, atomic: bool) -> Option<CharSet> {
        let mut first = self.first(tail, atomic)?;
        if !atomic {
            for skipped in ["WHITESPACE", "COMMENT"] {
                if self.rules.contains_key(skipped) {
                    first = first.union(&self.rule(skipped, true)?);
                }
            }
        }
        Some(first)
    }

    /// The FIRST set of a rule called where implicit whitespace may (`atomic` false) or may not run.
    fn rule(&self, name: &str, atomic: bool) -> Option<CharSet> {
        let Some((ty, expr)) = self.rules.get(name) else {
            return builtin(name);
        };
        let atomic = match ty {
            RuleType::Atomic | RuleType::CompoundAtomic => true,
            RuleType::NonAtomic => false,
            RuleType::Normal | RuleType::Silent => atomic,
        };
        // WHITESPACE and COMMENT are generated atomic whatever their type.
        let atomic = atomic || name == "WHITESPACE" || name == "COMMENT";
        let key = (name.to_string(), atomic);
        if let Some(first) = self.known.borrow().get(&key) {
            return first.clone();
        }
        if self.visiting.borrow().contains(&key) {
            return None;
        }
        self.visiting.borrow_mut().push(key.clone());
        let first = self.first(expr, atomic);
        self.visiting.borrow_mut().pop();
        self.known.borrow_mut().insert(key, first.clone());
        first
    }
}

/// The FIRST sets of the built-in rules that match one ASCII character of a class or a line break.
fn builtin(name: &str) -> Option<CharSet> {
    let ranges: &[(char, char)] = match name {
        "ASCII_DIGIT" => &[('0', '9')],
        "ASCII_NONZERO_DIGIT" => &[('1', '9')],
        "ASCII_BIN_DIGIT" => &[('0', '1')],
        "ASCII_OCT_DIGIT" => &[('0', '7')],
        "ASCII_HEX_DIGIT" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
        "ASCII_ALPHA_LOWER" => &[('a', 'z')],
        "ASCII_ALPHA_UPPER" => &[('A', 'Z')],
        "ASCII_ALPHA" => &[('A', 'Z'), ('a', 'z')],
        "ASCII_ALPHANUMERIC" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
        "NEWLINE" => &[('\n', '\n'), ('\r', '\r')],
        _ => return None,
    };
    Some(CharSet(ranges.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pest_meta::ast::RuleType;

    fn rule(name: &str, ty: RuleType, expr: OptimizedExpr) -> OptimizedRule {
        OptimizedRule {
            name: name.to_string(),
            ty,
            expr,
        }
    }

    fn s(text: &str) -> OptimizedExpr {
        OptimizedExpr::Str(text.to_string())
    }

    fn id(name: &str) -> OptimizedExpr {
        OptimizedExpr::Ident(name.to_string())
    }

    fn seq(a: OptimizedExpr, b: OptimizedExpr) -> OptimizedExpr {
        OptimizedExpr::Seq(Box::new(a), Box::new(b))
    }

    fn or(a: OptimizedExpr, b: OptimizedExpr) -> OptimizedExpr {
        OptimizedExpr::Choice(Box::new(a), Box::new(b))
    }

    #[test]
    fn sets_follow_rules_and_merge() {
        let grammar = Grammar::new(&[
            rule("kw", RuleType::Atomic, or(s("分值"), s("weight"))),
            rule("digits", RuleType::Atomic, id("ASCII_DIGIT")),
            rule("item", RuleType::Normal, seq(id("kw"), id("digits"))),
        ]);
        let first = grammar.first(&or(id("item"), id("digits")), false).unwrap();
        assert_eq!(first.ranges(), &[('0', '9'), ('w', 'w'), ('分', '分')]);
        let merged = CharSet::single('a').union(&CharSet::range('b', 'd').unwrap());
        assert_eq!(merged.ranges(), &[('a', 'd')]);
        let leads = CharSet::range('\u{A0}', '\u{3000}').unwrap().union(&CharSet::single(' ')).lead_bytes();
        let set: Vec<usize> = (0..256).filter(|&byte| leads[byte]).collect();
        assert_eq!(set, [0x20, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF,
            0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF, 0xE0, 0xE1,
            0xE2, 0xE3]);
    }

    #[test]
    fn nothing_sure_gives_no_set() {
        let grammar = Grammar::new(&[
            rule("maybe", RuleType::Normal, OptimizedExpr::Opt(Box::new(s("a")))),
            rule("loop", RuleType::Normal, seq(OptimizedExpr::NegPred(Box::new(s("x"))), id("loop"))),
        ]);
        assert_eq!(grammar.first(&id("maybe"), false), None);
        assert_eq!(grammar.first(&seq(id("maybe"), s("b")), false), None);
        assert_eq!(grammar.first(&id("ANY"), false), None);
        assert_eq!(grammar.first(&or(s("a"), id("XID_START")), false), None);
        assert_eq!(grammar.first(&s(""), false), None);
        assert_eq!(grammar.first(&id("loop"), false), None);
    }

    #[test]
    fn whitespace_may_follow_a_lookahead_where_it_is_skipped() {
        let grammar = Grammar::new(&[
            rule("WHITESPACE", RuleType::Silent, or(s(" "), s("#"))),
            rule("name", RuleType::Atomic, s("n")),
        ]);
        let guarded = seq(OptimizedExpr::NegPred(Box::new(s("x"))), id("name"));
        assert_eq!(grammar.first(&guarded, true).unwrap().ranges(), &[('n', 'n'), ('x', 'x')]);
        assert_eq!(
            grammar.first(&guarded, false).unwrap().ranges(),
            &[(' ', ' '), ('#', '#'), ('n', 'n'), ('x', 'x')]
        );
        let ahead = seq(OptimizedExpr::PosPred(Box::new(s("d"))), id("name"));
        assert_eq!(grammar.first(&ahead, false).unwrap().ranges(), &[('d', 'd')]);
        let unknown_ahead = seq(OptimizedExpr::NegPred(Box::new(id("ANY"))), id("name"));
        assert_eq!(grammar.first(&unknown_ahead, false), None);
    }
}
