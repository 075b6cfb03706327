//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run. `tool.driver.rules` describes every rule of the [`Catalog`], in code order (`jixiao check` gives it
//! the rule sets of the run, selected or not, and every fixed class JX0xx); each result points at its rule by
//! `ruleId` and `ruleIndex`. The log is streamed and the rules come before any result, so a streamed result whose
//! code the catalog does not describe has a `ruleId` and no `ruleIndex`; [`Render::render`], which sees every
//! report first, adds those codes to the rules instead (a fixed class at the most serious severity it is seen
//! at). Artifact URIs are the paths as shown, relative to `%SRCROOT%` (the directory jixiao ran in), with `/` and
//! percent-encoded (RFC 3986), so `申报/朔州.jx` is `%E7%94%B3%E6%8A%A5/%E6%9C%94%E5%B7%9E.jx`; an absolute path
//! becomes a `file://` URI. Regions are 1-based, columns count characters (`columnKind` is `unicodeCodePoints`)
//! and the end is exclusive. A file that could not be read has a location without a region. A finding in a table
//! carries its cell in `properties` (`sheet`, `cell`), with the finding's `help`.

use super::catalog::{Catalog, RuleInfo};
use super::{JsonArray, Options, PlacedFinding, Render};
use crate::diagnostic::{Lang, Severity};
use crate::report::FileReport;
use crate::PROJECT_URL;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

/// The schema a log names.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base that relative artifact URIs are resolved against: the directory jixiao ran in.
pub const SRCROOT: &str = "%SRCROOT%";

/// Bytes a URI path keeps as they are: RFC 3986's unreserved characters and the `/` between segments.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The SARIF renderer.
#[derive(Debug, Clone)]
pub struct Sarif {
    options: Options,
    catalog: Catalog,
    /// The open `results` array, between the start and the end of a run.
    results: Option<JsonArray>,
}

impl Sarif {
    /// A SARIF renderer describing the rules of `catalog`, with texts in the language of `options`.
    pub fn new(options: Options, catalog: Catalog) -> Self {
        Sarif {
            options,
            catalog,
            results: None,
        }
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct BaseLocation {
    description: Message,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Properties::is_empty")]
    properties: Properties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize, Default)]
struct Properties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl Properties<'_> {
    fn is_empty(&self) -> bool {
        self.sheet.is_none() && self.cell.is_none() && self.help.is_none()
    }
}

/// SARIF's word for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The artifact location of a path as shown: relative to `%SRCROOT%`, or a `file://` URI when absolute.
fn artifact(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let drive = path.len() >= 3
        && path.as_bytes()[0].is_ascii_alphabetic()
        && &path.as_bytes()[1..3] == b":/";
    if drive {
        let encoded = utf8_percent_encode(&path[2..], PATH);
        return ArtifactLocation {
            uri: format!("file:///{}{encoded}", &path[..2]),
            uri_base_id: None,
        };
    }
    let encoded = utf8_percent_encode(&path, PATH).to_string();
    if path.starts_with('/') {
        ArtifactLocation {
            uri: format!("file://{encoded}"),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: encoded,
            uri_base_id: Some(SRCROOT),
        }
    }
}

/// Markdown as plain text: headings without their `#`, code blocks indented, no backticks or bold marks.
fn plain(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in markdown.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push(format!("    {line}"));
        } else if trimmed.starts_with('#') {
            out.push(trimmed.trim_start_matches('#').trim_start().to_string());
        } else {
            out.push(line.replace("**", "").replace('`', ""));
        }
    }
    out.join("\n")
}

fn descriptor(info: &RuleInfo, lang: Lang) -> Descriptor {
    let docs = info.docs.get(lang).trim().to_string();
    Descriptor {
        id: info.code.clone(),
        name: info.name.clone(),
        short_description: Message {
            text: info.summary.get(lang).to_string(),
        },
        full_description: Message { text: plain(&docs) },
        help: Help {
            text: plain(&docs),
            markdown: docs,
        },
        help_uri: info.help_uri.clone(),
        default_configuration: Configuration {
            level: info.default_severity.map_or("none", level),
        },
    }
}

impl Sarif {
    /// The tool, with the rules of the catalog.
    fn tool(&self) -> Tool {
        Tool {
            driver: Driver {
                name: "jixiao",
                version: env!("CARGO_PKG_VERSION"),
                information_uri: PROJECT_URL,
                rules: self
                    .catalog
                    .rules()
                    .iter()
                    .map(|info| descriptor(info, self.options.lang))
                    .collect(),
            },
        }
    }

    /// What `%SRCROOT%` is.
    fn base_ids(&self) -> BTreeMap<&'static str, BaseLocation> {
        let base = match self.options.lang {
            Lang::Zh => "运行 jixiao 的目录",
            Lang::En => "the directory jixiao ran in",
        };
        BTreeMap::from([(
            SRCROOT,
            BaseLocation {
                description: Message {
                    text: base.to_string(),
                },
            },
        )])
    }

    /// The result of one finding.
    fn result<'a>(&self, located: &PlacedFinding<'a>) -> SarifResult<'a> {
        let lang = self.options.lang;
        let diagnostic = located.diagnostic;
        let cell = diagnostic.cell.as_ref();
        SarifResult {
            rule_id: &diagnostic.code,
            rule_index: self.catalog.position(&diagnostic.code),
            level: level(diagnostic.severity),
            message: Message {
                text: diagnostic.message.get(lang).to_string(),
            },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(&located.report.path),
                    region: located.region.map(|(start, end)| Region {
                        start_line: start.line,
                        start_column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                    }),
                },
            }],
            properties: Properties {
                sheet: cell.and_then(|c| c.sheet.as_deref()),
                cell: cell.map(|c| c.cell.as_str()),
                help: diagnostic.help.as_ref().map(|help| help.get(lang)),
            },
        }
    }
}

impl Render for Sarif {
    /// Writes the log up to its results: the tool with every rule of the catalog, then the results' opening.
    fn begin(&mut self, _: &[&str], out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(b"{\n  \"$schema\": ")?;
        super::write_nested(out, &SCHEMA, 1)?;
        out.write_all(b",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")?;
        super::write_nested(out, &self.tool(), 3)?;
        out.write_all(b",\n      \"originalUriBaseIds\": ")?;
        super::write_nested(out, &self.base_ids(), 3)?;
        out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ")?;
        self.results = Some(JsonArray::open(3, out)?);
        Ok(())
    }

    fn report(&mut self, report: &FileReport, out: &mut dyn io::Write) -> io::Result<()> {
        let mut results = self
            .results
            .ok_or_else(|| io::Error::other("a SARIF result before the log began"))?;
        for located in super::placed_in(report) {
            results.push(&self.result(&located), out)?;
        }
        self.results = Some(results);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn io::Write) -> io::Result<()> {
        let results = self
            .results
            .take()
            .ok_or_else(|| io::Error::other("a SARIF log ended before it began"))?;
        results.close(out)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }

    /// Writes the log of `reports`, whose rules are those of the catalog and the codes the results name that it
    /// does not describe: a fixed class at the most serious severity it is seen at, another code bare.
    fn render(&mut self, reports: &[FileReport], out: &mut dyn io::Write) -> io::Result<()> {
        let catalog = self.catalog.clone();
        for diagnostic in reports.iter().flat_map(|report| &report.diagnostics) {
            self.catalog
                .ensure(&diagnostic.code, &diagnostic.rule, diagnostic.severity);
        }
        let written = super::stream_all(self, reports, out);
        self.catalog = catalog;
        written
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes::{self, SYNTAX};
    use crate::diagnostic::{CellLocation, Diagnostic, Text};
    use crate::source::{SourceFile, Span};
    use serde_json::{json, Value};

    fn render(reports: &[FileReport], catalog: Catalog) -> Value {
        let mut out = Vec::new();
        Sarif::new(Options::default(), catalog)
            .render(reports, &mut out)
            .unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    #[test]
    fn paths_are_relative_percent_encoded_uris() {
        let uri = |path: &str| {
            let a = artifact(path);
            (a.uri, a.uri_base_id)
        };
        assert_eq!(
            uri("申报/朔州.jx"),
            (
                "%E7%94%B3%E6%8A%A5/%E6%9C%94%E5%B7%9E.jx".to_string(),
                Some(SRCROOT)
            )
        );
        assert_eq!(
            uri("a b/c%#?.jx").0,
            "a%20b/c%25%23%3F.jx",
            "reserved and unsafe characters are encoded"
        );
        assert_eq!(uri("<stdin>").0, "%3Cstdin%3E");
        assert_eq!(uri("sub\\a-b_c~d.jx").0, "sub/a-b_c~d.jx");
        assert_eq!(
            uri("/srv/申报.jx"),
            ("file:///srv/%E7%94%B3%E6%8A%A5.jx".to_string(), None)
        );
        assert_eq!(
            uri("C:\\申报\\a.jx").0,
            "file:///C:/%E7%94%B3%E6%8A%A5/a.jx"
        );
    }

    #[test]
    fn markdown_docs_become_plain_text() {
        let docs = "### 做什么\n找出 `x` 和 **y**。\n\n```jx\n产出 { }\n```\n";
        assert_eq!(plain(docs), "做什么\n找出 x 和 y。\n\n    产出 { }");
    }

    #[test]
    fn results_point_at_their_rule_and_an_unreadable_file_has_no_region() {
        let text = "甲乙 abc\n丙";
        let at = text.find("abc").unwrap();
        let mut in_cell = Diagnostic::new(
            SYNTAX,
            Severity::Warning,
            Span::new(at, at + 3),
            Text::new("中文", "english"),
        )
        .with_help(Text::new("帮助", "help"));
        in_cell.cell = Some(CellLocation {
            sheet: Some("表一".into()),
            cell: "B2".into(),
            ..CellLocation::default()
        });
        let reports = [
            FileReport {
                path: "表/a.xlsx".into(),
                source: Some(SourceFile::new("表/a.xlsx", text)),
                document: None,
                diagnostics: vec![in_cell],
            },
            FileReport::unreadable(
                "b.jx",
                Diagnostic::new(
                    codes::NOT_UTF8,
                    Severity::Error,
                    Span::point(0),
                    Text::new("不是 UTF-8", "not UTF-8"),
                ),
            ),
        ];
        let log = render(&reports, Catalog::default());
        let run = &log["runs"][0];
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules: Vec<&Value> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["id"])
            .collect();
        assert_eq!(rules, [&json!("JX001"), &json!("JX015")]);
        let first = &run["results"][0];
        assert_eq!(
            (&first["ruleId"], &first["ruleIndex"], &first["level"]),
            (&json!("JX001"), &json!(0), &json!("warning"))
        );
        assert_eq!(
            first["locations"][0]["physicalLocation"],
            json!({
                "artifactLocation": {"uri": "%E8%A1%A8/a.xlsx", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 1, "startColumn": 4, "endLine": 1, "endColumn": 7}
            })
        );
        assert_eq!(
            first["properties"],
            json!({"sheet": "表一", "cell": "B2", "help": "帮助"})
        );
        let second = &run["results"][1];
        assert_eq!(second["ruleIndex"], 1);
        assert_eq!(
            second["locations"][0]["physicalLocation"],
            json!({"artifactLocation": {"uri": "b.jx", "uriBaseId": "%SRCROOT%"}})
        );
        assert!(second.get("properties").is_none());
    }

    /// Reports with findings in two files and an unreadable third.
    fn reports() -> Vec<FileReport> {
        let text = "甲乙 abc\n丙 \"引\"\n";
        let finding = |severity, at: usize| {
            Diagnostic::new(
                SYNTAX,
                severity,
                Span::point(at),
                Text::new("中文", "english"),
            )
        };
        vec![
            FileReport {
                path: "申报/a.jx".into(),
                source: Some(SourceFile::new("申报/a.jx", text)),
                document: None,
                diagnostics: vec![finding(Severity::Info, 11), finding(Severity::Error, 0)],
            },
            FileReport {
                path: "b.jx".into(),
                source: Some(SourceFile::new("b.jx", text)),
                document: None,
                diagnostics: vec![],
            },
            FileReport::unreadable(
                "c.jx",
                Diagnostic::new(
                    codes::NOT_UTF8,
                    Severity::Error,
                    Span::point(0),
                    Text::new("不是 UTF-8", "not UTF-8"),
                ),
            ),
        ]
    }

    #[test]
    fn the_streamed_log_has_the_bytes_of_the_whole_one() {
        #[derive(Serialize)]
        struct Log<'a> {
            #[serde(rename = "$schema")]
            schema: &'static str,
            version: &'static str,
            runs: [Run<'a>; 1],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Run<'a> {
            tool: Tool,
            original_uri_base_ids: BTreeMap<&'static str, BaseLocation>,
            column_kind: &'static str,
            results: Vec<SarifResult<'a>>,
        }
        let reports = reports();
        for reports in [&reports[..], &reports[1..2], &[]] {
            let catalog = Catalog::default().with_fixed_classes();
            let sarif = Sarif::new(Options::default(), catalog);
            let log = Log {
                schema: SCHEMA,
                version: "2.1.0",
                runs: [Run {
                    tool: sarif.tool(),
                    original_uri_base_ids: sarif.base_ids(),
                    column_kind: "unicodeCodePoints",
                    results: crate::render::placed(reports)
                        .iter()
                        .map(|located| sarif.result(located))
                        .collect(),
                }],
            };
            let mut out = Vec::new();
            sarif.clone().render(reports, &mut out).unwrap();
            let whole = serde_json::to_string_pretty(&log).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }

    #[test]
    fn a_streamed_result_the_catalog_does_not_describe_has_no_rule_index() {
        let reports = reports();
        let mut sarif = Sarif::new(Options::default(), Catalog::default());
        let mut out = Vec::new();
        sarif
            .begin(&["申报/a.jx", "b.jx", "c.jx"], &mut out)
            .unwrap();
        for report in &reports {
            sarif.report(report, &mut out).unwrap();
        }
        sarif.finish(&mut out).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"], json!([]));
        let results = run["results"].as_array().unwrap();
        let ids: Vec<&Value> = results.iter().map(|r| &r["ruleId"]).collect();
        assert_eq!(ids, [&json!("JX001"), &json!("JX001"), &json!("JX015")]);
        assert!(results.iter().all(|r| r.get("ruleIndex").is_none()));
        // Rendered whole, the same reports name their rules: the catalog is completed first, then restored.
        let mut out = Vec::new();
        sarif.render(&reports, &mut out).unwrap();
        let log: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(log["runs"][0]["results"][2]["ruleIndex"], 1);
        assert!(sarif.catalog.rules().is_empty());
    }
}
