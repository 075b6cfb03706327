//! What is built once per process from a key (a regex's source, a lexicon's terms) and shared by every rule and
//! rule set that names the same key, and by the thread that builds the built-in ones ahead.

use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock};

/// A process-wide table from keys to shared values (cheap to clone: an `Arc` or a handle holding one).
pub(super) struct Shared<K, V> {
    table: OnceLock<Mutex<FxHashMap<K, V>>>,
}

impl<K: Eq + Hash, V: Clone> Shared<K, V> {
    /// An empty table, for a `static`.
    pub(super) const fn new() -> Self {
        Shared {
            table: OnceLock::new(),
        }
    }

    /// The value of `key`, made by `make` the first time the key is asked for.
    pub(super) fn get<Q>(&self, key: &Q, make: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let mut table = self
            .table
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(value) = table.get(key) {
            return value.clone();
        }
        let value = make();
        table.insert(key.to_owned(), value.clone());
        value
    }
}
