//! Data quality of a record: USCC check character, references the dataset lacks, time order.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::Inspection;

/// Runs the data rules on a record.
pub fn check(r: &Inspection, ds: &Dataset, out: &mut Vec<Finding>) {
    if let Err(e) = crate::uscc::validate(&r.enterprise) {
        out.push(Finding::new(
            Rule::DataInvalidUscc,
            "/enterprise",
            format!("被检查企业统一社会信用代码{}无效：{e}", r.enterprise),
            format!("enterprise id `{}` is not a valid USCC", r.enterprise),
        ));
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
