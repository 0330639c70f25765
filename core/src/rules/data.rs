//! Data quality of a record: the USCC (GB 32100-2015 layout and check character, and the GB 11714 organization
//! code inside it), references the dataset lacks, time order.

use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::Inspection;

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `data.invalid-uscc`
pub const DATA_INVALID_USCC: RuleMeta = RuleMeta {
    id: "data.invalid-uscc",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "统一社会信用代码校验不通过",
    title_en: "invalid unified social credit code",
    citations: &[("gb-32100-2015", "代码结构与校验码")],
    parameters: &[],
    notes: "Length 18, the alphabet, position 1 a registration-authority code (1–9, A, N, Y), positions 3–8 digits (an administrative division), and the check character. Also reported with scope `enterprise` for a dataset enterprise whose id fails.",
    remedy: "数据维护人员对照企业营业执照或登记机关记录核对统一社会信用代码，在源系统中更正企业标识",
    remedy_en: "The data maintainer checks the unified social credit code against the business licence or the registration authority's record and corrects the enterprise id in the source system.",
};

/// `data.uscc-org-code`
pub const DATA_USCC_ORG_CODE: RuleMeta = RuleMeta {
    id: "data.uscc-org-code",
    severity: Severity::Warning,
    kind: RuleKind::PerRecord,
    title: "统一社会信用代码中的组织机构代码校验不通过",
    title_en: "organization code inside the USCC fails its check",
    citations: &[("gb-32100-2015", "代码结构"), ("gb-11714-1997", "校验码")],
    parameters: &[],
    notes: "Positions 9–17 are the GB 11714 organization code: weights 3 7 9 10 5 8 4 2 over positions 9–16 (letters A=10 … Z=35), check value 11 − Σ mod 11 (10 → X, 11 → 0). Only on a code that passes every GB 32100 check (otherwise `data.invalid-uscc` alone is reported). Also reported with scope `enterprise` for a dataset enterprise.",
    remedy: "对照营业执照核对代码第9至17位（组织机构代码）：录入错误的在源系统更正；执照上的代码即如此的，向登记机关核实",
    remedy_en: "Check positions 9–17 (the organization code) against the business licence: correct a typing error in the source system; if the licence itself shows it, confirm with the registration authority.",
};

/// `data.unknown-reference`
pub const DATA_UNKNOWN_REFERENCE: RuleMeta = RuleMeta {
    id: "data.unknown-reference",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "引用了数据集中不存在的对象",
    title_en: "reference to something the dataset lacks",
    citations: &[],
    parameters: &[],
    notes: "Also reported on plans, agencies and the dataset for dangling references inside the dataset. An absent dataset file is an empty one.",
    remedy: "数据维护人员在源系统补录缺失的机关、人员、企业、事项或计划基础数据，或更正记录中引用错误的编号后重新检查",
    remedy_en: "The data maintainer adds the missing agency, inspector, enterprise, item or plan to the reference data at its source, or corrects the wrong id in the record, and re-runs the check.",
};

/// `data.time-order`
pub const DATA_TIME_ORDER: RuleMeta = RuleMeta {
    id: "data.time-order",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "检查结束时间早于开始时间",
    title_en: "ended before it started",
    citations: &[],
    parameters: &[],
    notes: "Compares the instants, whatever their offsets.",
    remedy: "核对检查开始和结束时间（含日期与时区），在源系统中更正录入错误",
    remedy_en: "Check the start and end times (date and time zone) of the inspection and correct the entry error in the source system.",
};

/// Runs the data rules on a record.
pub fn check(r: &Inspection, ds: &Dataset, out: &mut Vec<Finding>) {
    if let Some(f) = uscc_finding(&r.enterprise, "/enterprise", "被检查企业") {
        out.push(f);
    }
    let mut unknown = |path: String, what: (&str, &str), id: &str| {
        out.push(Finding::new(
            &DATA_UNKNOWN_REFERENCE,
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
            &DATA_TIME_ORDER,
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
                &DATA_USCC_ORG_CODE,
                path,
                format!("{whose}统一社会信用代码{code}中的组织机构代码（第9至17位）校验不通过：{e}"),
                format!("the organization code (positions 9–17) inside the USCC `{code}` fails its check"),
            ))
        }
        Err(e) => Some(Finding::new(
            &DATA_INVALID_USCC,
            path,
            format!("{whose}统一社会信用代码{code}无效：{e}"),
            format!("enterprise id `{code}` is not a valid USCC"),
        )),
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
    fn an_enterprise_code_with_a_wrong_check_character_is_invalid() {
        let mut v = visit("V1", "2025-03-03");
        v["enterprise"] = json!("91330727MA2HQ0008B");
        assert!(rules_of_one(v).contains(&DATA_INVALID_USCC.id.to_string()));
    }

    #[test]
    fn an_end_before_the_start_is_out_of_order() {
        let mut v = visit("V1", "2025-03-03");
        v["ended_at"] = json!("2025-03-03T08:00:00+08:00");
        assert!(rules_of_one(v).contains(&DATA_TIME_ORDER.id.to_string()));
    }
}
