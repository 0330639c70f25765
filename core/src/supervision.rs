//! Supervision's side of 亮码检查: what an enterprise may complain of after a visit (the "五个严禁、八个不得" as it
//! sees them, and an inspection without the code shown), and the 涉企行政执法问题清单 — the period's problems by
//! agency, each one rule broken (or one kind of complaint) with its records, clause and remedy, moved through the
//! county's closed loop 发现 → 交办 → 整改 → 评价 (panan-draft-2025 （五）). No I/O: the service reads the records
//! and complaints and keeps the states; this module says what a problem is, which are grouped together, and which
//! step may follow which.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::lookup;
use crate::dataset::Dataset;
use crate::meta::{Citation, Severity};
use crate::model::{Inspection, Mode, NoticeExemption, Trigger, UrgencyKind};
use crate::time::Timestamp;

/// What the problem list groups findings under: the kinds of problem the county text names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// 主体不适格: a body without the standing to inspect, or inspectors without it.
    Subject,
    /// 事项未公布: items outside the published list.
    Items,
    /// 程序不规范: approval, code, notice, off-site first, penalties.
    Procedure,
    /// 专项检查未经批准.
    SpecialUnapproved,
    /// 超计划、超频次: beyond the plan or a cap, and the 多头、重复、高频次 warnings.
    PlanOrCap,
    /// 违反"五个严禁、八个不得".
    Conduct,
    /// 企业投诉: complaints the enterprises made through the code.
    Complaint,
}

impl Category {
    /// Every category, in the order the list shows them.
    pub const ALL: [Category; 7] = [
        Category::Subject,
        Category::Items,
        Category::Procedure,
        Category::SpecialUnapproved,
        Category::PlanOrCap,
        Category::Conduct,
        Category::Complaint,
    ];

    /// The category of a finding of a rule; `None` for what is not an agency's problem (data quality, a plugin's
    /// failure, an unknown calendar year, suggestions).
    pub fn of_rule(rule: &str) -> Option<Category> {
        let (family, _) = rule.split_once('.')?;
        Some(match (family, rule) {
            (_, "plan.special-unapproved") => Category::SpecialUnapproved,
            (_, "plan.outside-plan") => Category::PlanOrCap,
            (_, "plan.late-publication" | "plan.missing-lead") => Category::Procedure,
            (_, "agency.assessment-quota") => Category::Conduct,
            ("subject", _) => Category::Subject,
            ("item", _) => Category::Items,
            ("approval" | "code" | "notice" | "method" | "penalty", _) => Category::Procedure,
            ("frequency" | "alert", _) => Category::PlanOrCap,
            ("conduct", _) => Category::Conduct,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            Category::Subject => "subject",
            Category::Items => "items",
            Category::Procedure => "procedure",
            Category::SpecialUnapproved => "special-unapproved",
            Category::PlanOrCap => "plan-or-cap",
            Category::Conduct => "conduct",
            Category::Complaint => "complaint",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Category::Subject => "检查主体不适格",
            Category::Items => "检查事项未公布",
            Category::Procedure => "检查程序不规范",
            Category::SpecialUnapproved => "专项检查未经批准",
            Category::PlanOrCap => "超计划、超频次检查",
            Category::Conduct => "违反“五个严禁、八个不得”",
            Category::Complaint => "企业投诉",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Category::Subject => "bodies or inspectors without standing",
            Category::Items => "items not published",
            Category::Procedure => "procedure not followed",
            Category::SpecialUnapproved => "special inspections without approval",
            Category::PlanOrCap => "beyond the plan or the cap",
            Category::Conduct => "conduct violations (五个严禁、八个不得)",
            Category::Complaint => "enterprise complaints",
        }
    }
}

/// What an enterprise may complain of after a visit: the conduct the State Council forbids (国办发〔2024〕54号 七,
/// "五个严禁、八个不得", as the enterprise sees it) and an inspection without the 行政行为码 shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Complaint {
    /// Stable id, as the form sends it.
    pub id: &'static str,
    /// Which of the five bans (严禁) it falls under, 1–5; 0 for the code.
    pub ban: u8,
    pub zh: &'static str,
    pub en: &'static str,
    /// The clause: (source key, article).
    pub source: &'static str,
    pub article: &'static str,
}

/// The checkboxes of the enterprise's form, in the order of the clause.
pub const COMPLAINTS: &[Complaint] = &[
    Complaint {
        id: "gifts",
        ban: 1,
        zh: "收受或索要礼品、礼金、报酬等利益",
        en: "gifts, money, pay or other benefits taken or asked for",
        source: "gbf-2024-54",
        article: "七 ①",
    },
    Complaint {
        id: "hospitality",
        ban: 1,
        zh: "接受宴请、娱乐、旅游等安排",
        en: "banquets, entertainment or trips accepted",
        source: "gbf-2024-54",
        article: "七 ②",
    },
    Complaint {
        id: "expenses-charged",
        ban: 1,
        zh: "由企业支付费用或转嫁检查成本",
        en: "expenses paid by the enterprise, or the inspection's costs passed on to it",
        source: "gbf-2024-54",
        article: "七 ③",
    },
    Complaint {
        id: "designated-intermediary",
        ban: 1,
        zh: "强制或变相强制企业接受指定中介服务",
        en: "a designated intermediary forced on the enterprise",
        source: "gbf-2024-54",
        article: "七 ④",
    },
    Complaint {
        id: "legal-rep-required",
        ban: 2,
        zh: "无故要求法定代表人到场，干扰正常生产经营",
        en: "the legal representative required to be present without cause",
        source: "gbf-2024-54",
        article: "七 ⑤",
    },
    Complaint {
        id: "arbitrary-measure",
        ban: 3,
        zh: "随意查封、扣押、冻结或责令停产停业",
        en: "sealing, seizure, freezing or an order to stop production without need",
        source: "gbf-2024-54",
        article: "七 ⑥",
    },
    Complaint {
        id: "quota",
        ban: 4,
        zh: "表示按检查指标或罚没任务实施检查",
        en: "the inspection said to serve an inspection count or fine target",
        source: "gbf-2024-54",
        article: "七 ⑦",
    },
    Complaint {
        id: "disguised-inspection",
        ban: 5,
        zh: "以观摩、督导、考察、走访等名义变相检查",
        en: "an inspection under the name of observation, supervision, a study trip or a visit",
        source: "gbf-2024-54",
        article: "七 ⑧",
    },
    Complaint {
        id: "no-code",
        ban: 0,
        zh: "入企检查前未出示行政行为码",
        en: "the 行政行为码 not shown before entering",
        source: "panan-draft-2025",
        article: "（二）2（1）",
    },
];

impl Complaint {
    /// A complaint by its id.
    pub fn by_id(id: &str) -> Option<&'static Complaint> {
        COMPLAINTS.iter().find(|c| c.id == id)
    }

    /// Its id in the problem list, beside the rules' ids: `complaint.<id>`.
    pub fn problem_id(&self) -> String {
        format!("complaint.{}", self.id)
    }

    fn citation(&self) -> Citation {
        Citation { source: self.source.into(), article: self.article.into() }
    }
}

/// The longest free text of an evaluation, in characters.
pub const EVALUATION_TEXT_MAX: usize = 2000;

/// The states of a problem, in the county's closed loop (panan-draft-2025 （五）: 问题发现、交办、整改、评价).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemState {
    /// 发现: listed, nobody acted yet.
    #[default]
    Found,
    /// 交办: handed to the agency (or to the discipline bodies) to put right.
    Assigned,
    /// 整改: the agency reports it put right.
    Rectified,
    /// 评价: supervision judged the rectification; the loop is closed.
    Evaluated,
}

impl ProblemState {
    pub const ALL: [ProblemState; 4] =
        [ProblemState::Found, ProblemState::Assigned, ProblemState::Rectified, ProblemState::Evaluated];

    pub fn key(self) -> &'static str {
        match self {
            ProblemState::Found => "found",
            ProblemState::Assigned => "assigned",
            ProblemState::Rectified => "rectified",
            ProblemState::Evaluated => "evaluated",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemState> {
        ProblemState::ALL.into_iter().find(|p| p.key() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            ProblemState::Found => "发现",
            ProblemState::Assigned => "交办",
            ProblemState::Rectified => "整改",
            ProblemState::Evaluated => "评价",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ProblemState::Found => "found",
            ProblemState::Assigned => "assigned",
            ProblemState::Rectified => "rectified",
            ProblemState::Evaluated => "evaluated",
        }
    }

    /// The one step that may follow this one (none after 评价).
    pub fn next(self) -> Option<ProblemState> {
        match self {
            ProblemState::Found => Some(ProblemState::Assigned),
            ProblemState::Assigned => Some(ProblemState::Rectified),
            ProblemState::Rectified => Some(ProblemState::Evaluated),
            ProblemState::Evaluated => None,
        }
    }

    /// The states a problem in this one may be moved to.
    pub fn targets(self) -> Vec<ProblemState> {
        ProblemState::ALL.into_iter().filter(|to| self.may_become(*to)).collect()
    }

    /// Whether a problem in this state may be moved to `to`: the next step only, or back to 交办 from 整改 when
    /// the rectification is sent back (整改不到位，重新交办).
    pub fn may_become(self, to: ProblemState) -> bool {
        self.next() == Some(to) || (self == ProblemState::Rectified && to == ProblemState::Assigned)
    }
}

/// A finding of a stored record, as the list reads it.
#[derive(Clone, Copy, Debug)]
pub struct FindingOf<'a> {
    pub record: &'a str,
    /// The record's lead agency.
    pub agency: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
}

/// A complaint of an enterprise, as the list reads it.
#[derive(Clone, Copy, Debug)]
pub struct ComplaintOf<'a> {
    pub record: &'a str,
    /// The agency of the record the code belongs to.
    pub agency: &'a str,
    pub complaint: &'static Complaint,
}

/// One problem of the list: one rule broken (or one kind of complaint) by one agency in one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// `year~agency~rule`: stable, what the state and its history are kept under.
    pub key: String,
    pub year: i32,
    pub agency: String,
    pub category: Category,
    /// The rule id, or `complaint.<id>`.
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub title_en: String,
    pub citations: Vec<Citation>,
    pub remedy: String,
    pub remedy_en: String,
    /// The records it rests on, each once, in the order they were given.
    pub records: Vec<String>,
}

/// The key of a problem.
pub fn problem_key(year: i32, agency: &str, rule: &str) -> String {
    format!("{year}~{agency}~{rule}")
}

/// Splits a key into year, agency and rule; `None` when it is not one.
pub fn parse_problem_key(key: &str) -> Option<(i32, &str, &str)> {
    let mut parts = key.splitn(3, '~');
    let year = parts.next()?.parse().ok()?;
    let agency = parts.next().filter(|a| !a.is_empty())?;
    let rule = parts.next().filter(|r| r.contains('.'))?;
    Some((year, agency, rule))
}

/// The year's problems from the findings of its records and the enterprises' complaints: grouped by agency and
/// rule (an agency's records breaking one rule are one problem), agencies in id order, within an agency by
/// category then rule. Info findings and those of no agency's doing ([`Category::of_rule`]) are left out.
pub fn problems<'a>(
    year: i32,
    findings: impl IntoIterator<Item = FindingOf<'a>>,
    complaints: impl IntoIterator<Item = ComplaintOf<'a>>,
) -> Vec<Problem> {
    let mut by: BTreeMap<(&str, Category, String), Problem> = BTreeMap::new();
    let mut add = |agency: &'a str, category: Category, rule: String, record: &str, make: &dyn Fn() -> Problem| {
        let p = by.entry((agency, category, rule)).or_insert_with(make);
        if !p.records.iter().any(|r| r == record) {
            p.records.push(record.to_string());
        }
    };
    for f in findings {
        if f.severity == Severity::Info {
            continue;
        }
        let (Some(category), Some(meta)) = (Category::of_rule(f.rule), lookup(f.rule)) else { continue };
        add(f.agency, category, meta.id.to_string(), f.record, &|| Problem {
            key: problem_key(year, f.agency, meta.id),
            year,
            agency: f.agency.to_string(),
            category,
            rule: meta.id.to_string(),
            severity: meta.severity,
            title: meta.title.to_string(),
            title_en: meta.title_en.to_string(),
            citations: meta.citation_list(),
            remedy: meta.remedy.to_string(),
            remedy_en: meta.remedy_en.to_string(),
            records: Vec::new(),
        });
    }
    for c in complaints {
        let rule = c.complaint.problem_id();
        add(c.agency, Category::Complaint, rule.clone(), c.record, &|| Problem {
            key: problem_key(year, c.agency, &rule),
            year,
            agency: c.agency.to_string(),
            category: Category::Complaint,
            rule: rule.clone(),
            severity: Severity::Warning,
            title: format!("企业投诉：{}", c.complaint.zh),
            title_en: format!("enterprise complaint: {}", c.complaint.en),
            citations: vec![c.complaint.citation()],
            remedy: "核实投诉事实；属实的，责令改正并依规依纪追究责任，移送纪检监察机关（行纪联动）".to_string(),
            remedy_en: "establish the facts of the complaint; where they hold, have it put right, hold those \
                        responsible to account and refer it to the discipline bodies (行纪联动)"
                .to_string(),
            records: Vec::new(),
        });
    }
    by.into_values().collect()
}

/// One move of a problem, as the list shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub from: ProblemState,
    pub to: ProblemState,
    pub note: String,
    /// Who moved it (the token's label and agency, as the service knows it).
    pub by: String,
    pub at: String,
}

/// An enterprise's evaluation of a record a complaint problem rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvaluationOf {
    pub record: String,
    pub rating: i64,
    pub complaints: Vec<String>,
    pub text: String,
    pub at: String,
}

/// A problem of the list with its state now and how it got there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub problem: Problem,
    pub category_zh: &'static str,
    pub category_en: &'static str,
    pub state: ProblemState,
    pub state_zh: &'static str,
    pub history: Vec<Move>,
    /// For a complaint: the evaluations that made it.
    pub evaluations: Vec<EvaluationOf>,
}

/// An agency's problems.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgencyProblems {
    pub agency: String,
    pub agency_name: String,
    pub problems: Vec<Listed>,
}

/// The 问题清单 of a year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProblemList {
    pub year: i32,
    pub agencies: Vec<AgencyProblems>,
    /// Problems in each state, in the loop's order.
    pub by_state: Vec<(ProblemState, usize)>,
}

/// The list: each problem with the moves made of it (by key, oldest first: the last one's `to` is its state) and,
/// for a complaint, the evaluations of its records; grouped by agency in id order.
pub fn list(
    year: i32,
    problems: Vec<Problem>,
    moves: &BTreeMap<String, Vec<Move>>,
    evaluations: &BTreeMap<String, Vec<EvaluationOf>>,
    agency_name: impl Fn(&str) -> String,
) -> ProblemList {
    let mut agencies: Vec<AgencyProblems> = Vec::new();
    let mut by_state: BTreeMap<ProblemState, usize> = ProblemState::ALL.iter().map(|s| (*s, 0)).collect();
    for p in problems {
        let history = moves.get(&p.key).cloned().unwrap_or_default();
        let state = history.last().map_or(ProblemState::Found, |m| m.to);
        *by_state.entry(state).or_default() += 1;
        let evals = if p.category == Category::Complaint {
            p.records.iter().filter_map(|r| evaluations.get(r)).flatten().cloned().collect()
        } else {
            Vec::new()
        };
        let listed = Listed {
            category_zh: p.category.zh(),
            category_en: p.category.en(),
            state,
            state_zh: state.zh(),
            history,
            evaluations: evals,
            problem: p,
        };
        match agencies.last_mut() {
            Some(a) if a.agency == listed.problem.agency => a.problems.push(listed),
            _ => agencies.push(AgencyProblems {
                agency: listed.problem.agency.clone(),
                agency_name: agency_name(&listed.problem.agency),
                problems: vec![listed],
            }),
        }
    }
    ProblemList { year, agencies, by_state: by_state.into_iter().collect() }
}

/// The supervisor alert raised when one agency's records draw `count` complaints in a year, at least
/// `threshold` (重复投诉): a message in both languages and the clause.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComplaintAlert {
    pub message: String,
    pub message_en: String,
    pub citations: Vec<Citation>,
}

impl ComplaintAlert {
    /// The alert as an output line of the agency (what the alert feed shows): one warning of
    /// [`COMPLAINT_ALERT_RULE`] resting on the records complained of (the first [`crate::finding::RELATED_MAX`]).
    pub fn line(&self, agency: &str, records: &[String]) -> serde_json::Value {
        let max = crate::finding::RELATED_MAX;
        let mut finding = serde_json::json!({
            "rule": COMPLAINT_ALERT_RULE,
            "severity": "warning",
            "message": self.message,
            "message_en": self.message_en,
            "citations": self.citations,
            "path": "",
            "related": records.iter().take(max).collect::<Vec<_>>(),
        });
        if records.len() > max
            && let Some(f) = finding.as_object_mut()
        {
            f.insert("related_total".into(), records.len().into());
        }
        serde_json::json!({ "scope": "agency", "id": agency, "findings": [finding] })
    }
}

/// The alert for an agency's complaints, or `None` below the threshold (a threshold of 0 raises none).
pub fn complaint_alert(agency_name: &str, year: i32, count: usize, threshold: usize) -> Option<ComplaintAlert> {
    if threshold == 0 || count < threshold {
        return None;
    }
    Some(ComplaintAlert {
        message: format!(
            "{agency_name}{year}年已收到企业投诉{count}次（达到预警阈值{threshold}次），请核查并纳入问题清单"
        ),
        message_en: format!(
            "{agency_name} has drawn {count} enterprise complaints in {year} (the alert is at {threshold}): look into \
             them and take them into the problem list"
        ),
        citations: vec![
            Citation { source: "panan-draft-2025".into(), article: "（五）".into() },
            Citation { source: "gbf-2024-54".into(), article: "九".into() },
        ],
    })
}

/// What a 行政行为码 entered at the door is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeStatus {
    /// A registered inspection of this enterprise, today or still to come.
    Registered,
    /// A registered inspection of this enterprise whose visit ended before today: it covers no visit now.
    Expired,
    /// No registered inspection has this code.
    Unknown,
    /// The code is another enterprise's: nothing of it is shown.
    Foreign,
}

/// An item of a verified inspection: its public name, and whether it was on the published list that day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerifiedItem {
    pub id: String,
    pub name: Option<String>,
    pub published: bool,
}

/// The enterprise's yearly on-site visits by the lead agency against the cap, as the frequency rule counts them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VisitCount {
    pub year: i32,
    pub used: usize,
    pub cap: Option<u32>,
    /// Whether this inspection itself is exempt from the cap (投诉举报、转办交办 …).
    pub exempt: bool,
}

/// A registered inspection as its enterprise may see it: bodies, items, times and the procedure; no person (no
/// inspector, no officer) and nothing of other enterprises.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerifiedInspection {
    pub agency: String,
    pub agency_name: Option<String>,
    pub joint_agencies: Vec<(String, Option<String>)>,
    pub trigger: Trigger,
    pub mode: Mode,
    pub started_at: Timestamp,
    pub ended_at: Timestamp,
    pub items: Vec<VerifiedItem>,
    /// 负责人审批.
    pub approved_at: Option<Timestamp>,
    pub code_assigned_at: Option<Timestamp>,
    /// When advance notice was sent, and whether it stated time, basis, purpose and content.
    pub notice_sent_at: Option<Timestamp>,
    pub notice_complete: bool,
    pub notice_exemption: Option<NoticeExemption>,
    pub urgency: Option<UrgencyKind>,
    pub visits: Option<VisitCount>,
}

/// The answer to a code entered by an enterprise.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Verification {
    pub status: CodeStatus,
    pub message: String,
    pub message_en: String,
    /// For a registered or expired code of this enterprise.
    pub inspection: Option<VerifiedInspection>,
    /// The id of the record answered (never shown to the enterprise: an evaluation is bound to it).
    #[serde(skip)]
    pub record: Option<String>,
}

/// How long before its start a visit is answered at the door, in minutes. Earlier, its code is answered as
/// unknown, so that nobody learns of an inspection before it comes (双随机、暗查暗访、四不两直).
pub const DOOR_LEAD_MINUTES: i64 = 60;

/// Evaluations kept of one visit: the enterprise may add to what it said (or answer what someone else entered
/// with its code); every one is shown to supervision.
pub const EVALUATIONS_PER_RECORD_MAX: usize = 5;

/// The id under which the complaint alert is filed, beside the catalogue's rules (it is raised by the service,
/// not by a check of records).
pub const COMPLAINT_ALERT_RULE: &str = "complaint.repeated";

impl Verification {
    /// The record an evaluation of this answer is bound to, or why there can be none (Chinese, English).
    pub fn evaluable(&self, now: Timestamp) -> Result<&str, (String, String)> {
        let (Some(i), Some(record), CodeStatus::Registered | CodeStatus::Expired) =
            (&self.inspection, &self.record, self.status)
        else {
            return Err((self.message.clone(), self.message_en.clone()));
        };
        if i.started_at > now {
            return Err((
                "检查尚未开始，开始后才能评价".into(),
                "the inspection has not started: evaluate it once it has".into(),
            ));
        }
        Ok(record)
    }
}

/// Verifies a code for `enterprise` at `now`: `found` are the records filed under the code (any enterprise),
/// `history` the enterprise's records (for the yearly visits), both in filing order. The last filed record of the
/// enterprise under the code is the one answered; a visit more than [`DOOR_LEAD_MINUTES`] ahead is not.
pub fn verify_code(
    ds: &Dataset,
    found: &[Inspection],
    enterprise: &str,
    now: Timestamp,
    history: &[Inspection],
) -> Verification {
    let today = now.local_date();
    let plain = |status, message: &str, message_en: &str| Verification {
        status,
        message: message.to_string(),
        message_en: message_en.to_string(),
        inspection: None,
        record: None,
    };
    let soon = Timestamp(now.0 + chrono::Duration::minutes(DOOR_LEAD_MINUTES));
    let found: Vec<&Inspection> = found.iter().filter(|r| r.started_at <= soon).collect();
    if found.is_empty() {
        return plain(
            CodeStatus::Unknown,
            "未查到此行政行为码的检查登记：请不要接受检查，并可向县司法局（行政执法监督）反映",
            "no registered inspection has this code: do not admit the inspection; you may report it to the county's \
             enforcement supervision",
        );
    }
    let Some(r) = found.iter().rfind(|r| r.enterprise == enterprise).copied() else {
        return plain(
            CodeStatus::Foreign,
            "此行政行为码不是对贵企业的检查登记：请不要接受检查",
            "this code is not registered for an inspection of your enterprise: do not admit the inspection",
        );
    };
    let day = r.day();
    let ended = r.ended_at.local_date();
    let plan = r.plan.as_deref().and_then(|p| ds.plan(p));
    let exempt = r.is_exempt(plan);
    let visits = (r.mode == Mode::OnSite).then(|| {
        let caps = crate::rules::frequency::quota(ds, history, enterprise, &r.lead_agency, day.year(), today.max(day));
        let onsite = caps.into_iter().next();
        VisitCount {
            year: day.year(),
            used: onsite.as_ref().map_or(0, |c| c.used),
            cap: onsite.and_then(|c| c.cap),
            exempt,
        }
    });
    let inspection = VerifiedInspection {
        agency: r.lead_agency.clone(),
        agency_name: ds.agency(&r.lead_agency).map(|a| a.name.clone()),
        joint_agencies: r.joint_agencies.iter().map(|a| (a.clone(), ds.agency(a).map(|x| x.name.clone()))).collect(),
        trigger: r.trigger,
        mode: r.mode,
        started_at: r.started_at,
        ended_at: r.ended_at,
        items: r
            .items
            .iter()
            .map(|i| {
                let item = ds.item(i);
                VerifiedItem {
                    id: i.clone(),
                    name: item.map(|x| x.name.clone()),
                    published: item.and_then(|x| x.published_on).is_some_and(|p| p <= day),
                }
            })
            .collect(),
        approved_at: r.approval.as_ref().map(|a| a.approved_at),
        code_assigned_at: r.code_assigned_at,
        notice_sent_at: r.notice.as_ref().map(|n| n.sent_at),
        notice_complete: r.notice.as_ref().is_some_and(|n| n.time && n.basis && n.purpose && n.content),
        notice_exemption: r.notice_exemption,
        urgency: r.urgency.as_ref().map(|u| u.kind),
        visits,
    };
    let agency = inspection.agency_name.clone().unwrap_or_else(|| r.lead_agency.clone());
    let (status, message, message_en) = if ended < today {
        (
            CodeStatus::Expired,
            format!(
                "此码是{agency}于{day}对贵企业的检查，已于{ended}结束，不能用于今天的入企检查；可对该次检查作出评价"
            ),
            format!(
                "this code is of an inspection of your enterprise by {agency} on {day}, which ended on {ended}: it \
                 covers no visit today; you may evaluate that inspection"
            ),
        )
    } else {
        (
            CodeStatus::Registered,
            format!("已登记：{agency}对贵企业的检查（{day}），请核对检查事项与告知"),
            format!("registered: an inspection of your enterprise by {agency} ({day}); check its items and notice"),
        )
    };
    Verification { status, message, message_en, inspection: Some(inspection), record: Some(r.id.clone()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_of_the_catalogue_is_placed_or_left_out_on_purpose() {
        let left_out = ["data", "plugin", "calendar", "joint"];
        for r in crate::catalogue::RULES {
            let family = r.id.split('.').next().unwrap_or_default();
            let placed = Category::of_rule(r.id);
            if left_out.contains(&family) || r.id == "plan.merge-suggestion" {
                continue;
            }
            assert!(placed.is_some(), "{} is in no category", r.id);
        }
        assert_eq!(Category::of_rule("plan.special-unapproved"), Some(Category::SpecialUnapproved));
        assert_eq!(Category::of_rule("conduct.gifts"), Some(Category::Conduct));
        assert_eq!(Category::of_rule("data.invalid-uscc"), None);
        assert_eq!(Category::of_rule("nonsense"), None);
    }

    #[test]
    fn findings_of_one_agency_and_rule_are_one_problem() {
        let f = |record, agency, rule, severity| FindingOf { record, agency, rule, severity };
        let gifts = Complaint::by_id("gifts").unwrap();
        let list = problems(
            2025,
            [
                f("I-1", "scjg", "plan.outside-plan", Severity::Violation),
                f("I-2", "scjg", "plan.outside-plan", Severity::Violation),
                f("I-2", "scjg", "plan.outside-plan", Severity::Violation),
                f("I-3", "yjgl", "plan.outside-plan", Severity::Violation),
                f("I-3", "yjgl", "data.invalid-uscc", Severity::Violation),
                f("I-4", "scjg", "plan.merge-suggestion", Severity::Info),
                f("I-5", "scjg", "conduct.gifts", Severity::Violation),
            ],
            [ComplaintOf { record: "I-1", agency: "scjg", complaint: gifts }],
        );
        let keys: Vec<&str> = list.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "2025~scjg~plan.outside-plan",
                "2025~scjg~conduct.gifts",
                "2025~scjg~complaint.gifts",
                "2025~yjgl~plan.outside-plan"
            ]
        );
        assert_eq!(list[0].records, ["I-1", "I-2"]);
        assert_eq!(list[2].citations[0].article, "七 ①");
        assert_eq!(parse_problem_key(&list[2].key), Some((2025, "scjg", "complaint.gifts")));
        assert_eq!(parse_problem_key("2025~~x.y"), None);
        assert_eq!(parse_problem_key("year~a~x.y"), None);
    }

    #[test]
    fn the_loop_goes_forward_one_step_or_back_to_assigned() {
        use ProblemState::*;
        assert!(Found.may_become(Assigned));
        assert!(!Found.may_become(Rectified));
        assert!(Rectified.may_become(Assigned));
        assert!(Rectified.may_become(Evaluated));
        assert!(!Evaluated.may_become(Found));
        assert_eq!(ProblemState::parse("rectified"), Some(Rectified));
        assert_eq!(ProblemState::parse("done"), None);
    }

    #[test]
    fn complaints_alert_at_the_threshold() {
        assert!(complaint_alert("市场监管局", 2025, 1, 2).is_none());
        assert!(complaint_alert("市场监管局", 2025, 5, 0).is_none());
        let a = complaint_alert("市场监管局", 2025, 2, 2).unwrap();
        assert!(a.message.contains("2次"), "{}", a.message);
        assert!(COMPLAINTS.iter().all(|c| c.ban <= 5));
        assert_eq!(COMPLAINTS.iter().filter(|c| c.ban > 0).count(), 8, "八个不得");
    }
}
