//! What the cross-record rules need of each record, kept compactly so that a batch of ten million records fits
//! in well under 2 GiB: the record itself is dropped once its per-record rules have run.
//!
//! A record becomes a [`Fact`] of fixed size (72 bytes); its id goes into one text arena, and its agencies and
//! items into one list of interned names ([`Names`]: each agency, enterprise, item and plan id is stored once
//! however many records mention it). Storage grows in fixed-size chunks, so that a large batch never needs a
//! doubled copy of itself while it grows.

use std::collections::HashMap;

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
    /// Number of elements (for a vector that holds runs, the index the next element gets).
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
                let mut c = Vec::with_capacity(CHUNK);
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

    /// Elements `[at, at + n)`, which must not cross a chunk (see [`Chunked::reserve_run`]).
    fn run(&self, at: usize, n: usize) -> &[T] {
        self.chunks.get(at / CHUNK).and_then(|c| c.get(at % CHUNK..at % CHUNK + n)).unwrap_or(&[])
    }

    /// Makes room so that the next `n` pushes land in one chunk (a run longer than a chunk gets a chunk of its
    /// own); returns the index of the first of them.
    fn reserve_run(&mut self, n: usize) -> usize {
        let fits = self.chunks.last().is_some_and(|c| c.len() + n <= CHUNK);
        if !fits {
            // Pad the last chunk so that indices stay `chunk * CHUNK + offset`.
            self.chunks.push(Vec::with_capacity(n.max(CHUNK)));
            self.len = (self.chunks.len() - 1) * CHUNK;
        }
        self.len
    }

    /// Appends a run of elements that stays in one chunk; returns the index of its first element.
    fn push_run(&mut self, xs: impl ExactSizeIterator<Item = T>) -> usize {
        let n = xs.len();
        let at = self.reserve_run(n);
        if let Some(c) = self.chunks.last_mut() {
            c.extend(xs);
        }
        // A run longer than a chunk spans the index space of several chunks: the next push starts a new chunk.
        self.len = at + n;
        if n > CHUNK {
            self.chunks.push(Vec::new());
            self.len = (self.chunks.len() - 1) * CHUNK;
        }
        at
    }
}

/// Interned names (agency, enterprise, item and plan ids): each stored once.
#[derive(Debug, Default, Clone)]
pub struct Names {
    index: HashMap<Box<str>, Sym, foldhash::fast::RandomState>,
    names: Vec<Box<str>>,
}

impl Names {
    /// The symbol of `name`, interning it if new.
    pub fn intern(&mut self, name: &str) -> Sym {
        if let Some(&s) = self.index.get(name) {
            return s;
        }
        // More than four billion distinct names cannot occur within the memory of one run.
        let s = Sym::try_from(self.names.len()).unwrap_or(NO_PLAN - 1);
        self.names.push(name.into());
        self.index.insert(name.into(), s);
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
    pub const RETURN_VISIT: u8 = 32;
    pub const EXCLUDED: u8 = 64;
}

/// What the cross-record rules need of one record.
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    /// 1-based input line.
    pub line: usize,
    /// `started_at` as seconds since the epoch (UTC) and nanoseconds: the batch's time order.
    secs: i64,
    id_at: usize,
    list_at: usize,
    nanos: u32,
    /// Inspection day (Asia/Shanghai).
    pub day: Date,
    id_len: u32,
    n_counted: u32,
    n_items: u32,
    enterprise: Sym,
    plan: Sym,
    decided_on: Date,
    return_visit_on: Date,
    /// Why it took place.
    pub trigger: Trigger,
    flags: u8,
}

/// The records of a batch as compact facts, in input order.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    names: Names,
    facts: Chunked<Fact>,
    ids: Vec<String>,
    lists: Chunked<Sym>,
}

/// Bytes per text chunk of the id arena.
const ID_CHUNK: usize = 1 << 20;

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
        let id_at = self.push_id(&r.id);
        let counted = r.counted_agencies();
        let mut list: Vec<Sym> = Vec::with_capacity(counted.len() + r.items.len());
        list.extend(counted.iter().map(|a| self.names.intern(a)));
        list.extend(r.items.iter().map(|i| self.names.intern(i)));
        let list_at = self.lists.push_run(list.into_iter());
        let enterprise = self.names.intern(&r.enterprise);
        let plan = r.plan.as_deref().map_or(NO_PLAN, |p| self.names.intern(p));
        let mut flags = 0;
        for (on, bit) in [
            (r.is_inspection(), flag::INSPECTION),
            (r.is_onsite_inspection(), flag::ONSITE),
            (r.is_joint(), flag::JOINT),
            (crate::rules::is_exempt(ds, r), flag::EXEMPT),
            (r.penalty.is_some(), flag::PENALTY),
            (r.penalty.as_ref().is_some_and(|p| p.return_visit_on.is_some()), flag::RETURN_VISIT),
        ] {
            if on {
                flags |= bit;
            }
        }
        let utc = r.started_at.0.naive_utc().and_utc();
        let day = r.day();
        let fact = Fact {
            line,
            secs: utc.timestamp(),
            nanos: utc.timestamp_subsec_nanos(),
            id_at,
            id_len: u32::try_from(r.id.len()).unwrap_or(u32::MAX),
            list_at,
            n_counted: u32::try_from(counted.len()).unwrap_or(u32::MAX),
            n_items: u32::try_from(r.items.len()).unwrap_or(u32::MAX),
            day,
            enterprise,
            plan,
            decided_on: r.penalty.as_ref().map_or(day, |p| p.decided_on),
            return_visit_on: r.penalty.as_ref().and_then(|p| p.return_visit_on).unwrap_or(day),
            trigger: r.trigger,
            flags,
        };
        self.facts.push(fact);
        self.facts.len() - 1
    }

    /// Stores an id in the arena; returns its position (chunk * ID_CHUNK + offset).
    fn push_id(&mut self, id: &str) -> usize {
        let fits = self.ids.last().is_some_and(|c| c.len() + id.len() <= c.capacity());
        if !fits {
            self.ids.push(String::with_capacity(id.len().max(ID_CHUNK)));
        }
        let chunk = self.ids.len().saturating_sub(1);
        let Some(c) = self.ids.last_mut() else { return 0 };
        let at = chunk * ID_CHUNK + c.len();
        c.push_str(id);
        if id.len() > ID_CHUNK {
            // An id longer than a chunk owns its chunk; the next id starts a new one.
            self.ids.push(String::new());
        }
        at
    }

    /// The fact at `idx`.
    pub fn fact(&self, idx: usize) -> Option<&Fact> {
        self.facts.get(idx)
    }

    /// The record at `idx` with its names resolved.
    pub fn rec(&self, idx: usize) -> Option<Rec<'_>> {
        self.facts.get(idx).map(|f| Rec { idx, f, b: self })
    }

    /// Every record, in input order.
    pub fn recs(&self) -> impl Iterator<Item = Rec<'_>> {
        (0..self.len()).filter_map(|i| self.rec(i))
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
        let mut order: Vec<u32> = (0..self.len())
            .filter(|&i| self.fact(i).is_some_and(|f| f.flags & flag::EXCLUDED == 0))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        let by_time = |a: &u32, b: &u32| {
            let (Some(x), Some(y)) = (self.rec(*a as usize), self.rec(*b as usize)) else { return a.cmp(b) };
            (x.f.secs, x.f.nanos).cmp(&(y.f.secs, y.f.nanos)).then_with(|| x.id().cmp(y.id())).then(a.cmp(b))
        };
        // The order is total (ties end on the index), so an unstable sort on every core gives one result.
        #[cfg(feature = "parallel")]
        {
            use rayon::slice::ParallelSliceMut;
            order.par_sort_unstable_by(by_time);
        }
        #[cfg(not(feature = "parallel"))]
        order.sort_unstable_by(by_time);
        order
    }

    /// Groups of records sharing an id (each group in input order), in order of their first record.
    pub fn duplicate_ids(&self) -> Vec<Vec<usize>> {
        let mut by_id: Vec<u32> = (0..self.len()).filter_map(|i| u32::try_from(i).ok()).collect();
        by_id.sort_by(|&a, &b| {
            let id = |i: u32| self.rec(i as usize).map_or("", |r| r.id());
            id(a).cmp(id(b))
        });
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut start = 0;
        while start < by_id.len() {
            let id_at = |k: usize| by_id.get(k).and_then(|&i| self.rec(i as usize)).map_or("", |r| r.id());
            let mut end = start + 1;
            while end < by_id.len() && id_at(end) == id_at(start) {
                end += 1;
            }
            if end - start > 1 {
                // `sort_by` is stable, so each group is in input order.
                groups.push(by_id.get(start..end).unwrap_or(&[]).iter().map(|&i| i as usize).collect());
            }
            start = end;
        }
        groups.sort_by_key(|g| g.first().copied());
        groups
    }
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
        let chunk = self.f.id_at / ID_CHUNK;
        let at = self.f.id_at % ID_CHUNK;
        self.b.ids.get(chunk).and_then(|c| c.get(at..at + self.f.id_len as usize)).unwrap_or("")
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
        let n = self.f.n_counted as usize + self.f.n_items as usize;
        self.b.lists.run(self.f.list_at, n)
    }

    /// The counted agencies: lead, joint agencies, delegating agency, without repeats.
    pub fn counted_agencies(&self) -> impl Iterator<Item = &'a str> + 'a {
        let names = &self.b.names;
        self.list().iter().take(self.f.n_counted as usize).map(move |&s| names.get(s))
    }

    /// The lead agency.
    pub fn lead_agency(&self) -> &'a str {
        self.list().first().map_or("", |&s| self.b.names.get(s))
    }

    /// The items checked, as listed (repeats kept, so that positions match the record's JSON).
    pub fn items(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let names = &self.b.names;
        self.list().get(self.f.n_counted as usize..).unwrap_or(&[]).iter().map(move |&s| names.get(s))
    }

    /// Whether `item` is among its items.
    pub fn has_item(&self, item: &str) -> bool {
        self.items().any(|i| i == item)
    }

    /// Whether it lists no item.
    pub fn has_no_items(&self) -> bool {
        self.f.n_items == 0
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

    /// The plan id.
    pub fn plan(&self) -> Option<&'a str> {
        (self.f.plan != NO_PLAN).then(|| self.b.names.get(self.f.plan))
    }

    /// The penalty's decision day and return visit day, when a penalty was decided.
    pub fn penalty(&self) -> Option<(Date, Option<Date>)> {
        (self.f.flags & flag::PENALTY != 0)
            .then(|| (self.f.decided_on, (self.f.flags & flag::RETURN_VISIT != 0).then_some(self.f.return_visit_on)))
    }
}

/// Ids of records, for `related`.
pub fn ids(recs: &[Rec<'_>]) -> Vec<String> {
    recs.iter().map(|x| x.id().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_runs_stay_whole() {
        let mut c: Chunked<u32> = Chunked::default();
        for i in 0..(CHUNK as u32 - 2) {
            c.push(i);
        }
        let at = c.push_run([7, 8, 9].into_iter());
        assert_eq!(c.run(at, 3), &[7, 8, 9]);
        let big = c.push_run((0..(CHUNK as u32 + 5)).collect::<Vec<_>>().into_iter());
        assert_eq!(c.run(big, CHUNK + 5).len(), CHUNK + 5);
        c.push(42);
        assert_eq!(c.get(c.len() - 1), Some(&42));
        assert_eq!(c.run(at, 3), &[7, 8, 9]);
    }
}
