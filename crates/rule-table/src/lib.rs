//! Rule tables: a department's standard as data, run by the host's built-in table plugin.
//!
//! Many sector standards are threshold tables — a limit per herb, a checklist per industry. A department that
//! writes no code ships such a standard as one TOML file (`*.table.toml`, format `jiancha-rule-table/1`,
//! documented in `docs/plugins.md`): the plugin's metadata and rule catalogue, named lists, name tables
//! (synonyms, prefixes to strip), lookup tables whose rows may carry the day they take effect, and checks —
//! a condition over `sector_data`, the enterprise and the record, the finding's messages (zh/en) with
//! placeholders, and its JSON pointer. The file is signed like a component and runs with the same judge of
//! findings; it cannot loop, read anything but its record, or run longer than its step budget.
//!
//! [`Table::parse`] refuses a table that does not hold together (an undeclared rule, an unknown name, table or
//! function, a malformed expression or template), naming the check and the field.

pub mod expr;

use std::cell::Cell;
use std::collections::BTreeMap;

use jiancha_core::meta::{Citation, Severity};
use jiancha_core::model::Enterprise;
use jiancha_core::plugin_output::{PluginInfo, PluginRule, RawFinding};
use serde::Deserialize;
use serde_json::Value;

use expr::{Expr, Func, Scope};
pub use jiancha_core::plugin_output::SECTOR_DATA_INVALID;

/// The format line every table carries.
pub const FORMAT: &str = "jiancha-rule-table/1";
/// Expression steps one record may take (all checks together).
pub const STEP_BUDGET: u64 = 200_000;
/// Findings one check may give on one record.
const MAX_FINDINGS: usize = 200;
/// Deepest nesting of `each`.
const MAX_EACH: usize = 3;

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    plugin: PluginSection,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    rules: Vec<RuleSection>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    names: BTreeMap<String, NameTable>,
    #[serde(default)]
    tables: BTreeMap<String, Vec<toml::Table>>,
    checks: Vec<CheckSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginSection {
    id: String,
    name: String,
    department: String,
    version: String,
    #[serde(default)]
    industries: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSection {
    id: String,
    severity: Severity,
    title: String,
    title_en: String,
    #[serde(default)]
    citations: Vec<CitationSection>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CitationSection {
    source: String,
    article: String,
}

/// A name table: how reported names are brought to the names the tables use.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameTable {
    /// Other name → the name the tables use.
    #[serde(default)]
    pub synonyms: BTreeMap<String, String>,
    /// Prefixes (e.g. processing: 醋, 麸炒) dropped when what remains is a name the table file knows.
    #[serde(default)]
    pub strip_prefixes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckSection {
    rule: String,
    #[serde(default)]
    each: Vec<String>,
    #[serde(default, rename = "let")]
    lets: Vec<String>,
    when: String,
    message: String,
    message_en: String,
    path: String,
    #[serde(default)]
    citations: Option<Vec<CitationSection>>,
}

/// A template: literal text and `{expression}` placeholders.
#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Expr(Expr),
}

#[derive(Clone, Debug)]
struct Check {
    /// The declared rule, or None for the standard `plugin.sector-data-invalid`.
    rule: Option<usize>,
    each: Vec<(String, Expr)>,
    lets: Vec<(String, Expr)>,
    when: Expr,
    message: Vec<Part>,
    message_en: Vec<Part>,
    path: Vec<Part>,
    citations: Option<Vec<(String, String)>>,
}

/// One lookup-table row: its keys, the days it is in force, whether it is applied, and its columns.
#[derive(Clone, Debug)]
struct Row {
    keys: Vec<String>,
    from: Option<String>,
    until: Option<String>,
    columns: Value,
}

/// A rule table, checked and ready to run.
#[derive(Clone, Debug)]
pub struct Table {
    info: PluginInfo,
    names: BTreeMap<String, NameTable>,
    /// Every name the file knows (table keys, list entries, synonyms' targets): a prefix is stripped only when
    /// what remains is one of them.
    known: std::collections::BTreeSet<String>,
    tables: BTreeMap<String, Vec<Row>>,
    checks: Vec<Check>,
    /// Whether any check reads `inspection` (the host then decodes the whole record for it).
    reads_inspection: bool,
    /// `lists` as the value checks read.
    lists_value: Value,
}

/// The names every check may read.
const ROOTS: &[&str] = &["data", "enterprise", "inspection", "policy_date", "lists"];

fn at(check: usize, field: &str) -> String {
    format!("checks[{check}].{field}")
}

fn template(src: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    while let Some(i) = rest.find(['{', '}']) {
        let (before, after) = rest.split_at(i);
        text.push_str(before);
        if after.starts_with("{{") {
            text.push('{');
            rest = after.get(2..).unwrap_or("");
        } else if after.starts_with("}}") {
            text.push('}');
            rest = after.get(2..).unwrap_or("");
        } else if after.starts_with('}') {
            return Err("多余的 `}`（字面的花括号写作 `}}`）/ stray `}` (write `}}` for a brace)".into());
        } else {
            let end = after.find('}').ok_or("`{` 未闭合 / unclosed `{`")?;
            let inner = after.get(1..end).unwrap_or("");
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            parts.push(Part::Expr(expr::parse(inner)?));
            rest = after.get(end + 1..).unwrap_or("");
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(parts)
}

fn date_column(row: &toml::Table, key: &str, table: &str, n: usize) -> Result<Option<String>, String> {
    match row.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => Ok(Some(s.clone())),
        Some(toml::Value::Datetime(d)) if d.date.is_some() && d.time.is_none() => Ok(Some(d.to_string())),
        Some(_) => Err(format!("tables.{table}[{n}].{key}: 应为日期 YYYY-MM-DD / must be a date YYYY-MM-DD")),
    }
}

impl Table {
    /// Reads and checks a table file.
    pub fn parse(text: &str) -> Result<Table, String> {
        let file: File = toml::from_str(text).map_err(|e| format!("规则表格式错误 / malformed rule table: {e}"))?;
        if file.format != FORMAT {
            return Err(format!("format 应为 `{FORMAT}`，而非 `{}` / format must be `{FORMAT}`", file.format));
        }
        let p = &file.plugin;
        let mut rules: Vec<PluginRule> = Vec::new();
        for (n, r) in file.rules.iter().enumerate() {
            let name = r.id.strip_prefix(&format!("{}.", p.id)).unwrap_or("");
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(format!(
                    "rules[{n}].id: `{}` 须为 `{}.<名称>`（小写 kebab-case）/ rule ids must be `{}.<kebab-name>`",
                    r.id, p.id, p.id
                ));
            }
            if rules.iter().any(|x| x.id == r.id) {
                return Err(format!("rules[{n}].id: `{}` 重复 / duplicate rule id", r.id));
            }
            for c in &r.citations {
                if !file.sources.is_empty() && !file.sources.contains_key(&c.source) {
                    return Err(format!(
                        "rules[{n}].citations: 来源 `{}` 不在 [sources] 中 / source `{}` is not in [sources]",
                        c.source, c.source
                    ));
                }
            }
            rules.push(PluginRule {
                id: r.id.clone(),
                severity: r.severity,
                title: r.title.clone(),
                title_en: r.title_en.clone(),
                citations: r
                    .citations
                    .iter()
                    .map(|c| Citation { source: c.source.clone().into(), article: c.article.clone().into() })
                    .collect(),
            });
        }
        let mut known = std::collections::BTreeSet::new();
        let mut tables = BTreeMap::new();
        for (name, rows) in &file.tables {
            let mut out = Vec::new();
            for (n, row) in rows.iter().enumerate() {
                let keys: Vec<String> = match row.get("keys") {
                    Some(toml::Value::Array(a)) => a.iter().filter_map(|k| k.as_str().map(str::to_string)).collect(),
                    _ => return Err(format!("tables.{name}[{n}].keys: 须为文本列表 / must be a list of texts")),
                };
                let applied = match row.get("applied") {
                    None => true,
                    Some(toml::Value::Boolean(b)) => *b,
                    Some(_) => return Err(format!("tables.{name}[{n}].applied: 须为 true/false / must be a boolean")),
                };
                let (from, until) = (date_column(row, "from", name, n)?, date_column(row, "until", name, n)?);
                known.extend(keys.iter().filter(|k| *k != "*").map(|k| k.trim().to_string()));
                // A row marked `applied = false` (an open value) is listed, so the decision is visible, but never
                // looked up.
                if !applied {
                    continue;
                }
                let columns = serde_json::to_value(row).map_err(|e| format!("tables.{name}[{n}]: {e}"))?;
                out.push(Row { keys, from, until, columns });
            }
            tables.insert(name.clone(), out);
        }
        for list in file.lists.values() {
            known.extend(list.iter().map(|s| s.trim().to_string()));
        }
        for names in file.names.values() {
            known.extend(names.synonyms.values().map(|s| s.trim().to_string()));
        }
        let mut checks = Vec::new();
        let mut reads_inspection = false;
        for (n, c) in file.checks.iter().enumerate() {
            let rule = if c.rule == SECTOR_DATA_INVALID {
                None
            } else {
                Some(rules.iter().position(|r| r.id == c.rule).ok_or_else(|| {
                    format!("{}: 规则 `{}` 未在 [[rules]] 中声明 / rule not declared", at(n, "rule"), c.rule)
                })?)
            };
            let mut bound: Vec<String> = ROOTS.iter().map(|s| s.to_string()).collect();
            let mut each = Vec::new();
            if c.each.len() > MAX_EACH {
                return Err(format!("{}: 最多嵌套 {MAX_EACH} 层 / at most {MAX_EACH} levels", at(n, "each")));
            }
            for (k, e) in c.each.iter().enumerate() {
                let (var, list) = e.split_once(" in ").ok_or_else(|| {
                    format!(
                        "{}: 应写作 `名称 in 列表`，如 `s in data.samples` / write `NAME in LIST`",
                        at(n, &format!("each[{k}]"))
                    )
                })?;
                let var = var.trim().to_string();
                let list = expr::parse(list).map_err(|e| format!("{}: {e}", at(n, &format!("each[{k}]"))))?;
                check_names(&list, &bound, &at(n, &format!("each[{k}]")))?;
                bound.push(var.clone());
                bound.push(format!("{var}_index"));
                each.push((var, list));
            }
            let mut lets = Vec::new();
            for (k, l) in c.lets.iter().enumerate() {
                let field = at(n, &format!("let[{k}]"));
                let (var, e) = l
                    .split_once('=')
                    .filter(|(v, _)| !v.trim().is_empty())
                    .ok_or_else(|| format!("{field}: 应写作 `名称 = 表达式` / write `NAME = EXPRESSION`"))?;
                let e = expr::parse(e).map_err(|err| format!("{field}: {err}"))?;
                check_names(&e, &bound, &field)?;
                bound.push(var.trim().to_string());
                lets.push((var.trim().to_string(), e));
            }
            let when = expr::parse(&c.when).map_err(|e| format!("{}: {e}", at(n, "when")))?;
            check_names(&when, &bound, &at(n, "when"))?;
            let mut templates = Vec::new();
            for (field, src) in [("message", &c.message), ("message_en", &c.message_en), ("path", &c.path)] {
                let parts = template(src).map_err(|e| format!("{}: {e}", at(n, field)))?;
                for part in &parts {
                    if let Part::Expr(e) = part {
                        check_names(e, &bound, &at(n, field))?;
                    }
                }
                templates.push(parts);
            }
            if !c.path.starts_with('/') {
                return Err(format!("{}: 须为 JSON 指针，以 / 开头 / must be a JSON pointer", at(n, "path")));
            }
            let mut exprs: Vec<&Expr> = vec![&when];
            exprs.extend(each.iter().map(|(_, e)| e).chain(lets.iter().map(|(_, e)| e)));
            for part in templates.iter().flatten() {
                if let Part::Expr(e) = part {
                    exprs.push(e);
                }
            }
            for e in exprs {
                check_calls(e, &file, &rules, n)?;
                let mut names = Vec::new();
                e.names(&mut names);
                reads_inspection |= names.iter().any(|n| n == "inspection");
            }
            let mut templates = templates.into_iter();
            checks.push(Check {
                rule,
                each,
                lets,
                when,
                message: templates.next().unwrap_or_default(),
                message_en: templates.next().unwrap_or_default(),
                path: templates.next().unwrap_or_default(),
                citations: c
                    .citations
                    .as_ref()
                    .map(|cs| cs.iter().map(|c| (c.source.clone(), c.article.clone())).collect()),
            });
        }
        for r in &rules {
            if !checks.iter().any(|c| c.rule.and_then(|i| rules.get(i)).is_some_and(|x| x.id == r.id)) {
                return Err(format!("规则 `{}` 没有任何检查（[[checks]]）/ rule `{}` has no check", r.id, r.id));
            }
        }
        Ok(Table {
            info: PluginInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                version: p.version.clone(),
                industries: p.industries.clone(),
                tags: p.tags.clone(),
                rules,
            },
            names: file.names,
            known,
            tables,
            checks,
            reads_inspection,
            lists_value: serde_json::to_value(&file.lists).unwrap_or(Value::Null),
        })
    }

    /// Whether any check reads `inspection`: when none does, [`Table::check`] may be given `null` for it.
    pub fn reads_inspection(&self) -> bool {
        self.reads_inspection
    }

    /// The plugin's metadata and catalogue.
    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// Runs every check on one record: `inspection` is the record as JSON, `data` its `sector_data.<id>` entry,
    /// `policy_date` the day whose standards apply. Err when the step budget is spent.
    pub fn check(
        &self,
        inspection: &Value,
        enterprise: &Enterprise,
        data: &Value,
        policy_date: &str,
    ) -> Result<Vec<RawFinding>, String> {
        let enterprise = serde_json::json!({
            "id": enterprise.id.as_str(), "name": enterprise.name, "industry": enterprise.industry.as_str(),
            "tags": enterprise.tags,
            "risk_color": enterprise.risk_color, "credit_class": enterprise.credit_class,
        });
        let lists = &self.lists_value;
        let record = Record {
            table: self,
            roots: [("data", data), ("enterprise", &enterprise), ("inspection", inspection), ("lists", lists)],
            policy_date,
            steps: Cell::new(0),
            fired: std::cell::RefCell::new(Vec::new()),
        };
        let mut out = Vec::new();
        for check in &self.checks {
            let mut vars: Vec<(String, Value)> = Vec::new();
            let mut found = Vec::new();
            record.each(check, 0, &mut vars, &mut found)?;
            if let Some(rule) = found.first() {
                record.fired.borrow_mut().extend(std::iter::repeat_n(rule.rule.clone(), found.len()));
            }
            out.extend(found);
        }
        Ok(out)
    }

    fn lookup(&self, table: &str, key: &Value, day: &str) -> Value {
        let Some(rows) = self.tables.get(table) else { return Value::Null };
        let in_force =
            |r: &&Row| r.from.as_deref().is_none_or(|f| f <= day) && r.until.as_deref().is_none_or(|u| day < u);
        let key = match key {
            Value::String(s) => s.as_str(),
            _ => return Value::Null,
        };
        rows.iter()
            .filter(in_force)
            .find(|r| r.keys.iter().any(|k| expr::same_text(k, key)))
            .or_else(|| rows.iter().filter(in_force).find(|r| r.keys.iter().any(|k| k == "*")))
            .map_or(Value::Null, |r| r.columns.clone())
    }

    fn norm(&self, names: &str, text: &str) -> String {
        let Some(t) = self.names.get(names) else { return text.trim().to_string() };
        let text = text.trim();
        let synonym =
            |s: &str| t.synonyms.iter().find(|(k, _)| expr::same_text(k, s)).map(|(_, v)| v.trim().to_string());
        if let Some(s) = synonym(text) {
            return s;
        }
        for prefix in &t.strip_prefixes {
            if let Some(rest) = text.strip_prefix(prefix.as_str()) {
                let rest = synonym(rest).unwrap_or_else(|| rest.to_string());
                if self.known.contains(&rest) {
                    return rest;
                }
            }
        }
        text.to_string()
    }
}

fn check_names(e: &Expr, bound: &[String], field: &str) -> Result<(), String> {
    let mut names = Vec::new();
    e.names(&mut names);
    match names.into_iter().find(|n| !bound.contains(n)) {
        Some(n) => Err(format!(
            "{field}: 未知名称 `{n}`（可用：{}）/ unknown name `{n}` (known: {})",
            bound.join(", "),
            bound.join(", ")
        )),
        None => Ok(()),
    }
}

fn check_calls(e: &Expr, file: &File, rules: &[PluginRule], n: usize) -> Result<(), String> {
    let mut calls = Vec::new();
    e.calls(&mut calls);
    for (f, args) in calls {
        let first = match args.first() {
            Some(Expr::Lit(Value::String(s))) => Some(s.as_str()),
            _ => None,
        };
        let missing = match f {
            Func::Lookup => first.filter(|t| !file.tables.contains_key(*t)).map(|t| format!("查找表 table `{t}`")),
            Func::Norm => first.filter(|t| !file.names.contains_key(*t)).map(|t| format!("名称表 names `{t}`")),
            Func::Fired => args.iter().find_map(|a| match a {
                Expr::Lit(Value::String(r)) if !rules.iter().any(|x| &x.id == r) => Some(format!("规则 rule `{r}`")),
                Expr::Lit(Value::String(_)) => None,
                _ => Some("fired() 的参数须为规则 id 文本 / fired() takes rule ids".into()),
            }),
            _ => None,
        };
        if (matches!(f, Func::Lookup | Func::Norm)) && first.is_none() {
            return Err(format!(
                "checks[{n}]: lookup()/norm() 的第一个参数须为表名文本 / the first argument must name a table"
            ));
        }
        if let Some(m) = missing {
            return Err(format!("checks[{n}]: 未定义的{m} / undefined {m}"));
        }
    }
    Ok(())
}

struct Record<'a> {
    table: &'a Table,
    roots: [(&'static str, &'a Value); 4],
    policy_date: &'a str,
    steps: Cell<u64>,
    fired: std::cell::RefCell<Vec<String>>,
}

struct Bound<'a, 'b> {
    record: &'b Record<'a>,
    vars: &'b [(String, Value)],
}

impl Scope for Bound<'_, '_> {
    fn get(&self, name: &str) -> Value {
        self.get_path(name, &[])
    }

    fn get_path(&self, name: &str, steps: &[expr::Step]) -> Value {
        if name == "policy_date" && steps.is_empty() {
            return Value::String(self.record.policy_date.to_string());
        }
        let root = match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Some(v),
            None => self.record.roots.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
        };
        root.and_then(|v| expr::walk_ref(v, steps)).cloned().unwrap_or(Value::Null)
    }

    fn call(&self, func: Func, args: &[Value]) -> Value {
        let text = |i: usize| args.get(i).and_then(Value::as_str);
        match func {
            Func::Norm => match (text(0), text(1)) {
                (Some(t), Some(s)) => Value::String(self.record.table.norm(t, s)),
                _ => Value::Null,
            },
            Func::Lookup => match (text(0), args.get(1)) {
                (Some(t), Some(key)) => self.record.table.lookup(t, key, self.record.policy_date),
                _ => Value::Null,
            },
            Func::Fired => {
                let fired = self.record.fired.borrow();
                let n = fired.iter().filter(|r| args.iter().any(|a| a.as_str() == Some(r.as_str()))).count();
                Value::from(n)
            }
            Func::Len => Value::from(match args.first() {
                Some(Value::Array(a)) => a.len(),
                Some(Value::String(s)) => s.chars().count(),
                Some(Value::Object(o)) => o.len(),
                _ => 0,
            }),
            Func::StartsWith => match (text(0), text(1)) {
                (Some(a), Some(b)) => Value::Bool(a.starts_with(b)),
                _ => Value::Bool(false),
            },
            Func::Type => Value::String(
                match args.first() {
                    None | Some(Value::Null) => "null",
                    Some(Value::Bool(_)) => "bool",
                    Some(Value::Number(_)) => "number",
                    Some(Value::String(_)) => "text",
                    Some(Value::Array(_)) => "list",
                    Some(Value::Object(_)) => "object",
                }
                .into(),
            ),
            Func::Join => match (args.first(), text(1)) {
                (Some(Value::Array(a)), Some(sep)) => {
                    Value::String(a.iter().map(expr::render).collect::<Vec<_>>().join(sep))
                }
                (Some(v), _) => Value::String(expr::render(v)),
                _ => Value::Null,
            },
        }
    }

    fn step(&self) -> bool {
        let n = self.record.steps.get() + 1;
        self.record.steps.set(n);
        n <= STEP_BUDGET
    }
}

const SPENT: &str = "规则表超出计算预算 / the rule table ran out of its step budget";

impl Record<'_> {
    fn eval(&self, e: &Expr, vars: &[(String, Value)]) -> Result<Value, String> {
        expr::eval(e, &Bound { record: self, vars }).ok_or_else(|| SPENT.to_string())
    }

    fn render(&self, parts: &[Part], vars: &[(String, Value)]) -> Result<String, String> {
        let mut s = String::new();
        for p in parts {
            match p {
                Part::Text(t) => s.push_str(t),
                Part::Expr(e) => s.push_str(&expr::render(&self.eval(e, vars)?)),
            }
        }
        Ok(s)
    }

    /// Binds the `each` lists from level `level` on, then runs the check on every binding.
    fn each(
        &self,
        check: &Check,
        level: usize,
        vars: &mut Vec<(String, Value)>,
        out: &mut Vec<RawFinding>,
    ) -> Result<(), String> {
        if let Some((var, list)) = check.each.get(level) {
            let Value::Array(items) = self.eval(list, vars)? else { return Ok(()) };
            for (i, item) in items.into_iter().enumerate() {
                vars.push((var.clone(), item));
                vars.push((format!("{var}_index"), Value::from(i)));
                let r = self.each(check, level + 1, vars, out);
                vars.truncate(vars.len() - 2);
                r?;
            }
            return Ok(());
        }
        let depth = vars.len();
        for (name, e) in &check.lets {
            let v = self.eval(e, vars)?;
            vars.push((name.clone(), v));
        }
        let holds = expr::truthy(&self.eval(&check.when, vars)?);
        if holds && out.len() < MAX_FINDINGS {
            let rule = check.rule.and_then(|i| self.table.info.rules.get(i));
            let (id, severity) = rule.map_or((SECTOR_DATA_INVALID, Severity::Warning), |r| (r.id.as_str(), r.severity));
            out.push(RawFinding {
                rule: id.to_string(),
                severity,
                message: self.render(&check.message, vars)?,
                message_en: self.render(&check.message_en, vars)?,
                citations: check.citations.clone().unwrap_or_else(|| {
                    rule.iter()
                        .flat_map(|r| &r.citations)
                        .map(|c| (c.source.to_string(), c.article.to_string()))
                        .collect()
                }),
                path: self.render(&check.path, vars)?,
                related: Vec::new(),
            });
        }
        vars.truncate(depth);
        Ok(())
    }
}
