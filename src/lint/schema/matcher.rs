//! A rule's compiled regular expression, built from regex-automata's engines for what rules do with it: tell
//! whether a short text matches and where (`matches`), and replace the matches (`replace`).
//!
//! The texts are the names and values of indicators, tens of characters long, and a small run builds every
//! regex of the built-in rules; so building is what counts. The meta engine of the `regex` crate builds, for
//! each regex, a forward and a reverse NFA (each compiler allocating and freeing its own tables of UTF-8
//! states), a full DFA when the NFA is small, and a literal prefilter. Here one forward NFA is compiled per
//! regex, by a compiler kept per thread, so that its tables are made once; a lazy DFA over it (states built as
//! searches need them) tells whether a text matches; only then, where: by the bounded backtracker (fast on short
//! texts) for a regex's first matches, then by a reverse lazy DFA from the end the forward one finds, as the
//! `regex` crate does, built once the regex has matched often (most regexes of a small run match a few times or
//! never). A lazy DFA that cannot search (a Unicode word boundary, a cache that thrashes) leaves the answer to the
//! backtracker or, on a text too long for it, the PikeVM. Before any of them, a text is looked through for the
//! few characters one of which every match needs, when the regex has such a set ([`super::required`]): most
//! texts have none, and are not searched.

use super::required::Required;
use regex_automata::hybrid::{
    self,
    dfa::{self as lazy, DFA},
};
use regex_automata::nfa::thompson::{self, backtrack::BoundedBacktracker, pikevm::PikeVM, NFA};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchKind};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// The most memory one regex's automaton may take, as in the `regex` crate.
const SIZE_LIMIT: usize = 10 * (1 << 20);

/// How many matches of a regex the backtracker places (fast on short texts, and built with the regex) before
/// the regex gets the reverse lazy DFA that places them faster: compiling the regex a second time, reversed,
/// costs as much as the first, which a run that matches a regex a few times does not earn back.
const BACKTRACKED_MATCHES: u32 = 64;

/// A thread's caches for the lazy DFA, the backtracker and the PikeVM.
type Caches = (
    Option<lazy::Cache>,
    Option<hybrid::regex::Cache>,
    thompson::backtrack::Cache,
    thompson::pikevm::Cache,
);
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync>;

/// A compiled regular expression.
pub struct Regex {
    pattern: Box<str>,
    /// Characters one of which every match contains, if there are a few: a text without them is not searched.
    required: Option<Required>,
    dfa: Option<DFA>,
    /// The forward lazy DFA with a reverse one, which finds where a match starts: built once the regex has
    /// matched [`BACKTRACKED_MATCHES`] times (a small run leaves most regexes unmatched or nearly), `None` if it
    /// cannot be.
    placer: OnceLock<Option<hybrid::regex::Regex>>,
    /// How many matches were placed without it.
    placed: AtomicU32,
    backtracker: BoundedBacktracker,
    pikevm: PikeVM,
    caches: Pool<Caches, MakeCaches>,
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Regex").finish_non_exhaustive()
    }
}

impl Regex {
    /// Compiles `pattern` (the `regex` crate's syntax, Unicode classes); `Err` says why it cannot be.
    pub fn new(pattern: &str) -> Result<Regex, String> {
        thread_local! {
            static COMPILER: thompson::Compiler = {
                let mut compiler = thompson::Compiler::new();
                compiler.configure(thompson::Config::new().nfa_size_limit(Some(SIZE_LIMIT)));
                compiler
            };
        }
        let hir = regex_syntax::Parser::new()
            .parse(pattern)
            .map_err(|e| e.to_string())?;
        let required = Required::of(&hir);
        let nfa: NFA =
            COMPILER.with(|compiler| compiler.build_from_hir(&hir).map_err(|e| e.to_string()))?;
        // A lazy DFA cannot be built over some NFAs (a Unicode word boundary): the PikeVM then does it all.
        let dfa = DFA::builder().build_from_nfa(nfa.clone()).ok();
        let backtracker =
            BoundedBacktracker::new_from_nfa(nfa.clone()).map_err(|e| e.to_string())?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
        let engines = (dfa.clone(), backtracker.clone(), pikevm.clone());
        let make: MakeCaches = Box::new(move || {
            (
                engines.0.as_ref().map(DFA::create_cache),
                None,
                engines.1.create_cache(),
                engines.2.create_cache(),
            )
        });
        Ok(Regex {
            pattern: pattern.into(),
            required,
            dfa,
            placer: OnceLock::new(),
            placed: AtomicU32::new(0),
            backtracker,
            pikevm,
            caches: Pool::new(make),
        })
    }

    /// Where the leftmost-first match of `text` is, if any.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        if self.required.as_ref().is_some_and(|r| !r.may_match(text)) {
            return None;
        }
        let mut caches = self.caches.get();
        let (dfa_cache, placer_cache, backtrack_cache, pikevm_cache) = &mut *caches;
        // Until the regex has matched often, the forward lazy DFA alone tells that it does not match, and the
        // backtracker finds where it does.
        let mut placer = self.placer.get();
        if placer.is_none() {
            if let (Some(dfa), Some(cache)) = (&self.dfa, dfa_cache) {
                if let Ok(None) = dfa.try_search_fwd(cache, &Input::new(text).earliest(true)) {
                    return None;
                }
            }
            if self.placed.fetch_add(1, Ordering::Relaxed) >= BACKTRACKED_MATCHES {
                placer = Some(self.placer.get_or_init(|| self.placer()));
            }
        }
        if let Some(Some(placer)) = placer {
            let cache = placer_cache.get_or_insert_with(|| placer.create_cache());
            if let Ok(found) = placer.try_search(cache, &Input::new(text)) {
                return found.map(|found| found.range());
            }
        }
        if text.len() <= self.backtracker.max_haystack_len() {
            if let Ok(found) = self.backtracker.try_find(backtrack_cache, text) {
                return found.map(|found| found.range());
            }
        }
        self.pikevm
            .find(pikevm_cache, text)
            .map(|found| found.range())
    }

    /// [`Regex::replace_all`] with a text that names no group, by the lazy DFAs; `None` if they cannot.
    fn replace_found(&self, text: &str, with: &str) -> Option<String> {
        let placer = self.placer.get()?.as_ref()?;
        let mut caches = self.caches.get();
        let cache = caches.1.get_or_insert_with(|| placer.create_cache());
        let mut searcher = Searcher::new(Input::new(text));
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        while let Some(found) = searcher
            .try_advance(|input| placer.try_search(cache, input))
            .ok()?
        {
            out.push_str(&text[last..found.start()]);
            out.push_str(with);
            last = found.end();
        }
        out.push_str(&text[last..]);
        Some(out)
    }

    /// The forward lazy DFA with a reverse one (as the `regex` crate builds them), `None` if it cannot be.
    fn placer(&self) -> Option<hybrid::regex::Regex> {
        thread_local! {
            static REVERSE: thompson::Compiler = {
                let mut compiler = thompson::Compiler::new();
                compiler.configure(
                    thompson::Config::new()
                        .reverse(true)
                        .which_captures(thompson::WhichCaptures::None)
                        .nfa_size_limit(Some(SIZE_LIMIT)),
                );
                compiler
            };
        }
        let forward = self.dfa.clone()?;
        let nfa = REVERSE.with(|compiler| compiler.build(&self.pattern).ok())?;
        let reverse = DFA::builder()
            .configure(
                DFA::config()
                    .prefilter(None)
                    .specialize_start_states(false)
                    .match_kind(MatchKind::All),
            )
            .build_from_nfa(nfa)
            .ok()?;
        Some(hybrid::regex::Builder::new().build_from_dfas(forward, reverse))
    }

    /// `text` with every match replaced by `with`, in which `$1`, `${name}` stand for groups and `$$` for `$`
    /// (as in the `regex` crate's `replace_all`); `text` itself when nothing matches.
    pub fn replace_all<'t>(&self, text: &'t str, with: &str) -> Cow<'t, str> {
        if self.find(text).is_none() {
            return Cow::Borrowed(text);
        }
        if !with.contains('$') {
            if let Some(replaced) = self.replace_found(text, with) {
                return Cow::Owned(replaced);
            }
        }
        let mut caches = self.caches.get();
        let (_, _, backtrack_cache, pikevm_cache) = &mut *caches;
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let mut replace = |captures: &Captures| {
            let Some(whole) = captures.get_match() else {
                return;
            };
            out.push_str(&text[last..whole.start()]);
            captures.interpolate_string_into(text, with, &mut out);
            last = whole.end();
        };
        if text.len() <= self.backtracker.max_haystack_len() {
            for captures in self.backtracker.try_captures_iter(backtrack_cache, text) {
                match captures {
                    Ok(captures) => replace(&captures),
                    // The haystack fits: the backtracker has no other error.
                    Err(_) => break,
                }
            }
        } else {
            for captures in self.pikevm.captures_iter(pikevm_cache, text) {
                replace(&captures);
            }
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the `regex` crate finds and replaces, for comparison.
    fn reference(pattern: &str) -> regex::Regex {
        regex::Regex::new(pattern).unwrap()
    }

    const TEXTS: &[&str] = &[
        "",
        "系统正常运行率",
        "群众满意度（%）",
        "完成时间2023年12月底前",
        "共3个、12项",
        "补助资金按时足额发放率",
        "  前后 空格　",
        "ＸＸ项目（××）",
        "率x",
    ];

    const PATTERNS: &[&str] = &[
        r"(\d+)(?<unit>[个项])",
        r"(及时|按时|按期|准时|如期|限时)\S{0,8}率",
        r"(发放|兑付|拨付|支付)率$",
        r"^\s*",
        r"\s",
        r"x*",
        r"",
        r"[（(].*$",
        r"(?i)XX|××",
        r"\b率\b",
        r"(19|20)\d\d\s*年\s*\d{1,2}\s*月",
    ];

    /// Asserts that `ours` finds in every text what the regex crate finds; `how` names the path taken.
    fn finds_as_the_regex_crate(ours: &Regex, pattern: &str, how: &str) {
        let theirs = reference(pattern);
        for text in TEXTS {
            assert_eq!(
                ours.find(text),
                theirs.find(text).map(|m| m.range()),
                "{pattern} on {text:?} {how}"
            );
        }
    }

    /// Asserts that `ours` replaces in every text with each of `withs` as the regex crate does.
    fn replaces_as_the_regex_crate(ours: &Regex, pattern: &str, withs: &[&str], how: &str) {
        let theirs = reference(pattern);
        for text in TEXTS {
            for with in withs {
                assert_eq!(
                    ours.replace_all(text, with),
                    theirs.replace_all(text, *with),
                    "{pattern} on {text:?} with {with:?} {how}"
                );
            }
        }
    }

    #[test]
    fn it_finds_what_the_regex_crate_finds() {
        for pattern in PATTERNS {
            finds_as_the_regex_crate(&Regex::new(pattern).unwrap(), pattern, "");
        }
    }

    #[test]
    fn it_finds_the_same_once_a_regex_has_matched_often() {
        for pattern in PATTERNS {
            let ours = Regex::new(pattern).unwrap();
            let mut rounds = 0;
            while ours.placer.get().is_none() && rounds <= BACKTRACKED_MATCHES {
                finds_as_the_regex_crate(&ours, pattern, &format!("in round {rounds}"));
                rounds += 1;
            }
            assert!(ours.placer.get().is_some(), "{pattern}: no reverse DFA");
            finds_as_the_regex_crate(&ours, pattern, "by the lazy DFAs");
            replaces_as_the_regex_crate(&ours, pattern, &["", "-", "$1"], "by the lazy DFAs");
        }
    }

    #[test]
    fn it_replaces_as_the_regex_crate_does() {
        for pattern in PATTERNS {
            let ours = Regex::new(pattern).unwrap();
            replaces_as_the_regex_crate(&ours, pattern, &["", "-", "$1", "${unit}$1", "$$"], "");
        }
    }

    #[test]
    fn a_regex_too_big_is_an_error_not_a_panic() {
        assert!(Regex::new(r"\w{1000}\w{1000}\w{1000}").is_err());
        assert!(Regex::new("[a-").is_err());
    }

    #[test]
    fn it_is_shared_by_threads() {
        let regex = std::sync::Arc::new(Regex::new(r"\d+率").unwrap());
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let regex = std::sync::Arc::clone(&regex);
                std::thread::spawn(move || regex.find("达到95率"))
            })
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), Some(6..11));
        }
    }
}
