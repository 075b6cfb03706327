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
    let mut line_has_code = false;
    let mut i = 0;
    while i < raw.len() {
        let run = copied_run(state, &bytes[i..], &mut line_has_code);
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
                    }
                    _ => {}
                }
                if c == '\n' {
                    line_has_code = false;
                } else if !c.is_whitespace() && c != '#' {
                    line_has_code = true;
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
                    comments.push(make_comment(&text, comment_start, line_has_code));
                    state = State::Code;
                    line_has_code = false;
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
            comments.push(make_comment(&text, comment_start, line_has_code));
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
/// form, up to a quote, a comment, a line end or a character that may change (noting whether it holds code).
fn copied_run(state: State, rest: &[u8], line_has_code: &mut bool) -> usize {
    let found = match state {
        State::Ascii { escaped: false } => memchr::memchr3(b'"', b'\\', b'\r', rest),
        State::Curly => memchr::memchr2(0xE2, b'\r', rest),
        State::Comment => memchr::memchr2(b'\n', b'\r', rest),
        State::Code => {
            // Any character but these is its own canonical form and not whitespace: the lead bytes stopped at
            // are those of every character `canonical` changes (U+00A0, U+3000, ≧ ≦, U+FF01–FF5E), of “ and of
            // every other Unicode space; Chinese text (lead bytes E4–E9) is copied in the run.
            let run = rest
                .iter()
                .position(|&b| {
                    matches!(
                        b,
                        b'"' | b'#' | b'\r' | b'\n' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF
                    )
                })
                .unwrap_or(rest.len());
            *line_has_code |= rest[..run].iter().any(|&b| !char::from(b).is_whitespace());
            Some(run)
        }
        State::Ascii { escaped: true } => Some(0),
    };
    found.unwrap_or(rest.len())
}

fn make_comment(text: &str, start: usize, trailing: bool) -> Comment {
    let body = &text[start..];
    Comment {
        span: Span::new(start, text.len()),
        text: body[1..].trim().to_string(),
        trailing,
    }
}
