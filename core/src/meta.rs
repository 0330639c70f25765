//! What a rule is: its severity, where its findings go, the clauses it rests on and the sources they are in.
//!
//! The engine, `jiancha rules`, the generated documentation and the web demo all read this table, so a rule's
//! id, severity, titles, citations and parameters are written exactly once. Ids are public and stable
//! (`shared/spec/rules.md`); the order of the table is the order of the spec and the order in which findings of
//! one output line are listed.

use std::borrow::Cow;

use serde::Serialize;

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Informational (a suggestion).
    Info,
    /// A warning: worth a look, not a breach in itself.
    Warning,
    /// A breach of a rule.
    Violation,
}

impl Severity {
    /// The contract's spelling.
    pub fn key(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Violation => "violation",
        }
    }

    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Info => "提示",
            Self::Warning => "警示",
            Self::Violation => "违规",
        }
    }
}

/// Where a rule's findings are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Needs only the record and the dataset.
    PerRecord,
    /// Needs the whole batch or the enterprise's history.
    CrossRecord,
    /// About a plan (scope `plan`).
    Plan,
    /// About an agency (scope `agency`).
    Agency,
}

/// A clause that a finding rests on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Citation {
    /// Source key, e.g. `gbf-2024-54`.
    pub source: Cow<'static, str>,
    /// Article within the source, e.g. `（二）1（2）`.
    pub article: Cow<'static, str>,
}

/// The families of the built-in rules: the first part of every rule id (`subject.unqualified-agency`). A plugin
/// may not take one as its id.
pub const RULE_FAMILIES: &[&str] = &[
    "subject",
    "item",
    "approval",
    "code",
    "calendar",
    "notice",
    "conduct",
    "method",
    "penalty",
    "data",
    "frequency",
    "plan",
    "alert",
    "agency",
    "joint",
];

/// The sources that citations name, with their full titles.
pub const SOURCES: &[(&str, &str)] = &[
    ("gbf-2024-54", "国务院办公厅关于严格规范涉企行政检查的意见（国办发〔2024〕54号）"),
    ("zj-2025-5", "浙江省人民政府办公厅关于严格规范涉企行政检查的实施意见（浙政办发〔2025〕5号）"),
    (
        "panan-draft-2025",
        "磐安县人民政府办公室关于严格规范涉企行政检查进一步优化法治化营商环境的实施意见（征求意见稿）",
    ),
    ("xzcff-2021", "中华人民共和国行政处罚法（2021年修订）"),
    ("gb-32100-2015", "法人和其他组织统一社会信用代码编码规则（GB 32100-2015）"),
    ("gb-11714-1997", "全国组织机构代码编制规则（GB 11714-1997）"),
];

/// The short Chinese name a source goes by in Chinese text.
pub fn source_zh(source: &str) -> &str {
    match source {
        "gbf-2024-54" => "国办发〔2024〕54号",
        "zj-2025-5" => "浙政办发〔2025〕5号",
        "panan-draft-2025" => "磐安县实施意见（征求意见稿）",
        "xzcff-2021" => "《行政处罚法》",
        "gb-32100-2015" => "GB 32100-2015",
        "gb-11714-1997" => "GB 11714-1997",
        other => other,
    }
}

/// A number from 1 to 99 in Chinese numerals (一, 十, 十二, 四十二).
fn chinese_number(n: u32) -> Option<String> {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| DIGITS.get(d as usize).copied();
    match n {
        1..=9 => digit(n).map(str::to_string),
        10..=19 => Some(format!("十{}", digit(n - 10)?)),
        20..=99 => Some(format!("{}十{}", digit(n / 10)?, digit(n % 10)?)),
        _ => None,
    }
}

/// How a citation reads in Chinese text: the source's short Chinese name and the article in Chinese form
/// (`xzcff-2021` `art. 33(1)` → 《行政处罚法》第三十三条第一款; `gbf-2024-54` `二` → 国办发〔2024〕54号第二部分).
/// The citation itself keeps the catalogue's spelling, which is the public contract.
pub fn cite_zh(source: &str, article: &str) -> String {
    let name = source_zh(source);
    if let Some(rest) = article.strip_prefix("art. ") {
        let (num, para) = rest.split_once('(').map_or((rest, None), |(n, p)| (n, p.strip_suffix(')')));
        let art = num.trim().parse().ok().and_then(chinese_number);
        let para = para.and_then(|p| p.parse().ok()).and_then(chinese_number);
        if let Some(art) = art {
            return match para {
                Some(p) => format!("{name}第{art}条第{p}款"),
                None => format!("{name}第{art}条"),
            };
        }
    }
    if source == "gbf-2024-54" {
        // Parts 一 to 十, optionally followed by an item number such as ①.
        let (part, item) = article.split_once(' ').unwrap_or((article, ""));
        if !part.is_empty() && part.chars().all(|c| "一二三四五六七八九十".contains(c)) {
            return format!("{name}第{part}部分{item}");
        }
    }
    if article.is_empty() {
        name.to_string()
    } else if article.starts_with('（') {
        format!("{name}{article}")
    } else {
        format!("{name}（{article}）")
    }
}

/// How a citation reads in English text: the source key and the article as the catalogue spells it.
pub fn cite_en(source: &str, article: &str) -> String {
    if article.is_empty() { source.to_string() } else { format!("{source} {article}") }
}

/// Metadata of one built-in rule.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleMeta {
    /// Public, stable id.
    pub id: &'static str,
    /// Severity of every finding of the rule.
    pub severity: Severity,
    /// Where findings are reported.
    pub kind: RuleKind,
    /// Chinese title.
    pub title: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// `(source, article)` pairs.
    #[serde(serialize_with = "ser_citations")]
    #[schemars(with = "Vec<Citation>")]
    pub citations: &'static [(&'static str, &'static str)],
    /// Policy parameters the rule reads.
    pub parameters: &'static [&'static str],
    /// How Jiancha reads the rule where the catalogue is silent (see docs/interpretation.md).
    pub notes: &'static str,
    /// 整改建议: what the officer or agency should do to put a finding of the rule right.
    pub remedy: &'static str,
    /// The remedy in English.
    pub remedy_en: &'static str,
}

fn ser_citations<S: serde::Serializer>(c: &&'static [(&'static str, &'static str)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(c.iter().map(|(source, article)| Citation { source: (*source).into(), article: (*article).into() }))
}

impl RuleMeta {
    /// The citations as owned values for a finding.
    pub fn citation_list(&self) -> Vec<Citation> {
        self.citations
            .iter()
            .map(|(source, article)| Citation { source: Cow::Borrowed(source), article: Cow::Borrowed(article) })
            .collect()
    }
}

/// The rule of a finding: one of the catalogue's, by its metadata, or one known by its id only (a plugin's
/// `<plugin-id>.<name>`, checked by the host against the plugin's declared rules, or an id read back from JSON).
/// It is written and compared as the id.
#[derive(Clone, Debug)]
pub enum RuleId {
    /// A built-in rule.
    Builtin(&'static RuleMeta),
    /// A rule known by its id.
    Named(Box<str>),
}

impl RuleId {
    /// The id.
    pub fn as_str(&self) -> &str {
        match self {
            RuleId::Builtin(meta) => meta.id,
            RuleId::Named(id) => id,
        }
    }

    /// The built-in rule's metadata (None for a rule known by its id only).
    pub fn meta(&self) -> Option<&'static RuleMeta> {
        match self {
            RuleId::Builtin(meta) => Some(meta),
            RuleId::Named(_) => None,
        }
    }

    /// Whether this is the rule of `meta`.
    pub fn is(&self, meta: &RuleMeta) -> bool {
        self.as_str() == meta.id
    }
}

/// Written as its id (`family.kebab-name`, or `<plugin-id>.<name>`).
impl schemars::JsonSchema for RuleId {
    fn schema_name() -> Cow<'static, str> {
        "RuleId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A rule id: `family.kebab-name` for the built-in rules, `<plugin-id>.<name>` for plugins",
        })
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RuleId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for RuleId {
    fn eq(&self, other: &RuleId) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RuleId {}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&'static RuleMeta> for RuleId {
    fn from(meta: &'static RuleMeta) -> RuleId {
        RuleId::Builtin(meta)
    }
}

impl From<String> for RuleId {
    fn from(id: String) -> RuleId {
        RuleId::Named(id.into_boxed_str())
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> RuleId {
        RuleId::Named(id.into())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        String::deserialize(d).map(RuleId::from)
    }
}
