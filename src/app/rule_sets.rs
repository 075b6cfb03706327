//! Configurations to rule sets: the [`Loader`] that finds each file's jixiao.toml (or `--config`), and
//! [`RuleSets`], the cache that compiles the rules of each distinct configuration once, however many files and
//! threads ask for it.

use jixiao::config::{self, CommandLine, Loader, SettingsId};
use jixiao::lint::{self, RuleSet};
use jixiao::render::Catalog;
use jixiao::FileReport;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// The loader of the configurations: `--config` for every file if given, else the closest jixiao.toml; the
/// command line's selection applies on top.
pub(super) fn loader(config: Option<&Path>, command_line: CommandLine) -> Loader {
    match config {
        Some(path) => Loader::with_explicit(path),
        None => Loader::new(),
    }
    .with_command_line(command_line)
}

/// One compiled rule set per distinct configuration, compiled the first time a file needs it.
#[derive(Default)]
pub(super) struct RuleSets {
    cache: Mutex<HashMap<SettingsId, Arc<OnceLock<Compiled>>>>,
}

/// The rules of a configuration, or the reports of its broken rule files.
pub(super) type Compiled = Result<Arc<RuleSet>, Vec<FileReport>>;

impl RuleSets {
    /// The rules of every rule set compiled so far and every fixed class of the language, for the formats that
    /// describe them.
    pub(super) fn catalog(&self) -> Catalog {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let mut sets: Vec<(SettingsId, Arc<RuleSet>)> = cache
            .iter()
            .filter_map(|(id, cell)| Some((*id, Arc::clone(cell.get()?.as_ref().ok()?))))
            .collect();
        sets.sort_by_key(|(id, _)| *id);
        Catalog::of_rule_sets(sets.iter().map(|(_, set)| set.as_ref())).with_fixed_classes()
    }

    /// The rules of `settings`, compiled now if no file with the same configuration asked before.
    pub(super) fn for_settings(&self, settings: &config::Settings) -> Compiled {
        let cell = {
            let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(cache.entry(settings.id()).or_default())
        };
        cell.get_or_init(|| {
            let compiled = lint::load::for_settings(settings).map(Arc::new);
            // Only the regexes and lexicons of extra rule files and lexicons with added terms are not among
            // those `embedded::build_ahead` builds; without them a thread of its own would wait for that
            // thread and cost a one-file run more than it spares.
            let beyond_builtin = !settings.extra_rules.is_empty() || !settings.lexicons.is_empty();
            if let (Ok(rules), true) = (&compiled, beyond_builtin) {
                let rules = Arc::clone(rules);
                // On a thread of its own, not one of the pool that checks the files: it may wait for what
                // `embedded::build_ahead` is building.
                let _ = std::thread::Builder::new()
                    .name("jixiao-warm-up".into())
                    .spawn(move || rules.warm_up());
            }
            compiled
        })
        .clone()
    }
}
