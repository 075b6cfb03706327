//! What the review commands share (`check --format opinion`, `report`, `annotate`): the choices of a run
//! ([`RunChoices`]), the opinion's thresholds, and the refusal to write an output over an input.

use crate::cli::OpinionArgs;
use jixiao::config::{Loader, Thresholds};
use jixiao::discover::{Entry, EntryKind};
use std::path::Path;

/// The thresholds of the review opinion: those of the jixiao.toml that applies to the current directory (or
/// `--config`), as `jixiao rules` reads it, then the command line's.
pub(super) fn thresholds(loader: &Loader, flags: OpinionArgs) -> Thresholds {
    let mut thresholds = loader
        .settings_for(Path::new("jixiao.toml"))
        .map(|settings| Thresholds::of(&settings))
        .unwrap_or_default();
    let set = |slot: &mut u32, flag: Option<u32>| {
        if let Some(value) = flag {
            *slot = value;
        }
    };
    set(&mut thresholds.return_errors, flags.return_errors);
    set(&mut thresholds.return_warnings, flags.return_warnings);
    set(&mut thresholds.revise_warnings, flags.revise_warnings);
    thresholds
}

/// The refusal, as a line to show, when `output` is one of the files `entries` reads.
pub(super) fn output_is_input(output: Option<&Path>, entries: &[Entry]) -> Option<String> {
    let output = output?;
    let inputs = entries.iter().filter_map(|entry| match &entry.kind {
        EntryKind::File(path) => Some(path.as_path()),
        _ => None,
    });
    for input in inputs {
        if same_file(input, output) {
            return Some(format!(
                "jixiao: 不会覆盖被检查的文件 {} / will not write over the input {}",
                output.display(),
                output.display()
            ));
        }
    }
    None
}

/// Whether `a` and `b` are the same existing file (the same path, a link, a hard link).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(a_meta), Ok(b_meta)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a_meta.dev() == b_meta.dev() && a_meta.ino() == b_meta.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a_meta, b_meta);
        matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
    }
}

/// What `report` and `annotate` choose as `check` does: language, configuration, rules, encoding, thresholds.
#[derive(Debug, Clone)]
pub(super) struct RunChoices {
    pub lang: jixiao::Lang,
    pub config: Option<std::path::PathBuf>,
    pub command_line: jixiao::config::CommandLine,
    pub encoding: jixiao::import::Encoding,
    pub thresholds: jixiao::config::Thresholds,
}

impl RunChoices {
    /// The choices of `args`, the thresholds resolved with the configuration of the current directory.
    pub(super) fn of(args: &crate::cli::RunArgs) -> Self {
        let command_line = jixiao::config::CommandLine {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
        };
        let loader = super::rule_sets::loader(args.config.as_deref(), command_line.clone());
        RunChoices {
            lang: super::lang_of(args.lang),
            config: args.config.clone(),
            thresholds: thresholds(&loader, args.opinion),
            command_line,
            encoding: super::encoding_of(args.encoding),
        }
    }
}

/// The rules of the file at `path`; the reports of its broken configuration or rule files.
pub(super) fn rules_of(
    path: &Path,
    choices: &RunChoices,
) -> Result<std::sync::Arc<jixiao::lint::RuleSet>, Vec<jixiao::FileReport>> {
    let loader = super::rule_sets::loader(choices.config.as_deref(), choices.command_line.clone());
    match loader.settings_for(path) {
        Ok(settings) => super::rule_sets::RuleSets::default().for_settings(&settings),
        Err(error) => Err(jixiao::config::reports(vec![error])),
    }
}
