//! What may be inspected: published items of the inspecting agencies, valid delegation, off-site first.
//! 国办发〔2024〕54号 三, 四; 磐安 （一）2, （三）1, （三）4.

use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{Inspection, ItemMethod, Mode};

use crate::meta::{RuleKind, RuleMeta, Severity};

// ---------------------------------------------------------------------------------------------------------------
// The rules of this family (their place in the catalogue: `catalogue.rs`)
// ---------------------------------------------------------------------------------------------------------------

/// `item.unpublished`
pub const ITEM_UNPUBLISHED: RuleMeta = RuleMeta {
    id: "item.unpublished",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "检查事项未公布（清单之外无检查）",
    title_en: "inspection item not published",
    citations: &[("gbf-2024-54", "三"), ("panan-draft-2025", "（一）2")],
    parameters: &[],
    notes: "An item the dataset lacks is unpublished (and also a dangling reference). An item published on the inspection day may be used that day.",
    remedy: "只按已公布的检查事项清单检查（清单之外无检查）；确需检查的事项须有法定依据并先纳入清单公布，事项编号录错的在源系统更正",
    remedy_en: "Inspect only items on the published list; an item that must be checked needs a legal basis and must be published first; correct a wrong item id in the source system.",
};

/// `item.foreign-agency`
pub const ITEM_FOREIGN_AGENCY: RuleMeta = RuleMeta {
    id: "item.foreign-agency",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "检查事项不属于实施检查的机关",
    title_en: "item belongs to an agency that is not inspecting",
    citations: &[("gbf-2024-54", "三")],
    parameters: &[],
    notes: "An item's owner counts as the organ it acts for, so an entrusted organization's organ's items are its own. Allowed when the item is delegable and delegated to the lead agency.",
    remedy: "只检查本机关清单内的事项；涉及其他机关事项的，邀请该机关联合检查，或由其依法将可委托的简单事项委托本机关代查（一表通查）",
    remedy_en: "Check only your agency's own items; for another agency's items invite it to a joint inspection, or have it delegate its simple delegable items to you (一表通查).",
};

/// `item.invalid-delegation`
pub const ITEM_INVALID_DELEGATION: RuleMeta = RuleMeta {
    id: "item.invalid-delegation",
    severity: Severity::Violation,
    kind: RuleKind::PerRecord,
    title: "委托检查的事项不可委托或未委托给牵头机关",
    title_en: "delegated item not delegable or not delegated to the lead agency",
    citations: &[("panan-draft-2025", "（三）1")],
    parameters: &[],
    notes: "Checks the items owned by the `delegated_by` agency.",
    remedy: "只代查委托机关列入委托清单、可委托且委托给本机关的简单事项；其余事项由主管机关自行或联合检查，委托机关应完善委托检查清单",
    remedy_en: "Check on another agency's behalf only simple items it marked delegable and delegated to you; other items are checked by their owner, alone or jointly; the delegating agency updates its delegation list.",
};

/// `method.offsite-capable`
pub const METHOD_OFFSITE_CAPABLE: RuleMeta = RuleMeta {
    id: "method.offsite-capable",
    severity: Severity::Warning,
    kind: RuleKind::PerRecord,
    title: "可通过非现场方式检查却入企现场检查",
    title_en: "on-site inspection of items that could be checked off site",
    citations: &[("gbf-2024-54", "四"), ("panan-draft-2025", "（三）4")],
    parameters: &[],
    notes: "Needs at least one item, every item known.",
    remedy: "复核入企必要性：今后对可非现场检查的事项，改用书面核查、信息共享、网络核验等方式；确需现场检查的，在记录中说明理由",
    remedy_en: "Review whether entry was needed: next time check such items by written review, information sharing or online verification; if on-site work is still needed, record why.",
};

/// Runs the item rules and `method.offsite-capable`.
pub fn check(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let day = r.day();
    // Agencies as the organs they act for: an entrusted organization inspects in the name of the organ that
    // entrusted it, so that organ's items are its own (行政委托).
    let counted = ds.counted_agencies(r);
    let lead = ds.organ(&r.lead_agency);
    let delegating = r.delegated_by.as_deref().map(|d| ds.organ(d));
    for (i, id) in r.items.iter().enumerate() {
        // Made only for a finding: most items are in order.
        let path = || format!("/items/{i}");
        let Some(item) = ds.item(id) else {
            out.push(Finding::new(
                &ITEM_UNPUBLISHED,
                path(),
                format!("检查事项{id}不在已公布的检查事项清单中（清单之外无检查）"),
                format!("item `{id}` is not in the published item catalogue"),
            ));
            continue;
        };
        match item.published_on {
            None => out.push(Finding::new(
                &ITEM_UNPUBLISHED,
                path(),
                format!("检查事项「{}」尚未公布", item.name),
                format!("item `{}` ({}) has not been published", item.id, item.name),
            )),
            Some(p) if p > day => out.push(Finding::new(
                &ITEM_UNPUBLISHED,
                path(),
                format!("检查事项「{}」于{p}公布，晚于检查日{day}", item.name),
                format!("item `{}` was published on {p}, after the inspection on {day}", item.id),
            )),
            Some(_) => {}
        }
        let delegated_to_lead = item.delegable && item.delegated_to.iter().any(|a| ds.organ(a) == lead);
        let owner = ds.organ(&item.agency);
        let own = counted.contains(&owner);
        if !own && !delegated_to_lead {
            out.push(Finding::new(
                &ITEM_FOREIGN_AGENCY,
                path(),
                format!("检查事项「{}」属于{}，不属于本次检查的实施机关", item.name, ds.agency_name(&item.agency)),
                format!("item `{}` belongs to {}, which is not inspecting", item.id, item.agency),
            ));
        }
        if delegating == Some(owner) && !delegated_to_lead {
            let (zh, en) = if item.delegable {
                (
                    format!("检查事项「{}」未委托给{}", item.name, ds.agency_name(lead)),
                    format!("item `{}` is not delegated to {lead}", item.id),
                )
            } else {
                (
                    format!("检查事项「{}」不是可委托检查的简单事项", item.name),
                    format!("item `{}` is not a delegable simple item", item.id),
                )
            };
            out.push(Finding::new(&ITEM_INVALID_DELEGATION, path(), zh, en));
        }
    }
    if r.mode == Mode::OnSite && !r.items.is_empty() {
        let methods: Option<Vec<ItemMethod>> = r.items.iter().map(|id| ds.item(id).map(|i| i.method)).collect();
        if methods.is_some_and(|m| m.iter().all(|m| *m != ItemMethod::OnSite)) {
            out.push(Finding::new(
                &METHOD_OFFSITE_CAPABLE,
                "/mode",
                format!(
                    "本次现场检查的全部{}项检查事项均可通过书面核查、信息共享、网络核验等非现场方式实施",
                    r.items.len()
                ),
                format!("all {} item(s) of this on-site inspection can be checked off site", r.items.len()),
            ));
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
    fn an_item_not_in_the_catalogue_is_unpublished() {
        let mut v = visit("V1", "2025-03-03");
        v["items"] = json!(["NOT-PUBLISHED"]);
        assert!(rules_of_one(v).contains(&ITEM_UNPUBLISHED.id.to_string()));
    }
}
