//! The built-in rules, one module per family, each with the metadata in `catalogue` and its tests in the golden
//! scenarios of `tests/golden/`.
//!
//! Per-record rules see one record and the dataset; cross-record rules see the whole batch in time order
//! (`started_at`, ties broken by `id`), so that their findings never depend on the order of the input;
//! plan and agency rules see the dataset and the batch.

pub mod alerts;
pub mod conduct;
pub mod data;
pub mod dataset;
pub mod frequency;
pub mod items;
pub mod plans;
pub mod procedure;
pub mod subject;

use crate::batch::Batch;
use crate::dataset::Dataset;
use crate::finding::Finding;
use crate::model::Inspection;

pub use crate::batch::{Rec, ids};

/// The hash map of the cross-record rules (fast hashing, seeded per run against crafted collisions).
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Ids of the records at these batch indices, for `related`.
pub fn ids_of(b: &Batch, idx: &[u32]) -> Vec<String> {
    idx.iter().filter_map(|&i| b.rec(i as usize)).map(|r| r.id().to_string()).collect()
}

/// Whether a record's trigger is exempt from the frequency cap: complaint, referral, data monitoring, patrol,
/// enterprise request, or a special inspection whose plan was deployed by a superior.
pub fn is_exempt(ds: &Dataset, r: &Inspection) -> bool {
    use crate::model::Trigger;
    r.trigger.always_exempt()
        || (r.trigger == Trigger::Special
            && r.plan
                .as_deref()
                .and_then(|p| ds.plan(p))
                .and_then(|p| p.special.as_ref())
                .is_some_and(|s| s.deployed_by_superior))
}

/// Runs every per-record rule on one record.
pub fn per_record(ds: &Dataset, r: &Inspection, out: &mut Vec<Finding>) {
    if r.is_inspection() {
        subject::check(ds, r, out);
        items::check(ds, r, out);
        procedure::check(ds, r, out);
    }
    conduct::check(ds, r, out);
    data::check(r, ds, out);
}

/// The counted agencies of a record with the JSON pointer of their first mention.
pub fn counted_with_paths(r: &Inspection) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = vec![(r.lead_agency.as_str(), "/lead_agency".to_string())];
    for (i, a) in r.joint_agencies.iter().enumerate() {
        if !out.iter().any(|(x, _)| *x == a.as_str()) {
            out.push((a.as_str(), format!("/joint_agencies/{i}")));
        }
    }
    if let Some(d) = r.delegated_by.as_deref() {
        if !out.iter().any(|(x, _)| *x == d) {
            out.push((d, "/delegated_by".to_string()));
        }
    }
    out
}

/// English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st …
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}


#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].iter().map(|n| ordinal(*n)).collect();
        assert_eq!(got, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
    }
}
