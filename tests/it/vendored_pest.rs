//! The changes jixiao makes to pest (vendor/pest/PATCHES.md), through pest's public API: a grammar that uses the
//! PUSH/POP stack still has it restored when a sequence or lookahead fails, whether its snapshot was taken of an
//! empty stack (counted) or of a full one (kept); pairs still know their line and column; ranges match ASCII and
//! other characters alike. And the changes to pest_generator (vendor/pest_generator/PATCHES.md), through derived
//! grammars: implicit whitespace is skipped whatever it starts with, and only whitespace is; a choice leaves out
//! the alternatives the next character rules out, finding what it found and failing where it failed.

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
    // The lines are indexed when a pair is first asked for its line, once for all the pairs of the parse.
    let pairs = pest::state::<Rule, _>("项目\n  你好 word\n\n  word word", |s| {
        s.match_string("项目\n  你好 ")
            .and_then(|s| s.rule(Rule::Word, |s| s.match_string("word")))
            .and_then(|s| s.match_string("\n\n  "))
            .and_then(|s| s.rule(Rule::Word, |s| s.match_string("word")))
            .and_then(|s| s.match_string(" "))
            .and_then(|s| s.rule(Rule::Word, |s| s.match_string("word")))
    })
    .unwrap();
    let words: Vec<_> = pairs.into_iter().collect();
    assert!(words.iter().all(|word| word.as_rule() == Rule::Word));
    assert_eq!(words[2].line_col(), (4, 8));
    assert_eq!(words[0].line_col(), (2, 6));
    assert_eq!(words[1].line_col(), (4, 3));
    assert_eq!(words[1].as_span().end_pos().line_col(), (4, 7));
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

/// A grammar whose WHITESPACE is a run (`e+`): the generated skip tries it once, after a look at the next byte
/// (vendor/pest_generator); characters past ASCII are a string (U+3000) and a range
/// (U+00A0–U+200A) whose characters start with different bytes.
mod run_parser {
    #[derive(pest_derive::Parser)]
    #[grammar_inline = r##"
WHITESPACE = _{ (" " | "\t" | "\n" | "\u{3000}" | '\u{A0}'..'\u{200A}' | "#" ~ (!"\n" ~ ANY)*)+ }
words = { SOI ~ word ~ ("," ~ word)* ~ EOI }
word = @{ ASCII_ALPHA+ }
"##]
    pub struct RunParser;
}
use run_parser::RunParser;

/// A grammar whose WHITESPACE is one character: the generated skip repeats it.
mod char_parser {
    #[derive(pest_derive::Parser)]
    #[grammar_inline = r##"
WHITESPACE = _{ " " | "\t" }
words = { SOI ~ word ~ ("," ~ word)* ~ EOI }
word = @{ ASCII_ALPHA+ }
"##]
    pub struct CharParser;
}
use char_parser::CharParser;

/// The words a parse found, or the offset where it failed.
fn words<R: pest::RuleType>(
    parsed: Result<pest::iterators::Pairs<'_, R>, pest::error::Error<R>>,
) -> Result<Vec<String>, usize> {
    match parsed {
        Ok(pairs) => Ok(pairs
            .flatten()
            .filter(|pair| pair.clone().into_inner().next().is_none() && !pair.as_str().is_empty())
            .map(|pair| pair.as_str().to_owned())
            .collect()),
        Err(error) => Err(match error.location {
            pest::error::InputLocation::Pos(pos) | pest::error::InputLocation::Span((pos, _)) => {
                pos
            }
        }),
    }
}

#[test]
fn a_whitespace_run_is_skipped_whatever_it_starts_with() {
    use pest::Parser;
    let parse = |input: &str| words(RunParser::parse(run_parser::Rule::words, input));
    for space in [
        " ",
        "\t",
        "\n",
        "\u{3000}",
        "\u{A0}",
        "é",
        "\u{1680}",
        "\u{2005}",
        "\u{200A}",
        "# note\n",
        " \t\n",
        "\u{3000} # note\n\u{2003}",
    ] {
        let input = format!("a{space},{space}b{space}");
        assert_eq!(parse(&input), Ok(vec!["a".into(), "b".into()]), "{input:?}");
    }
    assert_eq!(parse("a,b"), Ok(vec!["a".into(), "b".into()]));
}

#[test]
fn what_is_no_whitespace_is_not_skipped() {
    use pest::Parser;
    let parse = |input: &str| words(RunParser::parse(run_parser::Rule::words, input));
    // U+200B (zero width space) is past the range; U+3001 shares U+3000's first byte and is not a space.
    for (input, at) in [
        ("a ;b", 2),
        ("a,\u{200B}b", 2),
        ("a,\u{3001}b", 2),
        ("a, b c", 5),
    ] {
        assert_eq!(parse(input), Err(at), "{input:?}");
    }
}

#[test]
fn a_whitespace_of_one_character_is_repeated() {
    use pest::Parser;
    let parse = |input: &str| words(CharParser::parse(char_parser::Rule::words, input));
    assert_eq!(parse("a  \t , \t b \t"), Ok(vec!["a".into(), "b".into()]));
    assert_eq!(parse("a\n,b"), Err(1));
}

/// A grammar of choices whose alternatives start with rule calls: keywords (Chinese ones sharing their first
/// byte), digits behind a positive lookahead, lookaheads that can read past the next character before they fail
/// (`blocked` never matches: what follows its lookahead cannot start where the lookahead does), and a choice
/// inside brackets whose failure is the furthest one.
mod choice_parser {
    #[derive(pest_derive::Parser)]
    #[grammar_inline = r##"
WHITESPACE = _{ " " | "\n" }
items = { SOI ~ item* ~ EOI }
item = _{ weight | basis | source | percent | guarded | ahead | blocked | tagged | count }
weight = { kw_weight ~ number }
kw_weight = @{ "分值" | "weight" }
basis = { kw_basis ~ word }
kw_basis = @{ "取值依据" | "依据" | "basis" }
source = { kw_source ~ word }
kw_source = @{ "来源" | "source" }
percent = { &(number ~ "%") ~ number ~ "%" }
guarded = { !(aa ~ bee ~ "!") ~ "c" ~ word }
ahead = { &(aa ~ bee ~ "?") ~ aa ~ bee ~ "?" }
blocked = { &(pee ~ bee) ~ "q" }
tagged = { "<" ~ (weight | basis) ~ ">" }
count = { number }
pee = { "p" }
aa = { "a" }
bee = { "b" }
number = @{ ASCII_DIGIT+ }
word = @{ ASCII_ALPHA+ }
"##]
    pub struct ChoiceParser;
}
use choice_parser::{ChoiceParser, Rule as ChoiceRule};

/// The rules of the items a parse of `input` found.
fn choices(input: &str) -> Result<Vec<ChoiceRule>, usize> {
    use pest::Parser;
    match ChoiceParser::parse(ChoiceRule::items, input) {
        Ok(mut pairs) => Ok(pairs
            .next()
            .unwrap()
            .into_inner()
            .map(|pair| pair.as_rule())
            .filter(|rule| *rule != ChoiceRule::EOI)
            .collect()),
        Err(error) => Err(offset(&error)),
    }
}

fn offset<R: pest::RuleType>(error: &pest::error::Error<R>) -> usize {
    match error.location {
        pest::error::InputLocation::Pos(pos) | pest::error::InputLocation::Span((pos, _)) => pos,
    }
}

#[test]
fn a_choice_finds_each_alternative_after_the_others() {
    use ChoiceRule::*;
    assert_eq!(
        choices("分值 3 weight 4 依据 a 取值依据 b basis c 来源 d source e 5% cx ab? <依据 f> 6"),
        Ok(vec![
            weight, weight, basis, basis, basis, source, source, percent, guarded, ahead, tagged,
            count
        ])
    );
    assert_eq!(
        choices("6 5% 来源 x 分值 1"),
        Ok(vec![count, percent, source, weight])
    );
}

#[test]
fn a_choice_fails_where_it_fails_with_error_detail() {
    use pest::Parser;
    // Failing inputs: each alternative started and left unfinished, characters no alternative starts with, and
    // lookaheads that read on before they fail (`ab!`, `ab`, `5`, `pb`), and brackets whose content fails.
    for input in [
        "x",
        "分值",
        "分值 x",
        "依",
        "取值依据 1",
        "来 x",
        "5 %%",
        "5%%",
        "c1",
        "cx ab!",
        "ab",
        "a",
        "ab? 分",
        "，",
        "1 2 3 @",
        "weight 1 basis",
        "\u{4E00}",
        "ab!c",
        "5% 来源",
        "pb",
        "px",
        "< x",
        "<分值 1 x",
        "1 < ",
    ] {
        let quick = ChoiceParser::parse(ChoiceRule::items, input)
            .map(|_| ())
            .map_err(|e| offset(&e));
        let full = pest::with_error_detail(|| ChoiceParser::parse(ChoiceRule::items, input))
            .map(|_| ())
            .map_err(|e| offset(&e));
        assert!(full.is_err(), "{input:?} should fail");
        assert_eq!(quick, full, "{input:?}");
    }
}

#[test]
fn without_error_detail_the_ruled_out_alternatives_are_not_tried() {
    use pest::Parser;
    let expected = |error: pest::error::Error<ChoiceRule>| match error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
        pest::error::ErrorVariant::CustomError { .. } => unreachable!(),
    };
    // After `weight 1`, the next item is tried at `@`: with error detail every alternative is, and the error
    // lists the keywords; without it, none that `@` cannot start is.
    let quick = expected(ChoiceParser::parse(ChoiceRule::items, "weight 1 @").unwrap_err());
    let full = expected(
        pest::with_error_detail(|| ChoiceParser::parse(ChoiceRule::items, "weight 1 @"))
            .unwrap_err(),
    );
    assert!(full.contains(&ChoiceRule::kw_basis), "{full:?}");
    assert!(!quick.contains(&ChoiceRule::kw_basis), "{quick:?}");
    assert!(
        quick.iter().all(|rule| full.contains(rule)),
        "{quick:?} {full:?}"
    );
    // The detail is off again after `with_error_detail`, and on inside nested calls.
    let again = expected(ChoiceParser::parse(ChoiceRule::items, "weight 1 @").unwrap_err());
    assert_eq!(again, quick);
    let nested = pest::with_error_detail(|| {
        pest::with_error_detail(|| ());
        expected(ChoiceParser::parse(ChoiceRule::items, "weight 1 @").unwrap_err())
    });
    assert_eq!(nested, full);
}
