//! What may be inspected: published items of the inspecting agencies, valid delegation, off-site first.
//! 国办发〔2024〕54号 三, 四; 磐安 （一）2, （三）1, （三）4.

use crate::catalogue::Rule;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::{Inspection, ItemMethod, Mode};

/// Runs the item rules and `method.offsite-capable`.
pub fn check(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    let day = r.day();
    // Agencies as the organs they act for: an entrusted organization inspects in the name of the organ that
    // entrusted it, so that organ's items are its own (行政委托).
    let counted = ds.counted_agencies(r);
    let lead = ds.organ(&r.lead_agency);
    let delegating = r.delegated_by.as_deref().map(|d| ds.organ(d));
    for (i, id) in r.items.iter().enumerate() {
        let path = format!("/items/{i}");
        let Some(item) = ds.item(id) else {
            out.push(Finding::new(
                Rule::ItemUnpublished,
                path,
                format!("检查事项{id}不在已公布的检查事项清单中（清单之外无检查）"),
                format!("item `{id}` is not in the published item catalogue"),
            ));
            continue;
        };
        match item.published_on {
            None => out.push(Finding::new(
                Rule::ItemUnpublished,
                path.clone(),
                format!("检查事项「{}」尚未公布", item.name),
                format!("item `{}` ({}) has not been published", item.id, item.name),
            )),
            Some(p) if p > day => out.push(Finding::new(
                Rule::ItemUnpublished,
                path.clone(),
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
                Rule::ItemForeignAgency,
                path.clone(),
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
            out.push(Finding::new(Rule::ItemInvalidDelegation, path, zh, en));
        }
    }
    if r.mode == Mode::OnSite && !r.items.is_empty() {
        let methods: Option<Vec<ItemMethod>> = r.items.iter().map(|id| ds.item(id).map(|i| i.method)).collect();
        if methods.is_some_and(|m| m.iter().all(|m| *m != ItemMethod::OnSite)) {
            out.push(Finding::new(
                Rule::MethodOffsiteCapable,
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
