//! Normalising a .jx source: a byte-order mark dropped, CRLF and a lone CR turned into LF, and outside strings
//! and comments full-width forms turned into ASCII, one character for one; comments and an unterminated string
//! recorded on the way.

use super::{Comment, Span, UnterminatedString};

/// What normalising a source found.
pub(super) struct Scan {
    pub(super) text: String,
    pub(super) comments: Vec<Comment>,
    pub(super) unterminated: Option<UnterminatedString>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Code,
    /// Inside `"…"`; `escaped` after a backslash.
    Ascii {
        escaped: bool,
    },
    /// Inside `“…”`.
    Curly,
    Comment,
}

/// Maps one character typed outside a string or comment to its canonical form.
pub(super) fn canonical(c: char) -> char {
    match c {
        // Full-width ASCII forms: digits, letters, ％ ＞ ＜ ＝ ： ＃ （ ） and the rest.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '≧' => '≥',
        '≦' => '≤',
        _ => c,
    }
}

/// Strips a BOM, turns CRLF and a lone CR into LF and canonicalises characters outside strings and comments, one
/// character for one, recording comments and an unterminated string on the way.
pub(super) fn normalize(raw: &str) -> Scan {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let bytes = raw.as_bytes();
    let mut text = String::with_capacity(raw.len());
    let mut comments = Vec::new();
    let mut state = State::Code;
    let mut open = 0;
    let mut comment_start = 0;
    // Whether the comment being read follows code on its line.
    let mut trailing = false;
    let mut i = 0;
    while i < raw.len() {
        let run = copied_run(state, &bytes[i..]);
        text.push_str(&raw[i..i + run]);
        i += run;
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\r' && bytes.get(i) == Some(&b'\n') {
            continue;
        }
        let c = if c == '\r' { '\n' } else { c };
        let at = text.len();
        match state {
            State::Code => {
                let c = canonical(c);
                match c {
                    '"' => {
                        state = State::Ascii { escaped: false };
                        open = at;
                    }
                    '“' => {
                        state = State::Curly;
                        open = at;
                    }
                    '#' => {
                        state = State::Comment;
                        comment_start = at;
                        trailing = follows_code(&text);
                    }
                    _ => {}
                }
                text.push(c);
                continue;
            }
            State::Ascii { escaped } => {
                state = match (escaped, c) {
                    (false, '\\') => State::Ascii { escaped: true },
                    (false, '"') => State::Code,
                    _ => State::Ascii { escaped: false },
                };
            }
            State::Curly => {
                if c == '”' {
                    state = State::Code;
                }
            }
            State::Comment => {
                if c == '\n' {
                    comments.push(make_comment(&text, comment_start, trailing));
                    state = State::Code;
                }
            }
        }
        text.push(c);
    }
    let unterminated = match state {
        State::Ascii { .. } | State::Curly => Some(UnterminatedString {
            open: Span::new(
                open,
                open + text[open..].chars().next().map_or(1, char::len_utf8),
            ),
        }),
        State::Comment => {
            comments.push(make_comment(&text, comment_start, trailing));
            None
        }
        State::Code => None,
    };
    Scan {
        text,
        comments,
        unterminated,
    }
}

/// How many bytes from the start of `rest` `normalize` copies as they are in `state`: inside strings and comments
/// everything but line ends, up to the next character that matters (the bytes searched for are ASCII or the
/// lead byte of ”, so a run ends on a character); in code a run of characters that are their own canonical
/// form, up to a quote, a comment, a CR or a character that may change.
fn copied_run(state: State, rest: &[u8]) -> usize {
    let found = match state {
        State::Ascii { escaped: false } => memchr::memchr3(b'"', b'\\', b'\r', rest),
        State::Curly => memchr::memchr2(0xE2, b'\r', rest),
        State::Comment => memchr::memchr2(b'\n', b'\r', rest),
        State::Code => {
            // Any character but these is its own canonical form and not whitespace: the lead bytes stopped at
            // are those of every character `canonical` changes (U+00A0, U+3000, ≧ ≦, U+FF01–FF5E), of “ and of
            // every other Unicode space; Chinese text (lead bytes E4–E9) is copied in the run.
            rest.iter().position(|&b| STOPS_CODE_RUN[usize::from(b)])
        }
        State::Ascii { escaped: true } => Some(0),
    };
    found.unwrap_or(rest.len())
}

/// The bytes that end a run of code `normalize` copies as it is (see [`copied_run`]), as a table: one look-up
/// per byte rather than eight comparisons.
const STOPS_CODE_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [b'"', b'#', b'\r', 0xC2, 0xE1, 0xE2, 0xE3, 0xEF];
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether the line `text` ends on holds anything but whitespace: a comment starting there trails code. Looked
/// at only where a comment starts, so that the line ends in code need not stop a copied run.
fn follows_code(text: &str) -> bool {
    let line = text.rfind('\n').map_or(0, |at| at + 1);
    text[line..].chars().any(|c| !c.is_whitespace())
}

fn make_comment(text: &str, start: usize, trailing: bool) -> Comment {
    let body = &text[start..];
    Comment {
        span: Span::new(start, text.len()),
        text: body[1..].trim().to_string(),
        trailing,
    }
}
