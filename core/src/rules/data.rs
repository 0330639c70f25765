//! Data quality of a record: the USCC (GB 32100-2015 layout and check character, and the GB 11714 organization
//! code inside it), references the dataset lacks, time order.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::Inspection;

/// Runs the data rules on a record.
pub fn check(r: &Inspection, ds: &Dataset, out: &mut Vec<Finding>) {
    if let Some(f) = uscc_finding(&r.enterprise, "/enterprise", "被检查企业") {
        out.push(f);
    }
    let mut unknown = |path: String, what: (&str, &str), id: &str| {
        out.push(Finding::new(
            Rule::DataUnknownReference,
            path,
            format!("数据集中没有{}`{id}`", what.0),
            format!("the dataset has no {} `{id}`", what.1),
        ));
    };
    const AGENCY: (&str, &str) = ("执法主体", "agency");
    if ds.agency(&r.lead_agency).is_none() {
        unknown("/lead_agency".into(), AGENCY, &r.lead_agency);
    }
    for (i, a) in r.joint_agencies.iter().enumerate() {
        if ds.agency(a).is_none() {
            unknown(format!("/joint_agencies/{i}"), AGENCY, a);
        }
    }
    if let Some(a) = r.delegated_by.as_deref().filter(|a| ds.agency(a).is_none()) {
        unknown("/delegated_by".into(), AGENCY, a);
    }
    if let Some(a) = r.entrusted_agency.as_deref().filter(|a| ds.agency(a).is_none()) {
        unknown("/entrusted_agency".into(), AGENCY, a);
    }
    for (i, p) in r.inspectors.iter().enumerate() {
        if ds.inspector(p).is_none() {
            unknown(format!("/inspectors/{i}"), ("执法人员", "inspector"), p);
        }
    }
    if ds.enterprise(&r.enterprise).is_none() {
        unknown("/enterprise".into(), ("企业", "enterprise"), &r.enterprise);
    }
    for (i, it) in r.items.iter().enumerate() {
        if ds.item(it).is_none() {
            unknown(format!("/items/{i}"), ("检查事项", "item"), it);
        }
    }
    if let Some(p) = r.plan.as_deref().filter(|p| ds.plan(p).is_none()) {
        unknown("/plan".into(), ("检查计划", "plan"), p);
    }
    if r.ended_at < r.started_at {
        out.push(Finding::new(
            Rule::DataTimeOrder,
            "/ended_at",
            format!("检查结束时间{}早于开始时间{}", r.ended_at.display_local(), r.started_at.display_local()),
            format!("ended at {}, before it started at {}", r.ended_at.display_local(), r.started_at.display_local()),
        ));
    }
}

/// `data.invalid-uscc` or `data.uscc-org-code` for an enterprise id, if either applies; `whose` says whose id it is
/// in the Chinese message (被检查企业, or 企业「name」).
pub fn uscc_finding(code: &str, path: &str, whose: &str) -> Option<Finding> {
    match crate::uscc::validate(code) {
        Ok(()) => {
            let e = crate::uscc::validate_org_code(code).err()?;
            Some(Finding::new(
                Rule::DataUsccOrgCode,
                path,
                format!("{whose}统一社会信用代码{code}中的组织机构代码（第9至17位）校验不通过：{e}"),
                format!("the organization code (positions 9–17) inside the USCC `{code}` fails its check"),
            ))
        }
        Err(e) => Some(Finding::new(
            Rule::DataInvalidUscc,
            path,
            format!("{whose}统一社会信用代码{code}无效：{e}"),
            format!("enterprise id `{code}` is not a valid USCC"),
        )),
    }
}
