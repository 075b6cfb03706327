//! Compiling rule files: names resolved (fields, functions, lexicons, parameters), lexicons built into automata,
//! regular expressions compiled, message templates parsed — once per run, with every error pointing into the
//! rule file.

use super::syntax::{self, Expr, ExprKind, RuleFileSyntax, RuleSyntax, Word};
use crate::diagnostic::{Level, Text};
use crate::lint::registry::{At, Example, Rule, Template, TemplatePart};
use crate::lint::schema::expr::{Aggregate, BinaryOp, CExpr, Function, Lexicon, UnaryOp};
use crate::lint::schema::field::{Field, Scope};
use crate::lint::schema::value::Value;
use crate::source::Span;
use regex::Regex;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// The built-in functions: name, arity (minimum, maximum), and what the arguments after the first are.
const FUNCTIONS: &[(&str, usize, usize, &str)] = &[
    ("contains", 2, 16, "lexicons"),
    ("starts-with", 2, 16, "lexicons"),
    ("ends-with", 2, 16, "lexicons"),
    ("matches", 2, 2, "regex"),
    ("strip", 2, 16, "lexicons"),
    ("replace", 3, 3, "regex"),
    ("has-digit", 1, 1, ""),
    ("len", 1, 1, ""),
    ("year", 1, 1, ""),
    ("excel-date", 1, 1, ""),
    ("abs", 1, 1, ""),
    ("unitless", 1, 1, ""),
    ("if", 3, 3, "branches"),
];

/// The names of the built-in functions, for documentation and error messages.
pub fn function_names() -> Vec<&'static str> {
    FUNCTIONS.iter().map(|f| f.0).collect()
}

/// An error in a rule file.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// The rule file.
    pub file: usize,
    /// Where.
    pub span: Span,
    /// What is wrong, in both languages.
    pub message: Text,
}

/// One rule file: its path and text (BOM and CRLF removed, nothing else changed).
pub type RuleSource = crate::source::SourceFile;

/// What a configuration changes in compiled rules.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Parameter values by rule (code or name) and parameter, as literal text (`"90 %"`).
    pub params: BTreeMap<String, BTreeMap<String, String>>,
    /// Terms added to lexicons by name.
    pub lexicon_terms: BTreeMap<String, Vec<String>>,
}

/// The output of compiling.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// The lexicons; `CExpr` refers to them by index.
    pub lexicons: Vec<Lexicon>,
}

/// Compiles rule files: every lexicon of every file first (a rule may use a lexicon of another file), then the
/// rules.
pub fn compile(
    sources: &[RuleSource],
    overrides: &Overrides,
) -> Result<Compiled, Vec<CompileError>> {
    let mut errors = Vec::new();
    let mut parsed: Vec<(usize, RuleFileSyntax)> = Vec::new();
    for (file, source) in sources.iter().enumerate() {
        match syntax::parse_file(source.text()) {
            Ok(syntax) => parsed.push((file, syntax)),
            Err(e) => errors.push(CompileError {
                file,
                span: e.span,
                message: Text::new(
                    format!("规则文件语法错误：这里应为 {}", e.expected),
                    format!("syntax error in rule file: expected {}", e.expected),
                ),
            }),
        }
    }

    let mut lexicons: Vec<Lexicon> = Vec::new();
    let mut lexicon_index: HashMap<String, usize> = HashMap::new();
    for (file, syntax) in &parsed {
        for lexicon in &syntax.lexicons {
            if lexicon_index.contains_key(&lexicon.name.text) {
                errors.push(CompileError {
                    file: *file,
                    span: lexicon.name.span,
                    message: Text::new(
                        format!("词表“{}”重复定义", lexicon.name.text),
                        format!("lexicon `{}` is defined twice", lexicon.name.text),
                    ),
                });
                continue;
            }
            let mut terms: Vec<String> = lexicon.terms.iter().map(|t| t.text.clone()).collect();
            if let Some(extra) = overrides.lexicon_terms.get(&lexicon.name.text) {
                terms.extend(extra.iter().cloned());
            }
            lexicon_index.insert(lexicon.name.text.clone(), lexicons.len());
            lexicons.push(Lexicon::new(
                lexicon.name.text.clone(),
                lexicon.description.clone(),
                terms,
            ));
        }
    }

    let mut rules = Vec::new();
    let mut seen: HashMap<String, (usize, Span)> = HashMap::new();
    for (file, syntax) in &parsed {
        for rule in &syntax.rules {
            for key in [&rule.code, &rule.name] {
                if seen.insert(key.text.clone(), (*file, key.span)).is_some() {
                    errors.push(CompileError {
                        file: *file,
                        span: key.span,
                        message: Text::new(
                            format!("规则“{}”重复定义", key.text),
                            format!("rule `{}` is defined twice", key.text),
                        ),
                    });
                }
            }
            let mut compiler = Compiler {
                file: *file,
                lexicons: &mut lexicons,
                lexicon_index: &mut lexicon_index,
                params: HashMap::new(),
                errors: &mut errors,
                scope: Scope::Indicator,
            };
            if let Some(rule) = compiler.rule(rule, sources[*file].name(), overrides) {
                rules.push(rule);
            }
        }
    }
    if errors.is_empty() {
        Ok(Compiled { rules, lexicons })
    } else {
        Err(errors)
    }
}

struct Compiler<'a> {
    file: usize,
    lexicons: &'a mut Vec<Lexicon>,
    lexicon_index: &'a mut HashMap<String, usize>,
    params: HashMap<String, Value<'static>>,
    errors: &'a mut Vec<CompileError>,
    scope: Scope,
}

impl Compiler<'_> {
    fn error(&mut self, span: Span, zh: String, en: String) {
        self.errors.push(CompileError {
            file: self.file,
            span,
            message: Text::new(zh, en),
        });
    }

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

    fn rule(&mut self, rule: &RuleSyntax, origin: &str, overrides: &Overrides) -> Option<Rule> {
        let errors_before = self.errors.len();
        let severity = self
            .required(rule, &rule.severity, "severity")
            .and_then(|w| Level::from_word(&w.text));
        let category = self
            .required(rule, &rule.category, "category")
            .map(|w| w.text.clone());
        let scope = self
            .required(rule, &rule.scope, "applies")
            .and_then(|w| Scope::from_keyword(&w.text));
        if let Some(scope) = scope {
            self.scope = scope;
        }
        if !is_kebab(&rule.name.text) {
            self.error(
                rule.name.span,
                format!(
                    "规则名称“{}”应为小写短横线形式，如 vague-target-value",
                    rule.name.text
                ),
                format!(
                    "the rule name `{}` should be kebab-case, such as vague-target-value",
                    rule.name.text
                ),
            );
        }

        let mut params = Vec::new();
        let rule_overrides = overrides
            .params
            .get(&rule.code.text)
            .or_else(|| overrides.params.get(&rule.name.text));
        if let Some(given) = rule_overrides {
            for name in given.keys() {
                if !rule.params.iter().any(|p| &p.name.text == name) {
                    self.error(
                        rule.name.span,
                        format!("规则“{}”没有参数“{name}”", rule.name.text),
                        format!("rule `{}` has no parameter `{name}`", rule.name.text),
                    );
                }
            }
        }
        for param in &rule.params {
            let default = self.constant(&param.default);
            let value = match rule_overrides.and_then(|o| o.get(&param.name.text)) {
                Some(text) => match syntax::parse_expr(text) {
                    Ok(expr) => self.constant(&expr),
                    Err(_) => {
                        self.error(
                            param.name.span,
                            format!("参数“{}”的值“{text}”无法读取", param.name.text),
                            format!(
                                "the value `{text}` of parameter `{}` cannot be read",
                                param.name.text
                            ),
                        );
                        None
                    }
                },
                None => default.clone(),
            };
            if let Some(value) = value {
                self.params.insert(param.name.text.clone(), value);
            }
            params.push(crate::lint::registry::Param {
                name: param.name.text.clone(),
                default: default.map(|d| d.display()).unwrap_or_default(),
                description: param.description.clone(),
            });
        }

        let when = match &rule.when {
            Some(when) => self.expr(when),
            None => {
                self.error(
                    rule.name.span,
                    format!("规则“{}”缺少 when 条件", rule.name.text),
                    format!("rule `{}` has no `when` condition", rule.name.text),
                );
                None
            }
        };
        let at = rule.at.as_ref().and_then(|at| self.at(at));
        let fix = match &rule.fix {
            Some((field, template)) => match self.at(field) {
                Some(At::Field(field)) => self.template(template).map(|t| (field, t)),
                Some(At::Match) => {
                    self.error(
                        field.span,
                        "fix 要替换一个字段（如 comparator、unit），不能是 match".into(),
                        "a fix replaces a field (comparator, unit …), not `match`".into(),
                    );
                    None
                }
                None => None,
            },
            None => None,
        };

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
        let pair = |this: &mut Self, kind: &str, required: bool| -> Option<(Word, Word)> {
            let zh = texts.get(&(kind.to_string(), "zh".to_string())).copied();
            let en = texts.get(&(kind.to_string(), "en".to_string())).copied();
            match (zh, en) {
                (Some(zh), Some(en)) => Some((zh.clone(), en.clone())),
                (None, None) if !required => None,
                _ => {
                    this.error(
                        rule.name.span,
                        format!("规则“{}”需要中英文两种 {kind}", rule.name.text),
                        format!(
                            "rule `{}` needs `{kind} zh` and `{kind} en`",
                            rule.name.text
                        ),
                    );
                    None
                }
            }
        };
        let message = pair(self, "message", true);
        let help = pair(self, "help", true);
        let summary = pair(self, "summary", true);
        let docs = pair(self, "docs", true);
        let message = message.map(|(zh, en)| (self.template(&zh), self.template(&en)));
        let help = help.map(|(zh, en)| (self.template(&zh), self.template(&en)));

        let examples: Vec<Example> = rule
            .examples
            .iter()
            .map(|(kind, text)| Example {
                fails: kind.text == "fail",
                text: text.text.clone(),
            })
            .collect();
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

        if self.errors.len() > errors_before {
            return None;
        }
        let (message_zh, message_en) = message?;
        let (help_zh, help_en) = help?;
        let (summary_zh, summary_en) = summary?;
        let (docs_zh, docs_en) = docs?;
        Some(Rule {
            code: rule.code.text.clone(),
            name: rule.name.text.clone(),
            default_severity: severity?,
            category: category?,
            scope: scope?,
            params,
            when: when?,
            at,
            fix,
            message: (message_zh?, message_en?),
            help: (help_zh?, help_en?),
            summary: Text::new(summary_zh.text, summary_en.text),
            docs: Text::new(docs_zh.text, docs_en.text),
            examples,
            origin: origin.to_string(),
        })
    }

    fn at(&mut self, at: &Word) -> Option<At> {
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

    fn unknown_field(&mut self, span: Span, name: &str, available: &[String]) {
        let scope = self.scope.keyword();
        self.error(
            span,
            format!(
                "{scope} 上没有字段“{name}”；可用的有：{}",
                available.join("、")
            ),
            format!(
                "there is no field `{name}` on {scope}; available: {}",
                available.join(", ")
            ),
        );
    }

    /// A template: text with `{expression}` placeholders; `{{` and `}}` stand for braces.
    fn template(&mut self, word: &Word) -> Option<Template> {
        let text = &word.text;
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text.as_str();
        let errors_before = self.errors.len();
        while let Some(i) = rest.find(['{', '}']) {
            literal.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                literal.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                self.error(
                    word.span,
                    "模板中多了“}”".into(),
                    "stray `}` in a template".into(),
                );
                return None;
            }
            let Some(end) = tail.find('}') else {
                self.error(
                    word.span,
                    "模板中的“{”没有闭合".into(),
                    "unclosed `{` in a template".into(),
                );
                return None;
            };
            let inner = &tail[1..end];
            if !literal.is_empty() {
                parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
            }
            if inner.trim() == "match" {
                parts.push(TemplatePart::Match);
                rest = &tail[end + 1..];
                continue;
            }
            match syntax::parse_expr(inner) {
                Ok(expr) => {
                    if let Some(c) = self.expr_at(&expr, word.span) {
                        parts.push(TemplatePart::Expr(c));
                    }
                }
                Err(_) => self.error(
                    word.span,
                    format!("模板占位“{{{inner}}}”不是表达式"),
                    format!("the placeholder `{{{inner}}}` is not an expression"),
                ),
            }
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(TemplatePart::Text(literal));
        }
        (self.errors.len() == errors_before).then_some(Template(parts))
    }

    /// Compiles an expression whose spans are relative to a placeholder, reporting errors at `span`.
    fn expr_at(&mut self, expr: &Expr, span: Span) -> Option<CExpr> {
        let before = self.errors.len();
        let compiled = self.expr(expr);
        for error in &mut self.errors[before..] {
            error.span = span;
        }
        compiled
    }

    /// A literal's value, for parameters.
    fn constant(&mut self, expr: &Expr) -> Option<Value<'static>> {
        match &expr.kind {
            ExprKind::Number(n, unit) => Some(Value::Num(*n, unit.clone().map(Cow::Owned))),
            ExprKind::Str(s) => Some(Value::owned_text(s.clone())),
            ExprKind::Bool(b) => Some(Value::Bool(*b)),
            ExprKind::Null => Some(Value::Null),
            ExprKind::Unary(UnaryOp::Neg, inner) => match self.constant(inner)? {
                Value::Num(n, u) => Some(Value::Num(-n, u)),
                _ => None,
            },
            _ => {
                self.error(
                    expr.span,
                    "参数的值应为数字、文字或 true/false".into(),
                    "a parameter's value is a number, a string, true or false".into(),
                );
                None
            }
        }
    }

    fn expr(&mut self, expr: &Expr) -> Option<CExpr> {
        Some(match &expr.kind {
            ExprKind::Number(..) | ExprKind::Str(_) | ExprKind::Bool(_) | ExprKind::Null => {
                CExpr::Const(self.constant(expr)?)
            }
            ExprKind::Path(path) => match Field::resolve(path, self.scope) {
                Ok(field) => CExpr::Field(field),
                Err(available) => {
                    self.unknown_field(expr.span, &path.join("."), &available);
                    return None;
                }
            },
            ExprKind::Param(name) => match self.params.get(name) {
                Some(value) => CExpr::Const(value.clone()),
                None => {
                    self.error(
                        expr.span,
                        format!("未定义的参数“${name}”：先用 param {name} = … 定义"),
                        format!("undefined parameter `${name}`: define it with `param {name} = …`"),
                    );
                    return None;
                }
            },
            ExprKind::List(items) => CExpr::List(self.all(items)?),
            ExprKind::Unary(op, inner) => CExpr::Unary(*op, Box::new(self.expr(inner)?)),
            ExprKind::IsNull(inner, negated) => {
                CExpr::IsNull(Box::new(self.expr(inner)?), *negated)
            }
            ExprKind::Binary(BinaryOp::In, lhs, rhs) => {
                let lhs = Box::new(self.expr(lhs)?);
                match &rhs.kind {
                    ExprKind::Path(path) if path.len() == 1 => {
                        CExpr::InLexicon(lhs, self.lexicon(&path[0], rhs.span)?)
                    }
                    ExprKind::List(items) => CExpr::InList(lhs, self.all(items)?),
                    _ => {
                        self.error(
                            rhs.span,
                            "in 的右边应为词表名或列表 [ … ]".into(),
                            "the right side of `in` is a lexicon name or a list [ … ]".into(),
                        );
                        return None;
                    }
                }
            }
            ExprKind::Binary(op, lhs, rhs) => {
                let lhs = self.expr(lhs);
                let rhs = self.expr(rhs);
                CExpr::Binary(*op, Box::new(lhs?), Box::new(rhs?))
            }
            ExprKind::Call(name, args) => self.call(name, args)?,
            ExprKind::Aggregate {
                func,
                collection,
                filter,
                of,
            } => self.aggregate(func, collection, filter.as_deref(), of.as_deref())?,
        })
    }

    fn all(&mut self, items: &[Expr]) -> Option<Vec<CExpr>> {
        let compiled: Vec<Option<CExpr>> = items.iter().map(|e| self.expr(e)).collect();
        compiled.into_iter().collect()
    }

    fn lexicon(&mut self, name: &str, span: Span) -> Option<usize> {
        if let Some(&index) = self.lexicon_index.get(name) {
            return Some(index);
        }
        let mut known: Vec<&str> = self.lexicon_index.keys().map(String::as_str).collect();
        known.sort_unstable();
        self.error(
            span,
            format!("未知的词表“{name}”；已有：{}", known.join("、")),
            format!("unknown lexicon `{name}`; known: {}", known.join(", ")),
        );
        None
    }

    /// A lexicon argument: a lexicon's name, or a string literal (a lexicon of one term).
    fn lexicon_arg(&mut self, arg: &Expr) -> Option<usize> {
        match &arg.kind {
            ExprKind::Path(path) if path.len() == 1 => self.lexicon(&path[0], arg.span),
            ExprKind::Str(term) => {
                let key = format!("\"{term}\"");
                if let Some(&index) = self.lexicon_index.get(&key) {
                    return Some(index);
                }
                self.lexicon_index.insert(key.clone(), self.lexicons.len());
                self.lexicons
                    .push(Lexicon::new(key, None, vec![term.clone()]));
                Some(self.lexicons.len() - 1)
            }
            _ => {
                self.error(
                    arg.span,
                    "这里应为词表名或文字".into(),
                    "expected a lexicon name or a string".into(),
                );
                None
            }
        }
    }

    fn regex(&mut self, arg: &Expr) -> Option<Regex> {
        let ExprKind::Str(pattern) = &arg.kind else {
            self.error(
                arg.span,
                "这里应为正则表达式文字".into(),
                "expected a regular expression string".into(),
            );
            return None;
        };
        match Regex::new(pattern) {
            Ok(regex) => Some(regex),
            Err(e) => {
                self.error(
                    arg.span,
                    format!("正则表达式无效：{e}"),
                    format!("invalid regular expression: {e}"),
                );
                None
            }
        }
    }

    fn call(&mut self, name: &Word, args: &[Expr]) -> Option<CExpr> {
        let Some(&(_, min, max, extras)) = FUNCTIONS.iter().find(|f| f.0 == name.text) else {
            self.error(
                name.span,
                format!(
                    "未知的函数“{}”；可用的有：{}",
                    name.text,
                    function_names().join("、")
                ),
                format!(
                    "unknown function `{}`; available: {}",
                    name.text,
                    function_names().join(", ")
                ),
            );
            return None;
        };
        if args.len() < min || args.len() > max {
            self.error(
                name.span,
                format!("函数 {} 的参数个数不对", name.text),
                format!("wrong number of arguments to `{}`", name.text),
            );
            return None;
        }
        let first = self.expr(&args[0])?;
        if extras == "branches" {
            let then = self.expr(&args[1])?;
            let otherwise = self.expr(&args[2])?;
            return Some(CExpr::Call(Function::If, vec![first, then, otherwise]));
        }
        let function = match (name.text.as_str(), extras) {
            (_, "lexicons") => {
                let lexicons: Option<Vec<usize>> =
                    args[1..].iter().map(|a| self.lexicon_arg(a)).collect();
                let lexicons = lexicons?;
                match name.text.as_str() {
                    "contains" => Function::Contains(lexicons),
                    "starts-with" => Function::StartsWith(lexicons),
                    "ends-with" => Function::EndsWith(lexicons),
                    _ => Function::Strip(lexicons),
                }
            }
            ("matches", _) => Function::Matches(self.regex(&args[1])?),
            ("replace", _) => {
                let regex = self.regex(&args[1])?;
                let with = self.expr(&args[2])?;
                return Some(CExpr::Call(Function::Replace(regex), vec![first, with]));
            }
            ("has-digit", _) => Function::HasDigit,
            ("len", _) => Function::Len,
            ("year", _) => Function::Year,
            ("excel-date", _) => Function::ExcelDate,
            ("abs", _) => Function::Abs,
            _ => Function::Unitless,
        };
        Some(CExpr::Call(function, vec![first]))
    }

    fn aggregate(
        &mut self,
        func: &Word,
        collection: &Word,
        filter: Option<&Expr>,
        of: Option<&Expr>,
    ) -> Option<CExpr> {
        let func_kind = match func.text.as_str() {
            "count" => Aggregate::Count,
            "sum" => Aggregate::Sum,
            "any" => Aggregate::Any,
            "all" => Aggregate::All,
            "min" => Aggregate::Min,
            _ => Aggregate::Max,
        };
        let over = match collection.text.as_str() {
            "indicators" => Scope::Indicator,
            "groups" => Scope::Group,
            "level1s" => Scope::Level1,
            _ => Scope::Declaration,
        };
        if over <= self.scope {
            self.error(
                collection.span,
                format!("{} 不在 {} 之下", collection.text, self.scope.keyword()),
                format!(
                    "there are no {} below a {}",
                    collection.text,
                    self.scope.keyword()
                ),
            );
            return None;
        }
        let needs_of = matches!(func_kind, Aggregate::Sum | Aggregate::Min | Aggregate::Max);
        if needs_of != of.is_some() {
            self.error(
                func.span,
                format!(
                    "{} 的 of 用法不对：sum、min、max 需要 of，其余不用",
                    func.text
                ),
                format!(
                    "`{}`: sum, min and max take `of`, the others do not",
                    func.text
                ),
            );
            return None;
        }
        let outer = self.scope;
        self.scope = over;
        let filter = filter.map(|f| self.expr(f));
        let of = of.map(|o| self.expr(o));
        self.scope = outer;
        let filter = match filter {
            Some(f) => Some(Box::new(f?)),
            None => None,
        };
        let of = match of {
            Some(o) => Some(Box::new(o?)),
            None => None,
        };
        Some(CExpr::Aggregate {
            func: func_kind,
            over,
            filter,
            of,
        })
    }
}

fn is_kebab(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}
