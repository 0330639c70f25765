//! The rule catalogue: one table of metadata for every built-in rule.
//!
//! The engine, `jiancha rules`, the generated documentation and the web demo all read this table, so a rule's
//! id, severity, titles, citations and parameters are written exactly once. Ids are public and stable
//! (`shared/spec/rules.md`); the order of the table is the order of the spec and the order in which findings of
//! one output line are listed.

use std::borrow::Cow;

use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct Citation {
    /// Source key, e.g. `gbf-2024-54`.
    pub source: Cow<'static, str>,
    /// Article within the source, e.g. `（二）1（2）`.
    pub article: Cow<'static, str>,
}

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
];

/// Metadata of one built-in rule.
#[derive(Debug, Serialize)]
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
    pub citations: &'static [(&'static str, &'static str)],
    /// Policy parameters the rule reads.
    pub parameters: &'static [&'static str],
    /// How Jiancha reads the rule where the catalogue is silent (see docs/interpretation.md).
    pub notes: &'static str,
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

macro_rules! catalogue {
    ($( $variant:ident = $id:literal, $sev:ident, $kind:ident, $title:literal, $title_en:literal,
        [$(($src:literal, $art:literal)),*], [$($param:literal),*], $notes:literal; )*) => {
        /// Every built-in rule, in catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( #[doc = $id] $variant, )* }

        /// The catalogue, indexed by `Rule as usize`.
        pub static RULES: &[RuleMeta] = &[ $( RuleMeta {
            id: $id, severity: Severity::$sev, kind: RuleKind::$kind, title: $title, title_en: $title_en,
            citations: &[$(($src, $art)),*], parameters: &[$($param),*], notes: $notes,
        }, )* ];

        impl Rule {
            /// Every rule in catalogue order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];
        }
    };
}

impl Rule {
    /// The rule's metadata.
    pub fn meta(self) -> &'static RuleMeta {
        // The table and the enum come from one macro invocation, so the index is always in range.
        #[allow(clippy::indexing_slicing, reason = "RULES has one entry per Rule variant, by construction")]
        &RULES[self as usize]
    }

    /// Public id.
    pub fn id(self) -> &'static str {
        self.meta().id
    }

    /// Position in the catalogue (the order of findings in a line).
    pub fn order(self) -> usize {
        self as usize
    }

    /// Looks a rule up by id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

/// Looks up a rule's metadata by id.
pub fn lookup(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.id == id)
}

catalogue! {
    SubjectUnqualifiedAgency = "subject.unqualified-agency", Violation, PerRecord,
        "不具备行政检查主体资格的机构实施检查", "inspection by a body that may not inspect",
        [("gbf-2024-54", "二"), ("panan-draft-2025", "（一）1")], [],
        "Fires once per lead or joint agency of kind coordinating-body, third-party or intermediary.";
    SubjectInvalidEntrustment = "subject.invalid-entrustment", Violation, PerRecord,
        "受委托组织的委托无效或未公开", "entrusted organization without a valid published entrustment",
        [("gbf-2024-54", "二")], [],
        "Checks every counted agency of kind entrusted-organization: `entrusted_by` missing or unknown, or `entrustment_published_on` missing or not before the inspection day: unlike items (\"published after the inspection day\"), the rule says \"published before the inspection\", and a date alone cannot show that a publication on the inspection day came first.";
    SubjectUncertifiedInspector = "subject.uncertified-inspector", Violation, PerRecord,
        "无执法证件或证件无效的人员实施检查", "inspector without a valid enforcement certificate",
        [("gbf-2024-54", "二"), ("panan-draft-2025", "（一）1"), ("xzcff-2021", "art. 42"), ("xzcff-2021", "art. 55")], [],
        "A certificate is valid from `valid_from` through `valid_until` inclusive and until the day before `revoked_on`, judged on the inspection day (Asia/Shanghai date of `started_at`).";
    SubjectInspectorAgencyMismatch = "subject.inspector-agency-mismatch", Violation, PerRecord,
        "检查人员不属于实施检查的机关", "inspector belongs to none of the inspecting agencies",
        [("gbf-2024-54", "二")], [],
        "Counted agencies are the lead, the joint agencies and `delegated_by`.";
    SubjectTooFewOfficers = "subject.too-few-officers", Violation, PerRecord,
        "现场检查持证执法人员少于法定人数", "too few certified officers on site",
        [("xzcff-2021", "art. 42")], ["min_officers_on_site"],
        "Counts distinct known inspectors of role officer whose certificate is valid on the inspection day.";
    ItemUnpublished = "item.unpublished", Violation, PerRecord,
        "检查事项未公布（清单之外无检查）", "inspection item not published",
        [("gbf-2024-54", "三"), ("panan-draft-2025", "（一）2")], [],
        "An item the dataset lacks is unpublished (and also a dangling reference). An item published on the inspection day may be used that day.";
    ItemForeignAgency = "item.foreign-agency", Violation, PerRecord,
        "检查事项不属于实施检查的机关", "item belongs to an agency that is not inspecting",
        [("gbf-2024-54", "三")], [],
        "Allowed when the item is delegable and delegated to the lead agency. An entrusted organization acts in the name of the organ that entrusted it, so that organ's items count as its own.";
    ItemInvalidDelegation = "item.invalid-delegation", Violation, PerRecord,
        "委托检查的事项不可委托或未委托给牵头机关", "delegated item not delegable or not delegated to the lead agency",
        [("panan-draft-2025", "（三）1")], [],
        "Checks the items owned by the `delegated_by` agency.";
    ApprovalMissing = "approval.missing", Violation, PerRecord,
        "检查前未经负责人审批", "no approval by the head before the inspection",
        [("gbf-2024-54", "五")], [],
        "Non-urgent inspections only; approval at `started_at` exactly is in time.";
    CodeMissing = "code.missing", Violation, PerRecord,
        "现场检查无行政行为码（无码入企）", "on-site inspection without an administrative act code",
        [("panan-draft-2025", "（二）2（1）"), ("zj-2025-5", "亮码检查")], [],
        "Urgent on-site inspections without a code fire this and `code.urgent-late`.";
    CodeLate = "code.late", Violation, PerRecord,
        "行政行为码在检查开始后才赋码", "code assigned after the inspection started",
        [("panan-draft-2025", "（二）2（1）")], [],
        "Needs `code_assigned_at`; a code without an assignment time is not reported late.";
    CodeUrgentLate = "code.urgent-late", Violation, PerRecord,
        "紧急检查未在完成后规定工作日内补办审批赋码", "urgent inspection not approved or coded within the grace period",
        [("panan-draft-2025", "（二）2（1）")], ["urgent_approval_grace_working_days"],
        "The deadline is 24:00 (Asia/Shanghai) of the N-th working day after the day of `ended_at`. Approval is checked for every urgent inspection, the code for on-site ones.";
    CalendarUnknownYear = "calendar.unknown-year", Warning, PerRecord,
        "工作日期限落在无节假日安排的年份", "working-day deadline in a year with no holiday schedule",
        [], [],
        "Raised when a deadline had to look at a day of a year with no schedule; weekends only were used for it. Add the year in `calendar.json`.";
    NoticeMissing = "notice.missing", Violation, PerRecord,
        "未事先通知检查对象", "no advance notice",
        [("panan-draft-2025", "（二）1（2）"), ("gbf-2024-54", "五")], [],
        "Non-urgent inspections without `notice_exemption`, on or off site. A notice sent at `started_at` is in time.";
    NoticeIncomplete = "notice.incomplete", Warning, PerRecord,
        "检查通知内容不全", "notice lacks time, basis, purpose or content",
        [("panan-draft-2025", "（二）1（2）")], [],
        "Fires for any notice given, whatever the urgency or exemption.";
    ConductGifts = "conduct.gifts", Violation, PerRecord,
        "接受被检查企业馈赠、报酬、福利待遇", "accepted gifts, pay or benefits",
        [("gbf-2024-54", "七 ①")], [], "Applies to every activity.";
    ConductHospitality = "conduct.hospitality", Violation, PerRecord,
        "参加被检查企业提供的宴请、娱乐、旅游", "took part in banquets, entertainment or trips",
        [("gbf-2024-54", "七 ②")], [], "Applies to every activity.";
    ConductExpensesCharged = "conduct.expenses-charged", Violation, PerRecord,
        "由企业支付消费开支或转嫁检查费用", "expenses or inspection costs charged to the enterprise",
        [("gbf-2024-54", "七 ③")], [], "Applies to every activity.";
    ConductDesignatedIntermediary = "conduct.designated-intermediary", Violation, PerRecord,
        "强制企业接受指定中介机构服务", "designated intermediary forced on the enterprise",
        [("gbf-2024-54", "七 ④")], [], "Applies to every activity.";
    ConductLegalRepRequired = "conduct.legal-rep-required", Violation, PerRecord,
        "刻意要求法定代表人到场", "legal representative required to be present",
        [("gbf-2024-54", "七 ⑤")], [], "Applies to every activity.";
    ConductArbitraryMeasure = "conduct.arbitrary-measure", Violation, PerRecord,
        "无法律依据采取查封、扣押、冻结或责令停产停业", "compulsory measure without legal basis",
        [("gbf-2024-54", "七 ⑥")], [], "Fires once per measure whose `legal_basis` is null or blank.";
    ConductDisguisedInspection = "conduct.disguised-inspection", Violation, PerRecord,
        "以观摩、督导、考察、走访等名义行检查之实", "inspection disguised as another activity",
        [("gbf-2024-54", "七 ⑧"), ("panan-draft-2025", "（二）2（2）")], [],
        "Such a record is an inspection in substance: every inspection rule applies to it too.";
    MethodOffsiteCapable = "method.offsite-capable", Warning, PerRecord,
        "可通过非现场方式检查却入企现场检查", "on-site inspection of items that could be checked off site",
        [("gbf-2024-54", "四"), ("panan-draft-2025", "（三）4")], [],
        "Needs at least one item, every item known.";
    PenaltyFirstMinor = "penalty.first-minor", Warning, PerRecord,
        "首违轻微且已改正仍予处罚", "penalty on a first, minor, corrected offense",
        [("xzcff-2021", "art. 33"), ("panan-draft-2025", "（四）1")], [], "Applies to every activity.";
    DataInvalidUscc = "data.invalid-uscc", Violation, PerRecord,
        "统一社会信用代码校验不通过", "invalid unified social credit code",
        [("gb-32100-2015", "校验码")], [],
        "Also reported with scope `enterprise` for a dataset enterprise whose id fails.";
    DataUnknownReference = "data.unknown-reference", Violation, PerRecord,
        "引用了数据集中不存在的对象", "reference to something the dataset lacks",
        [], [],
        "Also reported on plans, agencies and the dataset for dangling references inside the dataset. An absent dataset file is an empty one.";
    DataTimeOrder = "data.time-order", Violation, PerRecord,
        "检查结束时间早于开始时间", "ended before it started",
        [], [], "Compares the instants, whatever their offsets.";
    FrequencyOnsiteCap = "frequency.onsite-cap", Violation, CrossRecord,
        "同一机关对同一企业年度现场检查超过上限", "on-site inspections of an enterprise by one agency over the yearly cap",
        [("panan-draft-2025", "（二）1（2）"), ("gbf-2024-54", "四")],
        ["onsite_cap_per_agency_enterprise_year"],
        "Counted per counted agency (a joint inspection counts for each); exempt triggers are not counted. The cap of the n-th is the parameter in force on its day or the largest `annual_cap` of its items if larger.";
    FrequencyExcessiveExempt = "frequency.excessive-exempt", Warning, CrossRecord,
        "不受频次限制的检查明显超过合理频次", "exempt inspections of one enterprise by one agency obviously excessive",
        [("gbf-2024-54", "八")], ["excessive_exempt_per_agency_enterprise_year"],
        "Fires on each exempt on-site inspection past the number.";
    FrequencyRiskColor = "frequency.risk-color", Warning, CrossRecord,
        "超过企业风险颜色对应的年度检查频次", "inspections over the cap of the enterprise's risk colour",
        [("panan-draft-2025", "（三）3")], ["risk_color_caps"],
        "Counts each non-exempt on-site inspection once, all agencies together. No colour has a cap unless the county sets one.";
    PlanOutsidePlan = "plan.outside-plan", Violation, CrossRecord,
        "计划外或超计划实施检查", "inspection outside its plan or beyond the planned times",
        [("panan-draft-2025", "（五）2"), ("gbf-2024-54", "六")], [],
        "Every item of the record must be covered by an entry of the plan; a null enterprise list covers the item's industries. Inspections naming the plan are counted per entry item and enterprise, in order.";
    AlertMultiAgency = "alert.multi-agency", Warning, CrossRecord,
        "多头检查预警", "warning: several agencies inspected separately",
        [("gbf-2024-54", "九"), ("panan-draft-2025", "（五）2")],
        ["multi_agency_window_days", "multi_agency_min_agencies"],
        "Separate (non-joint) on-site inspections; fires on the record that brings a new agency to the threshold within the window (day difference below the window).";
    AlertRepeated = "alert.repeated", Warning, CrossRecord,
        "重复检查预警", "warning: item checked again",
        [("gbf-2024-54", "四"), ("gbf-2024-54", "九")], ["repeat_window_days"],
        "One finding per repeated item on the later record; the earlier inspection must be non-exempt, of any agency or mode.";
    AlertHighFrequency = "alert.high-frequency", Warning, CrossRecord,
        "高频次检查预警", "warning: high-frequency inspection",
        [("gbf-2024-54", "九")], ["high_frequency_window_days", "high_frequency_min_inspections"],
        "Fires on the on-site inspection with which the count in the window reaches the number exactly.";
    PenaltyNoReturnVisit = "penalty.no-return-visit", Warning, CrossRecord,
        "处罚后未按期回访", "no return visit after a penalty",
        [("panan-draft-2025", "（四）2")], ["return_visit_days"],
        "Only once the batch's latest inspection day is more than the period after the decision.";
    PlanLatePublication = "plan.late-publication", Violation, Plan,
        "年度检查计划未按期公布", "annual plan not published in time",
        [("panan-draft-2025", "（二）1（1）")], ["plan_publication_deadline"],
        "The deadline of the plan's own year is inclusive.";
    PlanMissingLead = "plan.missing-lead", Violation, Plan,
        "多部门联合计划未明确牵头单位", "multi-agency plan without a lead among its agencies",
        [("panan-draft-2025", "（二）1（1）")], [], "Counts distinct agencies.";
    PlanSpecialUnapproved = "plan.special-unapproved", Violation, Plan,
        "专项检查未经审核、讨论、批准或公布", "special inspection not reviewed, discussed, approved or published",
        [("panan-draft-2025", "（二）1（1）"), ("gbf-2024-54", "六")], [],
        "One finding per missing or late step; the vertical superior approves when the plan's lead (or only agency) is vertical.";
    PlanMergeSuggestion = "plan.merge-suggestion", Info, Plan,
        "建议按“低频就高频”整合检查计划", "plans could be merged (低频就高频)",
        [("panan-draft-2025", "（二）1（2）")], ["plan_merge_duration_ratio"],
        "Annual plans of one year with disjoint agencies, entries with known items; reported on the plan of the lower-frequency entry.";
    AgencyAssessmentQuota = "agency.assessment-quota", Violation, Agency,
        "考核与检查数量或罚款数额挂钩（下达检查指标）", "assessment tied to inspection counts or fines",
        [("gbf-2024-54", "七 ⑦")], [], "One finding per link.";
    JointRateBelowTarget = "joint.rate-below-target", Warning, Agency,
        "联合检查率低于目标", "joint-inspection rate below target",
        [("zj-2025-5", "综合查一次"), ("panan-draft-2025", "（三）2")], ["joint_rate_target"],
        "Per agency and year, over on-site inspections that count the agency, with the target in force on 31 December.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_indexed() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(r.order(), i);
            assert_eq!(Rule::from_id(r.id()), Some(*r));
        }
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        assert_eq!(RULES.len(), 41);
    }

    #[test]
    fn citations_name_known_sources() {
        for r in RULES {
            for (src, _) in r.citations {
                assert!(SOURCES.iter().any(|(k, _)| k == src), "{} cites unknown source {src}", r.id);
            }
        }
    }
}
