//! Leaf helpers of the core: running two or many closures on every core with the `parallel` feature (in order,
//! whatever the scheduling), de-duplicating a list in linear time, and the test-only work counters that hold
//! the cross-record rules to linear work.

/// Fewest records a check spreads over the cores: below it (a service's check of one enterprise's records) the
/// hand-over to the thread pool and back costs more than the work.
pub const PARALLEL_MIN_RECORDS: usize = 256;

/// `items.map(f)` in input order; on every core with the `parallel` feature (the order of the result never
/// depends on scheduling).
pub fn map_in_order<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    map_in_order_if(true, items, f)
}

/// [`map_in_order`], on one thread unless `parallel`.
pub fn map_in_order_if<T: Sync, U: Send>(parallel: bool, items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        return items.par_iter().map(f).collect();
    }
    let _ = parallel;
    items.iter().map(f).collect()
}

/// `(a(), b())`, side by side with the `parallel` feature.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    join_if(true, a, b)
}

/// [`join`], on one thread unless `parallel`.
pub fn join_if<A: Send, B: Send>(parallel: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    if parallel {
        return rayon::join(a, b);
    }
    let _ = parallel;
    (a(), b())
}

/// Distinct values of a list in order of first appearance, with a fast membership test: a scan while the list
/// is short, a hash set once it is long, so that de-duplicating a record's lists (up to [`LIST_MAX`] entries) is
/// linear in their length rather than quadratic.
///
/// [`LIST_MAX`]: ../model/constant.LIST_MAX.html
#[derive(Clone, Debug)]
pub struct Distinct<T> {
    list: Vec<T>,
    set: Option<std::collections::HashSet<T, foldhash::fast::RandomState>>,
}

/// Longest list [`Distinct`] scans instead of hashing.
const SCAN_MAX: usize = 16;

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct { list: Vec::new(), set: None }
    }
}

impl<T: std::hash::Hash + Eq + Copy> Distinct<T> {
    /// An empty one with room for `n` values.
    pub fn with_capacity(n: usize) -> Self {
        Distinct { list: Vec::with_capacity(n), set: None }
    }

    /// Adds `x` unless it is there already; returns whether it was new.
    pub fn insert(&mut self, x: T) -> bool {
        if self.contains(&x) {
            return false;
        }
        self.list.push(x);
        match &mut self.set {
            Some(set) => {
                set.insert(x);
            }
            None if self.list.len() > SCAN_MAX => self.set = Some(self.list.iter().copied().collect()),
            None => {}
        }
        true
    }

    /// Whether `x` is among the values.
    pub fn contains(&self, x: &T) -> bool {
        match &self.set {
            Some(set) => {
                work::step(1);
                set.contains(x)
            }
            None => {
                work::step(self.list.len().max(1));
                self.list.contains(x)
            }
        }
    }

    /// The values, in order of first appearance.
    pub fn as_slice(&self) -> &[T] {
        &self.list
    }

    /// The values, in order of first appearance.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.list.iter()
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl<T: std::hash::Hash + Eq + Copy> FromIterator<T> for Distinct<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut d = Distinct::default();
        for x in iter {
            d.insert(x);
        }
        d
    }
}

impl<'a, T> IntoIterator for &'a Distinct<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// A count of the list work the rules do (entries visited, window moves), kept in tests only: the linear-growth
/// tests measure the cost of a batch with it rather than with a clock. Outside tests it compiles to nothing.
pub(crate) mod work {
    #[cfg(test)]
    thread_local! {
        static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// Counts `n` steps.
    #[cfg(test)]
    pub fn step(n: usize) {
        STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
    }

    /// Counts `n` steps (nothing outside tests).
    #[cfg(not(test))]
    #[inline(always)]
    pub fn step(_n: usize) {}

    /// The steps counted on this thread since the last call.
    #[cfg(test)]
    pub fn take() -> u64 {
        STEPS.with(|s| s.replace(0))
    }
}
