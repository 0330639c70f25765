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

/// A cross-record finding as kept until pass 2. With the `compact` feature (the host's batch runs) it is its JSON
/// text, one allocation instead of a tree of strings, so that a province's hundreds of thousands of findings
/// cost half as much; otherwise (the browser, where size matters more) the finding itself.
#[cfg(feature = "compact")]
pub type Kept = Box<str>;
/// A cross-record finding as kept until pass 2 (see the `compact` feature).
#[cfg(not(feature = "compact"))]
pub type Kept = Finding;

/// Keeps a finding until pass 2.
#[cfg(feature = "compact")]
pub fn keep(f: Finding) -> Kept {
    // Serialising a finding (plain strings and lists) into a String cannot fail.
    serde_json::to_string(&f).unwrap_or_default().into_boxed_str()
}

/// The finding kept; our own serialisation always reads back.
#[cfg(feature = "compact")]
pub fn unkeep(k: &Kept) -> Option<Finding> {
    serde_json::from_str(k).ok()
}

/// Keeps a finding until pass 2.
#[cfg(not(feature = "compact"))]
pub fn keep(f: Finding) -> Kept {
    f
}

/// The finding kept.
#[cfg(not(feature = "compact"))]
pub fn unkeep(k: &Kept) -> Option<Finding> {
    Some(k.clone())
}

/// The findings of a cross-record rule family by batch index, kept as soon as they are made.
#[derive(Debug, Default)]
pub struct Found(pub Vec<(usize, Kept)>);

impl Found {
    /// Adds a finding of the record at batch index `idx`.
    pub fn push(&mut self, (idx, f): (usize, Finding)) {
        self.0.push((idx, keep(f)));
    }
}

/// Records grouped by key in time order, compactly: per key its count and last entry (8 bytes), per entry its
/// record and the entry before it under the same key (8 bytes). A province's millions of (agency, enterprise,
/// year) keys cost a fraction of a map of vectors.
#[derive(Debug)]
pub struct Groups<K> {
    last: Map<K, (u32, u32)>,
    rec: Vec<u32>,
    prev: Vec<u32>,
}

/// "No earlier entry".
const NONE: u32 = u32::MAX;

impl<K: std::hash::Hash + Eq> Default for Groups<K> {
    fn default() -> Self {
        Groups { last: Map::default(), rec: Vec::new(), prev: Vec::new() }
    }
}

impl<K: std::hash::Hash + Eq> Groups<K> {
    /// Empties it, keeping its memory.
    pub fn clear(&mut self) {
        self.last.clear();
        self.rec.clear();
        self.prev.clear();
    }

    /// Adds record `idx` under `key`; returns how many records the key held before, and a handle on them.
    pub fn push(&mut self, key: K, idx: u32) -> (usize, u32) {
        let entry = u32::try_from(self.rec.len()).unwrap_or(NONE);
        let slot = self.last.entry(key).or_insert((0, NONE));
        let (before, prev) = *slot;
        *slot = (before.saturating_add(1), entry);
        self.rec.push(idx);
        self.prev.push(prev);
        (before as usize, prev)
    }

    /// The records of a handle from [`Groups::push`], in time order.
    pub fn earlier(&self, mut at: u32) -> Vec<u32> {
        let mut out = Vec::new();
        while at != NONE {
            let (Some(&r), Some(&p)) = (self.rec.get(at as usize), self.prev.get(at as usize)) else {
                break;
            };
            out.push(r);
            at = p;
        }
        out.reverse();
        out
    }

}

/// Ids of the records at these batch indices, for `related`.
pub fn ids_of(b: &Batch, idx: &[u32]) -> Vec<String> {
    idx.iter().filter_map(|&i| b.rec(i as usize)).map(|r| r.id().to_string()).collect()
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

/// Every agency a record names, with the JSON pointer of its first mention, without repeats: the lead, the joint
/// agencies, `delegated_by` and `entrusted_agency`, as written (not as the organs they act for).
pub fn named_agencies(r: &Inspection) -> Vec<(&str, String)> {
    let mut out: Vec<(&str, String)> = vec![(r.lead_agency.as_str(), "/lead_agency".to_string())];
    for (i, a) in r.joint_agencies.iter().enumerate() {
        if !out.iter().any(|(x, _)| *x == a.as_str()) {
            out.push((a.as_str(), format!("/joint_agencies/{i}")));
        }
    }
    for (a, path) in [(r.delegated_by.as_deref(), "/delegated_by"), (r.entrusted_agency.as_deref(), "/entrusted_agency")] {
        if let Some(a) = a.filter(|a| !out.iter().any(|(x, _)| x == a)) {
            out.push((a, path.to_string()));
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
