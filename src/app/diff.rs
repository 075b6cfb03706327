//! The unified diffs of `fmt --diff` and `check --diff`.

use similar::TextDiff;
use std::time::{Duration, Instant};

/// How long one file's diff may search for the fewest changed lines before it settles for more (still a correct
/// diff: the rest of the text is shown removed and added). Myers' search takes time in the file's length times
/// the number of changes; only a file of tens of thousands of changed lines comes near this, and there the diff
/// shown may differ from one run to the next.
const SEARCH_LIMIT: Duration = Duration::from_secs(1);

/// A unified diff from `old` to `new`, both named `path`, with three lines of context.
pub fn unified(old: &str, new: &str, path: &str) -> String {
    TextDiff::configure()
        .deadline(Instant::now() + SEARCH_LIMIT)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}
