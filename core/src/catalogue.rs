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

macro_rules! catalogue {
    ($( $variant:ident = $id:literal, $sev:ident, $kind:ident, $title:literal, $title_en:literal,
        [$(($src:literal, $art:literal)),*], [$($param:literal),*], $notes:literal,
        remedy: $remedy:literal, $remedy_en:literal; )*) => {
        /// Every built-in rule, in catalogue order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $( #[doc = $id] $variant, )* }

        /// The catalogue, indexed by `Rule as usize`.
        pub static RULES: &[RuleMeta] = &[ $( RuleMeta {
            id: $id, severity: Severity::$sev, kind: RuleKind::$kind, title: $title, title_en: $title_en,
            citations: &[$(($src, $art)),*], parameters: &[$($param),*], notes: $notes,
            remedy: $remedy, remedy_en: $remedy_en,
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
        #[expect(clippy::indexing_slicing, reason = "RULES has one entry per Rule variant, by construction")]
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
        "One finding per distinct body among the lead, the joint agencies, `delegated_by` and `entrusted_agency` whose kind is coordinating-body, third-party or intermediary.",
        remedy: "停止由议事协调机构、第三方或中介机构实施检查，改由具有法定检查职权的行政机关或法律法规授权组织依法实施；已实施的，报执法监督机构处理",
        "Stop inspections by coordinating bodies, third parties or intermediaries; have an administrative organ or authorized organization with the power inspect, and report ones already made to the supervising office.";
    SubjectInvalidEntrustment = "subject.invalid-entrustment", Violation, PerRecord,
        "受委托组织的委托无效或未公开", "entrusted organization without a valid published entrustment",
        [("gbf-2024-54", "二")], [],
        "An entrusted organization acts in its entrusting organ's name (行政处罚法 art. 20): the organ is `lead_agency`, the organization `entrusted_agency`. One finding each: the lead is an entrusted organization (it acted in its own name); `entrusted_agency` is not an entrusted organization whose `entrusted_by` is the lead; and, for every entrusted organization the record names, `entrusted_by` missing, unknown or itself an entrusted organization, or `entrustment_published_on` missing or not before the inspection day (the rule says \"published before the inspection\", and a date alone cannot show that a publication on the inspection day came first).",
        remedy: "委托机关应以书面委托书委托并在检查前公布委托书；受委托组织以委托机关名义检查，记录中以委托机关为实施机关，受委托组织另行载明",
        "The entrusting organ issues a written entrustment and publishes it before any inspection; the entrusted organization inspects in the organ's name, so record the organ as lead and the organization as entrusted agency.";
    SubjectUncertifiedInspector = "subject.uncertified-inspector", Violation, PerRecord,
        "无执法证件或证件无效的人员实施检查", "inspector without a valid enforcement certificate",
        [("gbf-2024-54", "二"), ("panan-draft-2025", "（一）1"), ("xzcff-2021", "art. 42"), ("xzcff-2021", "art. 55")], [],
        "A certificate is valid from `valid_from` through `valid_until` inclusive and until the day before `revoked_on`, judged on the inspection day (Asia/Shanghai date of `started_at`).",
        remedy: "改由持有效执法证件的执法人员实施检查并出示证件（《行政处罚法》第五十五条）；证件到期前及时换证，执法辅助人员、网格员、临时工不得实施检查",
        "Have officers with a valid enforcement certificate inspect and show it (Administrative Penalty Law art. 55); renew certificates before they expire; auxiliaries, grid workers and temporary staff may not inspect.";
    SubjectInspectorAgencyMismatch = "subject.inspector-agency-mismatch", Violation, PerRecord,
        "检查人员不属于实施检查的机关", "inspector belongs to none of the inspecting agencies",
        [("gbf-2024-54", "二")], [],
        "An inspector takes part when its employer, as the organ it acts for (an entrusted organization's officers count as its organ's), is a counted agency, or when it is employed by `entrusted_agency`. One finding per distinct inspector.",
        remedy: "检查人员应属于实施检查的机关或受委托组织；其他机关人员参与的，将该机关列为联合检查单位，记录有误的更正人员或机关信息",
        "Inspectors must belong to an inspecting agency or the entrusted organization; if another agency's staff took part, list that agency as a joint agency, or correct the inspector or agency in the record.";
    SubjectTooFewOfficers = "subject.too-few-officers", Violation, PerRecord,
        "现场检查持证执法人员少于法定人数", "too few certified officers on site",
        [("xzcff-2021", "art. 42")], ["min_officers_on_site"],
        "Counts distinct known inspectors of role officer whose certificate is valid on the inspection day and who take part (see `subject.inspector-agency-mismatch`): an officer of an agency not taking part does not make up the number.",
        remedy: "现场检查应安排不少于法定人数的持证执法人员（《行政处罚法》第四十二条：不少于两人，法律另有规定的除外），人员不足时不得入企",
        "Send at least the legal minimum of certified officers on site (Administrative Penalty Law art. 42: two, unless a law says otherwise); do not enter with fewer.";
    ItemUnpublished = "item.unpublished", Violation, PerRecord,
        "检查事项未公布（清单之外无检查）", "inspection item not published",
        [("gbf-2024-54", "三"), ("panan-draft-2025", "（一）2")], [],
        "An item the dataset lacks is unpublished (and also a dangling reference). An item published on the inspection day may be used that day.",
        remedy: "只按已公布的检查事项清单检查（清单之外无检查）；确需检查的事项须有法定依据并先纳入清单公布，事项编号录错的在源系统更正",
        "Inspect only items on the published list; an item that must be checked needs a legal basis and must be published first; correct a wrong item id in the source system.";
    ItemForeignAgency = "item.foreign-agency", Violation, PerRecord,
        "检查事项不属于实施检查的机关", "item belongs to an agency that is not inspecting",
        [("gbf-2024-54", "三")], [],
        "An item's owner counts as the organ it acts for, so an entrusted organization's organ's items are its own. Allowed when the item is delegable and delegated to the lead agency.",
        remedy: "只检查本机关清单内的事项；涉及其他机关事项的，邀请该机关联合检查，或由其依法将可委托的简单事项委托本机关代查（一表通查）",
        "Check only your agency's own items; for another agency's items invite it to a joint inspection, or have it delegate its simple delegable items to you (一表通查).";
    ItemInvalidDelegation = "item.invalid-delegation", Violation, PerRecord,
        "委托检查的事项不可委托或未委托给牵头机关", "delegated item not delegable or not delegated to the lead agency",
        [("panan-draft-2025", "（三）1")], [],
        "Checks the items owned by the `delegated_by` agency.",
        remedy: "只代查委托机关列入委托清单、可委托且委托给本机关的简单事项；其余事项由主管机关自行或联合检查，委托机关应完善委托检查清单",
        "Check on another agency's behalf only simple items it marked delegable and delegated to you; other items are checked by their owner, alone or jointly; the delegating agency updates its delegation list.";
    ApprovalMissing = "approval.missing", Violation, PerRecord,
        "检查前未经负责人审批", "no approval by the head before the inspection",
        [("gbf-2024-54", "五")], [],
        "Non-urgent inspections only; approval at `started_at` exactly is in time.",
        remedy: "检查前报行政执法机关负责人批准并留存审批记录；确属突发情况的，登记为紧急检查并按规定事后补办批准",
        "Get the head of the agency to approve before the inspection starts and keep the approval; a genuine emergency is recorded as urgent and approved afterwards as the rules allow.";
    CodeMissing = "code.missing", Violation, PerRecord,
        "现场检查无行政行为码（无码入企）", "on-site inspection without an administrative act code",
        [("panan-draft-2025", "（二）2（1）"), ("zj-2025-5", "亮码检查")], [],
        "Urgent on-site inspections without a code fire this and `code.urgent-late`.",
        remedy: "在入企前通过“大综合一体化”执法监管平台为本次检查赋码，并在进入企业时向企业出示行政行为码；已实施的，补录检查记录并报监督机构说明情况",
        "Generate the administrative act code on the enforcement platform before entering and show it to the enterprise on arrival; for an inspection already made, record it and explain to the supervising office.";
    CodeLate = "code.late", Violation, PerRecord,
        "行政行为码在检查开始后才赋码", "code assigned after the inspection started",
        [("panan-draft-2025", "（二）2（1）")], [],
        "Needs `code_assigned_at`; a code without an assignment time is `code.time-missing`, not late.",
        remedy: "先赋码、后入企：非突发情况一律在进入企业前完成平台赋码；确属突发情况的，如实登记为临时性、四不两直或暗查暗访检查并按紧急程序办理",
        "Code first, then enter: outside emergencies, always generate the code before arriving; a genuine emergency is recorded truthfully as urgent (temporary, 四不两直 or covert) and follows the urgent procedure.";
    CodeTimeMissing = "code.time-missing", Warning, PerRecord,
        "行政行为码未记录赋码时间", "code without an assignment time",
        [("panan-draft-2025", "（二）2（1）")], [],
        "Every on-site inspection in substance, urgent or not, with a non-blank `code` and a null `code_assigned_at`: nothing shows the code was assigned before entering (or, urgent, in time), so the form cannot say it is in order. Such a code is never reported late.",
        remedy: "数据维护人员从执法监管平台调取赋码时间补录到检查记录；今后录入记录时同步平台的赋码时间，以证明先赋码后入企",
        "The data maintainer fills in the code's assignment time from the enforcement platform; from now on, carry the platform's assignment time into every record to show the code came before entry.";
    CodeMalformed = "code.malformed", Violation, PerRecord,
        "行政行为码不符合本县赋码格式", "code not in the county's format",
        [("panan-draft-2025", "（二）2（1）")], ["code_pattern"],
        "Only when the county sets `code_pattern`, a regular expression that the whole code must match (it is anchored at both ends). Applies to every inspection in substance with a non-blank code.",
        remedy: "核对行政行为码是否为平台生成且符合本县规定的码格式：录入错误的在源系统更正；非平台生成的，按规定补办赋码并说明情况",
        "Check that the code was generated by the platform and fits the county's code format: correct a typing error in the source system; if it was not a platform code, obtain one and explain.";
    CodeUrgentLate = "code.urgent-late", Violation, PerRecord,
        "紧急检查未在完成后规定工作日内补办审批赋码", "urgent inspection not approved or coded within the grace period",
        [("panan-draft-2025", "（二）2（1）")], ["urgent_approval_grace_working_days"],
        "The deadline is 24:00 (Asia/Shanghai) of the N-th working day after the day of `ended_at`. Approval is checked for every urgent inspection, the code for on-site ones.",
        remedy: "突发情况检查应经负责人在线批准并赋码后实施；无法事前报批的，在检查完成后本县规定的工作日期限内补办批准和赋码，逾期未办的立即补办并说明",
        "Urgent inspections need the head's online approval and a code first; if impossible, complete both within the county's working-day grace after the inspection ends; if still missing, do it now and explain.";
    CalendarUnknownYear = "calendar.unknown-year", Warning, PerRecord,
        "工作日期限落在无节假日安排的年份", "working-day deadline in a year with no holiday schedule",
        [], [],
        "Raised when a deadline had to look at a day of a year with no State Council schedule. Such a year falls back to weekends and the statutory days off of 《全国年节及纪念日放假办法》 (2024 revision; 2025–2099 built in), without 调休: the message says so. Add the year's schedule in `calendar.json`.",
        remedy: "系统维护人员在日历数据中补充该年度国务院节假日安排（含调休上班日）后重新检查；补充前由人工核对该期限",
        "The system maintainer adds that year's State Council holiday schedule (with make-up working days) to the calendar data and re-runs the check; until then, verify the deadline by hand.";
    NoticeMissing = "notice.missing", Violation, PerRecord,
        "未事先通知检查对象", "no advance notice",
        [("panan-draft-2025", "（二）1（2）"), ("gbf-2024-54", "五")], [],
        "Non-urgent inspections without `notice_exemption`, on or off site. A notice sent at `started_at` is in time.",
        remedy: "检查前将检查时间、依据和理由、目的和内容书面通知企业；属依法不予公开或不适宜事先通知情形的，在记录中载明免予通知的理由",
        "Notify the enterprise in writing before the inspection of its time, basis and reasons, purpose and content; where by law it is not public or notice is unsuitable, record that exemption.";
    NoticeIncomplete = "notice.incomplete", Warning, PerRecord,
        "检查通知内容不全", "notice lacks time, basis, purpose or content",
        [("panan-draft-2025", "（二）1（2）")], [],
        "Fires for any notice given, whatever the urgency or exemption.",
        remedy: "补全通知中的检查时间、依据和理由、目的和内容；今后使用载明这四项的统一检查通知书格式",
        "Complete the notice with the time, basis and reasons, purpose and content; use a standard notice form that carries all four from now on.";
    ConductGifts = "conduct.gifts", Violation, PerRecord,
        "接受被检查企业馈赠、报酬、福利待遇", "accepted gifts, pay or benefits",
        [("gbf-2024-54", "七 ①")], [], "Applies to every activity.",
        remedy: "涉事人员退还所收馈赠、报酬或福利，机关依纪依法查处（发现一起查处一起），问题线索按“行纪联动”机制移送纪检监察机关",
        "The officers return the gifts, pay or benefits; the agency investigates and deals with each case, and refers it to the discipline inspection organs under the 行纪联动 mechanism.";
    ConductHospitality = "conduct.hospitality", Violation, PerRecord,
        "参加被检查企业提供的宴请、娱乐、旅游", "took part in banquets, entertainment or trips",
        [("gbf-2024-54", "七 ②")], [], "Applies to every activity.",
        remedy: "涉事人员退赔宴请、娱乐、旅游费用，机关依纪依法查处，问题线索按“行纪联动”机制移送纪检监察机关；今后不得参加企业提供的此类活动",
        "The officers repay the banquets, entertainment or trips; the agency deals with the case and refers it to the discipline inspection organs; never accept such hospitality from an inspected enterprise.";
    ConductExpensesCharged = "conduct.expenses-charged", Violation, PerRecord,
        "由企业支付消费开支或转嫁检查费用", "expenses or inspection costs charged to the enterprise",
        [("gbf-2024-54", "七 ③")], [], "Applies to every activity.",
        remedy: "机关退还由企业支付的消费开支和转嫁给企业的检查费用，检查经费由机关自行承担，并依纪依法处理涉事人员",
        "The agency refunds the expenses the enterprise paid and any inspection costs passed to it, bears its inspection costs itself, and deals with the officers responsible.";
    ConductDesignatedIntermediary = "conduct.designated-intermediary", Violation, PerRecord,
        "强制企业接受指定中介机构服务", "designated intermediary forced on the enterprise",
        [("gbf-2024-54", "七 ④")], [], "Applies to every activity.",
        remedy: "撤回要求企业接受指定中介机构服务的要求并书面告知企业，不得以此作为检查结论条件，依纪依法处理涉事人员",
        "Withdraw the requirement to use the designated intermediary and tell the enterprise in writing; never make an inspection outcome depend on it, and deal with the officers responsible.";
    ConductLegalRepRequired = "conduct.legal-rep-required", Violation, PerRecord,
        "刻意要求法定代表人到场", "legal representative required to be present",
        [("gbf-2024-54", "七 ⑤")], [], "Applies to every activity.",
        remedy: "不再刻意要求法定代表人到场，由企业指定的负责人或工作人员配合检查即可，避免干扰企业正常生产经营",
        "Stop requiring the legal representative to be present; a manager or staff member the enterprise chooses can assist, so normal business is not disrupted.";
    ConductArbitraryMeasure = "conduct.arbitrary-measure", Violation, PerRecord,
        "无法律依据采取查封、扣押、冻结或责令停产停业", "compulsory measure without legal basis",
        [("gbf-2024-54", "七 ⑥")], [], "Fires once per measure whose `legal_basis` is null or blank.",
        remedy: "查明查封、扣押、冻结或责令停产停业的法律依据：确无依据的立即解除并依法处理；有依据但漏记的，在记录中补录具体法律条款",
        "Establish the legal basis of the sealing, seizure, freezing or suspension: without one, lift it at once and deal with it; if the basis was just not recorded, add the exact provision to the record.";
    ConductDisguisedInspection = "conduct.disguised-inspection", Violation, PerRecord,
        "以观摩、督导、考察、走访等名义行检查之实", "inspection disguised as another activity",
        [("gbf-2024-54", "七 ⑧"), ("panan-draft-2025", "（二）2（2）")], [],
        "Such a record is an inspection in substance: every inspection rule applies to it too.",
        remedy: "不得以观摩、督导、考察、走访名义检查：确需检查的，按行政检查办理审批、通知、赋码等程序；不检查的，不在活动中查验检查事项",
        "Do not inspect under the name of an observation, supervision, study visit or visit: if checks are needed, run them as an inspection with approval, notice and code; otherwise check no items.";
    MethodOffsiteCapable = "method.offsite-capable", Warning, PerRecord,
        "可通过非现场方式检查却入企现场检查", "on-site inspection of items that could be checked off site",
        [("gbf-2024-54", "四"), ("panan-draft-2025", "（三）4")], [],
        "Needs at least one item, every item known.",
        remedy: "复核入企必要性：今后对可非现场检查的事项，改用书面核查、信息共享、网络核验等方式；确需现场检查的，在记录中说明理由",
        "Review whether entry was needed: next time check such items by written review, information sharing or online verification; if on-site work is still needed, record why.";
    PenaltyMinorNoHarm = "penalty.minor-no-harm", Violation, PerRecord,
        "违法行为轻微、及时改正且无危害后果仍予处罚", "penalty on a minor, corrected violation without harm",
        [("xzcff-2021", "art. 33"), ("panan-draft-2025", "（四）1")], [],
        "Art. 33(1), first sentence: 不予行政处罚 (mandatory), first offence or not: `minor`, `corrected` and `harm` `none`. Applies to every activity.",
        remedy: "违法行为轻微并及时改正、没有造成危害后果的，依《行政处罚法》第三十三条第一款不予处罚：作出决定的机关应依法纠正该处罚决定，改为对当事人教育",
        "Administrative Penalty Law art. 33(1) forbids a penalty for a minor, promptly corrected violation with no harm: the deciding agency corrects the decision and educates the party instead.";
    PenaltyFirstMinor = "penalty.first-minor", Warning, PerRecord,
        "首违轻微且已改正仍予处罚", "penalty on a first, minor, corrected offense",
        [("xzcff-2021", "art. 33"), ("panan-draft-2025", "（四）1")], [], "Art. 33(1), second sentence: 可以不予行政处罚 (discretionary): `first_offense`, `corrected`, and `harm` `minor` (or, `harm` null, `minor` true). Not reported where `penalty.minor-no-harm` is. Applies to every activity.",
        remedy: "复核是否适用《行政处罚法》第三十三条第一款“初次违法可以不予处罚”，并记录裁量理由；今后对首次、轻微已改正的违法优先教育和限期整改",
        "Review whether art. 33(1) (a first, slightly harmful, corrected violation may go unpunished) should apply and record the reasoning; prefer education and deadlines to correct for such cases.";
    DataInvalidUscc = "data.invalid-uscc", Violation, PerRecord,
        "统一社会信用代码校验不通过", "invalid unified social credit code",
        [("gb-32100-2015", "代码结构与校验码")], [],
        "Length 18, the alphabet, position 1 a registration-authority code (1–9, A, N, Y), positions 3–8 digits (an administrative division), and the check character. Also reported with scope `enterprise` for a dataset enterprise whose id fails.",
        remedy: "数据维护人员对照企业营业执照或登记机关记录核对统一社会信用代码，在源系统中更正企业标识",
        "The data maintainer checks the unified social credit code against the business licence or the registration authority's record and corrects the enterprise id in the source system.";
    DataUsccOrgCode = "data.uscc-org-code", Warning, PerRecord,
        "统一社会信用代码中的组织机构代码校验不通过", "organization code inside the USCC fails its check",
        [("gb-32100-2015", "代码结构"), ("gb-11714-1997", "校验码")], [],
        "Positions 9–17 are the GB 11714 organization code: weights 3 7 9 10 5 8 4 2 over positions 9–16 (letters A=10 … Z=35), check value 11 − Σ mod 11 (10 → X, 11 → 0). Only on a code that passes every GB 32100 check (otherwise `data.invalid-uscc` alone is reported). Also reported with scope `enterprise` for a dataset enterprise.",
        remedy: "对照营业执照核对代码第9至17位（组织机构代码）：录入错误的在源系统更正；执照上的代码即如此的，向登记机关核实",
        "Check positions 9–17 (the organization code) against the business licence: correct a typing error in the source system; if the licence itself shows it, confirm with the registration authority.";
    DataUnknownReference = "data.unknown-reference", Violation, PerRecord,
        "引用了数据集中不存在的对象", "reference to something the dataset lacks",
        [], [],
        "Also reported on plans, agencies and the dataset for dangling references inside the dataset. An absent dataset file is an empty one.",
        remedy: "数据维护人员在源系统补录缺失的机关、人员、企业、事项或计划基础数据，或更正记录中引用错误的编号后重新检查",
        "The data maintainer adds the missing agency, inspector, enterprise, item or plan to the reference data at its source, or corrects the wrong id in the record, and re-runs the check.";
    DataTimeOrder = "data.time-order", Violation, PerRecord,
        "检查结束时间早于开始时间", "ended before it started",
        [], [], "Compares the instants, whatever their offsets.",
        remedy: "核对检查开始和结束时间（含日期与时区），在源系统中更正录入错误",
        "Check the start and end times (date and time zone) of the inspection and correct the entry error in the source system.";
    FrequencyOnsiteCap = "frequency.onsite-cap", Violation, CrossRecord,
        "同一机关对同一企业年度现场检查超过上限", "on-site inspections of an enterprise by one agency over the yearly cap",
        [("panan-draft-2025", "（二）1（2）"), ("gbf-2024-54", "四")],
        ["onsite_cap_per_agency_enterprise_year"],
        "Counted per counted agency, as the organ it acts for (a joint inspection counts for each; an entrusted organization's visits count as its organ's); exempt triggers are not counted. The cap of the n-th for agency A is the parameter in force on its day, or, if larger, the largest `annual_cap` of its items that belong to A (owned by A as organ, or delegable and delegated to A): another agency's item cap never raises A's.",
        remedy: "机关本年度不再对该企业实施非豁免的现场检查，后续改用非现场方式；今后合并检查事项、进一次门查多项事，不超过本县规定的年度现场检查上限",
        "The agency makes no further non-exempt on-site inspections of this enterprise this year and uses off-site methods; next time combine items into one visit to stay within the county's yearly on-site cap.";
    FrequencyExcessiveExempt = "frequency.excessive-exempt", Warning, CrossRecord,
        "不受频次限制的检查明显超过合理频次", "exempt inspections of one enterprise by one agency obviously excessive",
        [("gbf-2024-54", "八")], ["excessive_exempt_per_agency_enterprise_year"],
        "Fires on each exempt on-site inspection past the number, counted per counted agency as the organ it acts for.",
        remedy: "复核这些因投诉举报、转办、数据监测、巡查或企业申请的现场检查是否确有必要；同一线索合并处理，能非现场核查的不再入企",
        "Review whether these complaint-, referral-, monitoring-, patrol- or request-based on-site inspections were all needed; handle leads on one matter together and check off site where that serves.";
    FrequencyRiskColor = "frequency.risk-color", Warning, CrossRecord,
        "超过企业风险颜色对应的年度检查频次", "inspections over the cap of the enterprise's risk colour",
        [("panan-draft-2025", "（三）3")], ["risk_color_caps"],
        "Counts each non-exempt on-site inspection once, all agencies together. No colour has a cap unless the county sets one.",
        remedy: "按企业风险等级（五色）对应的年度频次统筹安排检查；超出的，各部门合并为“综合查一次”联合检查或改用非现场方式",
        "Plan inspections within the yearly frequency of the enterprise's risk colour; beyond it, merge the agencies' visits into one joint inspection (综合查一次) or use off-site methods.";
    PlanOutsidePlan = "plan.outside-plan", Violation, CrossRecord,
        "计划外或超计划实施检查", "inspection outside its plan or beyond the planned times",
        [("panan-draft-2025", "（五）2"), ("gbf-2024-54", "六")], [],
        "Every item of the record must be covered by an entry of the plan; a null enterprise list covers the item's industries. An on-site record whose items are covered only by `off-site` entries is outside the plan's method. Inspections naming the plan are counted per entry item and enterprise, in order. One reason a record: missing plan, year, agency, coverage, method, then times used up.",
        remedy: "按本机关当年已公布计划所列企业、事项、方式和次数检查，并核对记录中的计划编号；确需计划外检查的，按专项检查程序审核批准后实施",
        "Inspect only the enterprises, items, method and number of times in your agency's published plan for the year, and check the plan id; to inspect outside it, get a special inspection reviewed and approved first.";
    AlertMultiAgency = "alert.multi-agency", Warning, CrossRecord,
        "多头检查预警", "warning: several agencies inspected separately",
        [("gbf-2024-54", "九"), ("panan-draft-2025", "（五）2")],
        ["multi_agency_window_days", "multi_agency_min_agencies"],
        "Separate (non-joint) on-site inspections; fires on the record that brings a new agency to the threshold within the window (day difference below the window).",
        remedy: "今后由牵头部门统筹，将多个部门对该企业的检查合并为“综合查一次”联合检查，进一次门、查多项事",
        "Next time have a lead agency merge the agencies' visits to this enterprise into one joint inspection (综合查一次): one entry, many items.";
    AlertRepeated = "alert.repeated", Warning, CrossRecord,
        "重复检查预警", "warning: item checked again",
        [("gbf-2024-54", "四"), ("gbf-2024-54", "九")], ["repeat_window_days"],
        "One finding per repeated item on the later record; the earlier inspection must be non-exempt, of any agency or mode.",
        remedy: "复核是否重复检查同一事项；今后检查前先查询并共享该企业近期的检查结果，已检查事项无新线索的不再重复检查",
        "Review whether the item was checked again needlessly; before inspecting, look up and share the enterprise's recent results, and do not re-check an item without new grounds.";
    AlertHighFrequency = "alert.high-frequency", Warning, CrossRecord,
        "高频次检查预警", "warning: high-frequency inspection",
        [("gbf-2024-54", "九")], ["high_frequency_window_days", "high_frequency_min_inspections"],
        "Fires on the on-site inspection with which the count in the window reaches the number exactly.",
        remedy: "复核对该企业各次检查的必要性，由各部门统筹合并检查或改用书面核查、信息共享等非现场方式，降低检查频次",
        "Review whether each inspection of this enterprise was needed; have the agencies merge their visits or switch to written review and information sharing to cut the frequency.";
    PenaltyNoReturnVisit = "penalty.no-return-visit", Warning, CrossRecord,
        "处罚后未按期回访", "no return visit after a penalty",
        [("panan-draft-2025", "（四）2")], ["return_visit_days"],
        "Only once the batch's latest inspection day is more than the period after the decision.",
        remedy: "作出处罚的机关在本县规定的回访期限内开展罚后回访，了解企业需求、帮扶整改并记录回访日期",
        "The agency that imposed the penalty makes a return visit within the county's return-visit period, learns the enterprise's needs, helps it correct, and records the visit date.";
    PlanLatePublication = "plan.late-publication", Violation, Plan,
        "年度检查计划未按期公布", "annual plan not published in time",
        [("panan-draft-2025", "（二）1（1）")], ["plan_publication_deadline"],
        "The deadline of the plan's own year is inclusive.",
        remedy: "执法部门在本县规定的期限（征求意见稿为每年3月底前）内制定并公布年度检查计划；尚未公布的立即公布",
        "The agency draws up and publishes its annual inspection plan by the county's deadline (end of March in the draft); an unpublished plan is published at once.";
    PlanMissingLead = "plan.missing-lead", Violation, Plan,
        "多部门联合计划未明确牵头单位", "multi-agency plan without a lead among its agencies",
        [("panan-draft-2025", "（二）1（1）")], [], "Counts distinct agencies.",
        remedy: "计划制定部门协商明确牵头单位和协同单位，牵头单位须为参加计划的部门之一，修订计划后重新公布",
        "The planning agencies agree on a lead and co-units, the lead being one of the plan's agencies, then amend and republish the plan.";
    PlanSpecialUnapproved = "plan.special-unapproved", Violation, Plan,
        "专项检查未经审核、讨论、批准或公布", "special inspection not reviewed, discussed, approved or published",
        [("panan-draft-2025", "（二）1（1）"), ("gbf-2024-54", "六")], [],
        "One finding per missing or late step; the vertical superior approves when the plan's lead (or only agency) is vertical. The first inspection is the earliest day of a record naming the plan that lists an item (an inspection in substance: a 走访 that checks nothing is not one). Order: approval before the legality review or the collective discussion is one finding, publication before approval another; steps on the same day are in order.",
        remedy: "非上级部署的专项检查须依次经合法性审核、集体讨论，报县政府（垂直管理的报上一级机关）批准并向社会公布后方可实施；程序补齐前暂停检查",
        "A special inspection not deployed from above needs legality review, then collective discussion, then approval by the county government (or vertical superior), then publication; pause it until done.";
    PlanMergeSuggestion = "plan.merge-suggestion", Info, Plan,
        "建议按“低频就高频”整合检查计划", "plans could be merged (低频就高频)",
        [("panan-draft-2025", "（二）1（2）")], ["plan_merge_duration_ratio"],
        "Annual plans of one year with disjoint agencies, entries with known items; reported on the plan of the lower-frequency entry.",
        remedy: "相关计划制定部门协商，按“低频就高频”原则将检查对象、方式、时长相近的计划整合为联合检查计划",
        "The plan owners consult and merge plans with the same objects and similar method and duration into one joint plan at the higher frequency (低频就高频).";
    AgencyAssessmentQuota = "agency.assessment-quota", Violation, Agency,
        "考核与检查数量或罚款数额挂钩（下达检查指标）", "assessment tied to inspection counts or fines",
        [("gbf-2024-54", "七 ⑦")], [], "One finding per link.",
        remedy: "机关负责人修订内部考核办法，取消考核考评、预算项目绩效与检查频次或罚款数额挂钩的内容",
        "The agency's head revises its internal assessment rules to remove every link between assessments or budget performance and inspection counts or fine amounts.";
    JointRateBelowTarget = "joint.rate-below-target", Warning, Agency,
        "联合检查率低于目标", "joint-inspection rate below target",
        [("zj-2025-5", "综合查一次"), ("panan-draft-2025", "（三）2")], ["joint_rate_target"],
        "Per agency and year, over on-site inspections that count the agency, with the target in force on 31 December. Agencies count as the organs they act for; bodies that may not inspect (coordinating bodies, third parties, intermediaries) are left out.",
        remedy: "按“综合查一次”统筹各部门检查计划，以跨部门联合检查为原则、单独检查为例外，提高联合检查率至本县当年目标（力争2027年达80%以上）",
        "Coordinate plans under 综合查一次, with joint inspection the rule and single-agency inspection the exception, to reach the county's target for the year (80% or more by 2027).";
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
        assert_eq!(RULES.len(), 45);
    }

    /// A rule id is `<family>.<name>`: the family is a module of `rules/` (or the host's `plugin`), the name
    /// lower-case kebab-case; every rule has both titles, and every rule but those about the data cites a clause.
    #[test]
    fn ids_name_a_family_and_every_rule_is_complete() {
        const FAMILIES: &[&str] = &[
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
        for r in RULES {
            let (family, name) = r.id.split_once('.').unwrap_or_else(|| panic!("{}: no family", r.id));
            assert!(FAMILIES.contains(&family), "{}: unknown family `{family}`", r.id);
            let kebab = !name.is_empty()
                && !name.starts_with('-')
                && !name.ends_with('-')
                && !name.contains("--")
                && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "{}: the name is not kebab-case", r.id);
            assert!(!r.title.is_empty() && !r.title_en.is_empty(), "{}: a title is missing", r.id);
            // Only findings about the data itself (an unknown calendar year, a dangling reference) rest on no clause.
            let about_the_data = matches!(family, "data" | "calendar");
            assert!(about_the_data || !r.citations.is_empty(), "{}: cites nothing", r.id);
        }
    }

    #[test]
    fn citations_read_in_chinese() {
        assert_eq!(cite_zh("xzcff-2021", "art. 42"), "《行政处罚法》第四十二条");
        assert_eq!(cite_zh("xzcff-2021", "art. 33(1)"), "《行政处罚法》第三十三条第一款");
        assert_eq!(cite_zh("xzcff-2021", "art. 20"), "《行政处罚法》第二十条");
        assert_eq!(cite_zh("gbf-2024-54", "七 ⑧"), "国办发〔2024〕54号第七部分⑧");
        assert_eq!(cite_zh("panan-draft-2025", "（二）1（2）"), "磐安县实施意见（征求意见稿）（二）1（2）");
        assert_eq!(cite_zh("zj-2025-5", "综合查一次"), "浙政办发〔2025〕5号（综合查一次）");
        for r in RULES {
            for (src, art) in r.citations {
                assert!(!cite_zh(src, art).contains("art."), "{} {src} {art}", r.id);
            }
        }
    }

    #[test]
    fn listed_parameters_are_real_policy_parameters() {
        for r in RULES {
            for p in r.parameters {
                assert!(
                    crate::policy::Policy::meaning(p).is_some(),
                    "{} lists `{p}`, which is no policy parameter",
                    r.id
                );
            }
        }
    }

    #[test]
    fn every_rule_has_a_concrete_remedy() {
        for r in RULES {
            assert!(r.remedy.chars().count() >= 15, "{}: remedy too short", r.id);
            assert!(r.remedy_en.len() >= 30, "{}: English remedy too short", r.id);
            assert!(!r.remedy.contains("art."), "{}: Chinese remedy names an article in English", r.id);
            for p in r.parameters {
                assert!(!r.remedy.contains(p), "{}: remedy shows the parameter name {p}", r.id);
            }
        }
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
