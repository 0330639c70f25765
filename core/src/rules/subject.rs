//! Who may inspect: qualified agencies, valid entrustments, certified officers of the inspecting agencies.
//! 国办发〔2024〕54号 二; 磐安 （一）1; 行政处罚法 第二十条, 第四十二条, 第五十五条.
//!
//! An entrusted organization (受委托组织) acts in the name of the organ that entrusted it: it is named as the
//! record's `entrusted_agency` under that organ as `lead_agency`, and its officers count as the organ's.

use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{AgencyKind, Inspection, InspectorRole, Mode};
use crate::rules::{Distinct, named_agencies, some_names};
use crate::time::Date;

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `subject.unqualified-agency`
pub const SUBJECT_UNQUALIFIED_AGENCY: RuleMeta = RuleMeta {
    id: "subject.unqualified-agency",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "不具备行政检查主体资格的机构实施检查",
    title_en: "inspection by a body that may not inspect",
    citations: &[("gbf-2024-54", "二"), ("panan-draft-2025", "（一）1")],
    parameters: &[],
    notes: "One finding per distinct body among the lead, the joint agencies, `delegated_by` and `entrusted_agency` whose kind is coordinating-body, third-party or intermediary.",
    remedy: "停止由议事协调机构、第三方或中介机构实施检查，改由具有法定检查职权的行政机关或法律法规授权组织依法实施；已实施的，报执法监督机构处理",
    remedy_en: "Stop inspections by coordinating bodies, third parties or intermediaries; have an administrative organ or authorized organization with the power inspect, and report ones already made to the supervising office.",
};

/// `subject.invalid-entrustment`
pub const SUBJECT_INVALID_ENTRUSTMENT: RuleMeta = RuleMeta {
    id: "subject.invalid-entrustment",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "受委托组织的委托无效或未公开",
    title_en: "entrusted organization without a valid published entrustment",
    citations: &[("gbf-2024-54", "二")],
    parameters: &[],
    notes: "An entrusted organization acts in its entrusting organ's name (行政处罚法 art. 20): the organ is `lead_agency`, the organization `entrusted_agency`. One finding each: the lead is an entrusted organization (it acted in its own name); `entrusted_agency` is not an entrusted organization whose `entrusted_by` is the lead; and, for every entrusted organization the record names, `entrusted_by` missing, unknown or itself an entrusted organization, or `entrustment_published_on` missing or not before the inspection day (the rule says \"published before the inspection\", and a date alone cannot show that a publication on the inspection day came first).",
    remedy: "委托机关应以书面委托书委托并在检查前公布委托书；受委托组织以委托机关名义检查，记录中以委托机关为实施机关，受委托组织另行载明",
    remedy_en: "The entrusting organ issues a written entrustment and publishes it before any inspection; the entrusted organization inspects in the organ's name, so record the organ as lead and the organization as entrusted agency.",
};

/// `subject.uncertified-inspector`
pub const SUBJECT_UNCERTIFIED_INSPECTOR: RuleMeta = RuleMeta {
    id: "subject.uncertified-inspector",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "无执法证件或证件无效的人员实施检查",
    title_en: "inspector without a valid enforcement certificate",
    citations: &[
        ("gbf-2024-54", "二"),
        ("panan-draft-2025", "（一）1"),
        ("xzcff-2021", "art. 42"),
        ("xzcff-2021", "art. 55"),
    ],
    parameters: &[],
    notes: "A certificate is valid from `valid_from` through `valid_until` inclusive and until the day before `revoked_on`, judged on the inspection day (Asia/Shanghai date of `started_at`).",
    remedy: "改由持有效执法证件的执法人员实施检查并出示证件（《行政处罚法》第五十五条）；证件到期前及时换证，执法辅助人员、网格员、临时工不得实施检查",
    remedy_en: "Have officers with a valid enforcement certificate inspect and show it (Administrative Penalty Law art. 55); renew certificates before they expire; auxiliaries, grid workers and temporary staff may not inspect.",
};

/// `subject.inspector-agency-mismatch`
pub const SUBJECT_INSPECTOR_AGENCY_MISMATCH: RuleMeta = RuleMeta {
    id: "subject.inspector-agency-mismatch",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "检查人员不属于实施检查的机关",
    title_en: "inspector belongs to none of the inspecting agencies",
    citations: &[("gbf-2024-54", "二")],
    parameters: &[],
    notes: "An inspector takes part when its employer, as the organ it acts for (an entrusted organization's officers count as its organ's), is a counted agency, or when it is employed by `entrusted_agency`. One finding per distinct inspector.",
    remedy: "检查人员应属于实施检查的机关或受委托组织；其他机关人员参与的，将该机关列为联合检查单位，记录有误的更正人员或机关信息",
    remedy_en: "Inspectors must belong to an inspecting agency or the entrusted organization; if another agency's staff took part, list that agency as a joint agency, or correct the inspector or agency in the record.",
};

/// `subject.too-few-officers`
pub const SUBJECT_TOO_FEW_OFFICERS: RuleMeta = RuleMeta {
    id: "subject.too-few-officers",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "现场检查持证执法人员少于法定人数",
    title_en: "too few certified officers on site",
    citations: &[("xzcff-2021", "art. 42")],
    parameters: &["min_officers_on_site"],
    notes: "Counts distinct known inspectors of role officer whose certificate is valid on the inspection day and who take part (see `subject.inspector-agency-mismatch`): an officer of an agency not taking part does not make up the number.",
    remedy: "现场检查应安排不少于法定人数的持证执法人员（《行政处罚法》第四十二条：不少于两人，法律另有规定的除外），人员不足时不得入企",
    remedy_en: "Send at least the legal minimum of certified officers on site (Administrative Penalty Law art. 42: two, unless a law says otherwise); do not enter with fewer.",
};

/// Runs the subject rules.
pub fn check(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let day = r.day();
    unqualified(ds, r, out);
    entrustment(ds, r, day, out);
    let counted = ds.counted_agencies(r);
    let entrusted = r.entrusted_agency.as_deref();
    let mut seen: Distinct<&str> = Distinct::with_capacity(r.inspectors.len());
    let mut valid_officers = 0u32;
    // The inspecting agencies as a mismatch names them (at most RELATED_MAX, then 等 / …), built once a record.
    let mut inspecting: Option<(String, String)> = None;
    for (i, id) in r.inspectors.iter().enumerate() {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let Some(p) = ds.inspector(id) else { continue };
        let path = || format!("/inspectors/{i}");
        let problem = if p.role != InspectorRole::Officer {
            Some((
                format!("检查人员{}为{}，不得实施行政检查", p.name, p.role.zh()),
                format!("{} is a {} and may not inspect", p.name, p.role.en()),
            ))
        } else {
            match &p.certificate {
                None => Some((
                    format!("检查人员{}未取得行政执法证件", p.name),
                    format!("{} holds no enforcement certificate", p.name),
                )),
                Some(c) if c.revoked_on.is_some_and(|rv| day >= rv) => Some((
                    format!(
                        "检查人员{}的执法证{}已于{}吊销，检查日为{day}",
                        p.name,
                        c.number,
                        c.revoked_on.unwrap_or(day)
                    ),
                    format!(
                        "{}'s certificate {} was revoked on {}; inspected on {day}",
                        p.name,
                        c.number,
                        c.revoked_on.unwrap_or(day)
                    ),
                )),
                Some(c) if day < c.valid_from => Some((
                    format!("检查人员{}的执法证{}自{}起有效，检查日{day}尚未生效", p.name, c.number, c.valid_from),
                    format!("{}'s certificate {} is valid from {}; inspected on {day}", p.name, c.number, c.valid_from),
                )),
                Some(c) if day > c.valid_until => Some((
                    format!("检查人员{}的执法证{}有效期至{}，检查日{day}已过期", p.name, c.number, c.valid_until),
                    format!("{}'s certificate {} expired on {}; inspected on {day}", p.name, c.number, c.valid_until),
                )),
                Some(_) => None,
            }
        };
        // Taking part: employed by a counted agency (an entrusted organization's officers as its organ's) or by
        // the entrusted organization that carried the inspection out.
        let taking_part = counted.contains(&ds.organ(&p.agency)) || entrusted == Some(p.agency.as_str());
        match problem {
            Some((zh, en)) => out.push(Finding::new(&SUBJECT_UNCERTIFIED_INSPECTOR, path(), zh, en)),
            None if taking_part => valid_officers += 1,
            None => {}
        }
        if !taking_part {
            let (names, ids) = inspecting.get_or_insert_with(|| {
                let all = || counted.iter().copied().chain(entrusted);
                (some_names(all().map(|a| ds.agency_name(a)), "、", "等"), some_names(all(), ", ", ", …"))
            });
            out.push(Finding::new(
                &SUBJECT_INSPECTOR_AGENCY_MISMATCH,
                path(),
                format!("检查人员{}隶属{}，不属于本次检查的实施机关（{}）", p.name, ds.agency_name(&p.agency), names),
                format!("{} belongs to {}, which is not among the inspecting agencies ({})", p.name, p.agency, ids),
            ));
        }
    }
    if r.mode == Mode::OnSite {
        let param = &ds.policy.min_officers;
        if let Some(&min) = param.on(day)
            && valid_officers < min
        {
            out.push(Finding::new(
                    &SUBJECT_TOO_FEW_OFFICERS,
                    "/inspectors",
                    format!(
                        "现场检查仅有{valid_officers}名属于实施机关、持有效执法证的执法人员，少于{min}名（{}）",
                        param.explain_zh(day)
                    ),
                    format!(
                        "only {valid_officers} certified officer(s) of the inspecting agencies on site; at least {min} are required ({})",
                        param.explain_en(day)
                    ),
                ));
        }
    }
}

fn unqualified(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    for (id, path) in named_agencies(r) {
        let Some(a) = ds.agency(id) else { continue };
        if !a.kind.may_inspect() {
            out.push(Finding::new(
                &SUBJECT_UNQUALIFIED_AGENCY,
                path.path(),
                format!("{}属于{}，不具备行政检查主体资格", a.name, a.kind.zh()),
                format!("{} is a {} and may not carry out inspections", a.name, a.kind.en()),
            ));
        }
    }
}

fn entrustment(ds: &Dataset, r: &Inspection, day: Date, out: &mut Vec<Finding>) {
    let lead = ds.agency(&r.lead_agency);
    if let Some(l) = lead.filter(|l| l.kind == AgencyKind::EntrustedOrganization) {
        let organ = l.entrusted_by.as_deref().map_or(String::new(), |by| format!("（{}）", ds.agency_name(by)));
        out.push(Finding::new(
            &SUBJECT_INVALID_ENTRUSTMENT,
            "/lead_agency",
            format!(
                "受委托组织{}以自己的名义实施检查；应以委托机关{organ}的名义实施，委托机关记为牵头机关、本组织记为受委托组织",
                l.name
            ),
            format!(
                "entrusted organization {} inspected in its own name; it acts in its entrusting organ's name (the organ is the lead, the organization the entrusted agency)",
                l.name
            ),
        ));
    }
    if let Some(e) = r.entrusted_agency.as_deref() {
        let problem = match ds.agency(e) {
            None => None, // data.unknown-reference says so
            Some(a) if a.kind != AgencyKind::EntrustedOrganization => Some((
                format!("{}属于{}，不是受委托组织", a.name, a.kind.zh()),
                format!("{} is a {}, not an entrusted organization", a.name, a.kind.en()),
            )),
            Some(a) if a.entrusted_by.as_deref() != Some(r.lead_agency.as_str()) => Some((
                format!("受委托组织{}不是牵头机关{}委托的组织", a.name, ds.agency_name(&r.lead_agency)),
                format!("{} is not an entrusted organization of the lead agency `{}`", a.name, r.lead_agency),
            )),
            Some(_) => None,
        };
        if let Some((zh, en)) = problem {
            out.push(Finding::new(&SUBJECT_INVALID_ENTRUSTMENT, "/entrusted_agency", zh, en));
        }
    }
    for (id, path) in named_agencies(r) {
        let Some(a) = ds.agency(id) else { continue };
        if a.kind != AgencyKind::EntrustedOrganization {
            continue;
        }
        let problem = match (&a.entrusted_by, a.entrustment_published_on) {
            (None, _) => Some((
                format!("受委托组织{}未载明委托机关", a.name),
                format!("entrusted organization {} names no entrusting organ", a.name),
            )),
            (Some(by), _) if ds.agency(by).is_none() => Some((
                format!("受委托组织{}的委托机关{by}不在数据集中", a.name),
                format!("the entrusting organ `{by}` of {} is not in the dataset", a.name),
            )),
            // An entrusted organization may not entrust again: this also ends every chain and cycle of
            // entrustments (A by B by A, or A by itself) at its first step.
            (Some(by), _) if ds.agency(by).is_some_and(|b| b.kind == AgencyKind::EntrustedOrganization) => Some((
                format!("受委托组织{}的委托机关{by}本身是受委托组织，受委托组织不得再委托", a.name),
                format!(
                    "the entrusting organ `{by}` of {} is itself an entrusted organization, which may not entrust again",
                    a.name
                ),
            )),
            (Some(_), None) => Some((
                format!("受委托组织{}的委托书未向社会公开", a.name),
                format!("the entrustment of {} was never published", a.name),
            )),
            (Some(_), Some(p)) if p >= day => Some((
                format!("受委托组织{}的委托书于{p}公开，未在检查（{day}）之前公开", a.name),
                format!("the entrustment of {} was published on {p}, not before the inspection on {day}", a.name),
            )),
            _ => None,
        };
        if let Some((zh, en)) = problem {
            out.push(Finding::new(&SUBJECT_INVALID_ENTRUSTMENT, path.path(), zh, en));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]

    use serde_json::json;

    use super::*;
    use crate::rules::testing::{rules_of_one, visit};

    #[test]
    fn one_officer_is_too_few_and_an_expired_certificate_is_no_certificate() {
        let mut v = visit("V1", "2025-03-03");
        v["inspectors"] = json!(["P1"]);
        assert_eq!(rules_of_one(v), [SUBJECT_TOO_FEW_OFFICERS.id]);
        // The officers' certificates run to 2027-12-31.
        let got = rules_of_one(visit("V2", "2028-03-06"));
        assert!(got.contains(&SUBJECT_UNCERTIFIED_INSPECTOR.id.to_string()), "{got:?}");
    }
}
