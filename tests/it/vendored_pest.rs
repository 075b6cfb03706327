//! The changes jixiao makes to pest (vendor/pest/PATCHES.md), through pest's public API: a grammar that uses the
//! PUSH/POP stack still has it restored when a sequence or lookahead fails, whether its snapshot was taken of an
//! empty stack (counted) or of a full one (kept); pairs still know their line and column; ranges match ASCII and
//! other characters alike.

use pest::{ParseResult, ParserState};

#[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
enum Rule {
    Word,
}

type State<'i> = Box<ParserState<'i, Rule>>;

/// Whether the stack holds something: the whole stack (PEEK_ALL) matches more than nothing of the input at the
/// state's position; and the state after it.
fn peeks(state: State<'_>) -> (State<'_>, bool) {
    let before = state.position().pos();
    match state.stack_match_peek() {
        Ok(state) => {
            let matched = state.position().pos() > before;
            (state, matched)
        }
        Err(state) => (state, false),
    }
}

fn push_a(state: State<'_>) -> ParseResult<State<'_>> {
    state.stack_push(|s| s.match_string("a"))
}

#[test]
fn a_failed_sequence_undoes_its_push_on_an_empty_stack() {
    let state = ParserState::<Rule>::new("aa");
    let failed = state
        .sequence(|s| push_a(s).and_then(|s| s.match_string("x")))
        .unwrap_err();
    assert!(!peeks(failed).1);
}

#[test]
fn a_sequence_that_succeeds_keeps_its_push() {
    let state = ParserState::<Rule>::new("aa");
    let done = state.sequence(push_a).unwrap();
    assert!(peeks(done).1);
}

#[test]
fn a_lookahead_undoes_its_push() {
    let state = ParserState::<Rule>::new("aa");
    let looked = state.lookahead(true, push_a).unwrap();
    assert!(!peeks(looked).1);
}

#[test]
fn nested_snapshots_of_an_empty_and_a_full_stack_restore_in_turn() {
    let state = ParserState::<Rule>::new("aaa");
    // Outer sequence over an empty stack: push; an inner sequence over [a] pops and fails, which restores [a];
    // then the outer one fails, which empties the stack again.
    let mut inner_restored = false;
    let failed = state
        .sequence(|s| {
            push_a(s).and_then(|s| {
                let popped = s.sequence(|s| s.stack_pop().and_then(|s| s.match_string("x")));
                let (s, top) = peeks(popped.unwrap_err());
                inner_restored = top;
                s.match_string("x")
            })
        })
        .unwrap_err();
    assert!(inner_restored, "the inner sequence's pop is undone");
    assert!(!peeks(failed).1, "the outer sequence's push is undone");
}

#[test]
fn pairs_know_their_line_and_column() {
    let pairs = pest::state::<Rule, _>("项目\n  你好 word", |s| {
        s.match_string("项目\n  你好 ")
            .and_then(|s| s.rule(Rule::Word, |s| s.match_string("word")))
    })
    .unwrap();
    let word = pairs.into_iter().next().unwrap();
    assert_eq!(word.as_rule(), Rule::Word);
    assert_eq!(word.line_col(), (2, 6));
}

/// pest's ranges hold both ends (`'0'..'9'` is what a grammar writes `'0'..'9'`), which clippy takes for a slip.
#[allow(clippy::almost_complete_range)]
#[test]
fn ranges_match_ascii_and_other_characters_alike() {
    let matches = |input: &str, range: std::ops::Range<char>| {
        ParserState::<Rule>::new(input)
            .match_range(range)
            .map(|s| s.position().pos())
            .ok()
    };
    assert_eq!(matches("5", '0'..'9'), Some(1));
    assert_eq!(matches("a", '0'..'9'), None);
    assert_eq!(matches("٥", '0'..'9'), None);
    assert_eq!(matches("中", '\u{4E00}'..'\u{9FFF}'), Some(3));
    assert_eq!(matches("a", '\u{4E00}'..'\u{9FFF}'), None);
    assert_eq!(matches("b", 'a'..'\u{10FFFF}'), Some(1));
    assert_eq!(matches("中", 'a'..'\u{10FFFF}'), Some(3));
    assert_eq!(matches("\u{7F}", '\u{7F}'..'\u{80}'), Some(1));
    assert_eq!(matches("\u{80}", '\u{7F}'..'\u{80}'), Some(2));
    assert_eq!(matches("", '\0'..'\u{10FFFF}'), None);
}
