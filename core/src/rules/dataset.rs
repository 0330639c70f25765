//! Findings about the dataset itself and about agencies: assessment quotas (严禁下达检查指标), the joint-inspection
//! rate against its target (综合查一次), invalid enterprise codes and dangling references inside the dataset.

use std::collections::BTreeMap;

use crate::batch::Batch;
use crate::dataset::Dataset;
use crate::finding::{Finding, Scope};
use crate::model::AssessmentLink;
use crate::time::Date;

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `agency.assessment-quota`
pub const AGENCY_ASSESSMENT_QUOTA: RuleMeta = RuleMeta {
    id: "agency.assessment-quota",
    severity: Severity::Violation,
    kind: RuleKind::Agency,
    title: "考核与检查数量或罚款数额挂钩（下达检查指标）",
    title_en: "assessment tied to inspection counts or fines",
    citations: &[("gbf-2024-54", "七 ⑦")],
    parameters: &[],
    notes: "One finding per link.",
    remedy: "机关负责人修订内部考核办法，取消考核考评、预算项目绩效与检查频次或罚款数额挂钩的内容",
    remedy_en: "The agency's head revises its internal assessment rules to remove every link between assessments or budget performance and inspection counts or fine amounts.",
};

/// `joint.rate-below-target`
pub const JOINT_RATE_BELOW_TARGET: RuleMeta = RuleMeta {
    id: "joint.rate-below-target",
    severity: Severity::Warning,
    kind: RuleKind::Agency,
    title: "联合检查率低于目标",
    title_en: "joint-inspection rate below target",
    citations: &[("zj-2025-5", "综合查一次"), ("panan-draft-2025", "（三）2")],
    parameters: &["joint_rate_target"],
    notes: "Per agency and year, over on-site inspections that count the agency, with the target in force on 31 December. Agencies count as the organs they act for; bodies that may not inspect (coordinating bodies, third parties, intermediaries) are left out.",
    remedy: "按“综合查一次”统筹各部门检查计划，以跨部门联合检查为原则、单独检查为例外，提高联合检查率至本县当年目标（力争2027年达80%以上）",
    remedy_en: "Coordinate plans under 综合查一次, with joint inspection the rule and single-agency inspection the exception, to reach the county's target for the year (80% or more by 2027).",
};

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
                    &AGENCY_ASSESSMENT_QUOTA,
                    format!("/assessment_links/{i}"),
                    format!("{}的考核考评与{zh}挂钩（严禁下达检查指标）", a.name),
                    format!("{}'s assessment is tied to {en}", a.name),
                ),
            ));
        }
    }
    // (agency, year) -> (joint, all), as `joint::joint_share` counts them; by interned name, each name looked up
    // once at the end.
    let mut counts: crate::rules::Map<(crate::batch::Sym, i32), (usize, usize)> = crate::rules::Map::default();
    for rec in sorted.iter().filter_map(|&i| b.rec(i as usize)) {
        let Some((year, joint)) = crate::joint::joint_share(&rec) else { continue };
        for &a in rec.counted_syms() {
            let e = counts.entry((a, year)).or_default();
            e.1 += 1;
            if joint {
                e.0 += 1;
            }
        }
    }
    let param = &ds.policy.joint_rate_target;
    let rows = crate::joint::joint_rows(counts.into_iter().map(|((a, year), n)| ((b.names().get(a), year), n)), ds);
    // In a fixed order, whatever the hashing.
    let rows: BTreeMap<(&str, i32), &crate::joint::JointRow> =
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
                &JOINT_RATE_BELOW_TARGET,
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
                &super::data::DATA_UNKNOWN_REFERENCE,
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

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]

    use super::*;
    use crate::rules::testing::{dataset, rules_of, visit};

    #[test]
    fn no_joint_visit_is_below_a_county_target() {
        let ds = dataset("joint_rate_target = 0.5\n");
        let got = rules_of(&ds, &[visit("V0", "2025-03-03")]);
        assert_eq!(got["agency A"], [JOINT_RATE_BELOW_TARGET.id]);
        // Without a target in force (the law's 80 % runs from 2027), nothing.
        assert!(!rules_of(&dataset(""), &[visit("V0", "2025-03-03")]).contains_key("agency A"));
    }
}
