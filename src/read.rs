//! Reading one input's bytes into text, and the findings for inputs that cannot be read.
//!
//! Only UTF-8 is accepted (a byte-order mark is fine; [`SourceFile::new`](crate::SourceFile::new) drops it).
//! Budget-unit staff often save files from WPS, Excel or Notepad in the legacy Chinese encoding, so bytes that
//! are not UTF-8 but decode cleanly as GBK/GB18030 get a finding that names the encoding and says how to re-save
//! the file. Failures of the operating system (a missing file, no permission) become [`codes::READ_ERROR`].

use crate::diagnostic::{codes, Diagnostic, Severity, Text};
use crate::source::Span;
use std::io::{self, Read};
use std::path::Path;

/// Reads the file at `path` as UTF-8 text.
///
/// The finding is boxed: it is rare, and a `Diagnostic` is large.
///
/// # Errors
/// A [`codes::READ_ERROR`] finding when the file cannot be read, a [`codes::NOT_UTF8`] one when it is not UTF-8.
pub fn read_path(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|err| Box::new(io_error(&err, path.is_dir())))?;
    decode(bytes)
}

/// Reads everything from `reader` (standard input) as UTF-8 text.
///
/// # Errors
/// As [`read_path`].
pub fn read_from(mut reader: impl Read) -> Result<String, Box<Diagnostic>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|err| Box::new(io_error(&err, false)))?;
    decode(bytes)
}

/// Turns bytes into text when they are UTF-8, or explains what they look like.
///
/// # Errors
/// A [`codes::NOT_UTF8`] finding.
pub fn decode(bytes: Vec<u8>) -> Result<String, Box<Diagnostic>> {
    // The standard library checks Chinese text a byte at a time (about ten instructions a byte, 2 % of a check);
    // simdutf8 checks it many times faster, and copying the checked text costs less than the difference. Only
    // text that is not UTF-8 goes through the standard library, which says where it stops being UTF-8.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        Box::new(not_utf8(err.as_bytes(), at))
    })
}

/// The finding for an operating-system error while reading; `is_dir` when the path names a directory.
pub fn io_error(err: &io::Error, is_dir: bool) -> Diagnostic {
    let (zh, help) = if is_dir {
        (
            "这是一个目录，不是文件",
            Text::new(
                "给出 .jx 文件的路径，或者给出目录让 jixiao 检查其中所有的 .jx 文件",
                "give the path of a .jx file, or a directory to check every .jx file in it",
            ),
        )
    } else {
        match err.kind() {
            io::ErrorKind::NotFound => (
                "文件或目录不存在",
                Text::new(
                    "检查路径的拼写，路径相对于当前目录",
                    "check the spelling of the path; it is relative to the current directory",
                ),
            ),
            io::ErrorKind::PermissionDenied => (
                "没有读取权限",
                Text::new(
                    "检查文件的权限，或者换一个有权限的用户运行",
                    "check the file's permissions, or run as a user who may read it",
                ),
            ),
            _ => (
                "读取出错",
                Text::new(
                    "确认该路径是一个可以读取的文件",
                    "make sure the path is a file that can be read",
                ),
            ),
        }
    };
    Diagnostic::new(
        codes::READ_ERROR,
        Severity::Error,
        Span::point(0),
        Text::new(
            format!("无法读取：{zh}（{err}）"),
            format!("cannot read: {err}"),
        ),
    )
    .with_help(help)
}

/// The finding for bytes that are not UTF-8; `valid_up_to` is the offset of the first bad byte.
fn not_utf8(bytes: &[u8], valid_up_to: usize) -> Diagnostic {
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    let (message, help) = match guess_encoding(bytes) {
        Some(encoding) => (
            Text::new(
                format!("文件不是 UTF-8 编码，看起来是 {encoding} 编码"),
                format!("the file is not UTF-8: it looks like {encoding}"),
            ),
            Text::new(
                "在 WPS、Excel 或记事本中“另存为”，编码选择 UTF-8，再重新检查",
                "re-save it as UTF-8: in WPS, Excel or Notepad use “Save As” and choose the UTF-8 encoding, \
                 then check it again",
            ),
        ),
        None => (
            Text::new(
                format!("文件不是 UTF-8 编码（第 {line} 行有无效的字节）"),
                format!("the file is not UTF-8 (invalid bytes on line {line})"),
            ),
            Text::new(
                "把文件另存为 UTF-8 编码的纯文本",
                "re-save the file as plain text in the UTF-8 encoding",
            ),
        ),
    };
    Diagnostic::new(codes::NOT_UTF8, Severity::Error, Span::point(0), message).with_help(help)
}

/// Names the encoding `bytes` seem to be in, when that is a likely one for a Chinese text file.
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    let text = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)?;
    text.chars().any(is_cjk).then_some("GBK/GB18030")
}

/// Whether `c` is a CJK ideograph or CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom_is_text() {
        assert_eq!(decode("年度 2022".into()).unwrap(), "年度 2022");
        assert_eq!(decode("\u{FEFF}年度".into()).unwrap(), "\u{FEFF}年度");
        assert_eq!(read_from(&b"abc"[..]).unwrap(), "abc");
    }

    #[test]
    fn gbk_is_named_and_help_says_how_to_resave() {
        let err = decode(gbk("项目 \"示例\" {\n  年度 2022\n}\n")).unwrap_err();
        assert_eq!(err.code, "JX015");
        assert_eq!(err.rule, "not-utf8");
        assert_eq!(err.severity, Severity::Error);
        assert_eq!(err.span, Span::point(0));
        assert_eq!(
            err.message.zh,
            "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码"
        );
        assert_eq!(
            err.message.en,
            "the file is not UTF-8: it looks like GBK/GB18030"
        );
        let help = err.help.unwrap();
        assert!(help.zh.contains("另存为") && help.zh.contains("UTF-8"));
        assert!(help.en.contains("Save As"));
    }

    #[test]
    fn other_bytes_are_not_utf8_with_the_line_of_the_first_bad_byte() {
        let err = decode(b"abc\ndef \xFF\xFF\n".to_vec()).unwrap_err();
        assert_eq!(err.code, "JX015");
        assert_eq!(err.message.zh, "文件不是 UTF-8 编码（第 2 行有无效的字节）");
        assert_eq!(
            err.message.en,
            "the file is not UTF-8 (invalid bytes on line 2)"
        );
    }

    #[test]
    fn gbk_without_chinese_is_not_called_gbk() {
        // Decodes as GB18030 but yields no CJK character.
        let err = decode(vec![0x81, 0x30, 0x81, 0x30]).unwrap_err();
        assert!(!err.message.zh.contains("GBK"));
    }

    #[test]
    fn utf16_is_named() {
        let err = decode(vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(err.message.en.contains("UTF-16"));
    }

    #[test]
    fn a_missing_file_is_a_read_error() {
        let err = read_path(Path::new("/nonexistent/jixiao/a.jx")).unwrap_err();
        assert_eq!(err.code, "JX014");
        assert_eq!(err.rule, "read-error");
        assert!(
            err.message.zh.starts_with("无法读取：文件或目录不存在（"),
            "{}",
            err.message.zh
        );
        assert!(err.message.en.contains("os error"), "{}", err.message.en);
        assert!(err.help.unwrap().zh.contains("拼写"));
    }

    #[test]
    fn a_directory_is_a_read_error() {
        let err = read_path(&std::env::temp_dir()).unwrap_err();
        assert_eq!(err.code, "JX014");
        assert!(err.message.zh.contains("目录"), "{}", err.message.zh);
    }

    #[test]
    fn permission_denied_is_explained() {
        let err = io_error(&io::Error::from(io::ErrorKind::PermissionDenied), false);
        assert!(err.message.zh.contains("没有读取权限"));
        assert!(err.message.en.starts_with("cannot read: "));
    }

    #[test]
    fn a_failing_reader_is_a_read_error() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("boom"))
            }
        }
        let err = read_from(Broken).unwrap_err();
        assert_eq!(err.code, "JX014");
        assert_eq!(err.message.en, "cannot read: boom");
    }
}
