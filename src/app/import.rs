//! `jixiao import TABLE`: a CSV or Excel/WPS/ODS target table written out as .jx, to standard output or
//! `--output` (written safely, through [`jixiao::write`]); and [`read_table`], the reading of a table that
//! `jixiao check` shares.

use super::{encoding_of, lang_of, refusal, write_broken, write_text, Status};
use crate::cli::ImportArgs;
use jixiao::import::{self, Encoding, ImportedSheet};
use jixiao::render::{Format, Options};
use jixiao::write::{self, Expect, WriteError};
use jixiao::{paths, read, Diagnostic, FileReport};
use std::io::{self, IsTerminal, Write};
use std::path::Path;

/// `jixiao import TABLE`.
pub(super) fn run(args: &ImportArgs) -> Status {
    let display = paths::display_path(&args.table);
    let imported = match read_table(&display, &args.table, encoding_of(args.encoding)) {
        Ok(imported) => imported,
        Err(diagnostic) => {
            return write_broken(
                &[FileReport::unreadable(display, *diagnostic)],
                lang_of(args.lang),
            )
        }
    };
    let jx = import::to_jx(&display, &imported);
    let written = match &args.output {
        Some(path) => match write_output(path, &jx, args.follow_symlinks) {
            Ok(()) => Status::Clean,
            Err(err) => {
                let shown = paths::display_path(path);
                let message = refusal(&err, &shown, lang_of(args.lang));
                let _ = writeln!(io::stderr(), "jixiao: {message}");
                Status::Trouble
            }
        },
        None => write_text(&jx),
    };
    // What could not be read goes to standard error, beside the .jx: the table was not read in full.
    let problems = import::problems(&display, &imported);
    if problems.is_empty() || written != Status::Clean {
        return written;
    }
    let mut renderer = Format::Human.renderer(Options {
        lang: lang_of(args.lang),
        color: io::stderr().is_terminal(),
        ..Options::default()
    });
    let _ = renderer.render(&problems, &mut io::stderr().lock());
    Status::Findings
}

/// Writes the .jx to `path` (`--output`) through [`jixiao::write`]: atomically, an existing file's permissions
/// kept, not through a symbolic link unless `follow`, and then only to a file in the directory `path` names.
fn write_output(path: &Path, jx: &str, follow: bool) -> Result<(), WriteError> {
    let tree = path.parent().unwrap_or(Path::new(""));
    let target = write::target(path, tree, follow)?;
    write::replace(&target, jx.as_bytes(), Expect::Anything)
}

/// Reads the table at `path` (shown as `display`) and finds its indicator tables, one per sheet that has one.
pub(super) fn read_table(
    display: &str,
    path: &Path,
    encoding: Encoding,
) -> Result<Vec<ImportedSheet>, Box<Diagnostic>> {
    std::fs::read(path)
        .map_err(|err| Box::new(read::io_error(&err, path.is_dir())))
        .and_then(|bytes| import::read_sheets(display, path, bytes, encoding))
        .and_then(|sheets| import::import(display, sheets))
}
