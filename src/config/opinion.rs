//! `[opinion]`: when the generated review opinion (审核意见) returns a declaration, passes it after changes, or
//! passes it. The thresholds are counts of findings; the command line can override each.
//!
//! ```toml
//! [opinion]
//! return-errors = 1      # 退回修改 from this many errors
//! return-warnings = 5    # … or from this many warnings
//! revise-warnings = 1    # 修改后通过 from this many warnings (any error below return-errors too)
//! ```

use super::Settings;
use serde::Deserialize;
use std::num::NonZeroU32;

/// `[opinion]` as written: every key optional, each a positive integer.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawOpinion {
    pub(super) return_errors: Option<NonZeroU32>,
    pub(super) return_warnings: Option<NonZeroU32>,
    pub(super) revise_warnings: Option<NonZeroU32>,
}

/// The keys of `[opinion]`, for the help of an unknown key.
pub(super) const KEYS: &[&str] = &["return-errors", "return-warnings", "revise-warnings"];

/// When an opinion returns a declaration or asks for changes: counts of findings by severity. Infos never count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// 退回修改 from this many errors.
    pub return_errors: u32,
    /// 退回修改 from this many warnings, whatever the errors.
    pub return_warnings: u32,
    /// 修改后通过 from this many warnings, when not returned; any error short of `return_errors` also asks for
    /// changes.
    pub revise_warnings: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            return_errors: 1,
            return_warnings: 5,
            revise_warnings: 1,
        }
    }
}

impl Thresholds {
    /// The thresholds of `settings`: the defaults, then each configuration file's `[opinion]`, the file
    /// extended first.
    pub fn of(settings: &Settings) -> Self {
        /// Only `[opinion]`: the rest of the file was read and checked when it was loaded.
        #[derive(Deserialize)]
        struct OpinionOnly {
            #[serde(default)]
            opinion: RawOpinion,
        }
        let mut thresholds = Thresholds::default();
        for config in &settings.configs {
            let Ok(file) = toml::from_str::<OpinionOnly>(config.source.text()) else {
                continue;
            };
            thresholds.apply(file.opinion);
        }
        thresholds
    }

    /// Overrides the thresholds `raw` sets.
    fn apply(&mut self, raw: RawOpinion) {
        let set = |slot: &mut u32, value: Option<NonZeroU32>| {
            if let Some(value) = value {
                *slot = value.get();
            }
        };
        set(&mut self.return_errors, raw.return_errors);
        set(&mut self.return_warnings, raw.return_warnings);
        set(&mut self.revise_warnings, raw.revise_warnings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_a_file_that_sets_some() {
        let settings = Settings::from_toml("[opinion]\nreturn-warnings = 8\n").unwrap();
        assert_eq!(
            Thresholds::of(&settings),
            Thresholds {
                return_warnings: 8,
                ..Thresholds::default()
            }
        );
        assert_eq!(Thresholds::of(&Settings::default()), Thresholds::default());
    }

    #[test]
    fn zero_and_unknown_keys_are_errors() {
        for text in [
            "[opinion]\nreturn-errors = 0\n",
            "[opinion]\nreturn-error = 1\n",
        ] {
            assert!(Settings::from_toml(text).is_err(), "{text}");
        }
    }
}
