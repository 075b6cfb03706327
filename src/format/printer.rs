//! The printer: lines, indentation and spacing, with every comment of the source put back where it stood.
//!
//! The formatter hands over tokens with the offset they had in the source. Breaks between tokens are lazy: a
//! line break asked for after a token is only written when the next token (or comment) arrives, so that a
//! comment that trailed the token in the source can still be appended to its line. Before each token, every
//! comment that started earlier in the source is written: a trailing comment at the end of the current line, an
//! own-line comment on a line of its own. A comment that interrupts an item (`"名称" # 注释` followed by the
//! target on the next line) breaks the item there; the rest continues one level deeper.

use crate::source::Comment;
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

/// Two spaces per level.
const INDENT: &str = "  ";

/// What separates the last token written from the next one, in increasing strength.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    /// Nothing: the tokens touch.
    None,
    /// One space.
    Space,
    /// Two spaces, between the attributes of a one-line block.
    Wide,
    /// A line break.
    Line,
    /// A line break and one empty line.
    Blank,
}

/// Lays out tokens and comments into text.
pub(super) struct Printer<'a> {
    /// The normalised source, for comment texts and blank lines.
    text: &'a str,
    comments: &'a [Comment],
    /// The next comment not yet written.
    next: usize,
    /// Comments written at the end of their node's first line instead of where they stood.
    moved: Vec<bool>,
    /// Node start → the moved comments that belong at the end of the node's first line.
    attached: HashMap<usize, Vec<usize>>,
    /// Moved comments to write at the next line break.
    due: Vec<usize>,
    /// Offsets of tokens that must start a line (continuing their item), sorted.
    breaks: Vec<usize>,
    out: String,
    indent: usize,
    /// How many levels each open block added: one, or two when it opened on a continuation line.
    blocks: Vec<usize>,
    pending: Break,
    /// Whether an empty line of the source before the next line may be kept (not right after `{`).
    keep_blank: bool,
    /// Whether the next line continues an item that a comment broke.
    continuation: bool,
    /// The text the output is compared with, line by line, when only whether they differ is wanted.
    expected: Option<&'a str>,
    /// How much of the output has been compared: up to the end of its last finished line.
    compared: usize,
    /// Whether a finished line of the output differs from the expected text.
    diverged: bool,
}

impl<'a> Printer<'a> {
    /// A printer for `text` that puts back `comments`; `attached` lists the trailing comments to write at the end
    /// of the first line of the node starting at the given offset, `breaks` the tokens that must start a line.
    pub(super) fn new(
        text: &'a str,
        comments: &'a [Comment],
        attached: &[(usize, usize)],
        mut breaks: Vec<usize>,
    ) -> Self {
        breaks.sort_unstable();
        let mut moved = vec![false; comments.len()];
        let mut nodes: HashMap<usize, Vec<usize>> = HashMap::new();
        for &(node, comment) in attached {
            moved[comment] = true;
            nodes.entry(node).or_default().push(comment);
        }
        Printer {
            text,
            comments,
            next: 0,
            moved,
            attached: nodes,
            due: Vec::new(),
            breaks,
            // The text formatted is about as long as the source: room for it, and some, from the start.
            out: String::with_capacity(text.len() + text.len() / 4),
            indent: 0,
            blocks: Vec::new(),
            pending: Break::Line,
            keep_blank: false,
            continuation: false,
            expected: None,
            compared: 0,
            diverged: false,
        }
    }

    /// The printer, comparing each line it finishes with `expected` (see [`Printer::diverged`]).
    pub(super) fn expecting(mut self, expected: &'a str) -> Self {
        self.expected = Some(expected);
        self
    }

    /// Whether a finished line of the output differs from the text given to [`Printer::expecting`]: the output
    /// can then never be that text (what was compared is never written again), and the rest need not be laid
    /// out.
    pub(super) fn diverged(&self) -> bool {
        self.diverged
    }

    /// A printer without comments, for trying a fragment on one line, with room for `room` bytes of it.
    pub(super) fn quiet(text: &'a str, room: usize) -> Self {
        // Made for an empty text, then given the room asked for: a fragment that fits is written without growing
        // (it grew five times from nothing).
        let mut printer = Printer::new("", &[], &[], Vec::new());
        printer.text = text;
        printer.pending = Break::None;
        printer.out = String::with_capacity(room);
        printer
    }

    /// Writes `token`, which stood at `at` in the source.
    pub(super) fn token(&mut self, at: usize, token: &str) {
        self.flush_comments(at);
        self.break_before(at);
        self.resolve(at);
        self.out.push_str(token);
    }

    /// Marks the start of a node (declaration, level 1, level 2, indicator) at `at`: the comments that precede
    /// it are written, and the comments attached to it become due at the end of its first line.
    pub(super) fn start_node(&mut self, at: usize) {
        self.flush_comments(at);
        self.break_before(at);
        self.resolve(at);
        if let Some(comments) = self.attached.get(&at) {
            self.due.extend(comments);
        }
    }

    /// One space before the next token.
    pub(super) fn space(&mut self) {
        self.pending = self.pending.max(Break::Space);
    }

    /// Two spaces before the next token.
    pub(super) fn wide(&mut self) {
        self.pending = self.pending.max(Break::Wide);
    }

    /// The next token starts a line of the current block; one empty line of the source before it is kept.
    pub(super) fn line(&mut self) {
        self.pending = self.pending.max(Break::Line);
        self.keep_blank = true;
        self.continuation = false;
    }

    /// One empty line before the next token.
    pub(super) fn blank(&mut self) {
        self.pending = Break::Blank;
        self.continuation = false;
    }

    /// Writes the `{` at `at` and starts a block one level deeper.
    pub(super) fn open_block(&mut self, at: usize) {
        self.token(at, "{");
        let levels = 1 + usize::from(self.continuation);
        self.blocks.push(levels);
        self.indent += levels;
        self.pending = Break::Line;
        self.keep_blank = false;
        self.continuation = false;
    }

    /// Writes the comments left in the block, then the `}` at `at` on a line of its own, level with the line
    /// of its `{`.
    pub(super) fn close_block(&mut self, at: usize) {
        self.line();
        self.flush_comments(at);
        let levels = self.blocks.pop().unwrap_or(1);
        self.indent -= levels;
        self.pending = self.pending.max(Break::Line);
        self.keep_blank = false;
        self.continuation = levels > 1;
        self.token(at, "}");
    }

    /// Whether a comment that is written where it stood starts between `from` and `to` in the source.
    pub(super) fn has_comment_in(&self, from: usize, to: usize) -> bool {
        let first = self.comments.partition_point(|c| c.span.start <= from);
        let last = self.comments.partition_point(|c| c.span.start < to);
        (first..last).any(|index| !self.moved[index])
    }

    /// Whether a comment written where it stood trails the token that ends at `at`, on the same source line.
    pub(super) fn has_comment_after(&self, at: usize) -> bool {
        let next = self.comments.partition_point(|c| c.span.start < at);
        self.comments.get(next).is_some_and(|comment| {
            !self.moved[next] && !self.text[at..comment.span.start].contains('\n')
        })
    }

    /// Whether a token between `from` and `to` must start a line.
    pub(super) fn has_break_in(&self, from: usize, to: usize) -> bool {
        let first = self.breaks.partition_point(|&at| at <= from);
        self.breaks.get(first).is_some_and(|&at| at < to)
    }

    /// Whether comments wait for the end of the current line.
    pub(super) fn has_due(&self) -> bool {
        !self.due.is_empty()
    }

    /// The display width of the current line so far (CJK characters count two columns).
    pub(super) fn column(&self) -> usize {
        let line = self.out.rsplit('\n').next().unwrap_or("");
        line.width()
    }

    /// At most [`Printer::column`]: the bytes of the line written so far, as no character is wider than the
    /// bytes it takes (a wide one takes three or four); no character's width is looked up.
    pub(super) fn column_at_most(&self) -> usize {
        self.out.rsplit('\n').next().unwrap_or("").len()
    }

    /// The text written, for a fragment.
    pub(super) fn fragment(self) -> String {
        self.out
    }

    /// Writes the comments left at the end of the source and ends the text with one line break.
    pub(super) fn finish(mut self) -> String {
        self.flush_comments(usize::MAX);
        self.emit_due();
        trim_line_end(&mut self.out);
        self.out.push('\n');
        self.out
    }

    fn flush_comments(&mut self, at: usize) {
        while let Some(comment) = self.comments.get(self.next) {
            if comment.span.start >= at {
                break;
            }
            let index = self.next;
            self.next += 1;
            if !self.moved[index] {
                self.comment(index);
            }
        }
    }

    /// Starts a line before the token at `at` if it must start one.
    fn break_before(&mut self, at: usize) {
        if self.pending < Break::Line && self.breaks.binary_search(&at).is_ok() {
            self.pending = Break::Line;
            self.keep_blank = false;
            self.continuation = true;
        }
    }

    /// Writes one comment where it stood: after the code of the current line if it trailed code, else on a line
    /// of its own. Either way the next token starts a new line.
    fn comment(&mut self, index: usize) {
        let comment = &self.comments[index];
        let text = self.text[comment.span.range()].trim_end();
        if self.pending < Break::Line {
            // The comment interrupts an item: what follows continues one level deeper.
            self.pending = Break::Line;
            self.keep_blank = false;
            self.continuation = true;
        }
        if comment.trailing && !self.out.is_empty() && self.due.is_empty() {
            self.out.push_str("  ");
            self.out.push_str(text);
        } else {
            self.resolve(comment.span.start);
            self.out.push_str(text);
            self.pending = Break::Line;
            self.keep_blank = true;
        }
    }

    /// Writes the break pending before a token or comment at `at`.
    fn resolve(&mut self, at: usize) {
        match std::mem::replace(&mut self.pending, Break::None) {
            Break::None => {}
            Break::Space => self.out.push(' '),
            Break::Wide => self.out.push_str("  "),
            pending @ (Break::Line | Break::Blank) => {
                self.emit_due();
                if self.out.is_empty() {
                    return;
                }
                trim_line_end(&mut self.out);
                self.out.push('\n');
                self.compare();
                if pending == Break::Blank || (self.keep_blank && self.blank_before(at)) {
                    self.out.push('\n');
                }
                let depth = self.indent + usize::from(self.continuation);
                for _ in 0..depth {
                    self.out.push_str(INDENT);
                }
            }
        }
    }

    /// Writes the moved comments due at the end of this line.
    fn emit_due(&mut self) {
        for index in std::mem::take(&mut self.due) {
            let comment = &self.comments[index];
            self.out.push_str("  ");
            self.out
                .push_str(self.text[comment.span.range()].trim_end());
        }
    }

    /// Whether an empty line separates `at` from the code or comment before it in the source.
    fn blank_before(&self, at: usize) -> bool {
        let before = &self.text[..at];
        let code = before.trim_end_matches([' ', '\t', '\n', '\r']);
        before[code.len()..].matches('\n').count() >= 2
    }
}

impl Printer<'_> {
    /// Compares what was written since the last comparison, which ends a line, with the expected text. Only the
    /// last line of the output is ever trimmed or written to, so what is compared stays as it was.
    fn compare(&mut self) {
        let Some(expected) = self.expected else {
            return;
        };
        let written = &self.out.as_bytes()[self.compared..];
        if expected.as_bytes().get(self.compared..self.out.len()) != Some(written) {
            self.diverged = true;
        }
        self.compared = self.out.len();
    }
}

/// Removes the spaces and tabs at the end of the text's last line.
fn trim_line_end(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
}
