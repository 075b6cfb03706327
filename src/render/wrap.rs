//! Breaking the lines of a finding's message and help for the human format: after spaces, and between Chinese
//! characters, but never before closing punctuation (，。、）” …) nor after opening punctuation (（“《 …), as
//! Chinese text is set. miette wrapped them with textwrap, whose Unicode line-breaking (ICU's segmenter) and
//! passes over each word took half of a human-format run (≈ 41,000 instructions a line); here each character is
//! looked at once and the lines are filled first-fit, as textwrap fills them, before miette indents them.

use textwrap::core::{break_words, display_width, Word};
use textwrap::wrap_algorithms::wrap_first_fit;

/// `text` broken into lines, the first at most `first` columns wide and the others `rest`: what textwrap's
/// `fill` gives with [`words`] (and no splitting at hyphens) once its indents are taken off. Its quirks are
/// kept: each line of `text` is filled from an empty word, and its first line is `first` wide.
pub fn fill(text: &str, first: usize, rest: usize) -> String {
    // Most messages fit on their first line: then they are the line, less its trailing spaces.
    let trimmed = text.trim_end_matches(' ');
    if !trimmed.contains('\n') && display_width(trimmed) <= first {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut fragments = vec![Word::from("")];
        fragments.extend(break_words(words(line), rest));
        for (i, words) in wrap_first_fit(&fragments, &[first as f64, rest as f64])
            .iter()
            .enumerate()
        {
            if i > 0 {
                out.push('\n');
            }
            if let Some((last, before)) = words.split_last() {
                for word in before {
                    out.push_str(word.word);
                    out.push_str(word.whitespace);
                }
                out.push_str(last.word);
            }
        }
    }
    out
}

/// The words of `line` for textwrap: each ends where a line may break.
pub fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut rest = line;
    Box::new(std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = word_end(rest);
        let (word, after) = rest.split_at(end);
        rest = after;
        Some(Word::from(word))
    }))
}

/// The length of the first word of `text` (not empty): up to the first place a line may break, its trailing
/// spaces included.
fn word_end(text: &str) -> usize {
    // The last character that is not a space, and whether spaces followed it.
    let mut previous: Option<(char, bool)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\u{1b}' {
            // An escape sequence (a colour) is part of the word it is in, whatever its characters.
            skip_escape(&mut chars);
            continue;
        }
        if c == ' ' {
            previous = previous.map(|(before, _)| (before, true));
            continue;
        }
        match previous {
            // After spaces, a line breaks unless an opening mark is before them or a closing one after.
            Some((before, true)) if !opens(before) && !closes(c) => return at,
            Some((before, false)) if breaks_between(before, c) => return at,
            _ => {}
        }
        previous = Some((c, false));
    }
    text.len()
}

/// Skips the rest of an escape sequence `ESC [ … final`, whose final character is in `@`..=`~`.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    if chars.next_if(|&(_, c)| c == '[').is_none() {
        return;
    }
    for (_, c) in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            return;
        }
    }
}

/// Whether a line may break between `before` and `after`, next to each other (neither a space). A straight
/// quote may open or close: no line breaks next to one (but after spaces before it).
fn breaks_between(before: char, after: char) -> bool {
    (is_wide(before) || is_wide(after))
        && !opens(before)
        && !closes(after)
        && !matches!(before, '"' | '\'')
        && !matches!(after, '"' | '\'')
}

/// Characters set one by one in Chinese text: ideographs, kana, hangul, full-width forms and CJK punctuation.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}' | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Punctuation a line must not end with.
fn opens(c: char) -> bool {
    matches!(
        c,
        '（' | '(' | '[' | '{' | '“' | '‘' | '《' | '〈' | '「' | '『' | '【' | '〔' | '［' | '｛'
    )
}

/// Punctuation a line must not start with.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '］'
            | '｝'
            | '…'
            | '—'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '％'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<&str> {
        let mut rest = line;
        let mut out = Vec::new();
        while !rest.is_empty() {
            let end = word_end(rest);
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_around_punctuation() {
        assert_eq!(
            split("成本“项目成本”写成，不是上限"),
            [
                "成", "本", "“项", "目", "成", "本”", "写", "成，", "不", "是", "上", "限"
            ]
        );
    }

    #[test]
    fn latin_words_break_after_spaces_and_keep_their_punctuation() {
        assert_eq!(
            split("the cost `项目成本` is 584 万元, no cap"),
            [
                "the ", "cost ", "`", "项", "目", "成", "本", "` ", "is ", "584 ", "万", "元, ",
                "no ", "cap"
            ]
        );
        assert_eq!(split("≥ 95%"), ["≥ ", "95%"]);
        assert_eq!(split("应跟 { … } 写"), ["应", "跟 ", "{ … } ", "写"]);
        assert_eq!(split(r#"优 "…" 良"#), ["优 ", r#""…" "#, "良"]);
    }

    /// What miette prints of `fill`'s lines, indenting them itself.
    fn indented(lines: &str, initial: &str, rest: &str) -> String {
        let mut out = String::new();
        for (i, line) in lines.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let indent = if i == 0 { initial } else { rest };
            out.push_str(if line.trim().is_empty() {
                indent.trim_end()
            } else {
                indent
            });
            out.push_str(line);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fill_breaks_lines_as_textwrap_does(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['成', '本', '，', '“', '”', '（', '）', 'a', 'b', '-', ' ', ' ', '%', '1', '\n']),
                0..60,
            ),
            width in 12usize..40,
        ) {
            let text: String = chars.into_iter().collect();
            let options = textwrap::Options::new(width)
                .initial_indent("  help: ")
                .subsequent_indent("        ")
                .word_separator(textwrap::WordSeparator::Custom(words))
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            // miette leaves out the indent's trailing space on a blank line; textwrap does not.
            let trimmed = |text: &str| text.split('\n').map(str::trim_end).collect::<Vec<_>>().join("\n");
            let ours = indented(&fill(&text, width - 8, width - 8), "  help: ", "        ");
            proptest::prop_assert_eq!(trimmed(&ours), trimmed(&textwrap::fill(&text, options)));
        }
    }

    #[test]
    fn an_escape_sequence_stays_in_its_word() {
        assert_eq!(
            split("\u{1b}[36mhelp:\u{1b}[0m 写上限"),
            ["\u{1b}[36mhelp:\u{1b}[0m ", "写", "上", "限"]
        );
        let widths: Vec<usize> = words("\u{1b}[36mhelp:\u{1b}[0m 写")
            .map(|w| w.width)
            .collect();
        assert_eq!(widths, [5, 2]);
    }
}
