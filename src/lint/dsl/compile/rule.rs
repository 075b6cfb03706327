//! Compiling one rule: each item of `rule CODE name { … }` in turn — severity, category, scope, parameters, the
//! condition, where findings point, the fix, the texts and the examples — each error reported, then the rule
//! built only if there was none.

use super::Compiler;
use crate::diagnostic::{Level, Text};
use crate::lint::dsl::syntax::{RuleSyntax, Word};
use crate::lint::registry::{At, Docs, Example, Rule, Template};
use crate::lint::schema::expr::CExpr;
use crate::lint::schema::field::Field;
use crate::lint::schema::scope::Scope;
use std::collections::BTreeMap;

/// A text in Chinese and English, as written.
type Pair = (Word, Word);

/// The texts of a rule: the message and help compiled into templates.
struct Texts {
    message: Option<(Option<Template>, Option<Template>)>,
    help: Option<(Option<Template>, Option<Template>)>,
    /// `table-help`, optional: plain text in both languages.
    table_help: Option<Option<Text>>,
    summary: Option<Pair>,
    docs: Option<Pair>,
}

impl Compiler<'_> {
    /// Compiles a rule; `None` when any of its items has an error.
    pub(super) fn rule(
        &mut self,
        rule: &RuleSyntax,
        origin: &str,
        overrides: &super::Overrides,
    ) -> Option<Rule> {
        let errors_before = self.errors.len();
        let severity = self.severity(rule);
        let category = self
            .required(rule, &rule.category, "category")
            .map(|w| w.text.clone());
        let scope = self.scope(rule);
        if let Some(scope) = scope {
            self.scope = scope;
        }
        self.check_name(&rule.name);
        let params = self.params(rule, overrides);
        self.define_lets(rule);
        let when = self.when(rule);
        let at = rule.at.as_ref().and_then(|at| self.at(at));
        let fix = self.fix(rule);
        let texts = self.texts(rule);
        self.unused_lets();
        let examples = match self.deferred_docs {
            Some(_) => Vec::new(),
            None => self.examples(rule),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        let (message_zh, message_en) = texts.message?;
        let (help_zh, help_en) = texts.help?;
        let (summary_zh, summary_en) = texts.summary?;
        let docs = match self.deferred_docs {
            Some(deferred) => Docs::deferred(deferred),
            None => {
                let (docs_zh, docs_en) = texts.docs?;
                Docs::written(Text::new(docs_zh.text, docs_en.text), examples)
            }
        };
        let table_help = texts.table_help.unwrap_or(None);
        Some(Rule {
            code: rule.code.text.clone(),
            name: rule.name.text.clone(),
            default_severity: severity?,
            category: category?,
            scope: scope?,
            params,
            when: when?,
            guard: None,
            at,
            fix,
            message: (message_zh?, message_en?),
            help: (help_zh?, help_en?),
            table_help,
            summary: Text::new(summary_zh.text, summary_en.text),
            docs,
            origin: origin.to_string(),
        })
    }

    /// An item every rule has, or an error at the rule's name.
    fn required<'w>(
        &mut self,
        rule: &RuleSyntax,
        item: &'w Option<Word>,
        what: &str,
    ) -> Option<&'w Word> {
        if item.is_none() {
            self.error(
                rule.name.span,
                format!("规则“{}”缺少 {what}", rule.name.text),
                format!("rule `{}` has no `{what}`", rule.name.text),
            );
        }
        item.as_ref()
    }

    /// `severity error|warning|info|off`.
    fn severity(&mut self, rule: &RuleSyntax) -> Option<Level> {
        let word = self.required(rule, &rule.severity, "severity")?;
        let level = Level::from_word(&word.text);
        if level.is_none() {
            self.error(
                word.span,
                format!(
                    "未知的级别“{}”；可用的有：{}",
                    word.text,
                    Level::NAMES.join("、")
                ),
                format!(
                    "unknown severity `{}`; available: {}",
                    word.text,
                    Level::NAMES.join(", ")
                ),
            );
        }
        level
    }

    /// `applies indicator|group|level1|declaration|file`.
    fn scope(&mut self, rule: &RuleSyntax) -> Option<Scope> {
        let word = self.required(rule, &rule.scope, "applies")?;
        let scope = Scope::from_keyword(&word.text);
        if scope.is_none() {
            let names = Scope::ALL.map(Scope::keyword);
            self.error(
                word.span,
                format!("未知的范围“{}”；可用的有：{}", word.text, names.join("、")),
                format!(
                    "unknown scope `{}`; available: {}",
                    word.text,
                    names.join(", ")
                ),
            );
        }
        scope
    }

    /// A rule's name is kebab-case.
    fn check_name(&mut self, name: &Word) {
        if !is_kebab(&name.text) {
            self.error(
                name.span,
                format!(
                    "规则名称“{}”应为小写短横线形式，如 vague-target-value",
                    name.text
                ),
                format!(
                    "the rule name `{}` should be kebab-case, such as vague-target-value",
                    name.text
                ),
            );
        }
    }

    /// `when …`: the condition, which every rule has.
    fn when(&mut self, rule: &RuleSyntax) -> Option<CExpr> {
        match &rule.when {
            Some(when) => self.expr(when),
            None => {
                self.error(
                    rule.name.span,
                    format!("规则“{}”缺少 when 条件", rule.name.text),
                    format!("rule `{}` has no `when` condition", rule.name.text),
                );
                None
            }
        }
    }

    /// `at match` or `at FIELD`: where findings point.
    pub(super) fn at(&mut self, at: &Word) -> Option<At> {
        if at.text == "match" {
            return Some(At::Match);
        }
        let path: Vec<String> = at.text.split('.').map(str::to_string).collect();
        match Field::resolve(&path, self.scope) {
            Ok(field) => Some(At::Field(field)),
            Err(available) => {
                self.unknown_field(at.span, &at.text, &available);
                None
            }
        }
    }

    /// `fix FIELD "template"`: a field, not `match`, and what replaces it.
    fn fix(&mut self, rule: &RuleSyntax) -> Option<(Field, Template)> {
        let (field, template) = rule.fix.as_ref()?;
        match self.at(field)? {
            At::Field(field) => self.template(template).map(|t| (field, t)),
            At::Match => {
                self.error(
                    field.span,
                    "fix 要替换一个字段（如 comparator、unit），不能是 match".into(),
                    "a fix replaces a field (comparator, unit …), not `match`".into(),
                );
                None
            }
        }
    }

    /// `message|help|summary|docs zh|en "…"`: each kind in both languages, each given once; the message and help
    /// compiled into templates.
    fn texts(&mut self, rule: &RuleSyntax) -> Texts {
        let mut texts: BTreeMap<(String, String), &Word> = BTreeMap::new();
        for (kind, lang, text) in &rule.texts {
            if texts
                .insert((kind.text.clone(), lang.text.clone()), text)
                .is_some()
            {
                self.error(
                    kind.span,
                    format!("{} {} 重复", kind.text, lang.text),
                    format!("`{} {}` is given twice", kind.text, lang.text),
                );
            }
        }
        let message = self.pair(rule, &texts, "message");
        let help = self.pair(rule, &texts, "help");
        let summary = self.pair(rule, &texts, "summary");
        // The built-in rules' documentation is read when asked for (see `Compiler::deferred_docs`).
        let docs = match self.deferred_docs {
            Some(_) => None,
            None => self.pair(rule, &texts, "docs"),
        };
        let table_help = self.table_help(&texts);
        Texts {
            table_help,
            message: message.map(|(zh, en)| (self.template(&zh), self.template(&en))),
            help: help.map(|(zh, en)| (self.template(&zh), self.template(&en))),
            summary,
            docs,
        }
    }

    /// `table-help zh|en`: none, or both, each plain text (a table's finding fills no template). `None` after an
    /// error; `Some(None)` when the rule has none.
    fn table_help(&mut self, texts: &BTreeMap<(String, String), &Word>) -> Option<Option<Text>> {
        let get = |lang: &str| {
            texts
                .get(&("table-help".to_string(), lang.to_string()))
                .copied()
        };
        let (zh, en) = match (get("zh"), get("en")) {
            (None, None) => return Some(None),
            (Some(zh), Some(en)) => (zh, en),
            (Some(one), None) | (None, Some(one)) => {
                self.error(
                    one.span,
                    "table-help 要同时写 zh 和 en".into(),
                    "table-help needs both zh and en".into(),
                );
                return None;
            }
        };
        for word in [zh, en] {
            if word
                .text
                .replace("{{", "")
                .replace("}}", "")
                .contains(['{', '}'])
            {
                self.error(
                    word.span,
                    "table-help 是纯文本，不能有 {…}（表格中的发现不填写模板）".into(),
                    "table-help is plain text, with no {…}: a table's finding fills no template"
                        .into(),
                );
                return None;
            }
        }
        let plain = |word: &Word| word.text.replace("{{", "{").replace("}}", "}");
        Some(Some(Text::new(plain(zh), plain(en))))
    }

    /// One kind of text in both languages, or an error at the rule's name.
    fn pair(
        &mut self,
        rule: &RuleSyntax,
        texts: &BTreeMap<(String, String), &Word>,
        kind: &str,
    ) -> Option<Pair> {
        let zh = texts.get(&(kind.to_string(), "zh".to_string())).copied();
        let en = texts.get(&(kind.to_string(), "en".to_string())).copied();
        if let (Some(zh), Some(en)) = (zh, en) {
            return Some((zh.clone(), en.clone()));
        }
        self.error(
            rule.name.span,
            format!("规则“{}”需要中英文两种 {kind}", rule.name.text),
            format!(
                "rule `{}` needs `{kind} zh` and `{kind} en`",
                rule.name.text
            ),
        );
        None
    }

    /// `example fail|pass "…"`: at least one of each.
    fn examples(&mut self, rule: &RuleSyntax) -> Vec<Example> {
        let mut examples = Vec::new();
        for (kind, text) in &rule.examples {
            let fails = match kind.text.as_str() {
                "fail" => true,
                "pass" => false,
                other => {
                    self.error(
                        kind.span,
                        format!("未知的示例“{other}”：应为 fail 或 pass"),
                        format!("unknown example `{other}`: fail or pass"),
                    );
                    continue;
                }
            };
            examples.push(Example {
                fails,
                text: text.text.clone(),
            });
        }
        if !examples.iter().any(|e| e.fails) || !examples.iter().any(|e| !e.fails) {
            self.error(
                rule.name.span,
                format!(
                    "规则“{}”至少需要一个 example fail 和一个 example pass",
                    rule.name.text
                ),
                format!(
                    "rule `{}` needs at least one `example fail` and one `example pass`",
                    rule.name.text
                ),
            );
        }
        examples
    }
}

fn is_kebab(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}
