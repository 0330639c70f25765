//! What the cross-record rules need of each record, kept compactly so that a batch of ten million records fits
//! in under 2 GiB with a province's reference data: the record itself is dropped once its per-record rules have
//! run.
//!
//! A record becomes a [`Fact`] of fixed size (48 bytes); its id goes into its chunk's text arena, and its
//! agencies and items into its chunk's list of interned names ([`Names`]: each agency, enterprise, item and plan
//! id is stored once however many records mention it). Storage grows in fixed-size chunks, so that a large batch
//! never needs a doubled copy of itself while it grows.

use crate::dataset::Dataset;
use crate::model::{Inspection, Trigger};
use crate::time::Date;

/// An interned name: index into [`Names`].
pub type Sym = u32;

/// `Sym` of "no plan".
const NO_PLAN: Sym = Sym::MAX;

/// Elements per storage chunk.
const CHUNK: usize = 1 << 16;

/// A vector grown in fixed chunks: no reallocation copies the whole of it.
#[derive(Debug, Clone)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Chunked<T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends one element.
    pub fn push(&mut self, x: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(x),
            _ => {
                // The first chunk grows as a vector does (a service's check of a few records would otherwise
                // allocate, and the kernel zero, a whole chunk each time); the later ones are made at full size.
                let mut c = if self.chunks.is_empty() { Vec::new() } else { Vec::with_capacity(CHUNK) };
                c.push(x);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }

    /// The element at `i`.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK).and_then(|c| c.get(i % CHUNK))
    }
}

/// Values for a few records, by record index: pushed in increasing index order, found by bisection.
#[derive(Debug, Clone)]
struct Sparse<T>(Vec<(usize, T)>);

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse(Vec::new())
    }
}

impl<T> Sparse<T> {
    fn push(&mut self, idx: usize, value: T) {
        self.0.push((idx, value));
    }

    fn get(&self, idx: usize) -> Option<&T> {
        let at = self.0.binary_search_by_key(&idx, |(i, _)| *i).ok()?;
        self.0.get(at).map(|(_, v)| v)
    }
}

/// Interned names (agency, enterprise, item and plan ids): each stored once, the table holding only symbols.
#[derive(Debug, Default, Clone)]
pub struct Names {
    table: hashbrown::HashTable<Sym>,
    hasher: foldhash::fast::RandomState,
    names: Vec<Box<str>>,
}

impl Names {
    /// The symbol of `name`, interning it if new.
    pub fn intern(&mut self, name: &str) -> Sym {
        use std::hash::BuildHasher;
        let h = self.hasher.hash_one(name);
        let names = &self.names;
        if let Some(&s) = self.table.find(h, |&s| names.get(s as usize).is_some_and(|n| &**n == name)) {
            return s;
        }
        // More than four billion distinct names cannot occur within the memory of one run.
        let s = Sym::try_from(self.names.len()).unwrap_or(NO_PLAN - 1);
        self.names.push(name.into());
        let (names, hasher) = (&self.names, &self.hasher);
        self.table.insert_unique(h, s, |&x| names.get(x as usize).map_or(0, |n| hasher.hash_one(&**n)));
        s
    }

    /// The name of a symbol.
    pub fn get(&self, s: Sym) -> &str {
        self.names.get(s as usize).map_or("", |n| n)
    }
}

/// Flag bits of a [`Fact`].
mod flag {
    pub const INSPECTION: u8 = 1;
    pub const ONSITE: u8 = 2;
    pub const JOINT: u8 = 4;
    pub const EXEMPT: u8 = 8;
    pub const PENALTY: u8 = 16;
    pub const EXCLUDED: u8 = 32;
    pub const LONG_ID: u8 = 64;
}

/// What the cross-record rules need of one record. Its id and its agencies and items live in the arenas of its
/// chunk of 65,536 records; where they end is where the next record's begin, so no length is stored.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    /// `started_at` as seconds since the epoch (UTC) and nanoseconds: the batch's time order.
    secs: i64,
    nanos: u32,
    /// 1-based input line (lines past `u32::MAX` are kept in [`Batch`]'s overflow table).
    line: u32,
    /// Inspection day (Asia/Shanghai).
    pub day: Date,
    id_at: u32,
    list_at: u32,
    n_counted: u32,
    enterprise: Sym,
    plan: Sym,
    /// Why it took place.
    pub trigger: Trigger,
    flags: u8,
}

/// The records of a batch as compact facts, in input order.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    names: Names,
    facts: Chunked<Fact>,
    /// Per chunk of facts: their ids, one after the other.
    ids: Vec<String>,
    /// Per chunk of facts: their counted agencies then items, as symbols.
    lists: Vec<Vec<Sym>>,
    /// Ids too long for their chunk's arena (over 4 GiB of ids in 65,536 records: hostile input only).
    long_ids: Sparse<Box<str>>,
    /// Lines of records whose line number does not fit in 32 bits.
    long_lines: Sparse<usize>,
    /// Penalties (few records have one): decision day and return visit day.
    penalties: Sparse<(Date, Option<Date>)>,
}

impl Batch {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Adds a record read on input line `line`; returns its index.
    pub fn push(&mut self, ds: &Dataset, line: usize, r: &Inspection) -> usize {
        let idx = self.facts.len();
        let chunk = idx / CHUNK;
        while self.ids.len() <= chunk {
            // A new chunk's arenas are reserved at the size of the last one's (reserved memory is not resident
            // until written), so that they seldom grow by copying.
            let ids = self.ids.last().map_or(0, String::len);
            let lists = self.lists.last().map_or(0, Vec::len);
            self.ids.push(String::with_capacity(ids + ids / 8));
            self.lists.push(Vec::with_capacity(lists + lists / 8));
        }
        let mut flags = 0;
        let (Some(ids), Some(lists)) = (self.ids.get_mut(chunk), self.lists.get_mut(chunk)) else {
            // The loop above made the chunk's arenas, so this cannot happen; were it to, the record would have no
            // fact, which tests must not let pass.
            debug_assert!(false, "the arenas of chunk {chunk} were just made");
            return idx;
        };
        let id_at = match u32::try_from(ids.len() + r.id.len()) {
            Ok(_) => {
                ids.push_str(&r.id);
                u32::try_from(ids.len() - r.id.len()).unwrap_or(0)
            }
            Err(_) => {
                flags |= flag::LONG_ID;
                self.long_ids.push(idx, r.id.as_str().into());
                u32::try_from(ids.len()).unwrap_or(u32::MAX)
            }
        };
        let counted = ds.counted_agencies(r);
        let list_at = u32::try_from(lists.len()).unwrap_or(u32::MAX);
        if u32::try_from(lists.len() + counted.len() + r.items.len()).is_ok() {
            for a in &counted {
                lists.push(self.names.intern(a));
            }
            for i in &r.items {
                lists.push(self.names.intern(i));
            }
        }
        let enterprise = self.names.intern(&r.enterprise);
        let plan = r.plan.as_deref().map_or(NO_PLAN, |p| self.names.intern(p));
        for (on, bit) in [
            (r.is_inspection(), flag::INSPECTION),
            (r.is_onsite_inspection(), flag::ONSITE),
            (ds.is_joint(r), flag::JOINT),
            (ds.is_exempt(r), flag::EXEMPT),
            (r.penalty.is_some(), flag::PENALTY),
        ] {
            if on {
                flags |= bit;
            }
        }
        let utc = r.started_at.0.naive_utc().and_utc();
        let fact = Fact {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            secs: utc.timestamp(),
            nanos: utc.timestamp_subsec_nanos(),
            id_at,
            list_at,
            n_counted: u32::try_from(counted.len()).unwrap_or(u32::MAX),
            day: r.day(),
            enterprise,
            plan,
            trigger: r.trigger,
            flags,
        };
        if fact.line == u32::MAX {
            self.long_lines.push(idx, line);
        }
        if let Some(p) = &r.penalty {
            self.penalties.push(idx, (p.decided_on, p.return_visit_on));
        }
        self.facts.push(fact);
        idx
    }

    /// Where the arenas' entries of the record at `idx` end: where the next record's begin, or the arena's end.
    fn ends(&self, idx: usize) -> (usize, usize) {
        let chunk = idx / CHUNK;
        match self.facts.get(idx + 1).filter(|_| (idx + 1) / CHUNK == chunk) {
            Some(next) => (next.id_at as usize, next.list_at as usize),
            None => (self.ids.get(chunk).map_or(0, String::len), self.lists.get(chunk).map_or(0, Vec::len)),
        }
    }

    /// The 1-based input line of the record at `idx`.
    pub fn line(&self, idx: usize) -> Option<usize> {
        let f = self.facts.get(idx)?;
        if f.line == u32::MAX { self.long_lines.get(idx).copied() } else { Some(f.line as usize) }
    }

    /// The fact at `idx`.
    pub fn fact(&self, idx: usize) -> Option<&Fact> {
        self.facts.get(idx)
    }

    /// The record at `idx` with its names resolved.
    pub fn rec(&self, idx: usize) -> Option<Rec<'_>> {
        self.facts.get(idx).map(|f| Rec { idx, f, b: self })
    }

    /// Marks a record as excluded from the cross-record rules (its id is not unique).
    pub fn exclude(&mut self, idx: usize) {
        if let Some(f) = self.facts.chunks.get_mut(idx / CHUNK).and_then(|c| c.get_mut(idx % CHUNK)) {
            f.flags |= flag::EXCLUDED;
        }
    }

    /// The interned names.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Indices of the records taking part in the cross-record rules, in time order (`started_at`, then `id`).
    pub fn time_order(&self) -> Vec<u32> {
        #[cfg(feature = "parallel")]
        return self.time_order_parallel();
        // In the browser, one instance of the sort with every comparison reading the facts: less code to load.
        #[cfg(not(feature = "parallel"))]
        {
            let mut order: Vec<u32> = (0..self.len())
                .filter(|&i| self.fact(i).is_some_and(|f| f.flags & flag::EXCLUDED == 0))
                .filter_map(|i| u32::try_from(i).ok())
                .collect();
            sort_indices(&mut order, &|a: &u32, b: &u32| {
                self.time(*a).cmp(&self.time(*b)).then_with(|| self.by_id(a, b))
            });
            order
        }
    }

    /// [`Batch::time_order`] on every core.
    #[cfg(feature = "parallel")]
    fn time_order_parallel(&self) -> Vec<u32> {
        use rayon::slice::ParallelSliceMut;
        // Packed keys (seconds, nanoseconds, index) sort in cache, without a lookup per comparison; the order is
        // total (ties end on the index), so an unstable sort on every core gives one result.
        let mut keys: Vec<(i64, u32, u32)> = (0..self.len())
            .filter_map(|i| Some((i, self.fact(i)?)))
            .filter(|(_, f)| f.flags & flag::EXCLUDED == 0)
            .filter_map(|(i, f)| Some((f.secs, f.nanos, u32::try_from(i).ok()?)))
            .collect();
        keys.par_sort_unstable();
        let mut order: Vec<u32> = keys.iter().map(|k| k.2).collect();
        drop(keys);
        // Records that started at the same instant (common: times are often kept to the minute) are ordered by
        // id, then index: a run's ids are looked up once and sorted beside their indices, or, for a run too long
        // to copy (every record at one instant), sorted in place.
        const GATHER_MAX: usize = 1 << 16;
        let mut run: Vec<(&str, u32)> = Vec::new();
        let mut start = 0;
        while start < order.len() {
            let at = |k: usize| order.get(k).and_then(|&i| self.time(i));
            let mut end = start + 1;
            while end < order.len() && at(end) == at(start) {
                end += 1;
            }
            match order.get_mut(start..end) {
                Some(slots) if slots.len() > GATHER_MAX => {
                    sort_indices(slots, &|a: &u32, b: &u32| self.by_id(a, b));
                }
                Some(slots) if slots.len() > 1 => {
                    run.clear();
                    run.extend(slots.iter().map(|&i| (self.id(i), i)));
                    run.sort_unstable();
                    for (slot, (_, i)) in slots.iter_mut().zip(&run) {
                        *slot = *i;
                    }
                }
                _ => {}
            }
            start = end;
        }
        order
    }

    /// The records of `sorted` (in time order) grouped by enterprise; see [`ByEnterprise`].
    pub fn by_enterprise(&self, sorted: &[u32]) -> ByEnterprise {
        const NEW: u32 = u32::MAX;
        let enterprise = |i: u32| self.fact(i as usize).map_or(0, |f| f.enterprise as usize);
        let mut group_of: Vec<u32> = vec![NEW; self.names.names.len()];
        let mut counts: Vec<u32> = Vec::new();
        for &i in sorted {
            let Some(g) = group_of.get_mut(enterprise(i)) else { continue };
            if *g == NEW {
                *g = u32::try_from(counts.len()).unwrap_or(NEW - 1);
                counts.push(0);
            }
            if let Some(c) = counts.get_mut(*g as usize) {
                *c += 1;
            }
        }
        let mut starts: Vec<u32> = Vec::with_capacity(counts.len() + 1);
        let mut total = 0u32;
        starts.push(0);
        for c in &counts {
            total += c;
            starts.push(total);
        }
        // `counts` becomes each group's next free slot.
        for (c, s) in counts.iter_mut().zip(&starts) {
            *c = *s;
        }
        let mut order = vec![0u32; total as usize];
        for &i in sorted {
            let Some(&g) = group_of.get(enterprise(i)) else { continue };
            if let Some(next) = counts.get_mut(g as usize) {
                if let Some(slot) = order.get_mut(*next as usize) {
                    *slot = i;
                }
                *next += 1;
            }
        }
        ByEnterprise { order, starts }
    }

    /// When the record at `idx` started: seconds since the epoch and nanoseconds.
    fn time(&self, idx: u32) -> Option<(i64, u32)> {
        self.fact(idx as usize).map(|f| (f.secs, f.nanos))
    }

    /// The id of the record at `idx` (empty when there is none).
    fn id(&self, idx: u32) -> &str {
        self.rec(idx as usize).map_or("", |r| r.id())
    }

    /// Record indices ordered by id, then index: a total order.
    fn by_id(&self, a: &u32, b: &u32) -> std::cmp::Ordering {
        self.id(*a).cmp(self.id(*b)).then(a.cmp(b))
    }

    /// Groups of records sharing an id (each group in input order), in order of their first record.
    pub fn duplicate_ids(&self) -> Vec<Vec<usize>> {
        let mut by_id: Vec<u32> = (0..self.len()).filter_map(|i| u32::try_from(i).ok()).collect();
        // Ties end on the index, so each group comes out in input order without a stable sort's buffer.
        sort_indices(&mut by_id, &|a: &u32, b: &u32| self.by_id(a, b));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut start = 0;
        while start < by_id.len() {
            let id_at = |k: usize| by_id.get(k).map_or("", |&i| self.id(i));
            let mut end = start + 1;
            while end < by_id.len() && id_at(end) == id_at(start) {
                end += 1;
            }
            if end - start > 1 {
                groups.push(by_id.get(start..end).unwrap_or(&[]).iter().map(|&i| i as usize).collect());
            }
            start = end;
        }
        groups.sort_by_key(|g| g.first().copied());
        groups
    }
}

/// The records of a batch grouped by enterprise, each group in time order, the groups in the order of their
/// first record in time: what every per-enterprise cross-record rule walks. Built by counting, without hashing,
/// in 4 bytes a record.
#[derive(Debug, Default)]
pub struct ByEnterprise {
    order: Vec<u32>,
    starts: Vec<u32>,
}

impl ByEnterprise {
    /// Number of enterprises.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether no record is grouped.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records of group `g`, in time order.
    pub fn group(&self, g: usize) -> &[u32] {
        match (self.starts.get(g), self.starts.get(g + 1)) {
            (Some(&a), Some(&b)) => self.order.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Consecutive runs of groups holding about `records` records each (at least one group a run).
    pub fn runs(&self, records: usize) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        for g in 0..self.len() {
            let (Some(&a), Some(&b)) = (self.starts.get(from), self.starts.get(g + 1)) else { break };
            if (b - a) as usize >= records {
                out.push(from..g + 1);
                from = g + 1;
            }
        }
        if from < self.len() {
            out.push(from..self.len());
        }
        out
    }
}

/// Sorts record indices by a total order; one instance of the sort for every order (less code in the browser).
fn sort_indices(v: &mut [u32], cmp: &dyn Fn(&u32, &u32) -> std::cmp::Ordering) {
    v.sort_unstable_by(cmp);
}

/// One record of a batch, with its names resolved.
#[derive(Clone, Copy, Debug)]
pub struct Rec<'a> {
    /// Index in the batch (input order among readable records).
    pub idx: usize,
    /// Its fact.
    pub f: &'a Fact,
    b: &'a Batch,
}

impl<'a> Rec<'a> {
    /// Record id.
    pub fn id(&self) -> &'a str {
        if self.f.flags & flag::LONG_ID != 0 {
            return self.b.long_ids.get(self.idx).map_or("", |s| s);
        }
        let (end, _) = self.b.ends(self.idx);
        self.b.ids.get(self.idx / CHUNK).and_then(|c| c.get(self.f.id_at as usize..end)).unwrap_or("")
    }

    /// Inspection day.
    pub fn day(&self) -> Date {
        self.f.day
    }

    /// Whether its trigger is exempt from the frequency cap.
    pub fn exempt(&self) -> bool {
        self.f.flags & flag::EXEMPT != 0
    }

    /// Whether it is an inspection in substance.
    pub fn is_inspection(&self) -> bool {
        self.f.flags & flag::INSPECTION != 0
    }

    /// Whether it is an on-site inspection in substance.
    pub fn is_onsite_inspection(&self) -> bool {
        self.f.flags & flag::ONSITE != 0
    }

    /// Whether it is a joint inspection.
    pub fn is_joint(&self) -> bool {
        self.f.flags & flag::JOINT != 0
    }

    /// Why it took place.
    pub fn trigger(&self) -> Trigger {
        self.f.trigger
    }

    fn list(&self) -> &'a [Sym] {
        let (_, end) = self.b.ends(self.idx);
        self.b.lists.get(self.idx / CHUNK).and_then(|c| c.get(self.f.list_at as usize..end)).unwrap_or(&[])
    }

    /// The counted agencies, each as the organ it acts for: lead, joint agencies, delegating agency, without
    /// repeats.
    pub fn counted_agencies(&self) -> impl Iterator<Item = &'a str> + 'a {
        let names = &self.b.names;
        self.counted_syms().iter().map(move |&s| names.get(s))
    }

    /// The lead agency, as the organ it acts for.
    pub fn lead_agency(&self) -> &'a str {
        self.list().first().map_or("", |&s| self.b.names.get(s))
    }

    /// The items checked, as listed (repeats kept, so that positions match the record's JSON).
    pub fn items(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let names = &self.b.names;
        self.item_syms().iter().map(move |&s| names.get(s))
    }

    /// Whether `item` is among its items.
    pub fn has_item(&self, item: &str) -> bool {
        self.items().any(|i| i == item)
    }

    /// Whether it lists no item.
    pub fn has_no_items(&self) -> bool {
        self.item_syms().is_empty()
    }

    /// The enterprise's interned name.
    pub fn enterprise_sym(&self) -> Sym {
        self.f.enterprise
    }

    /// The counted agencies' interned names.
    pub fn counted_syms(&self) -> &'a [Sym] {
        self.list().get(..self.f.n_counted as usize).unwrap_or(&[])
    }

    /// The name of an interned symbol.
    pub fn name(&self, s: Sym) -> &'a str {
        self.b.names.get(s)
    }

    /// The enterprise (USCC).
    pub fn enterprise(&self) -> &'a str {
        self.b.names.get(self.f.enterprise)
    }

    /// The plan's interned name.
    pub fn plan_sym(&self) -> Option<Sym> {
        (self.f.plan != NO_PLAN).then_some(self.f.plan)
    }

    /// The items' interned names, as listed.
    pub fn item_syms(&self) -> &'a [Sym] {
        self.list().get(self.f.n_counted as usize..).unwrap_or(&[])
    }

    /// The plan id.
    pub fn plan(&self) -> Option<&'a str> {
        (self.f.plan != NO_PLAN).then(|| self.b.names.get(self.f.plan))
    }

    /// The penalty's decision day and return visit day, when a penalty was decided.
    pub fn penalty(&self) -> Option<(Date, Option<Date>)> {
        if self.f.flags & flag::PENALTY == 0 {
            return None;
        }
        self.b.penalties.get(self.idx).copied()
    }
}

/// Ids of records, for `related`.
pub fn ids(recs: &[Rec<'_>]) -> Vec<String> {
    recs.iter().map(|x| x.id().to_string()).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]
    use super::*;

    /// A batch of `n` records: ids in a scrambled order, every `distinct`-th record at the same instant.
    fn batch(n: usize, distinct: usize) -> Batch {
        let ds = Dataset::default();
        let mut b = Batch::default();
        for k in 0..n {
            let id = format!("R{:06}", (k * 7919) % n);
            let minute = (k % distinct) % 60;
            let text = format!(
                r#"{{"id":"{id}","trigger":"random-sampling","mode":"on-site","lead_agency":"A","inspectors":[],"enterprise":"E{}","started_at":"2025-03-01T09:{minute:02}:00+08:00","ended_at":"2025-03-01T10:00:00+08:00","items":[]}}"#,
                k % 5
            );
            let r: Inspection = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            b.push(&ds, k + 1, &r);
        }
        b
    }

    /// The order `time_order` promises: (seconds, nanoseconds, id, index), by a plain comparison sort.
    fn reference(b: &Batch) -> Vec<u32> {
        let mut v: Vec<u32> = (0..b.len() as u32).collect();
        v.sort_by(|&x, &y| {
            let (p, q) = (b.rec(x as usize).unwrap(), b.rec(y as usize).unwrap());
            (p.f.secs, p.f.nanos, p.id(), x).cmp(&(q.f.secs, q.f.nanos, q.id(), y))
        });
        v
    }

    #[test]
    fn time_order_sorts_ties_by_id_in_short_and_very_long_runs() {
        // Runs of a few records at each of 60 minutes.
        let b = batch(600, 60);
        assert_eq!(b.time_order(), reference(&b));
        // One run longer than the ids gathered at once: every record at one instant.
        let b = batch(70_000, 1);
        assert_eq!(b.time_order(), reference(&b));
    }

    #[test]
    fn runs_of_groups_cover_every_group_once_in_order() {
        // Groups of 3, 2, 4 and 1 records.
        let g = ByEnterprise { order: (0..10).collect(), starts: vec![0, 3, 5, 9, 10] };
        assert_eq!(g.len(), 4);
        assert_eq!(g.group(2), &[5, 6, 7, 8]);
        assert_eq!(g.group(4), &[] as &[u32]);
        assert_eq!(g.runs(4), vec![0..2, 2..3, 3..4]);
        assert_eq!(g.runs(1), vec![0..1, 1..2, 2..3, 3..4]);
        assert_eq!(g.runs(usize::MAX), vec![0..4]);
        assert!(ByEnterprise::default().runs(4).is_empty());
    }

    #[test]
    fn chunked_indices_cross_chunks() {
        let mut c: Chunked<u32> = Chunked::default();
        for i in 0..(CHUNK as u32 + 5) {
            c.push(i);
        }
        assert_eq!(c.len(), CHUNK + 5);
        assert_eq!(c.get(CHUNK + 4), Some(&(CHUNK as u32 + 4)));
        assert_eq!(c.get(CHUNK + 5), None);
    }
}

#[cfg(test)]
mod size {
    #[test]
    fn a_fact_is_48_bytes() {
        assert_eq!(std::mem::size_of::<super::Fact>(), 48);
    }
}
