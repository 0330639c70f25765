//! The built-in rules, one module per family: each declares its rules' metadata (`RuleMeta`) beside its check,
//! with unit tests beside them and golden scenarios in `tests/golden/`; `catalogue.rs` puts the rules in order.
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
use crate::finding::{Finding, RELATED_MAX};
use crate::model::Inspection;

pub use crate::batch::{Rec, ids};
pub use crate::par::Distinct;
pub(crate) use crate::par::work;

/// The hash map of the cross-record rules (fast hashing, seeded per run against crafted collisions).
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A cross-record finding as kept until pass 2. With the `compact` feature (the host's batch runs) it is its
/// packed bytes ([`crate::pack`]), one allocation instead of a tree of strings, so that a province's hundreds of
/// thousands of findings cost half as much; otherwise (the browser, where size matters more) the finding itself.
#[cfg(feature = "compact")]
pub type Kept = Box<[u8]>;
/// A cross-record finding as kept until pass 2 (see the `compact` feature).
#[cfg(not(feature = "compact"))]
pub type Kept = Finding;

/// Keeps a finding until pass 2.
#[cfg(feature = "compact")]
pub fn keep(f: Finding) -> Kept {
    let mut bytes = Vec::with_capacity(f.message.len() + f.message_en.len() + f.path.len() + 16);
    crate::pack::put_finding(&mut bytes, &f);
    bytes.into_boxed_slice()
}

/// The finding kept (built-in rules found again by `lookup`); our own packing always reads back.
#[cfg(feature = "compact")]
pub fn unkeep(k: &Kept, lookup: crate::pack::Lookup) -> Option<Finding> {
    crate::pack::get_finding(k, lookup)
}

/// Keeps a finding until pass 2.
#[cfg(not(feature = "compact"))]
pub fn keep(f: Finding) -> Kept {
    f
}

/// The finding kept.
#[cfg(not(feature = "compact"))]
pub fn unkeep(k: &Kept, _: crate::pack::Lookup) -> Option<Finding> {
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

/// Records grouped by key in time order, compactly: per key its count and its first and last entries (12 bytes),
/// per entry its record and the next entry under the same key (8 bytes). A province's millions of (agency,
/// enterprise, year) keys cost a fraction of a map of vectors, and the first [`RELATED_MAX`] records of a key,
/// all a finding names, are reached from its first entry in as many steps however long the key's history.
#[derive(Debug)]
pub struct Groups<K> {
    keys: Map<K, Key>,
    rec: Vec<u32>,
    next: Vec<u32>,
}

/// One key of [`Groups`]: how many entries, the first and the last.
#[derive(Clone, Copy, Debug)]
struct Key {
    count: u32,
    first: u32,
    last: u32,
}

/// "No entry".
const NONE: u32 = u32::MAX;

/// What a key held before a [`Groups::push`]: how many records, and where the first of them is.
#[derive(Clone, Copy, Debug)]
pub struct Earlier {
    /// Number of records the key held.
    pub count: usize,
    first: u32,
}

impl<K: std::hash::Hash + Eq> Default for Groups<K> {
    fn default() -> Self {
        Groups { keys: Map::default(), rec: Vec::new(), next: Vec::new() }
    }
}

impl<K: std::hash::Hash + Eq> Groups<K> {
    /// Empties it, keeping its memory.
    pub fn clear(&mut self) {
        self.keys.clear();
        self.rec.clear();
        self.next.clear();
    }

    /// Adds record `idx` under `key`; returns what the key held before.
    pub fn push(&mut self, key: K, idx: u32) -> Earlier {
        let entry = u32::try_from(self.rec.len()).unwrap_or(NONE);
        self.rec.push(idx);
        self.next.push(NONE);
        match self.keys.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut o) => {
                let k = o.get_mut();
                if let Some(n) = self.next.get_mut(k.last as usize) {
                    *n = entry;
                }
                let before = Earlier { count: k.count as usize, first: k.first };
                k.count = k.count.saturating_add(1);
                k.last = entry;
                before
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(Key { count: 1, first: entry, last: entry });
                Earlier { count: 0, first: NONE }
            }
        }
    }

    /// The records of `e` in time order, lazily: the first `k` cost `k` steps.
    pub fn records(&self, e: Earlier) -> impl Iterator<Item = u32> + '_ {
        let mut at = e.first;
        std::iter::from_fn(move || {
            let r = *self.rec.get(at as usize)?;
            work::step(1);
            at = self.next.get(at as usize).copied().unwrap_or(NONE);
            Some(r)
        })
        .take(e.count)
    }

    /// The first [`RELATED_MAX`] records of `e` (all of them when fewer), in time order.
    pub fn first(&self, e: Earlier) -> Vec<u32> {
        self.records(e).take(RELATED_MAX).collect()
    }
}

/// Names for a message, joined by `sep`: all of them up to [`RELATED_MAX`], else the first `RELATED_MAX` and a
/// mark that there are more (`等` in Chinese, `…` in English), so that a message stays bounded however long the
/// list it summarises.
pub fn some_names<'a>(names: impl Iterator<Item = &'a str>, sep: &str, more: &str) -> String {
    let mut shown: Vec<&str> = Vec::with_capacity(RELATED_MAX);
    let mut rest = false;
    for (i, n) in names.enumerate() {
        if i == RELATED_MAX {
            rest = true;
            break;
        }
        shown.push(n);
    }
    let mut out = shown.join(sep);
    if rest {
        out.push_str(more);
    }
    out
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

/// Every agency a record names, with the field of its first mention, without repeats: the lead, the joint
/// agencies, `delegated_by` and `entrusted_agency`, as written (not as the organs they act for).
pub fn named_agencies(r: &Inspection) -> Vec<(&str, AgencyField)> {
    let mut seen: Distinct<&str> = Distinct::with_capacity(2 + r.joint_agencies.len());
    let mut out: Vec<(&str, AgencyField)> = Vec::new();
    let joint = r.joint_agencies.iter().enumerate().map(|(i, a)| (Some(a.as_str()), AgencyField::Joint(i)));
    let all = std::iter::once((Some(r.lead_agency.as_str()), AgencyField::Lead))
        .chain(joint)
        .chain([(r.delegated_by.as_deref(), AgencyField::DelegatedBy)])
        .chain([(r.entrusted_agency.as_deref(), AgencyField::Entrusted)]);
    for (a, field) in all {
        if let Some(a) = a.filter(|a| seen.insert(a)) {
            out.push((a, field));
        }
    }
    out
}

/// The field of a record that names an agency; its JSON pointer is made only for a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgencyField {
    /// `lead_agency`.
    Lead,
    /// `joint_agencies[i]`.
    Joint(usize),
    /// `delegated_by`.
    DelegatedBy,
    /// `entrusted_agency`.
    Entrusted,
}

impl AgencyField {
    /// The JSON pointer of the field in the record.
    pub fn path(self) -> String {
        match self {
            AgencyField::Lead => "/lead_agency".to_string(),
            AgencyField::Joint(i) => format!("/joint_agencies/{i}"),
            AgencyField::DelegatedBy => "/delegated_by".to_string(),
            AgencyField::Entrusted => "/entrusted_agency".to_string(),
        }
    }
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

/// What the unit tests of the family modules share: a small county (one agency with two officers, one red
/// enterprise, one published item, an annual plan) and a clean on-site plan visit to change one field at a time.
#[cfg(test)]
pub(crate) mod testing {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        reason = "tests fail loudly"
    )]

    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use crate::{Dataset, Engine, parse_records};

    /// The county of `core/tests/data/one-red-enterprise.json`, with `policy` (TOML) applied.
    pub fn dataset(policy: &str) -> Dataset {
        let mut ds =
            Dataset::from_object("one-red-enterprise.json", include_str!("../../tests/data/one-red-enterprise.json"))
                .unwrap();
        ds.policy.apply_toml("policy.toml", policy).unwrap();
        ds
    }

    /// A lawful on-site plan visit of agency A to the enterprise on `day` (`2025-03-03`): approved, coded and
    /// announced three days before.
    pub fn visit(id: &str, day: &str) -> Value {
        let before = |d: i64, at: &str| {
            let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap() - chrono::Duration::days(d);
            format!("{date}T{at}:00+08:00")
        };
        json!({
            "id": id, "trigger": "plan", "plan": "PL1", "mode": "on-site", "lead_agency": "A",
            "inspectors": ["P1", "P2"], "enterprise": "91330727MA2HQ0008A",
            "started_at": format!("{day}T09:00:00+08:00"), "ended_at": format!("{day}T10:00:00+08:00"),
            "items": ["I1"],
            "approval": {"approved_at": before(3, "09:00")},
            "code": format!("C-{id}"), "code_assigned_at": before(3, "09:30"),
            "notice": {"sent_at": before(3, "10:00"), "time": true, "basis": true, "purpose": true, "content": true},
        })
    }

    /// The rule ids on each line of checking `records` against `ds`, keyed by record id (or `scope id`).
    pub fn rules_of(ds: &Dataset, records: &[Value]) -> BTreeMap<String, Vec<String>> {
        let text: Vec<String> = records.iter().map(Value::to_string).collect();
        let report = Engine::new(ds).check(parse_records(&text.join("\n")));
        report
            .lines
            .iter()
            .map(|l| {
                let key = match l.line {
                    Some(_) => l.id.clone().unwrap_or_default(),
                    None => format!("{} {}", l.scope.key(), l.id.clone().unwrap_or_default()),
                };
                let mut rules: Vec<String> = l.findings.iter().map(|f| f.rule.to_string()).collect();
                if let Some(e) = &l.error {
                    rules.push(format!("error: {}", e.message));
                }
                (key, rules)
            })
            .collect()
    }

    /// The rule ids of one record checked alone.
    pub fn rules_of_one(record: Value) -> Vec<String> {
        let ds = dataset("");
        let id = record["id"].as_str().unwrap_or_default().to_string();
        rules_of(&ds, &[record]).remove(&id).unwrap_or_default()
    }

    #[test]
    fn the_visit_is_lawful() {
        assert_eq!(rules_of_one(visit("V1", "2025-03-03")), Vec::<String>::new());
    }
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
