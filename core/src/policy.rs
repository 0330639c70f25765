//! Policy parameters: every number of the rules, with its built-in default and where that default comes from.
//!
//! A county overrides them in `policy.toml` (or the `policy` object of a one-file dataset). A parameter may
//! carry dated values (`[{from = "2027-01-01", value = 0.8}]`). A county's values are merged with the built-in
//! ones by date, not put in their place: in force on a day is the value with the latest `from` on or before it
//! (a plain value counts as "since always"), the county's winning a tie, so that a county's 2025 value does not
//! silently drop the province's 2027 target. Every finding that used a parameter says what the parameter means,
//! which value it used, and whether that value is a legal number (also when the county sets the law's number
//! again), a policy default no legal text fixes, or the county's own setting.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::model::{CreditClass, RiskColor};
use crate::time::Date;

/// Where a parameter's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A number set by a legal or normative text (source key, article).
    Legal(&'static str, &'static str),
    /// A default that no legal text fixes.
    PolicyDefault,
    /// Set by the county's policy file.
    County,
}

impl Origin {
    /// How the origin is stated in Chinese messages.
    pub fn zh(self) -> String {
        match self {
            Origin::Legal(src, art) => format!("依据{}", crate::meta::cite_zh(src, art)),
            Origin::PolicyDefault => "政策默认值，无法律明文规定".to_string(),
            Origin::County => "本县政策设定".to_string(),
        }
    }

    /// How the origin is stated in English messages.
    pub fn en(self) -> String {
        match self {
            Origin::Legal(src, art) => format!("legal number, {src} {art}"),
            Origin::PolicyDefault => "policy default, no legal text fixes this number".to_string(),
            Origin::County => "set by county policy".to_string(),
        }
    }
}

/// A `MM-DD` day of the year (the plan publication deadline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl MonthDay {
    /// The date in `year`; 02-29 falls back to 02-28 in a common year.
    pub fn in_year(self, year: i32) -> Option<Date> {
        chrono::NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| chrono::NaiveDate::from_ymd_opt(year, self.month, self.day.saturating_sub(1)))
            .map(Date)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || serde::de::Error::custom(format!("应为 MM-DD 格式的日期 / expected a `MM-DD` day, got `{s}`"));
        let (m, dd) = s.split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || dd.len() != 2 {
            return Err(bad());
        }
        let (month, day) = (m.parse::<u32>().map_err(|_| bad())?, dd.parse::<u32>().map_err(|_| bad())?);
        // 2024 is a leap year, so 02-29 is accepted as a day that exists in some years.
        chrono::NaiveDate::from_ymd_opt(2024, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }
}

impl Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The caps per risk colour (a colour without an entry is unlimited).
pub type ColorCaps = BTreeMap<RiskColor, u32>;

/// The caps per credit-risk class (a class without an entry is unlimited).
pub type ClassCaps = BTreeMap<CreditClass, u32>;

/// One value of a parameter, in force from a day on.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry<T> {
    /// First day of force; `None` means "since always".
    pub from: Option<Date>,
    /// The value.
    pub value: T,
    /// Where the value comes from.
    pub origin: Origin,
}

/// One parameter: its name, what it means, and dated values.
#[derive(Clone, Debug, PartialEq)]
pub struct Param<T> {
    /// The key in `policy.toml`.
    pub name: &'static str,
    /// What it means, in Chinese (messages never show the key without it).
    pub meaning: &'static str,
    /// What it means, in English.
    pub meaning_en: &'static str,
    /// Values sorted by `from` (`None`, "since always", first).
    pub values: Vec<Entry<T>>,
}

impl<T: Clone + PartialEq> Param<T> {
    fn new(name: &'static str, meaning: (&'static str, &'static str), value: T, origin: Origin) -> Self {
        Param { name, meaning: meaning.0, meaning_en: meaning.1, values: vec![Entry { from: None, value, origin }] }
    }

    /// A parameter with no value unless the county sets one.
    fn unset(name: &'static str, meaning: (&'static str, &'static str)) -> Self {
        Param { name, meaning: meaning.0, meaning_en: meaning.1, values: Vec::new() }
    }

    /// The entry in force on `day`, if any.
    pub fn entry(&self, day: Date) -> Option<&Entry<T>> {
        self.values.iter().rev().find(|e| e.from.is_none_or(|f| f <= day))
    }

    /// The value in force on `day`, if any.
    pub fn on(&self, day: Date) -> Option<&T> {
        self.entry(day).map(|e| &e.value)
    }

    /// Where the value in force on `day` comes from.
    pub fn origin(&self, day: Date) -> Option<Origin> {
        self.entry(day).map(|e| e.origin)
    }

    /// Merges the county's values with these by date: each county value takes the place of a built-in one only
    /// where both start on the same day (a plain value: since always), and otherwise stands beside them, so a
    /// county's earlier value never drops a later built-in one. A county value equal to the legal number in force
    /// on its first day keeps the law's origin: the county has set the law's number again.
    fn set(&mut self, value: Dated<T>) {
        let county: Vec<(Option<Date>, T)> = match value {
            Dated::Plain(v) => vec![(None, v)],
            Dated::Dated(list) => list.into_iter().map(|d| (Some(d.from), d.value)).collect(),
        };
        let mut values: Vec<Entry<T>> =
            self.values.iter().filter(|e| !county.iter().any(|(from, _)| *from == e.from)).cloned().collect();
        for (from, value) in county {
            let built_in = self.values.iter().rev().find(|e| e.from.is_none_or(|f| from.is_some_and(|c| f <= c)));
            let origin = match built_in {
                Some(e) if matches!(e.origin, Origin::Legal(..)) && e.value == value => e.origin,
                _ => Origin::County,
            };
            values.push(Entry { from, value, origin });
        }
        // `None` sorts first: "since always" is before every date.
        values.sort_by_key(|e| e.from);
        self.values = values;
    }
}

impl<T: fmt::Display + Clone + PartialEq> Param<T> {
    /// `meaning为value（参数 name），origin` for the value in force on `day`.
    pub fn explain_zh(&self, day: Date) -> String {
        match self.entry(day) {
            Some(e) => format!("{}为{}（参数 {}），{}", self.meaning, e.value, self.name, e.origin.zh()),
            None => format!("{}（参数 {}）未设定", self.meaning, self.name),
        }
    }

    /// `parameter name (meaning) = value, origin` for the value in force on `day`.
    pub fn explain_en(&self, day: Date) -> String {
        match self.entry(day) {
            Some(e) => format!("parameter {} ({}) = {}, {}", self.name, self.meaning_en, e.value, e.origin.en()),
            None => format!("parameter {} ({}) not set", self.name, self.meaning_en),
        }
    }
}

/// A plain value or a list of dated values, as written in the policy file.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum Dated<T> {
    /// One value for all days.
    Plain(T),
    /// Values that apply from their dates on.
    Dated(Vec<DatedValue<T>>),
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Dated<T> {
    /// An array is a list of dated values, anything else a plain value; either way the error says what is wrong
    /// (an untagged enum would only say that nothing matched).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    serde_json::from_value::<DatedValue<T>>(item)
                        .map_err(|e| D::Error::custom(format!("第{}个日期值 / dated value {i}: {e}", i + 1)))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Dated::Dated),
            other => serde_json::from_value::<T>(other).map(Dated::Plain).map_err(D::Error::custom),
        }
    }
}

/// A value in force from a day on.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedValue<T> {
    /// First day of force.
    pub from: Date,
    /// The value.
    pub value: T,
}

/// The policy file: every key optional; unknown keys are errors.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// 同一行政执法主体对同一企业年度现场检查上限.
    pub onsite_cap_per_agency_enterprise_year: Option<Dated<u32>>,
    /// Annual plans are published by this `MM-DD` of their year.
    #[schemars(with = "Dated<String>")]
    pub plan_publication_deadline: Option<Dated<MonthDay>>,
    /// Working days after an urgent inspection to approve it and assign its code.
    pub urgent_approval_grace_working_days: Option<Dated<u32>>,
    /// Certified officers needed on site.
    pub min_officers_on_site: Option<Dated<u32>>,
    /// Target share of joint inspections (0–1).
    pub joint_rate_target: Option<Dated<f64>>,
    /// Yearly caps per risk colour, e.g. `{ red = 6, green = 1 }`.
    pub risk_color_caps: Option<Dated<ColorCaps>>,
    /// Yearly caps per credit-risk class, e.g. `{ A = 1, B = 2 }` (fewer visits for good compliance).
    pub credit_class_caps: Option<Dated<ClassCaps>>,
    /// Exempt on-site inspections per agency, enterprise and year before a warning.
    pub excessive_exempt_per_agency_enterprise_year: Option<Dated<u32>>,
    /// Window of the multi-agency alert, in days.
    pub multi_agency_window_days: Option<Dated<u32>>,
    /// Agencies in the window that raise the multi-agency alert.
    pub multi_agency_min_agencies: Option<Dated<u32>>,
    /// Window of the repeated-item alert, in days.
    pub repeat_window_days: Option<Dated<u32>>,
    /// Window of the high-frequency alert, in days.
    pub high_frequency_window_days: Option<Dated<u32>>,
    /// On-site inspections in the window that raise the high-frequency alert.
    pub high_frequency_min_inspections: Option<Dated<u32>>,
    /// Days after a penalty by which the return visit is due.
    pub return_visit_days: Option<Dated<u32>>,
    /// Largest ratio of two visits' durations that still counts as similar.
    pub plan_merge_duration_ratio: Option<Dated<f64>>,
    /// The county's format of the 行政行为码: a regular expression the whole code must match.
    pub code_pattern: Option<Dated<String>>,
}

/// Caps displayed as `{red=6, green=1}` (or `{A=1, B=2}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Caps<K = RiskColor>(pub BTreeMap<K, u32>);

/// What a cap is kept for: a risk colour or a credit-risk class, by its contract spelling.
pub trait CapKey: Copy {
    /// The contract's spelling.
    fn key(self) -> &'static str;
}

impl CapKey for RiskColor {
    fn key(self) -> &'static str {
        RiskColor::key(self)
    }
}

impl CapKey for CreditClass {
    fn key(self) -> &'static str {
        CreditClass::key(self)
    }
}

/// The parameters in force.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// `onsite_cap_per_agency_enterprise_year`
    pub onsite_cap: Param<u32>,
    /// `plan_publication_deadline`
    pub plan_publication_deadline: Param<MonthDay>,
    /// `urgent_approval_grace_working_days`
    pub urgent_grace: Param<u32>,
    /// `min_officers_on_site`
    pub min_officers: Param<u32>,
    /// `joint_rate_target`
    pub joint_rate_target: Param<f64>,
    /// `risk_color_caps`
    pub risk_color_caps: Param<ColorCaps>,
    /// `credit_class_caps`
    pub credit_class_caps: Param<ClassCaps>,
    /// `excessive_exempt_per_agency_enterprise_year`
    pub excessive_exempt: Param<u32>,
    /// `multi_agency_window_days`
    pub multi_agency_window_days: Param<u32>,
    /// `multi_agency_min_agencies`
    pub multi_agency_min_agencies: Param<u32>,
    /// `repeat_window_days`
    pub repeat_window_days: Param<u32>,
    /// `high_frequency_window_days`
    pub high_frequency_window_days: Param<u32>,
    /// `high_frequency_min_inspections`
    pub high_frequency_min_inspections: Param<u32>,
    /// `return_visit_days`
    pub return_visit_days: Param<u32>,
    /// `plan_merge_duration_ratio`
    pub plan_merge_duration_ratio: Param<f64>,
    /// `code_pattern`
    pub code_pattern: Param<CodePattern>,
}

/// The county's format of the 行政行为码, compiled. Matching takes time linear in the code's length whatever the
/// pattern (regex-lite has no backtracking blow-up), and the pattern is anchored at both ends.
#[derive(Clone, Debug)]
pub struct CodePattern {
    source: String,
    re: regex_lite::Regex,
}

impl CodePattern {
    /// Compiles a pattern; `Err` says why it is not a regular expression.
    pub fn new(source: &str) -> Result<CodePattern, String> {
        if source.len() > 1000 {
            return Err("长度超过1000个字符 / is longer than 1000 characters".to_string());
        }
        let re = regex_lite::RegexBuilder::new(&format!("^(?:{source})$"))
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("不是有效的正则表达式 / is not a valid regular expression: {e}"))?;
        Ok(CodePattern { source: source.to_string(), re })
    }

    /// Whether the whole code matches.
    pub fn matches(&self, code: &str) -> bool {
        self.re.is_match(code)
    }
}

impl PartialEq for CodePattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl fmt::Display for CodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.source)
    }
}

impl Default for Policy {
    fn default() -> Self {
        use Origin::*;
        let joint_from = Date::parse("2027-01-01").ok();
        Policy {
            onsite_cap: Param::new(
                "onsite_cap_per_agency_enterprise_year",
                ("同一执法主体对同一企业每年现场检查次数上限", "yearly on-site cap per agency and enterprise"),
                2,
                Legal("panan-draft-2025", "（二）1（2）"),
            ),
            plan_publication_deadline: Param::new(
                "plan_publication_deadline",
                ("年度检查计划公布期限", "annual plan publication deadline"),
                MonthDay { month: 3, day: 31 },
                Legal("panan-draft-2025", "（二）1（1）"),
            ),
            urgent_grace: Param::new(
                "urgent_approval_grace_working_days",
                (
                    "紧急检查补办审批、赋码的工作日期限",
                    "working days to approve and code an urgent inspection afterwards",
                ),
                1,
                Legal("panan-draft-2025", "（二）2（1）"),
            ),
            min_officers: Param::new(
                "min_officers_on_site",
                ("现场检查最少持证执法人员人数", "least number of certified officers on site"),
                2,
                Legal("xzcff-2021", "art. 42"),
            ),
            joint_rate_target: Param {
                name: "joint_rate_target",
                meaning: "联合检查率目标",
                meaning_en: "joint-inspection rate target",
                values: joint_from
                    .map(|d| {
                        vec![Entry {
                            from: Some(d), value: 0.8, origin: Legal("zj-2025-5", "力争2027年达80%以上")
                        }]
                    })
                    .unwrap_or_default(),
            },
            risk_color_caps: Param::new(
                "risk_color_caps",
                ("各风险颜色企业每年现场检查次数上限", "yearly on-site caps per risk colour"),
                ColorCaps::new(),
                PolicyDefault,
            ),
            credit_class_caps: Param::new(
                "credit_class_caps",
                ("各信用风险分类企业每年现场检查次数上限", "yearly on-site caps per credit-risk class"),
                ClassCaps::new(),
                PolicyDefault,
            ),
            excessive_exempt: Param::new(
                "excessive_exempt_per_agency_enterprise_year",
                ("不受频次限制的现场检查每年合理次数", "reasonable yearly number of exempt on-site inspections"),
                6,
                PolicyDefault,
            ),
            multi_agency_window_days: Param::new(
                "multi_agency_window_days",
                ("多头检查预警时间窗天数", "multi-agency alert window in days"),
                30,
                PolicyDefault,
            ),
            multi_agency_min_agencies: Param::new(
                "multi_agency_min_agencies",
                ("多头检查预警部门数", "agencies that raise the multi-agency alert"),
                3,
                PolicyDefault,
            ),
            repeat_window_days: Param::new(
                "repeat_window_days",
                ("重复检查预警时间窗天数", "repeated-item alert window in days"),
                180,
                PolicyDefault,
            ),
            high_frequency_window_days: Param::new(
                "high_frequency_window_days",
                ("高频次检查预警时间窗天数", "high-frequency alert window in days"),
                365,
                PolicyDefault,
            ),
            high_frequency_min_inspections: Param::new(
                "high_frequency_min_inspections",
                ("高频次检查预警次数", "on-site inspections that raise the high-frequency alert"),
                6,
                PolicyDefault,
            ),
            return_visit_days: Param::new(
                "return_visit_days",
                ("处罚后回访期限天数", "days after a penalty by which the return visit is due"),
                90,
                PolicyDefault,
            ),
            plan_merge_duration_ratio: Param::new(
                "plan_merge_duration_ratio",
                ("检查时长相近的最大比值", "largest ratio of similar visit durations"),
                1.5,
                PolicyDefault,
            ),
            code_pattern: Param::unset("code_pattern", ("本县行政行为码格式", "the county's code format")),
        }
    }
}

/// A check of one parameter's value; `Err` holds the reason.
type Check<T> = fn(&T) -> Result<(), &'static str>;

/// Upper bounds keep a mistyped number from making a run absurd (a grace of four billion working days).
fn count(v: &u32) -> Result<(), &'static str> {
    if *v <= 10_000 { Ok(()) } else { Err("须在0到10000之间 / must be between 0 and 10000") }
}
fn positive_count(v: &u32) -> Result<(), &'static str> {
    if (1..=10_000).contains(v) { Ok(()) } else { Err("须在1到10000之间 / must be between 1 and 10000") }
}
fn days(v: &u32) -> Result<(), &'static str> {
    if (1..=3660).contains(v) { Ok(()) } else { Err("须在1到3660天之间 / must be between 1 and 3660 days") }
}
fn grace_days(v: &u32) -> Result<(), &'static str> {
    if *v <= 60 { Ok(()) } else { Err("须在0到60个工作日之间 / must be between 0 and 60 working days") }
}
/// Every cap of a colour or class table at most 10000, or `error`.
fn caps_within<K>(v: &BTreeMap<K, u32>, error: &'static str) -> Result<(), &'static str> {
    if v.values().all(|c| *c <= 10_000) { Ok(()) } else { Err(error) }
}
fn colour_caps(v: &ColorCaps) -> Result<(), &'static str> {
    caps_within(v, "各颜色上限须在0到10000之间 / each cap must be between 0 and 10000")
}
fn class_caps(v: &ClassCaps) -> Result<(), &'static str> {
    caps_within(v, "各信用风险分类上限须在0到10000之间 / each cap must be between 0 and 10000")
}
fn share(v: &f64) -> Result<(), &'static str> {
    if v.is_finite() && (0.0..=1.0).contains(v) { Ok(()) } else { Err("须在0到1之间 / must be between 0 and 1") }
}
fn ratio(v: &f64) -> Result<(), &'static str> {
    if v.is_finite() && (1.0..=100.0).contains(v) {
        Ok(())
    } else {
        Err("须在1到100之间 / must be between 1 and 100")
    }
}
fn any<T>(_: &T) -> Result<(), &'static str> {
    Ok(())
}

fn apply<T: Clone + PartialEq>(
    file: &str,
    param: &mut Param<T>,
    value: Option<Dated<T>>,
    check: Check<T>,
) -> Result<(), InputError> {
    let Some(value) = value else { return Ok(()) };
    let err = |path: String, msg: &str| InputError::new(file, 0, 0, path, format!("参数 {} {msg}", param.name));
    match &value {
        Dated::Plain(v) => check(v).map_err(|m| err(format!("/{}", param.name), m))?,
        Dated::Dated(list) => {
            if list.is_empty() {
                return Err(err(format!("/{}", param.name), "的日期列表为空 / has an empty list of dated values"));
            }
            for (i, d) in list.iter().enumerate() {
                check(&d.value).map_err(|m| err(format!("/{}/{i}/value", param.name), m))?;
                if i > 0 && list.get(i - 1).is_some_and(|p| p.from >= d.from) {
                    return Err(err(
                        format!("/{}/{i}/from", param.name),
                        "的生效日期须严格递增 / dated values must have strictly increasing `from` dates",
                    ));
                }
            }
        }
    }
    param.set(value);
    Ok(())
}

impl Policy {
    /// Applies a parsed policy file on top of these values; `file` names it in errors.
    pub fn apply(&mut self, file: &str, f: PolicyFile) -> Result<(), InputError> {
        apply(file, &mut self.onsite_cap, f.onsite_cap_per_agency_enterprise_year, count)?;
        apply(file, &mut self.plan_publication_deadline, f.plan_publication_deadline, any)?;
        apply(file, &mut self.urgent_grace, f.urgent_approval_grace_working_days, grace_days)?;
        apply(file, &mut self.min_officers, f.min_officers_on_site, positive_count)?;
        apply(file, &mut self.joint_rate_target, f.joint_rate_target, share)?;
        apply(file, &mut self.risk_color_caps, f.risk_color_caps, colour_caps)?;
        apply(file, &mut self.credit_class_caps, f.credit_class_caps, class_caps)?;
        apply(file, &mut self.excessive_exempt, f.excessive_exempt_per_agency_enterprise_year, count)?;
        apply(file, &mut self.multi_agency_window_days, f.multi_agency_window_days, days)?;
        apply(file, &mut self.multi_agency_min_agencies, f.multi_agency_min_agencies, positive_count)?;
        apply(file, &mut self.repeat_window_days, f.repeat_window_days, days)?;
        apply(file, &mut self.high_frequency_window_days, f.high_frequency_window_days, days)?;
        apply(file, &mut self.high_frequency_min_inspections, f.high_frequency_min_inspections, positive_count)?;
        apply(file, &mut self.return_visit_days, f.return_visit_days, days)?;
        apply(file, &mut self.plan_merge_duration_ratio, f.plan_merge_duration_ratio, ratio)?;
        let pattern = |path: String, source: &str| {
            CodePattern::new(source).map_err(|m| InputError::new(file, 0, 0, path, format!("参数 code_pattern {m}")))
        };
        let code_pattern = match f.code_pattern {
            None => None,
            Some(Dated::Plain(p)) => Some(Dated::Plain(pattern("/code_pattern".into(), &p)?)),
            Some(Dated::Dated(list)) => Some(Dated::Dated(
                list.into_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        pattern(format!("/code_pattern/{i}/value"), &d.value)
                            .map(|value| DatedValue { from: d.from, value })
                    })
                    .collect::<Result<_, _>>()?,
            )),
        };
        apply(file, &mut self.code_pattern, code_pattern, any)?;
        Ok(())
    }

    /// Applies a `policy.toml` text; errors name the file, the line and the key.
    pub fn apply_toml(&mut self, file: &str, text: &str) -> Result<(), InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            InputError::new(file, line, 0, "", format!("TOML 语法错误 / TOML syntax error: {}", e.message()))
        })?;
        let parsed: PolicyFile = serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let mut path = crate::error::pointer(e.path());
            // The TOML deserialiser appends "in `key`" on a line of its own; the path already says it.
            let raw = e.inner().to_string();
            let message = crate::error::describe(raw.lines().next().unwrap_or(&raw), &mut path);
            let key = path.trim_start_matches('/').split('/').next().unwrap_or("");
            InputError::new(file, key_line(text, key), 0, path, message)
        })?;
        self.apply(file, parsed).map_err(|mut e| {
            let key = e.path.trim_start_matches('/').split('/').next().unwrap_or("").to_string();
            e.line = key_line(text, &key);
            e
        })
    }

    /// Applies the `policy` object of a one-file dataset.
    pub fn apply_json(&mut self, file: &str, value: serde_json::Value) -> Result<(), InputError> {
        let parsed: PolicyFile = crate::error::from_value(file, "/policy", value)?;
        self.apply(file, parsed).map_err(|mut e| {
            e.path = format!("/policy{}", e.path);
            e
        })
    }

    /// Every parameter with its meaning and values, for `jiancha rules` and the docs.
    pub fn describe(&self) -> Vec<ParamInfo> {
        fn show<T: fmt::Debug>(p: &Param<T>) -> ParamInfo {
            let v = p
                .values
                .iter()
                .map(|e| match e.from {
                    None => format!("{:?}", e.value),
                    Some(f) => format!("{:?} from {f}", e.value),
                })
                .collect::<Vec<_>>()
                .join("; ");
            ParamInfo {
                name: p.name,
                meaning: p.meaning,
                meaning_en: p.meaning_en,
                values: v,
                origin: p.values.last().map_or(Origin::PolicyDefault, |e| e.origin),
            }
        }
        vec![
            show(&self.onsite_cap),
            show(&self.plan_publication_deadline),
            show(&self.urgent_grace),
            show(&self.min_officers),
            show(&self.joint_rate_target),
            show(&self.risk_color_caps),
            show(&self.credit_class_caps),
            show(&self.excessive_exempt),
            show(&self.multi_agency_window_days),
            show(&self.multi_agency_min_agencies),
            show(&self.repeat_window_days),
            show(&self.high_frequency_window_days),
            show(&self.high_frequency_min_inspections),
            show(&self.return_visit_days),
            show(&self.plan_merge_duration_ratio),
            show(&self.code_pattern),
        ]
    }

    /// Every parameter as it stands on `day`: its value then, where the value comes from and the sentence the
    /// findings use (`GET /v1/policy?date=`).
    pub fn in_force(&self, day: Date) -> Vec<InForce> {
        fn on<T: fmt::Display + Clone + PartialEq>(p: &Param<T>, day: Date) -> InForce {
            InForce { explain: p.explain_zh(day), explain_en: p.explain_en(day), ..shown(p, day, T::to_string) }
        }
        fn shown<T: Clone + PartialEq>(p: &Param<T>, day: Date, show: impl Fn(&T) -> String) -> InForce {
            let e = p.entry(day);
            let value = e.map(|e| show(&e.value));
            let (explain, explain_en) = match (e, &value) {
                (Some(e), Some(v)) => (
                    format!("{}为{v}（参数 {}），{}", p.meaning, p.name, e.origin.zh()),
                    format!("parameter {} ({}) = {v}, {}", p.name, p.meaning_en, e.origin.en()),
                ),
                _ => (
                    format!("{}（参数 {}）未设定", p.meaning, p.name),
                    format!("parameter {} ({}) not set", p.name, p.meaning_en),
                ),
            };
            InForce {
                name: p.name,
                meaning: p.meaning,
                meaning_en: p.meaning_en,
                value,
                from: e.and_then(|e| e.from),
                origin: e.map(|e| e.origin.en()),
                explain,
                explain_en,
            }
        }
        vec![
            on(&self.onsite_cap, day),
            on(&self.plan_publication_deadline, day),
            on(&self.urgent_grace, day),
            on(&self.min_officers, day),
            on(&self.joint_rate_target, day),
            shown(&self.risk_color_caps, day, |c| Caps(c.clone()).to_string()),
            shown(&self.credit_class_caps, day, |c| Caps(c.clone()).to_string()),
            on(&self.excessive_exempt, day),
            on(&self.multi_agency_window_days, day),
            on(&self.multi_agency_min_agencies, day),
            on(&self.repeat_window_days, day),
            on(&self.high_frequency_window_days, day),
            on(&self.high_frequency_min_inspections, day),
            on(&self.return_visit_days, day),
            on(&self.plan_merge_duration_ratio, day),
            on(&self.code_pattern, day),
        ]
    }

    /// What the parameter of this name means, in Chinese and English.
    pub fn meaning(name: &str) -> Option<(&'static str, &'static str)> {
        Policy::default().describe().into_iter().find(|p| p.name == name).map(|p| (p.meaning, p.meaning_en))
    }
}

/// A parameter as it stands on a day ([`Policy::in_force`]).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InForce {
    /// The key in `policy.toml`.
    pub name: &'static str,
    pub meaning: &'static str,
    pub meaning_en: &'static str,
    /// The value in force, as the findings print it; `None` when unset.
    pub value: Option<String>,
    /// The day the value applies from; `None`: since always.
    pub from: Option<Date>,
    /// Where it comes from (`legal number, <source> <article>`, `policy default`, `county`).
    pub origin: Option<String>,
    /// The sentence a finding uses, Chinese and English.
    pub explain: String,
    pub explain_en: String,
}

/// One parameter as `jiancha rules` and the docs show it.
#[derive(Clone, Debug)]
pub struct ParamInfo {
    /// The key in `policy.toml`.
    pub name: &'static str,
    /// What it means, in Chinese.
    pub meaning: &'static str,
    /// What it means, in English.
    pub meaning_en: &'static str,
    /// Its values, with their dates (empty when unset).
    pub values: String,
    /// Where its last value comes from.
    pub origin: Origin,
}

impl<K: CapKey> fmt::Display for Caps<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(c, n)| format!("{}={n}", c.key())).collect();
        write!(f, "{{{}}}", parts.join(", "))
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |s| s.matches('\n').count() + 1)
}

fn key_line(text: &str, key: &str) -> usize {
    if key.is_empty() {
        return 0;
    }
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or(Date(chrono::NaiveDate::MIN))
    }

    #[test]
    fn defaults() {
        let p = Policy::default();
        assert_eq!(p.onsite_cap.on(d("2025-06-01")), Some(&2));
        assert_eq!(p.joint_rate_target.on(d("2026-12-31")), None);
        assert_eq!(p.joint_rate_target.on(d("2027-01-01")), Some(&0.8));
        assert!(p.risk_color_caps.on(d("2025-01-01")).is_some_and(|m| m.is_empty()));
    }

    #[test]
    fn toml_overrides_with_dates() {
        let mut p = Policy::default();
        let text = "onsite_cap_per_agency_enterprise_year = 3\n\
                    joint_rate_target = [{from = \"2025-01-01\", value = 0.5}, {from = \"2027-01-01\", value = 0.8}]\n\
                    risk_color_caps = { red = 6, green = 1 }\n";
        assert_eq!(p.apply_toml("policy.toml", text), Ok(()));
        assert_eq!(p.onsite_cap.on(d("2025-06-01")), Some(&3));
        assert_eq!(p.onsite_cap.origin(d("2025-06-01")), Some(Origin::County));
        assert_eq!(p.joint_rate_target.on(d("2025-12-31")), Some(&0.5));
        assert_eq!(p.joint_rate_target.on(d("2027-12-31")), Some(&0.8));
        assert_eq!(p.risk_color_caps.on(d("2025-01-01")).and_then(|m| m.get(&RiskColor::Red)), Some(&6));
    }

    #[test]
    fn built_in_values_stay_in_force_before_the_first_county_date() {
        let mut p = Policy::default();
        let text = "onsite_cap_per_agency_enterprise_year = [{from = \"2025-07-01\", value = 1}]\n\
                    joint_rate_target = [{from = \"2028-01-01\", value = 0.9}]\n";
        assert_eq!(p.apply_toml("policy.toml", text), Ok(()));
        assert_eq!(p.onsite_cap.on(d("2025-06-30")), Some(&2));
        assert_eq!(p.onsite_cap.origin(d("2025-06-30")), Some(Origin::Legal("panan-draft-2025", "（二）1（2）")));
        assert_eq!(p.onsite_cap.on(d("2025-07-01")), Some(&1));
        assert_eq!(p.joint_rate_target.on(d("2026-12-31")), None);
        assert_eq!(p.joint_rate_target.on(d("2027-06-01")), Some(&0.8));
        assert_eq!(p.joint_rate_target.on(d("2028-06-01")), Some(&0.9));
    }

    #[test]
    fn county_dated_values_merge_with_the_built_in_ones_by_date() {
        let mut p = Policy::default();
        // A county's 2025 value does not drop the province's 2027 target of 80 %.
        assert_eq!(p.apply_toml("policy.toml", "joint_rate_target = [{from = \"2025-01-01\", value = 0.5}]\n"), Ok(()));
        assert_eq!(p.joint_rate_target.on(d("2024-12-31")), None);
        assert_eq!(p.joint_rate_target.on(d("2026-12-31")), Some(&0.5));
        assert_eq!(p.joint_rate_target.origin(d("2026-12-31")), Some(Origin::County));
        assert_eq!(p.joint_rate_target.on(d("2027-12-31")), Some(&0.8));
        assert!(matches!(p.joint_rate_target.origin(d("2027-12-31")), Some(Origin::Legal(..))));
        // On the same day the county wins the tie.
        let mut p = Policy::default();
        assert_eq!(p.apply_toml("policy.toml", "joint_rate_target = [{from = \"2027-01-01\", value = 0.6}]\n"), Ok(()));
        assert_eq!(p.joint_rate_target.on(d("2027-12-31")), Some(&0.6));
        assert_eq!(p.joint_rate_target.values.len(), 1);
        // A plain county value is "since always": it takes the plain built-in value's place.
        let mut p = Policy::default();
        assert_eq!(p.apply_toml("policy.toml", "onsite_cap_per_agency_enterprise_year = 3\n"), Ok(()));
        assert_eq!(p.onsite_cap.values.len(), 1);
        assert_eq!(p.onsite_cap.on(d("2030-01-01")), Some(&3));
    }

    #[test]
    fn a_legal_number_set_again_by_the_county_is_still_the_laws() {
        let mut p = Policy::default();
        let text = "onsite_cap_per_agency_enterprise_year = 2\nmin_officers_on_site = [{from = \"2025-01-01\", value = 2}]\n\
                    repeat_window_days = 180\n";
        assert_eq!(p.apply_toml("policy.toml", text), Ok(()));
        assert_eq!(p.onsite_cap.origin(d("2025-06-01")), Some(Origin::Legal("panan-draft-2025", "（二）1（2）")));
        assert_eq!(p.min_officers.origin(d("2025-06-01")), Some(Origin::Legal("xzcff-2021", "art. 42")));
        // A policy default set again is the county's choice now.
        assert_eq!(p.repeat_window_days.origin(d("2025-06-01")), Some(Origin::County));
        let zh = p.onsite_cap.explain_zh(d("2025-06-01"));
        assert!(
            zh.contains("同一执法主体对同一企业每年现场检查次数上限为2") && zh.contains("依据磐安县实施意见"),
            "{zh}"
        );
        assert!(p.min_officers.explain_zh(d("2025-06-01")).contains("《行政处罚法》第四十二条"));
    }

    #[test]
    fn credit_class_caps_are_the_countys_and_checked() {
        let mut p = Policy::default();
        assert!(p.credit_class_caps.on(d("2025-01-01")).is_some_and(|m| m.is_empty()), "no class is capped by default");
        assert_eq!(p.apply_toml("policy.toml", "credit_class_caps = { A = 1, B = 2 }\n"), Ok(()));
        let caps = p.credit_class_caps.on(d("2025-01-01"));
        assert_eq!(caps.and_then(|m| m.get(&CreditClass::A)), Some(&1));
        assert_eq!(caps.and_then(|m| m.get(&CreditClass::D)), None);
        assert_eq!(p.credit_class_caps.origin(d("2025-01-01")), Some(Origin::County));
        assert_eq!(caps.map(|c| Caps(c.clone()).to_string()).as_deref(), Some("{A=1, B=2}"));
        let e = p
            .apply_toml("policy.toml", "credit_class_caps = { E = 1 }\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("credit_class_caps"), "{e}");
        let e = p
            .apply_toml("policy.toml", "credit_class_caps = { A = 10001 }\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("10000"), "{e}");
    }

    #[test]
    fn code_pattern_is_anchored_and_errors_name_the_key() {
        let mut p = Policy::default();
        assert_eq!(p.code_pattern.on(d("2025-01-01")), None);
        assert_eq!(p.apply_toml("policy.toml", "code_pattern = \"ZJ[0-9]{4}\"\n"), Ok(()));
        let pattern = p
            .code_pattern
            .on(d("2025-01-01"))
            .map(|c| (c.matches("ZJ1234"), c.matches("xZJ1234"), c.matches("ZJ12345")));
        assert_eq!(pattern, Some((true, false, false)));
        let e = Policy::default().apply_toml("policy.toml", "# format\ncode_pattern = \"ZJ[0-9\"\n").err();
        assert_eq!(e.as_ref().map(|e| (e.line, e.path.as_str())), Some((2, "/code_pattern")));
        assert!(e.is_some_and(|e| e.message.contains("正则表达式")));
    }

    #[test]
    fn absurd_values_are_errors_with_reasons() {
        let mut p = Policy::default();
        let e = p.apply_toml("policy.toml", "urgent_approval_grace_working_days = 4294967295\n").err();
        assert!(e.is_some_and(|e| e.message.contains("60")));
        let e = p.apply_toml("policy.toml", "risk_color_caps = { purple = 1 }\n").err();
        assert!(e.is_some_and(|e| e.message.contains("purple")), "the unknown colour is named");
        let e = p.apply_toml("policy.toml", "repeat_window_days = [{from = \"2025-02-30\", value = 9}]\n").err();
        assert!(e.is_some_and(|e| e.message.contains("2025-02-30")));
    }

    #[test]
    fn unknown_key_and_bad_value_are_named() {
        let mut p = Policy::default();
        let e = p.apply_toml("policy.toml", "# cap\nonsite_cap = 3\n").err();
        assert_eq!(e.map(|e| (e.line, e.path)), Some((2, "/onsite_cap".to_string())));
        let e = p.apply_toml("policy.toml", "joint_rate_target = 80\n").err();
        assert_eq!(e.map(|e| (e.line, e.path)), Some((1, "/joint_rate_target".to_string())));
        let e = p.apply_toml("policy.toml", "plan_publication_deadline = \"02-30\"\n").err();
        assert!(e.is_some());
        let e = p
            .apply_toml(
                "policy.toml",
                "repeat_window_days = [{from=\"2026-01-01\", value=1}, {from=\"2025-01-01\", value=2}]",
            )
            .err();
        assert_eq!(e.map(|e| e.path), Some("/repeat_window_days/1/from".to_string()));
        let e = p.apply_toml("policy.toml", "min_officers_on_site = -1\n").err();
        assert!(e.is_some());
    }
}
