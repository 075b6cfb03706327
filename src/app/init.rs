//! `jixiao init [DIR]`: write the starter files (a declaration template and a jixiao.toml) and say what to do
//! next, or name the files that are in the way.

use super::{write_text, Status};
use crate::cli::InitArgs;
use jixiao::init::{self, InitError};
use jixiao::paths;
use std::io::{self, Write};

/// `jixiao init [DIR]`: writes the templates, or names the files that are in the way.
pub(super) fn run(args: &InitArgs) -> Status {
    match init::write(&args.dir, args.force, args.follow_symlinks) {
        Ok(paths) => {
            let mut text = String::new();
            for path in &paths {
                text.push_str(&format!("已写入 / wrote {}\n", paths::display_path(path)));
            }
            let declaration = paths::display_path(&paths[0]);
            text.push_str(&format!(
                "下一步：把 {declaration} 中的“XX”和示例指标换成本项目的内容，然后运行 jixiao check\n\
                 next: replace the “XX” placeholders and the example indicators in {declaration}, then run \
                 jixiao check\n",
            ));
            write_text(&text)
        }
        Err(err) => {
            let mut text = format!("jixiao: {err}\n");
            match &err {
                InitError::Exists(_) => text.push_str(
                    "  help: 要覆盖这些文件，加 --force / add --force to overwrite them\n",
                ),
                InitError::Refused { reason, .. } => {
                    if let Some(help) = reason.help() {
                        text.push_str(&format!("  help: {} / {}\n", help.zh, help.en));
                    }
                }
                InitError::Write { .. } => {}
            }
            let _ = io::stderr().write_all(text.as_bytes());
            Status::Trouble
        }
    }
}
