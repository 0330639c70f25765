//! Who may inspect: qualified agencies, valid entrustments, certified officers of the inspecting agencies.
//! 国办发〔2024〕54号 二; 磐安 （一）1; 行政处罚法 第二十条, 第四十二条, 第五十五条.
//!
//! An entrusted organization (受委托组织) acts in the name of the organ that entrusted it: it is named as the
//! record's `entrusted_agency` under that organ as `lead_agency`, and its officers count as the organ's.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{AgencyKind, Inspection, InspectorRole, Mode};
use crate::rules::{Distinct, named_agencies, some_names};
use crate::time::Date;

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
            Some((zh, en)) => out.push(Finding::new(Rule::SubjectUncertifiedInspector, path(), zh, en)),
            None if taking_part => valid_officers += 1,
            None => {}
        }
        if !taking_part {
            let (names, ids) = inspecting.get_or_insert_with(|| {
                let all = || counted.iter().copied().chain(entrusted);
                (some_names(all().map(|a| ds.agency_name(a)), "、", "等"), some_names(all(), ", ", ", …"))
            });
            out.push(Finding::new(
                Rule::SubjectInspectorAgencyMismatch,
                path(),
                format!("检查人员{}隶属{}，不属于本次检查的实施机关（{}）", p.name, ds.agency_name(&p.agency), names),
                format!("{} belongs to {}, which is not among the inspecting agencies ({})", p.name, p.agency, ids),
            ));
        }
    }
    if r.mode == Mode::OnSite {
        let param = &ds.policy.min_officers;
        if let Some(&min) = param.on(day) {
            if valid_officers < min {
                out.push(Finding::new(
                    Rule::SubjectTooFewOfficers,
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
}

fn unqualified(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    for (id, path) in named_agencies(r) {
        let Some(a) = ds.agency(id) else { continue };
        if !a.kind.may_inspect() {
            out.push(Finding::new(
                Rule::SubjectUnqualifiedAgency,
                path,
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
            Rule::SubjectInvalidEntrustment,
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
            out.push(Finding::new(Rule::SubjectInvalidEntrustment, "/entrusted_agency", zh, en));
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
            out.push(Finding::new(Rule::SubjectInvalidEntrustment, path, zh, en));
        }
    }
}
