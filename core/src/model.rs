//! The data contract v1.1 (`shared/spec/data-model.md`) as serde types.
//!
//! Field names are snake_case and enum values kebab-case, exactly as the contract spells them.
//! Unknown fields are rejected everywhere (a typo must not silently switch a rule off), except inside
//! `sector_data`, which belongs to plugins. Nullable fields may also be left out; they read as null.
//! The JSON Schema in `schema/` is generated from these types and a test keeps the two in step.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::{Date, Timestamp};

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

/// 执法主体: an agency that may (or may not) carry out inspections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Unique id.
    pub id: String,
    /// Full name, e.g. 磐安县市场监督管理局.
    pub name: String,
    /// Legal kind of the body; only the first three may inspect.
    pub kind: AgencyKind,
    /// The entrusting organ; required when `kind` is `entrusted-organization`.
    #[serde(default)]
    pub entrusted_by: Option<String>,
    /// When the 委托书 was made public.
    #[serde(default)]
    pub entrustment_published_on: Option<Date>,
    /// 垂直管理: its superior, not the county, approves special inspections.
    #[serde(default)]
    pub vertical: bool,
    /// What the agency's internal assessment is tied to (forbidden: 严禁下达检查指标).
    #[serde(default)]
    pub assessment_links: Vec<AssessmentLink>,
}

/// The legal kind of an agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgencyKind {
    /// 行政机关
    AdministrativeOrgan,
    /// 法律法规授权组织
    AuthorizedOrganization,
    /// 受委托组织
    EntrustedOrganization,
    /// 议事协调机构 (may not inspect)
    CoordinatingBody,
    /// 检验检测机构/科研院所等第三方 (may not inspect)
    ThirdParty,
    /// 中介机构 (may not inspect)
    Intermediary,
}

impl AgencyKind {
    /// Whether bodies of this kind may inspect at all (国办发〔2024〕54号 二).
    pub fn may_inspect(self) -> bool {
        matches!(self, Self::AdministrativeOrgan | Self::AuthorizedOrganization | Self::EntrustedOrganization)
    }

    /// Chinese name of the kind, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::AdministrativeOrgan => "行政机关",
            Self::AuthorizedOrganization => "法律法规授权组织",
            Self::EntrustedOrganization => "受委托组织",
            Self::CoordinatingBody => "议事协调机构",
            Self::ThirdParty => "第三方机构",
            Self::Intermediary => "中介机构",
        }
    }

    /// English name of the kind, for messages.
    pub fn en(self) -> &'static str {
        match self {
            Self::AdministrativeOrgan => "administrative organ",
            Self::AuthorizedOrganization => "authorized organization",
            Self::EntrustedOrganization => "entrusted organization",
            Self::CoordinatingBody => "coordinating body",
            Self::ThirdParty => "third party",
            Self::Intermediary => "intermediary",
        }
    }
}

/// What an agency's internal assessment may be tied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AssessmentLink {
    /// The number of inspections.
    InspectionCount,
    /// The amount of fines.
    FineAmount,
}

/// 执法人员: a person who takes part in inspections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspector {
    /// Unique id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Employing agency id.
    pub agency: String,
    /// Role; only `officer` may inspect.
    pub role: InspectorRole,
    /// 执法证, or null when the person holds none.
    #[serde(default)]
    pub certificate: Option<Certificate>,
}

/// The role of an inspector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InspectorRole {
    /// 执法人员
    Officer,
    /// 执法辅助人员
    Auxiliary,
    /// 网格员
    GridWorker,
    /// 临时工
    Temporary,
}

impl InspectorRole {
    /// Chinese name of the role, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Officer => "执法人员",
            Self::Auxiliary => "执法辅助人员",
            Self::GridWorker => "网格员",
            Self::Temporary => "临时工",
        }
    }

    /// English name of the role, for messages.
    pub fn en(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Auxiliary => "auxiliary",
            Self::GridWorker => "grid worker",
            Self::Temporary => "temporary worker",
        }
    }
}

/// 执法证: an enforcement certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Certificate number.
    pub number: String,
    /// Issuing agency id.
    pub issued_by: String,
    /// First day of validity.
    pub valid_from: Date,
    /// Last day of validity (inclusive).
    pub valid_until: Date,
    /// Day from which the certificate is revoked (inclusive), or null.
    #[serde(default)]
    pub revoked_on: Option<Date>,
}

impl Certificate {
    /// Whether the certificate is valid on `day`: from `valid_from` through `valid_until`, and before `revoked_on`.
    pub fn valid_on(&self, day: Date) -> bool {
        day >= self.valid_from && day <= self.valid_until && self.revoked_on.is_none_or(|r| day < r)
    }
}

/// 检查对象: an enterprise, identified by its USCC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    /// 统一社会信用代码 (GB 32100-2015, 18 characters).
    // Kept inline (no allocation of its own): a province has millions of enterprises.
    pub id: compact_str::CompactString,
    /// Name.
    pub name: String,
    /// GB/T 4754-2017 industry code, e.g. `C2730`.
    pub industry: compact_str::CompactString,
    /// 五色 risk colour, or null.
    #[serde(default)]
    pub risk_color: Option<RiskColor>,
    /// Market-regulation credit-risk class, or null.
    #[serde(default)]
    pub credit_class: Option<CreditClass>,
    /// Free labels that plugins may read, e.g. `major-hazard`.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Whether an enterprise of `industry` with `tags` is in a plugin's scope: an industry starting with one of
/// `prefixes` (GB/T 4754), or one of `scope_tags`. The host and the guest SDK both decide with this function.
pub fn in_plugin_scope(industry: &str, tags: &[String], prefixes: &[String], scope_tags: &[String]) -> bool {
    prefixes.iter().any(|p| industry.starts_with(p.as_str())) || scope_tags.iter().any(|t| tags.contains(t))
}

/// 五色 risk colour of an enterprise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskColor {
    /// 绿
    Green,
    /// 蓝
    Blue,
    /// 黄
    Yellow,
    /// 橙
    Orange,
    /// 红
    Red,
}

impl RiskColor {
    /// The contract's spelling of the colour.
    pub fn key(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Yellow => "yellow",
            Self::Orange => "orange",
            Self::Red => "red",
        }
    }

    /// Chinese name of the colour, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Green => "绿色",
            Self::Blue => "蓝色",
            Self::Yellow => "黄色",
            Self::Orange => "橙色",
            Self::Red => "红色",
        }
    }
}

/// Market-regulation credit-risk class, A (low risk) to D (high risk).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub enum CreditClass {
    /// Low risk.
    A,
    /// Ordinary risk.
    B,
    /// Higher risk.
    C,
    /// High risk.
    D,
}

impl CreditClass {
    /// The contract's spelling of the class.
    pub fn key(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
        }
    }

    /// Chinese name of the class, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::A => "A类（低风险）",
            Self::B => "B类（一般风险）",
            Self::C => "C类（较高风险）",
            Self::D => "D类（高风险）",
        }
    }
}

/// 检查事项: an entry of the published inspection-item catalogue (检查事项清单).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionItem {
    /// Unique id.
    pub id: String,
    /// Owning agency id.
    pub agency: String,
    /// Name.
    pub name: String,
    /// The law, regulation or rule that creates the item.
    pub legal_basis: String,
    /// Publication date; the item is usable only from that day. Null: not published.
    #[serde(default)]
    pub published_on: Option<Date>,
    /// How the item may be checked.
    pub method: ItemMethod,
    /// A national rule's own yearly cap for this item (国家另有规定的，从其规定), or null.
    #[serde(default)]
    pub annual_cap: Option<u32>,
    /// 简单事项: may be checked by another agency on delegation (一表通查).
    #[serde(default)]
    pub delegable: bool,
    /// Agencies that may check it on this agency's behalf.
    #[serde(default)]
    pub delegated_to: Vec<String>,
    /// GB/T 4754 prefixes it applies to; empty means all industries.
    #[serde(default)]
    pub industries: Vec<String>,
}

impl InspectionItem {
    /// Whether the item applies to an enterprise of `industry` (by GB/T 4754 prefix).
    pub fn applies_to_industry(&self, industry: &str) -> bool {
        self.industries.is_empty() || self.industries.iter().any(|p| industry.starts_with(p.as_str()))
    }
}

/// How an item may be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ItemMethod {
    /// Only on site.
    OnSite,
    /// Only off site (书面核查、信息共享、网络核验).
    OffSite,
    /// Either way.
    Either,
}

/// 检查计划: an annual or special inspection plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Unique id.
    pub id: String,
    /// The year the plan covers.
    pub year: i32,
    /// Annual plan or special inspection (专项检查).
    pub kind: PlanKind,
    /// Agencies that carry out the plan (one or more).
    pub agencies: Vec<String>,
    /// 牵头单位; required when the plan has two or more agencies.
    #[serde(default)]
    pub lead: Option<String>,
    /// Publication date, or null.
    #[serde(default)]
    pub published_on: Option<Date>,
    /// What is to be inspected, how and how often.
    #[serde(default)]
    pub entries: Vec<PlanEntry>,
    /// For kind `special`: how it was deployed and approved.
    #[serde(default)]
    pub special: Option<SpecialApproval>,
}

/// The kind of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlanKind {
    /// 年度检查计划
    Annual,
    /// 专项检查
    Special,
}

/// One line of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    /// Item id.
    pub item: String,
    /// USCCs of the enterprises, or null for the item's whole scope.
    // Each kept inline (an 18-character USCC needs no allocation of its own): a province's plans list millions.
    #[serde(default)]
    pub enterprises: Option<Vec<compact_str::CompactString>>,
    /// Planned mode.
    pub method: Mode,
    /// How many times a year each enterprise is to be inspected for this item.
    pub times_per_year: u32,
    /// Expected length of one visit, in days.
    pub duration_days: f64,
    /// `enterprises` hashed, built on first use: a plan may list thousands of enterprises.
    #[serde(skip)]
    #[schemars(skip)]
    pub enterprise_index: EnterpriseIndex,
}

/// A lazily built index of a plan entry's enterprises: positions in the list, hashed by USCC (about 5 to 9 bytes
/// per enterprise). It is derived data: an index compares equal to any other, and a clone starts empty.
#[derive(Default)]
pub struct EnterpriseIndex(std::sync::OnceLock<(hashbrown::HashTable<u32>, foldhash::fast::RandomState)>);

impl Clone for EnterpriseIndex {
    fn clone(&self) -> Self {
        EnterpriseIndex::default()
    }
}

impl PartialEq for EnterpriseIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for EnterpriseIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnterpriseIndex")
    }
}

/// Enterprise lists up to this length are scanned rather than hashed.
const SCAN_MAX: usize = 16;

impl PlanEntry {
    /// Whether both entries list enterprises and share one: the shorter list is scanned, the longer one looked up
    /// in its index (a province's plans list hundreds of thousands).
    pub fn shares_listed_enterprise(&self, other: &PlanEntry) -> bool {
        match (&self.enterprises, &other.enterprises) {
            (Some(a), Some(b)) if a.len() <= b.len() => a.iter().any(|e| other.lists(e)),
            (Some(_), Some(b)) => b.iter().any(|e| self.lists(e)),
            _ => false,
        }
    }

    /// Whether `enterprise` is on the entry's list (false when it has none).
    pub fn lists(&self, enterprise: &str) -> bool {
        match &self.enterprises {
            Some(list) if list.len() <= SCAN_MAX => list.iter().any(|e| e == enterprise),
            Some(list) => {
                use std::hash::BuildHasher;
                let at = |i: u32| list.get(i as usize).map_or("", |s| s.as_str());
                let (table, hasher) = self.enterprise_index.0.get_or_init(|| {
                    let hasher = foldhash::fast::RandomState::default();
                    let mut table = hashbrown::HashTable::with_capacity(list.len());
                    for (i, e) in list.iter().enumerate() {
                        if let Ok(i) = u32::try_from(i) {
                            table.insert_unique(hasher.hash_one(e.as_str()), i, |&x| hasher.hash_one(at(x)));
                        }
                    }
                    (table, hasher)
                });
                table.find(hasher.hash_one(enterprise), |&i| at(i) == enterprise).is_some()
            }
            None => false,
        }
    }

    /// Whether the entry covers `enterprise` (of `industry`), given the item it names (if known).
    pub fn covers(&self, enterprise: &str, industry: Option<&str>, item: Option<&InspectionItem>) -> bool {
        match &self.enterprises {
            Some(_) => self.lists(enterprise),
            None => match (item, industry) {
                (Some(item), Some(industry)) => item.applies_to_industry(industry),
                (Some(item), None) => item.industries.is_empty(),
                (None, _) => true,
            },
        }
    }
}

/// How a special inspection was deployed and approved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialApproval {
    /// Deployed by a superior authority (上级统一部署): no local approval needed.
    #[serde(default)]
    pub deployed_by_superior: bool,
    /// Date of the legality review (合法性审核).
    #[serde(default)]
    pub legality_review_on: Option<Date>,
    /// Date of the collective discussion (集体讨论).
    #[serde(default)]
    pub collective_discussion_on: Option<Date>,
    /// Date of approval.
    #[serde(default)]
    pub approved_on: Option<Date>,
    /// Who approved.
    #[serde(default)]
    pub approved_by: Option<Approver>,
}

/// Who approved a special inspection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Approver {
    /// 县政府
    CountyGovernment,
    /// 实行垂直管理的上一级行政机关
    VerticalSuperior,
}

impl Approver {
    /// Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::CountyGovernment => "县政府",
            Self::VerticalSuperior => "垂直管理的上一级行政机关",
        }
    }

    /// English name, for messages.
    pub fn en(self) -> &'static str {
        match self {
            Self::CountyGovernment => "the county government",
            Self::VerticalSuperior => "the vertical superior",
        }
    }
}

/// On site or off site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 现场检查
    OnSite,
    /// 非现场检查
    OffSite,
}

impl Mode {
    /// Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::OnSite => "现场",
            Self::OffSite => "非现场",
        }
    }
}

/// `sector_data`: one JSON value per plugin id, kept as its JSON text. Only plugins read it, so the engine does not
/// build a tree of it for every record.
pub type SectorData = BTreeMap<String, SectorValue>;

/// One plugin's `sector_data` entry, as JSON text (validated as JSON when read).
#[derive(Clone, Serialize)]
#[serde(transparent)]
pub struct SectorValue(pub Box<serde_json::value::RawValue>);

impl<'de> Deserialize<'de> for SectorValue {
    /// The JSON text, checked to decode as well as to parse: JSON text may carry a lone surrogate (`"\ud800"`)
    /// that no string can hold, and a plugin that could not decode its entry would see nothing and report
    /// nothing. Such a record is an error line instead.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        match serde_json::from_str::<Decodes>(raw.get()) {
            // Deep nesting is the plugin's to judge (its decoder has its own limit, inside the sandbox).
            Err(e) if !e.to_string().contains("recursion limit") => Err(serde::de::Error::custom(format!(
                "行业数据无法解码（如单独的 UTF-16 代理项）/ sector data cannot be decoded (a lone UTF-16 surrogate?): {e}"
            ))),
            _ => Ok(SectorValue(raw)),
        }
    }
}

/// JSON that decodes: every string (key or value) is decoded as a `Value` would decode it, and nothing is kept.
struct Decodes;

impl<'de> Deserialize<'de> for Decodes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Decodes)
    }
}

impl<'de> serde::de::Visitor<'de> for Decodes {
    type Value = Decodes;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_str<E>(self, _: &str) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_unit<E>(self) -> Result<Decodes, E> {
        Ok(Decodes)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Decodes, A::Error> {
        while seq.next_element::<Decodes>()?.is_some() {}
        Ok(Decodes)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Decodes, A::Error> {
        while map.next_entry::<Decodes, Decodes>()?.is_some() {}
        Ok(Decodes)
    }
}

impl SectorValue {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The value, decoded.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(self.0.get()).unwrap_or(serde_json::Value::Null)
    }
}

impl From<serde_json::Value> for SectorValue {
    fn from(v: serde_json::Value) -> Self {
        // Encoding a Value as JSON text cannot fail; `null` stands in if it ever did.
        SectorValue(
            serde_json::value::to_raw_value(&v).unwrap_or_else(|_| serde_json::value::RawValue::NULL.to_owned()),
        )
    }
}

impl PartialEq for SectorValue {
    fn eq(&self, other: &Self) -> bool {
        self.to_value() == other.to_value()
    }
}

impl std::fmt::Debug for SectorValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.get())
    }
}

impl std::fmt::Display for SectorValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.get())
    }
}

impl JsonSchema for SectorValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SectorValue".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        serde_json::Value::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

// ---------------------------------------------------------------------------------------------
// Inspection record
// ---------------------------------------------------------------------------------------------

/// Most entries a list inside one record may hold (`joint_agencies`, `inspectors`, `items`, `measures`): the
/// documented limit the data contract allows ("Lists inside one record … may be capped"). A record beyond it is
/// an error line naming the field (see [`Inspection::oversized_list`]); real records list a handful, and the cap
/// bounds what one record can cost every rule that walks its lists.
pub const LIST_MAX: usize = 1000;

/// 行政检查记录: one inspection (or inspection-like activity).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    /// Unique id.
    pub id: String,
    /// What the activity was called; anything but `inspection` that lists items is a disguised inspection.
    #[serde(default)]
    pub activity: Activity,
    /// Why it took place.
    pub trigger: Trigger,
    /// Plan id; required for triggers `plan` and `special`.
    #[serde(default)]
    pub plan: Option<String>,
    /// On site or off site.
    pub mode: Mode,
    /// The agency in whose name it is carried out.
    pub lead_agency: String,
    /// Other agencies in the same visit (联合检查).
    #[serde(default)]
    #[schemars(length(max = LIST_MAX))]
    pub joint_agencies: Vec<String>,
    /// The agency whose simple items are checked on its behalf.
    #[serde(default)]
    pub delegated_by: Option<String>,
    /// The 受委托组织 that carried the inspection out in the name of `lead_agency`, its entrusting organ; its
    /// inspectors count as the lead's.
    #[serde(default)]
    pub entrusted_agency: Option<String>,
    /// Inspector ids.
    #[schemars(length(max = LIST_MAX))]
    pub inspectors: Vec<String>,
    /// USCC of the enterprise inspected.
    pub enterprise: String,
    /// Start time.
    pub started_at: Timestamp,
    /// End time.
    pub ended_at: Timestamp,
    /// Item ids checked.
    #[schemars(length(max = LIST_MAX))]
    pub items: Vec<String>,
    /// 负责人审批, or null.
    #[serde(default, deserialize_with = "object::optional")]
    pub approval: Option<Approval>,
    /// 行政行为码, or null.
    #[serde(default)]
    pub code: Option<String>,
    /// When the code was assigned, or null.
    #[serde(default)]
    pub code_assigned_at: Option<Timestamp>,
    /// Urgent kind, or null for an ordinary inspection.
    #[serde(default, deserialize_with = "object::optional")]
    pub urgency: Option<Urgency>,
    /// Advance notice, or null.
    #[serde(default, deserialize_with = "object::optional")]
    pub notice: Option<Notice>,
    /// Why no advance notice was due, or null.
    #[serde(default)]
    pub notice_exemption: Option<NoticeExemption>,
    /// Conduct of the inspectors (五个严禁、八个不得).
    #[serde(default, deserialize_with = "object::required")]
    pub conduct: Conduct,
    /// Compulsory measures taken.
    #[serde(default, deserialize_with = "object::list")]
    #[schemars(length(max = LIST_MAX))]
    pub measures: Vec<Measure>,
    /// Penalty decided, or null.
    #[serde(default, deserialize_with = "object::optional")]
    pub penalty: Option<Penalty>,
    /// Free-form data keyed by plugin id; only plugins read it.
    #[serde(default)]
    pub sector_data: SectorData,
}

impl Inspection {
    /// Whether the record is exempt from the frequency cap (国办发〔2024〕54号 四; 磐安 （二）1（2））: its trigger is one
    /// of the always-exempt ones, or it is a special inspection under a plan (`plan`, the record's plan when the
    /// dataset has it) deployed by a superior authority.
    pub fn is_exempt(&self, plan: Option<&Plan>) -> bool {
        self.trigger.always_exempt()
            || (self.trigger == Trigger::Special
                && plan.and_then(|p| p.special.as_ref()).is_some_and(|s| s.deployed_by_superior))
    }

    /// The record as an enterprise's history shows it to a form (`GET /v1/enterprises/{uscc}/history`): only what
    /// the cross-record rules read of an earlier record (`batch::Batch::push`: its id, day and time, enterprise,
    /// activity, trigger, plan, mode, the agencies it counts for, items and penalty); the inspectors, approval,
    /// code, notice, conduct, measures and sector data are left out, so that no person is named. A record checked
    /// against the views of its history gets the line it gets against the full records (tested on the example).
    pub fn history_view(&self) -> Inspection {
        Inspection {
            id: self.id.clone(),
            activity: self.activity,
            trigger: self.trigger,
            plan: self.plan.clone(),
            mode: self.mode,
            lead_agency: self.lead_agency.clone(),
            joint_agencies: self.joint_agencies.clone(),
            delegated_by: self.delegated_by.clone(),
            entrusted_agency: self.entrusted_agency.clone(),
            inspectors: Vec::new(),
            enterprise: self.enterprise.clone(),
            started_at: self.started_at,
            ended_at: self.ended_at,
            items: self.items.clone(),
            approval: None,
            code: None,
            code_assigned_at: None,
            urgency: None,
            notice: None,
            notice_exemption: None,
            conduct: Conduct::default(),
            measures: Vec::new(),
            penalty: self.penalty.clone(),
            sector_data: SectorData::default(),
        }
    }

    /// The first list longer than [`LIST_MAX`], in the order of the record's fields: its name and length.
    pub fn oversized_list(&self) -> Option<(&'static str, usize)> {
        [
            ("joint_agencies", self.joint_agencies.len()),
            ("inspectors", self.inspectors.len()),
            ("items", self.items.len()),
            ("measures", self.measures.len()),
        ]
        .into_iter()
        .find(|(_, n)| *n > LIST_MAX)
    }

    /// Whether the record is an inspection in substance: called one, or listing items.
    /// A 走访 that lists no items is not an inspection, so inspection procedure does not apply to it.
    pub fn is_inspection(&self) -> bool {
        self.activity == Activity::Inspection || !self.items.is_empty()
    }

    /// Whether it was an on-site inspection in substance.
    pub fn is_onsite_inspection(&self) -> bool {
        self.mode == Mode::OnSite && self.is_inspection()
    }

    /// The day the inspection started, in Asia/Shanghai.
    pub fn day(&self) -> Date {
        self.started_at.local_date()
    }
}

/// What an activity was called.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Activity {
    /// 检查
    #[default]
    Inspection,
    /// 观摩
    Observation,
    /// 督导
    Supervision,
    /// 考察
    StudyVisit,
    /// 走访
    Visit,
}

impl Activity {
    /// Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Inspection => "检查",
            Self::Observation => "观摩",
            Self::Supervision => "督导",
            Self::StudyVisit => "考察",
            Self::Visit => "走访",
        }
    }

    /// The contract's spelling.
    pub fn key(self) -> &'static str {
        match self {
            Self::Inspection => "inspection",
            Self::Observation => "observation",
            Self::Supervision => "supervision",
            Self::StudyVisit => "study-visit",
            Self::Visit => "visit",
        }
    }
}

/// Why an inspection took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Trigger {
    /// 年度计划
    Plan,
    /// 专项检查
    Special,
    /// 双随机
    RandomSampling,
    /// 投诉举报
    Complaint,
    /// 转办交办
    Referral,
    /// 数据监测
    DataMonitoring,
    /// 巡查发现
    Patrol,
    /// 企业申请
    EnterpriseRequest,
}

impl Trigger {
    /// Triggers exempt from the frequency cap whatever their plan (special is exempt only when deployed from above).
    pub fn always_exempt(self) -> bool {
        matches!(self, Self::Complaint | Self::Referral | Self::DataMonitoring | Self::Patrol | Self::EnterpriseRequest)
    }

    /// Whether the trigger needs a plan.
    pub fn needs_plan(self) -> bool {
        matches!(self, Self::Plan | Self::Special)
    }

    /// Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Plan => "计划检查",
            Self::Special => "专项检查",
            Self::RandomSampling => "双随机抽查",
            Self::Complaint => "投诉举报",
            Self::Referral => "转办交办",
            Self::DataMonitoring => "数据监测",
            Self::Patrol => "巡查发现",
            Self::EnterpriseRequest => "企业申请",
        }
    }
}

/// 负责人审批.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// When the head approved.
    pub approved_at: Timestamp,
}

/// An urgent inspection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Urgency {
    /// The kind of urgent inspection.
    pub kind: UrgencyKind,
}

/// The kind of urgent inspection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UrgencyKind {
    /// 临时性
    Temporary,
    /// 四不两直
    FourNoTwoDirect,
    /// 暗查暗访
    Covert,
}

/// Advance notice (行政检查通知书).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// When the notice was sent.
    pub sent_at: Timestamp,
    /// States the time of the inspection.
    #[serde(default)]
    pub time: bool,
    /// States the basis and reasons.
    #[serde(default)]
    pub basis: bool,
    /// States the purpose.
    #[serde(default)]
    pub purpose: bool,
    /// States the content.
    #[serde(default)]
    pub content: bool,
}

/// Why no advance notice was due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeExemption {
    /// 依法不予公开
    NotPublicByLaw,
    /// 不适宜事先通知
    Unsuitable,
}

/// Conduct of the inspectors; every flag true is a breach of 五个严禁、八个不得.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conduct {
    /// Accepted gifts, pay or benefits.
    #[serde(default)]
    pub gifts: bool,
    /// Took part in banquets, entertainment or trips.
    #[serde(default)]
    pub hospitality: bool,
    /// Had the enterprise pay expenses or inspection costs.
    #[serde(default)]
    pub expenses_charged: bool,
    /// Forced a designated intermediary on the enterprise.
    #[serde(default)]
    pub designated_intermediary: bool,
    /// Required the legal representative to be present.
    #[serde(default)]
    pub legal_rep_required: bool,
}

/// A compulsory measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The kind of measure.
    pub kind: MeasureKind,
    /// Its legal basis, or null.
    #[serde(default)]
    pub legal_basis: Option<String>,
}

/// The kind of a compulsory measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureKind {
    /// 查封
    Seal,
    /// 扣押
    Seize,
    /// 冻结
    Freeze,
    /// 责令停产停业
    Suspend,
}

impl MeasureKind {
    /// Chinese name, for messages.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Seal => "查封",
            Self::Seize => "扣押",
            Self::Freeze => "冻结",
            Self::Suspend => "责令停产停业",
        }
    }

    /// English name, for messages.
    pub fn en(self) -> &'static str {
        match self {
            Self::Seal => "sealing",
            Self::Seize => "seizure",
            Self::Freeze => "freezing",
            Self::Suspend => "suspension order",
        }
    }
}

/// A penalty decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// Day of the decision.
    pub decided_on: Date,
    /// A first offense.
    #[serde(default)]
    pub first_offense: bool,
    /// A minor offense.
    #[serde(default)]
    pub minor: bool,
    /// Corrected in time.
    #[serde(default)]
    pub corrected: bool,
    /// The harmful result of the violation, or null when unknown.
    #[serde(default)]
    pub harm: Option<Harm>,
    /// Day of the return visit (罚后回访), or null.
    #[serde(default)]
    pub return_visit_on: Option<Date>,
}

/// The harmful result of a violation (危害后果), as 行政处罚法 art. 33 weighs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Harm {
    /// 没有造成危害后果
    None,
    /// 危害后果轻微
    Minor,
    /// 危害后果严重（或不轻微）
    Serious,
}

/// Reads a struct only from a JSON object. serde's derived code would also take an array of the struct's fields in
/// order (`"approval": ["2025-03-09T09:00:00+08:00"]`), which the contract does not allow and which would make a
/// typo in a hand-made record pass silently.
mod object {
    use std::marker::PhantomData;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

    struct Only<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }

    /// A struct that must be an object.
    struct Object<T>(T);

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(Only(PhantomData)).map(Object)
        }
    }

    /// A struct field.
    pub fn required<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
        Object::deserialize(d).map(|o| o.0)
    }

    /// A nullable struct field.
    pub fn optional<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<Object<T>>::deserialize(d).map(|o| o.map(|o| o.0))
    }

    /// A list of structs.
    pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
        Vec::<Object<T>>::deserialize(d).map(|v| v.into_iter().map(|o| o.0).collect())
    }
}

#[cfg(test)]
mod sector_value_tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::SectorValue;

    fn read(json: &str) -> Result<SectorValue, String> {
        serde_json::from_str::<SectorValue>(json).map_err(|e| e.to_string())
    }

    /// An entry is refused exactly when a `Value` could not hold it, and the error is the decoder's.
    #[test]
    fn an_entry_that_does_not_decode_is_refused_and_deep_nesting_is_not() {
        for ok in [r#"{"a":[1,2.5,-3,true,null,"x\u00e9"],"\u00e9":{}}"#, "[]", "1e300", r#""\ud83d\ude00""#] {
            assert!(read(ok).is_ok(), "{ok}");
            assert_eq!(read(ok).unwrap().get(), ok);
        }
        for bad in [r#"{"a":"\ud800"}"#, r#"{"\udc00":1}"#, r#"["\ud800x"]"#, "1e400"] {
            let said = read(bad).err().unwrap_or_default();
            let value = serde_json::from_str::<serde_json::Value>(bad).err().map(|e| e.to_string()).unwrap();
            assert!(
                said.contains("sector data cannot be decoded") && said.ends_with(&value),
                "{bad}: {said} / {value}"
            );
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(read(&deep).is_ok());
    }
}
