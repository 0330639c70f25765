//! Findings about the dataset itself and about agencies: assessment quotas (严禁下达检查指标), the joint-inspection
//! rate against its target (综合查一次), invalid enterprise codes and dangling references inside the dataset.

use std::collections::BTreeMap;

use crate::batch::Batch;
use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::{Finding, Scope};
use crate::model::AssessmentLink;
use crate::time::Date;

/// A finding with the scope and id of the line it belongs to.
pub type Scoped = (Scope, String, Finding);

/// Agency-scope findings: assessment quotas and the joint-inspection rate.
pub fn agency_rules(ds: &Dataset, b: &Batch, sorted: &[u32], out: &mut Vec<Scoped>) {
    for a in &ds.agencies {
        for (i, link) in a.assessment_links.iter().enumerate() {
            let (zh, en) = match link {
                AssessmentLink::InspectionCount => ("检查频次", "inspection counts"),
                AssessmentLink::FineAmount => ("罚款数额", "fine amounts"),
            };
            out.push((
                Scope::Agency,
                a.id.clone(),
                Finding::new(
                    Rule::AgencyAssessmentQuota,
                    format!("/assessment_links/{i}"),
                    format!("{}的考核考评与{zh}挂钩（严禁下达检查指标）", a.name),
                    format!("{}'s assessment is tied to {en}", a.name),
                ),
            ));
        }
    }
    // (agency, year) -> (joint, all), as `stats::joint_share` counts them; by interned name, each name looked up
    // once at the end.
    let mut counts: crate::rules::Map<(crate::batch::Sym, i32), (usize, usize)> = crate::rules::Map::default();
    for rec in sorted.iter().filter_map(|&i| b.rec(i as usize)) {
        let Some((year, joint)) = crate::stats::joint_share(&rec) else { continue };
        for &a in rec.counted_syms() {
            let e = counts.entry((a, year)).or_default();
            e.1 += 1;
            if joint {
                e.0 += 1;
            }
        }
    }
    let param = &ds.policy.joint_rate_target;
    let rows = crate::stats::joint_rows(counts.into_iter().map(|((a, year), n)| ((b.names().get(a), year), n)), ds);
    // In a fixed order, whatever the hashing.
    let rows: BTreeMap<(&str, i32), &crate::stats::JointRow> =
        rows.iter().filter(|r| r.below).map(|r| ((r.agency.as_str(), r.year), r)).collect();
    for ((agency, year), row) in rows {
        let (Some(dec31), Some(target)) = (chrono::NaiveDate::from_ymd_opt(year, 12, 31).map(Date), row.target) else {
            continue;
        };
        let (rate, joint, all) = (row.rate, row.joint, row.all);
        out.push((
            Scope::Agency,
            agency.to_string(),
            Finding::new(
                Rule::JointRateBelowTarget,
                "",
                format!(
                    "{}{year}年联合检查率为{:.1}%（现场检查{all}次，其中联合检查{joint}次），低于目标{:.1}%（{}）",
                    ds.agency_name(agency),
                    rate * 100.0,
                    target * 100.0,
                    param.explain_zh(dec31)
                ),
                format!(
                    "{}'s joint-inspection rate in {year} is {:.1}% ({joint} of {all} on-site inspections), below the target of {:.1}% ({})",
                    ds.agency_name(agency),
                    rate * 100.0,
                    target * 100.0,
                    param.explain_en(dec31)
                ),
            ),
        ));
    }
}

/// Dataset-level data findings: invalid enterprise codes and dangling references.
pub fn data_rules(ds: &Dataset, out: &mut Vec<Scoped>) {
    for e in &ds.enterprises {
        if let Some(f) = crate::rules::data::uscc_finding(&e.id, "/id", &format!("企业「{}」的", e.name)) {
            out.push((Scope::Enterprise, e.id.to_string(), f));
        }
    }
    let mut dangling = |scope: Scope, id: String, path: String, what: (&str, &str), target: &str| {
        out.push((
            scope,
            id,
            Finding::new(
                Rule::DataUnknownReference,
                path,
                format!("引用的{}`{target}`不在数据集中", what.0),
                format!("the referenced {} `{target}` is not in the dataset", what.1),
            ),
        ));
    };
    const AGENCY: (&str, &str) = ("执法主体", "agency");
    for a in &ds.agencies {
        if let Some(by) = a.entrusted_by.as_deref().filter(|b| ds.agency(b).is_none()) {
            dangling(Scope::Agency, a.id.clone(), "/entrusted_by".into(), AGENCY, by);
        }
    }
    for p in &ds.inspectors {
        let id = format!("inspectors/{}", p.id);
        if ds.agency(&p.agency).is_none() {
            dangling(Scope::Dataset, id.clone(), "/agency".into(), AGENCY, &p.agency);
        }
        if let Some(c) = p.certificate.as_ref().filter(|c| ds.agency(&c.issued_by).is_none()) {
            dangling(Scope::Dataset, id, "/certificate/issued_by".into(), AGENCY, &c.issued_by);
        }
    }
    for it in &ds.items {
        let id = format!("items/{}", it.id);
        if ds.agency(&it.agency).is_none() {
            dangling(Scope::Dataset, id.clone(), "/agency".into(), AGENCY, &it.agency);
        }
        for (i, a) in it.delegated_to.iter().enumerate() {
            if ds.agency(a).is_none() {
                dangling(Scope::Dataset, id.clone(), format!("/delegated_to/{i}"), AGENCY, a);
            }
        }
    }
    for p in &ds.plans {
        for (i, a) in p.agencies.iter().enumerate() {
            if ds.agency(a).is_none() {
                dangling(Scope::Plan, p.id.clone(), format!("/agencies/{i}"), AGENCY, a);
            }
        }
        if let Some(l) = p.lead.as_deref().filter(|l| ds.agency(l).is_none()) {
            dangling(Scope::Plan, p.id.clone(), "/lead".into(), AGENCY, l);
        }
        for (i, e) in p.entries.iter().enumerate() {
            if ds.item(&e.item).is_none() {
                dangling(Scope::Plan, p.id.clone(), format!("/entries/{i}/item"), ("检查事项", "item"), &e.item);
            }
            for (j, ent) in e.enterprises.iter().flatten().enumerate() {
                if ds.enterprise(ent).is_none() {
                    dangling(
                        Scope::Plan,
                        p.id.clone(),
                        format!("/entries/{i}/enterprises/{j}"),
                        ("企业", "enterprise"),
                        ent,
                    );
                }
            }
        }
    }
}
