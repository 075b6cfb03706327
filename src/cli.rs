//! The command line as typed: clap definitions and nothing else.
//!
//! These types keep the raw arguments; [`crate::app`] resolves them (the terminal, `NO_COLOR`) into the options
//! a run uses. Help texts are in Chinese first, then English.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// jixiao（绩效）：检查预算绩效目标申报（.jx 文件）
///
/// jixiao: a linter for Chinese budget performance targets (.jx files).
#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    propagate_version = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// 要执行的命令 / the command to run
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查申报（.jx）和指标表（.csv、.xlsx、.xlsm、.xls、.ods） / check declarations (.jx) and target tables
    /// (.csv, .xlsx, .xlsm, .xls, .ods)
    ///
    /// 检查给出的文件和目录：目录中的所有 .jx 申报和 .csv、.xlsx、.xlsm、.xls、.ods 表格（扩展名不分大小写），
    /// 跳过隐藏的文件和目录以及 target/；直接给出的文件总会检查。`-` 表示标准输入（按 .jx 读）。
    ///
    /// 退出码：0 没有达到 --fail-level 的问题；1 有；2 用法错误、有无法读取的路径或 --fix 无法写入的文件。
    ///
    /// Checks the given files and directories: every .jx declaration and every .csv, .xlsx, .xlsm, .xls and
    /// .ods table in a directory (extensions in any case), skipping hidden entries and target/; a file given by
    /// name is always checked. `-` reads standard input (as .jx).
    ///
    /// Exit status: 0 when no finding reaches --fail-level, 1 when one does, 2 on a usage error, an
    /// unreadable path or a file --fix could not write.
    Check(CheckArgs),
    /// 审核报告：一个自包含的 HTML 页面，可同时为每份表格写出批注过的工作簿 / the review report: one
    /// self-contained HTML page, and an annotated workbook per table if asked
    ///
    /// 检查给出的文件和目录（与 check 相同），写出一个 HTML 审核报告：汇总、按错误和警告排序的单位列表
    /// （可排序、按级别、规则、类别筛选）、最常见问题的图表、每个文件的问题和生成的审核意见、规则说明；
    /// 不联网，可打印（每个单位一页）。
    /// 加 --annotate-dir 时，每份表格（.csv、.xlsx 等）另写出一个批注过的工作簿（见 jixiao annotate），
    /// 每份 .jx 申报写出它的审核意见（<文件名>.审核意见.txt）。
    ///
    /// 退出码：0 报告已写出（不论有无问题）；2 用法错误、配置错误、无法读取的路径或无法写出的文件。
    ///
    /// Checks the files and directories given (as check does) and writes one HTML page: a summary, the files
    /// ranked by errors then warnings (sortable, filtered by severity, rule and category), a chart of the most
    /// frequent rules, each file's findings with its generated review opinion (审核意见), and the rules'
    /// documentation; no network, printable one unit a page. With --annotate-dir, each table also gets an
    /// annotated workbook (see jixiao annotate) and each .jx declaration its opinion as text.
    ///
    /// Exit status: 0 when the report is written, whatever it found; 2 on a usage or configuration error, an
    /// unreadable path or a file that could not be written.
    Report(ReportArgs),
    /// 写出批注过的工作簿：问题写在单元格的批注中，首页为审核意见 / write an annotated copy of a table
    ///
    /// 读取一份表格（.xlsx、.xlsm、.xls、.ods 或 .csv），写出一个新的 .xlsx：各工作表单元格的值，
    /// 每个有问题的单元格加批注（问题与修改建议）并按级别着色，第一个工作表“审核意见”写出审核意见和问题清单
    /// （链接到各单元格）。
    /// 原文件不会被改动；不写到原文件上。
    ///
    /// Reads one table and writes a new .xlsx: the cells' values, a comment (finding and suggested change) and a
    /// fill by severity on every flagged cell, and a first sheet 审核意见 with the opinion and the findings, each
    /// linked to its cell. The table itself is never modified, nor written over.
    Annotate(AnnotateArgs),
    /// 列出所有规则 / list every rule
    ///
    /// 列出内置规则（以及当前目录的 jixiao.toml 或 --config 加入的规则）：代码、名称、级别、类别和说明。
    ///
    /// Lists the built-in rules (and those added by the jixiao.toml of the current directory or --config): code,
    /// name, severity, category and summary.
    Rules(RulesArgs),
    /// 显示一条规则的说明 / show a rule's documentation
    Explain(ExplainArgs),
    /// 把 CSV 或 Excel 指标表转换成 .jx / turn a CSV or Excel target table into .jx
    ///
    /// 每个含指标表的工作表写成一个申报；表头信息（项目名称、主管部门、年度、资金、年度目标）取自表格。检查生成的 .jx
    /// 与检查表格本身得到相同的问题。
    ///
    /// Writes each sheet that holds an indicator table as a declaration, with the header facts the table gives.
    /// Checking the .jx gives the same findings as checking the table.
    Import(ImportArgs),
    /// 写出申报模板和 jixiao.toml / write a declaration template and a jixiao.toml
    ///
    /// 在目录中写出带注释的申报模板 申报.jx 和配置文件 jixiao.toml，供新单位填写。模板中的“XX”要换成真实内容：
    /// 留着时 jixiao check 报告错误 JX112。不会覆盖已有的文件（退出码 2），除非加 --force。
    ///
    /// Writes a commented declaration template, 申报.jx, and a commented jixiao.toml into the directory. Replace
    /// the template's “XX” placeholders: jixiao check reports them (JX112) until then. Existing files are never
    /// overwritten (exit status 2) unless --force is given.
    Init(InitArgs),
    /// 按规范格式排版 .jx 文件 / lay out .jx files in the canonical format
    ///
    /// 就地改写给出的文件和目录中的 .jx 文件（目录的遍历与 check 相同；表格不处理）；`-` 从标准输入读、向标准输出写。
    /// 无法解析的文件不改动，报告其语法错误。格式见 docs/language.md 的“格式”一节。
    ///
    /// 退出码：0 成功（--check、--diff 时：没有文件需要格式化）；1 --check、--diff 时有文件需要格式化；
    /// 2 有文件无法解析、读取或写入，或用法错误。
    ///
    /// Rewrites the .jx files given, and those in the directories given (walked as by check; tables are left
    /// alone); `-` reads standard input and writes standard output. A file that does not parse is left as it
    /// is and its syntax error reported.
    ///
    /// Exit status: 0 on success (with --check or --diff: nothing would change); 1 with --check or --diff when
    /// some file would change; 2 when a file cannot be parsed, read or written, or on a usage error.
    Fmt(FmtArgs),
    /// 计算得分与等级 / compute scores and grades
    ///
    /// 为每份申报或评价列出一张得分表：指标、指标值、实际完成值、分值、写出的得分、按财预〔2020〕10号计算的得分和两者之差，
    /// 每个一级指标的小计，合计与等级。表格（CSV、Excel）按 check 的方式读取。没有分值、无法计分的申报报告 JX023。
    ///
    /// 退出码：0 都已计分；1 有申报无法计分或有语法错误；2 用法错误或有无法读取的路径。
    ///
    /// For each declaration or evaluation, a table: indicator, target, actual value, weight, stated score, the
    /// score computed per 财预〔2020〕10号 and the difference, a subtotal per level 1, the total and the grade.
    /// Tables (CSV, Excel) are read as check reads them. A declaration without weights cannot be scored (JX023).
    ///
    /// Exit status: 0 when everything was scored; 1 when something could not be scored or does not parse; 2 on a
    /// usage error or an unreadable path.
    Score(ScoreArgs),
}

/// The arguments of `jixiao score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// 要计分的文件或目录（默认为当前目录；`-` 表示标准输入） / files or directories to score (default: the
    /// current directory; `-` is standard input)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式 / output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ScoreFormat::Human)]
    pub format: ScoreFormat,

    /// 消息语言 / language of messages
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// 使用这个配置文件（分档线、等级线取自其中的规则参数） / use this configuration (the grade edges and bands
    /// are its rules' parameters)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// CSV 的编码 / the encoding of CSV tables
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,
}

/// `jixiao score --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// 表格 / tables
    Human,
    /// 版本化的 JSON / versioned JSON
    Json,
}

/// What `check`, `report` and `annotate` share: which rules, which configuration, how to read CSV, in which
/// language.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// 消息语言 / language of messages
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// 使用这个配置文件，不再查找 jixiao.toml / use this configuration instead of the closest jixiao.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// 只检查这些规则：代码、代码前缀、名称、类别或 ALL，逗号分隔 / check only these rules: codes, code
    /// prefixes, names, categories or ALL, comma-separated
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// 再加上这些规则 / also check these rules
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_select: Vec<String>,

    /// 不检查这些规则 / do not check these rules
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// CSV 的编码 / the encoding of CSV tables
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,

    #[command(flatten)]
    pub opinion: OpinionArgs,
}

/// The arguments of `jixiao report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 要检查的文件或目录（默认为当前目录） / files or directories to check (default: the current directory)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 写出的 HTML 文件 / the HTML file to write
    #[arg(long, short, value_name = "FILE", default_value = "审核报告.html")]
    pub output: PathBuf,

    /// 为每份表格在这个目录中写出批注过的工作簿（<文件名>.审核.xlsx），为每份 .jx 写出审核意见
    /// （<文件名>.审核意见.txt），保持子目录 / write an annotated workbook for each table (<name>.审核.xlsx) and the
    /// opinion of each .jx (<name>.审核意见.txt) into this directory, keeping subdirectories
    #[arg(long, value_name = "DIR")]
    pub annotate_dir: Option<PathBuf>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// The arguments of `jixiao annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// 表格文件（.xlsx、.xlsm、.xls、.ods、.csv） / the table (.xlsx, .xlsm, .xls, .ods, .csv)
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,

    /// 写出的 .xlsx（默认：表格旁的 <文件名>.审核.xlsx） / the .xlsx to write (default: <name>.审核.xlsx beside
    /// the table)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub run: RunArgs,
}

/// The arguments of `jixiao init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// 写到这个目录，不存在时创建（默认为当前目录） / the directory, created if missing (default: the current
    /// directory)
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// 覆盖已有的文件 / overwrite existing files
    #[arg(long)]
    pub force: bool,

    /// 写入符号链接指向的文件，只限处理的目录之内（默认不经符号链接写入） / write the file a symbolic link leads
    /// to, only inside the tree being processed (by default nothing is written through a symbolic link)
    #[arg(long)]
    pub follow_symlinks: bool,
}

/// The arguments of `jixiao fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// 要格式化的文件或目录（默认为当前目录；`-` 表示标准输入） / files or directories to format (default: the
    /// current directory; `-` is standard input)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 只检查，不写文件：列出需要格式化的文件，有则退出码为 1 / write nothing: list the files that would
    /// change and exit 1 if there are any
    #[arg(long)]
    pub check: bool,

    /// 不写文件，输出统一格式的差异；有差异时退出码为 1 / write nothing: print a unified diff, and exit 1 if
    /// any file would change
    #[arg(long)]
    pub diff: bool,

    /// 写入符号链接指向的文件，只限处理的目录之内（默认不经符号链接写入） / write the file a symbolic link leads
    /// to, only inside the tree being processed (by default nothing is written through a symbolic link)
    #[arg(long)]
    pub follow_symlinks: bool,

    /// 消息语言 / language of messages
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// The arguments of `jixiao import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 表格文件（.csv、.xlsx、.xls、.ods） / the table (.csv, .xlsx, .xls, .ods)
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,

    /// 写到这个文件，而不是标准输出 / write to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// 写入符号链接指向的文件，只限处理的目录之内（默认不经符号链接写入） / write the file a symbolic link leads
    /// to, only inside the tree being processed (by default nothing is written through a symbolic link)
    #[arg(long)]
    pub follow_symlinks: bool,

    /// CSV 的编码 / the encoding of a CSV
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = EncodingArg::Auto)]
    pub encoding: EncodingArg,

    /// 消息语言 / language of messages
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,
}

/// `--encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8（有无 BOM 均可），否则 GBK / UTF-8 with or without BOM, else GBK
    Auto,
    /// UTF-8
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK / GB18030（中文 Windows 的 CSV） / GBK / GB18030, as Chinese Windows writes CSV
    #[value(name = "gbk", alias = "gb18030")]
    Gbk,
}

/// The arguments of `jixiao rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 输出格式（markdown：生成 rules/README.md） / output format (markdown: generates rules/README.md)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,

    /// 消息语言 / language
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// 使用这个配置文件 / use this configuration
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `jixiao rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 表格 / a table
    Human,
    /// JSON
    Json,
    /// rules/README.md
    Markdown,
}

/// The arguments of `jixiao explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则代码或名称，如 JX101 或 missing-target / a rule's code or name
    #[arg(value_name = "RULE")]
    pub rule: String,

    /// 消息语言 / language
    #[arg(long, value_enum, value_name = "LANG", default_value_t = LangArg::Zh)]
    pub lang: LangArg,

    /// 使用这个配置文件 / use this configuration
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The arguments of `jixiao check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 要检查的文件或目录（默认为当前目录；`-` 表示标准输入） / files or directories to check (default: the
    /// current directory; `-` is standard input)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// 输出格式 / output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// 达到该级别的问题使退出码为 1 / findings at or above this severity make the exit status 1
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = LevelArg::Error)]
    pub fail_level: LevelArg,

    #[command(flatten)]
    pub run: RunArgs,

    /// 何时使用颜色（auto：输出到终端且未设置 NO_COLOR 时） / when to use colours (auto: on a terminal unless
    /// NO_COLOR is set)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// 自动修复能安全修复的问题（写回 .jx 文件），再报告其余问题 / apply the safe fixes to .jx files, then report
    /// what remains
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// 显示 --fix 会做的修改（统一差异格式），不写文件；有修改时退出码为 1 / show what --fix would change as a
    /// unified diff, without writing; exit 1 when there is a change
    #[arg(long)]
    pub diff: bool,

    /// 写入符号链接指向的文件，只限处理的目录之内（默认不经符号链接写入） / write the file a symbolic link leads
    /// to, only inside the tree being processed (by default nothing is written through a symbolic link)
    #[arg(long)]
    pub follow_symlinks: bool,

    /// 只输出统计（human 或 json 格式）：rules（默认）每条规则的问题数，files 每个文件的错误、警告与主要规则 /
    /// print statistics instead of the findings (human or json format): rules (the default) counts per rule,
    /// files the errors, warnings and top rules of each file
    /// (`--statistics DIR` still reads DIR: a word other than rules or files after it is a path.)
    #[arg(long, value_name = "rules|files", num_args = 0..=1, default_missing_value = "rules")]
    pub statistics: Option<String>,

    /// 按级别、文件或规则排序后输出（先检查完所有文件再输出） / order the findings by severity, file or rule
    /// (the findings are written once every file is checked)
    #[arg(long, value_enum, value_name = "KEY")]
    pub sort: Option<SortArg>,

    /// 只显示达到该级别的问题；退出码仍由 --fail-level 决定 / show only the findings at or above this
    /// severity; the exit status still follows --fail-level
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_level: Option<LevelArg>,

    /// 把结果写到这个文件，而不是标准输出 / write the output to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// 有问题时退出码也为 0（无法读取的路径等仍为 2） / exit 0 even when findings reach --fail-level (an
    /// unreadable path and other trouble still exit 2)
    #[arg(long)]
    pub exit_zero: bool,

    /// 标准输入在输出中显示的文件名；未给出路径时读取标准输入 / the file name shown for standard input; with no
    /// PATH, standard input is read
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// 带源码摘录的报告 / reports with source excerpts
    Human,
    /// 版本化的 JSON / versioned JSON
    Json,
    /// SARIF 2.1.0（GitHub 代码扫描） / SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions 注释 / GitHub Actions annotations
    Github,
    /// 每个问题一行 / one line per finding
    Concise,
    /// 每份申报的审核意见（退回修改 / 修改后通过 / 通过） / the review opinion on each declaration
    Opinion,
    /// 自包含的 HTML 审核报告（与 jixiao report 相同） / the self-contained HTML review report (as jixiao report)
    Html,
}

/// `--statistics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatisticsArg {
    /// 每条规则的问题数 / findings per rule
    Rules,
    /// 每个文件的错误、警告与主要规则 / errors, warnings and top rules per file
    Files,
}

/// `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// 错误在前，再按文件、位置 / errors first, then by file and place
    Severity,
    /// 按文件路径、位置 / by file path and place
    File,
    /// 按规则代码，再按文件、位置 / by rule code, then by file and place
    Rule,
}

/// The thresholds of the review opinion (审核意见), over those of jixiao.toml's `[opinion]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Args)]
pub struct OpinionArgs {
    /// 审核意见：错误达到这个数时退回修改（默认 1） / review opinion: return the declaration from this many
    /// errors (default 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub return_errors: Option<u32>,

    /// 审核意见：警告达到这个数时退回修改（默认 5） / review opinion: return the declaration from this many
    /// warnings (default 5)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub return_warnings: Option<u32>,

    /// 审核意见：警告达到这个数时修改后通过（默认 1） / review opinion: approve once revised from this many
    /// warnings (default 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub revise_warnings: Option<u32>,
}

/// `--fail-level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// 错误 / errors only
    Error,
    /// 警告及以上 / warnings and errors
    Warning,
    /// 任何问题 / any finding
    Info,
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// 输出到终端且未设置 NO_COLOR 时 / on a terminal unless NO_COLOR is set
    Auto,
    /// 总是 / always
    Always,
    /// 从不 / never
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn check_help_names_every_file_type_it_reads() {
        let mut command = Cli::command();
        let check = command.find_subcommand_mut("check").expect("check");
        let help = check.render_long_help().to_string();
        for extension in jixiao::paths::TABLE_EXTENSIONS.iter().chain(&["jx"]) {
            assert!(
                help.contains(&format!(".{extension}")),
                "check --help does not name .{extension}"
            );
        }
    }
}
