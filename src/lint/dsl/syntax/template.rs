//! Message, help and fix templates as written: text with `{expression}` placeholders; `{{` and `}}` stand for
//! braces. Split here, once, for the compiler and for `build.rs` (which reads the built-in placeholders ahead).

/// A piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as it is shown (`{{` is given as `{`).
    Text(&'a str),
    /// What is between `{` and `}`.
    Placeholder(&'a str),
    /// A `}` with no `{` before it: the template ends here.
    StrayClose,
    /// A `{` with no `}` after it: the template ends here.
    Unclosed,
}

/// The pieces of `template`, in order; an error piece ends them.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    // Braces are ASCII: searching the bytes finds the same places as searching the characters, faster.
    while let Some(i) = rest.bytes().position(|b| b == b'{' || b == b'}') {
        if i > 0 {
            pieces.push(Piece::Text(&rest[..i]));
        }
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            pieces.push(Piece::Text(&tail[..1]));
            rest = &tail[2..];
            continue;
        }
        if tail.starts_with('}') {
            pieces.push(Piece::StrayClose);
            return pieces;
        }
        let Some(end) = tail.bytes().position(|b| b == b'}') else {
            pieces.push(Piece::Unclosed);
            return pieces;
        };
        pieces.push(Piece::Placeholder(&tail[1..end]));
        rest = &tail[end + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_braces_and_placeholders_come_apart_in_order() {
        assert_eq!(
            pieces("写 {{单位}}：{name}（{number(text)}）"),
            vec![
                Piece::Text("写 "),
                Piece::Text("{"),
                Piece::Text("单位"),
                Piece::Text("}"),
                Piece::Text("："),
                Piece::Placeholder("name"),
                Piece::Text("（"),
                Piece::Placeholder("number(text)"),
                Piece::Text("）"),
            ]
        );
    }

    #[test]
    fn a_stray_or_unclosed_brace_ends_the_pieces() {
        assert_eq!(
            pieces("a } {b}"),
            vec![Piece::Text("a "), Piece::StrayClose]
        );
        assert_eq!(pieces("a {b"), vec![Piece::Text("a "), Piece::Unclosed]);
        assert_eq!(pieces(""), vec![]);
    }
}
