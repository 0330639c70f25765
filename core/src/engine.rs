//! The engine: reads inspection records, runs every rule and assembles the output lines of the data contract.
//!
//! Per-record rules run on each record alone; cross-record rules run on the batch sorted by (`started_at`, `id`),
//! so their findings never depend on input order. A line that cannot be read gets an error line and takes no
//! part in the cross-record rules; nothing is dropped: every non-blank input line gets exactly one output line.

use std::collections::{BTreeMap, HashMap};

use crate::batch::{Batch, ByEnterprise, Rec};

use crate::dataset::Dataset;
use crate::error::{describe, from_str_with_path};
use crate::finding::{Finding, LineError, OutputLine, Scope, Tally};
use crate::model::{Inspection, LIST_MAX};
use crate::rules;

pub use crate::par::map_in_order;

/// One input record: read, or not.
#[derive(Clone, Debug)]
pub enum Input {
    /// A readable record.
    Record {
        /// 1-based input line (or array position).
        line: usize,
        /// The record.
        inspection: Box<Inspection>,
    },
    /// A line that could not be read.
    Error {
        /// 1-based input line (or array position).
        line: usize,
        /// What is wrong.
        error: LineError,
    },
}

impl Input {
    /// The input line.
    pub fn line(&self) -> usize {
        match self {
            Input::Record { line, .. } | Input::Error { line, .. } => *line,
        }
    }
}

/// A record read, or its error line when one of its lists is longer than [`LIST_MAX`]: the error names the
/// field (`/items`) and its length. Every way in (JSON Lines, an array, one object; the CLI, the server and the
/// browser) goes through here.
fn within_caps(line: usize, inspection: Box<Inspection>) -> Input {
    match inspection.oversized_list() {
        None => Input::Record { line, inspection },
        Some((field, n)) => Input::Error { line, error: list_too_long(field, n) },
    }
}

/// The error of a list longer than [`LIST_MAX`].
pub fn list_too_long(field: &str, n: usize) -> LineError {
    LineError {
        message: format!(
            "列表 {field} 有 {n} 项，超过每条记录 {LIST_MAX} 项的上限 / {field} has {n} entries, more than the limit of {LIST_MAX} per record"
        ),
        path: format!("/{field}"),
    }
}

/// Reads one JSON text as a record; `line` is its 1-based position. A record with a list longer than
/// [`LIST_MAX`] is an error line naming the field.
pub fn parse_record(line: usize, text: &str) -> Input {
    if !text.trim_start().starts_with('{') {
        let message = "每行须为一个 JSON 对象 / each line must be one JSON object".to_string();
        return Input::Error { line, error: LineError { message, path: String::new() } };
    }
    // The fast path reads without tracking the JSON path; only a line that fails is read again to name the field.
    // (Not in the browser: a second copy of the record reader would cost more download than it saves time.)
    #[cfg(not(target_arch = "wasm32"))]
    if let Ok(inspection) = serde_json::from_str::<Inspection>(text) {
        return within_caps(line, Box::new(inspection));
    }
    match from_str_with_path::<Inspection>(text) {
        Ok(inspection) => within_caps(line, Box::new(inspection)),
        Err((mut path, inner)) => {
            let mut message = describe(&inner.to_string(), &mut path);
            if inner.column() > 0 {
                message.push_str(&format!("（第{}列 / column {}）", inner.column(), inner.column()));
            }
            Input::Error { line, error: LineError { message, path } }
        }
    }
}

/// Reads an element of an array as a record, by the same reader as a JSON Lines line (so that duplicate keys
/// and everything else are refused alike), with the array's own message for an element that is not an object.
fn record_from_element(line: usize, element: &serde_json::value::RawValue) -> Input {
    if !element.get().starts_with('{') {
        let message = "数组的每个元素须为一个 JSON 对象 / each element must be one JSON object".to_string();
        return Input::Error { line, error: LineError { message, path: String::new() } };
    }
    parse_record(line, element.get())
}

/// Reads a whole input text: JSON Lines (one record per non-blank line), one JSON object, or one JSON array
/// (then "line" is the 1-based position in the array). Text that is not a well-formed array or multi-line
/// object is read as JSON Lines.
pub fn parse_records(text: &str) -> Vec<Input> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        // A well-formed array is read element by element; anything else is read line by line, so that a
        // broken file still gets one output line per line.
        if let Ok(elements) = serde_json::from_str::<Vec<&serde_json::value::RawValue>>(text) {
            return map_in_order(&elements.into_iter().enumerate().collect::<Vec<_>>(), |(i, e)| {
                record_from_element(i + 1, e)
            });
        }
    }
    if trimmed.starts_with('{') && text.lines().filter(|l| !l.trim().is_empty()).count() > 1 {
        // A pretty-printed single object spans several lines; JSON Lines has one object per line.
        if let Ok(object) = serde_json::from_str::<&serde_json::value::RawValue>(text)
            && object.get().starts_with('{')
        {
            return vec![parse_record(1, object.get())];
        }
    }
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l)).collect();
    map_in_order(&lines, |(n, l)| parse_record(*n, l.trim_end_matches('\r')))
}

/// Records per run of enterprises handed to one core by the cross-record rules.
const RUN_RECORDS: usize = 1 << 14;

/// The per-enterprise cross-record rules (frequency, plan use, alerts) and the return visits: findings by batch
/// index, frequency first, then plan use, then alerts, each in the order of the runs.
fn per_enterprise(
    ds: &Dataset,
    b: &Batch,
    sorted: &[u32],
    groups: &ByEnterprise,
    run_records: usize,
    latest_elsewhere: Option<crate::time::Date>,
) -> Vec<(usize, rules::Kept)> {
    let runs = groups.runs(run_records);
    let parallel = b.len() >= crate::par::PARALLEL_MIN_RECORDS;
    let mut found = crate::par::map_in_order_if(parallel, &runs, |run| {
        let (mut frequency, mut plan, mut alerts) = Default::default();
        let mut counts = rules::frequency::State::default();
        let mut uses = rules::plans::State::default();
        let mut windows = rules::alerts::State::default();
        for g in run.clone() {
            let recs = groups.group(g);
            rules::frequency::enterprise(ds, b, recs, &mut counts, &mut frequency);
            rules::plans::outside_plan(ds, b, recs, &mut uses, &mut plan);
            rules::alerts::enterprise(ds, b, recs, &mut windows, &mut alerts);
        }
        [frequency, plan, alerts].map(|f: rules::Found| f.0)
    });
    let mut visits = rules::Found::default();
    rules::alerts::return_visits(ds, b, sorted, latest_elsewhere, &mut visits);
    let mut out = Vec::with_capacity(found.iter().flatten().map(Vec::len).sum::<usize>() + visits.0.len());
    for family in 0..3 {
        for part in &mut found {
            if let Some(f) = part.get_mut(family) {
                out.append(f);
            }
        }
    }
    // The return visits are alerts too: they follow the others.
    out.append(&mut visits.0);
    out
}

/// The result of a check: the output lines in contract order, and a tally.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Inspection lines in input order, then the other scopes sorted by scope and id.
    pub lines: Vec<OutputLine>,
    /// Findings by severity and unreadable lines.
    pub tally: Tally,
}

impl Report {
    /// Recounts the tally after findings were added (plugin findings join after the engine ran).
    pub fn retally(&mut self) {
        let mut tally = Tally::default();
        for l in &self.lines {
            tally.add(l);
        }
        self.tally = tally;
    }

    /// The JSON Lines text of the report.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::with_capacity(self.lines.len() * 128);
        for l in &self.lines {
            l.write_jsonl(&mut out);
        }
        out
    }
}

/// What a check adds to its inputs: plugin findings by line, and the latest day of records checked elsewhere.
#[derive(Debug, Default)]
struct Extra<'a> {
    plugin_findings: Option<&'a mut HashMap<usize, Vec<Finding>>>,
    latest_elsewhere: Option<crate::time::Date>,
}

/// Checks records against a dataset.
#[derive(Debug)]
pub struct Engine<'d> {
    ds: &'d Dataset,
}

impl<'d> Engine<'d> {
    /// An engine over a dataset (with its policy and calendar).
    pub fn new(ds: &'d Dataset) -> Self {
        Engine { ds }
    }

    /// The dataset.
    pub fn dataset(&self) -> &'d Dataset {
        self.ds
    }

    /// Runs every rule over the inputs and returns the output lines: the streaming passes of [`Stream`], with
    /// everything held in memory (for the browser, the tests and small batches).
    pub fn check(&self, inputs: Vec<Input>) -> Report {
        self.check_in_runs(inputs, RUN_RECORDS, None, true, Extra::default())
    }

    /// The inspection lines of [`Engine::check`] only, in input order: the plan, agency and dataset lines are not
    /// made (they read the whole dataset, and a service checking one enterprise's records needs none of them). An
    /// inspection line never depends on them, so each is the line `check` gives.
    pub fn check_inspections(&self, inputs: Vec<Input>) -> Vec<OutputLine> {
        self.check_in_runs(inputs, RUN_RECORDS, None, false, Extra::default()).lines
    }

    /// [`Engine::check_inspections`] with findings of the sector plugins added to the records' first-pass lines,
    /// by input line number, where a batch run adds them (so that each line is the one `jiancha check` gives with
    /// those plugins).
    ///
    /// `latest_elsewhere` is the latest inspection day of records that belong with these but are not among them
    /// (a service checks one enterprise's records; the county's other records still set the batch's latest day,
    /// which `penalty.no-return-visit` reads).
    pub fn check_inspections_with(
        &self,
        inputs: Vec<Input>,
        mut plugin_findings: HashMap<usize, Vec<Finding>>,
        latest_elsewhere: Option<crate::time::Date>,
    ) -> Vec<OutputLine> {
        let extra = Extra { plugin_findings: Some(&mut plugin_findings), latest_elsewhere };
        self.check_in_runs(inputs, RUN_RECORDS, None, false, extra).lines
    }

    /// [`Engine::check`], and what its lines add up to ([`crate::stats`]), counted as the lines are made.
    pub fn check_with_stats(&self, inputs: Vec<Input>) -> (Report, crate::stats::Stats) {
        let mut gather = crate::stats::Gather::default();
        let report = self.check_in_runs(inputs, RUN_RECORDS, Some(&mut gather), true, Extra::default());
        (report, gather.finish(self.ds))
    }

    /// [`Engine::check`], handing the per-enterprise rules runs of about `run_records` records, and each line with
    /// its record's facts to `gather` when there is one.
    fn check_in_runs(
        &self,
        inputs: Vec<Input>,
        run_records: usize,
        mut gather: Option<&mut crate::stats::Gather>,
        scoped: bool,
        mut extra: Extra<'_>,
    ) -> Report {
        let ds = self.ds;
        let parallel = inputs.len() >= crate::par::PARALLEL_MIN_RECORDS;
        let firsts: Vec<OutputLine> = crate::par::map_in_order_if(parallel, &inputs, |i| first_pass(ds, i));
        let mut stream = Stream::new(ds);
        if let Some(day) = extra.latest_elsewhere {
            stream.seen_until(day);
        }
        let mut partial: Vec<Pending> = Vec::new();
        for (input, mut line) in inputs.iter().zip(firsts) {
            if let Input::Record { line: n, .. } = input
                && let Some(found) = extra.plugin_findings.as_deref_mut().and_then(|m| m.remove(n))
            {
                line.findings.extend(found);
            }
            partial.extend(stream.add(input, line));
        }
        drop(inputs);
        let done = stream.finish_in_runs(run_records, scoped);
        let mut lines: Vec<OutputLine> = done
            .lines(partial)
            .map(|(l, rec)| {
                if let Some(g) = gather.as_deref_mut() {
                    g.add(&l, rec.as_ref(), ds);
                }
                l
            })
            .collect();
        for l in done.scoped() {
            if let Some(g) = gather.as_deref_mut() {
                g.add(l, None, ds);
            }
            lines.push(l.clone());
        }
        let mut tally = Tally::default();
        for l in &lines {
            tally.add(l);
        }
        Report { lines, tally }
    }

    /// The dataset with `plan` in it (taking the place of a plan of the same id), and the findings of that plan's
    /// line: publication, lead, special approval and merge suggestions, as a batch without records gives them (for
    /// the plan forms of the browser and the service). A plan that does not fit the dataset (an unknown agency or
    /// item, say) is the dataset's error.
    pub fn validate_plan(&self, plan: crate::model::Plan) -> Result<(Dataset, Vec<Finding>), crate::error::InputError> {
        let ds = self.ds;
        let mut plans: Vec<crate::model::Plan> = ds.plans.iter().filter(|p| p.id != plan.id).cloned().collect();
        let id = plan.id.clone();
        plans.push(plan);
        let with = Dataset::from_parts(
            ds.agencies.clone(),
            ds.inspectors.clone(),
            ds.enterprises.clone(),
            ds.items.clone(),
            plans,
            ds.policy.clone(),
            ds.calendar.clone(),
        )?;
        let report = Engine::new(&with).check(Vec::<Input>::new());
        let findings = report
            .lines
            .into_iter()
            .filter(|l| l.scope == Scope::Plan && l.id.as_deref() == Some(id.as_str()))
            .flat_map(|l| l.findings)
            .collect();
        Ok((with, findings))
    }

    /// Findings of one inspection checked against the enterprise's earlier records (for forms).
    pub fn validate_inspection(&self, inspection: Inspection, history: Vec<Inspection>) -> Report {
        // Records given as values are held to the list cap as parsed ones are.
        let mut inputs: Vec<Input> =
            history.into_iter().enumerate().map(|(i, r)| within_caps(i + 2, Box::new(r))).collect();
        inputs.insert(0, within_caps(1, Box::new(inspection)));
        self.check(inputs)
    }
}

/// Pass 1 on one input, on any core: its line with the per-record findings (an unreadable input: its error).
pub fn first_pass(ds: &Dataset, input: &Input) -> OutputLine {
    match input {
        Input::Record { line, inspection } => {
            let mut findings = Vec::new();
            rules::per_record(ds, inspection, &mut findings);
            findings.sort_by_key(Finding::order);
            OutputLine {
                scope: Scope::Inspection,
                line: Some(*line),
                id: Some(inspection.id.clone()),
                error: None,
                findings,
            }
        }
        Input::Error { line, error } => OutputLine {
            scope: Scope::Inspection,
            line: Some(*line),
            id: None,
            error: Some(error.clone()),
            findings: Vec::new(),
        },
    }
}

/// The streaming engine. Pass 1 reads the input once: each record's per-record rules run at once
/// ([`first_pass`], on any core), and [`Stream::push`] keeps only the compact facts the cross-record rules need
/// ([`Batch`]). [`Stream::finish`] runs the cross-record rules over those facts in time order; pass 2
/// ([`Finished::lines`]) completes the lines of pass 1 in input order. Lines of pass 1 with no finding and no
/// error need not be kept: pass 2 rebuilds them from the facts.
#[derive(Debug)]
pub struct Stream<'d> {
    ds: &'d Dataset,
    batch: Batch,
    /// The latest inspection day of records checked with these but not among them (a service's other
    /// enterprises), which the batch-wide rules read as the batch's own.
    latest_elsewhere: Option<crate::time::Date>,
}

/// Most line numbers listed in the message of a duplicated id.
const DUPLICATE_LINES_SHOWN: usize = 20;

impl<'d> Stream<'d> {
    /// A stream over a dataset.
    pub fn new(ds: &'d Dataset) -> Self {
        Stream { ds, batch: Batch::default(), latest_elsewhere: None }
    }

    /// Tells the stream that the records it checks belong with others, not pushed, whose latest inspection day is
    /// `day`: `penalty.no-return-visit` reads the latest day of them all, as a file of them all would give it.
    pub fn seen_until(&mut self, day: crate::time::Date) {
        self.latest_elsewhere = Some(self.latest_elsewhere.map_or(day, |d| d.max(day)));
    }

    /// Records what the cross-record rules need of a readable record; records come in input order. Returns
    /// the record's index, for its [`Pending`] line.
    pub fn push(&mut self, line: usize, r: &Inspection) -> usize {
        self.batch.push(self.ds, line, r)
    }

    /// Records so far.
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Pass 1's end for one input, in input order: keeps a readable record's facts, and returns its line of pass 1
    /// ([`first_pass`], with whatever else the caller added, such as plugin findings) when it must be kept for
    /// pass 2, that is when it has a finding or an error; a clean line is rebuilt from the facts.
    pub fn add(&mut self, input: &Input, line: OutputLine) -> Option<Pending> {
        let pending = match input {
            Input::Record { line: n, inspection } => Pending::record(self.push(*n, inspection), line),
            Input::Error { .. } => Pending::error(self.len(), line),
        };
        (!pending.line.is_clean()).then_some(pending)
    }

    /// Whether no record was pushed.
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// Runs the cross-record rules, and the plan, agency, enterprise and dataset rules.
    pub fn finish(self) -> Finished {
        self.finish_in_runs(RUN_RECORDS, true)
    }

    /// [`Stream::finish`], handing the per-enterprise rules runs of about `run_records` records (the result is
    /// the same for any size).
    fn finish_in_runs(self, run_records: usize, scoped: bool) -> Finished {
        let with_scoped = scoped;
        let Stream { ds, mut batch, latest_elsewhere } = self;
        // Records that share an id cannot be ordered: every copy becomes an error line, whatever the input order.
        let mut duplicates: Vec<String> = Vec::new();
        let mut duplicate_of: rules::Map<usize, usize> = rules::Map::default();
        for group in batch.duplicate_ids() {
            let id = group.first().and_then(|&i| batch.rec(i)).map_or(String::new(), |r| r.id().to_string());
            let mut list: Vec<String> = group
                .iter()
                .take(DUPLICATE_LINES_SHOWN)
                .filter_map(|&i| batch.line(i))
                .map(|l| l.to_string())
                .collect();
            if group.len() > DUPLICATE_LINES_SHOWN {
                list.push(format!("…（共 {} 行 / {} lines in all）", group.len(), group.len()));
            }
            let list = list.join(", ");
            duplicates.push(format!(
                "记录 id `{id}` 重复（第 {list} 行），均未检查 / duplicate record id `{id}` (lines {list}); none of them checked"
            ));
            for &i in &group {
                duplicate_of.insert(i, duplicates.len() - 1);
                batch.exclude(i);
            }
        }

        // Cross-record rules over the batch in time order. The frequency, plan-use and alert rules count per
        // enterprise: they walk one enterprise's records at a time, runs of enterprises on every core, and their
        // findings are joined in a fixed order (frequency, plan, alerts; runs in order), so the result never
        // depends on scheduling. The plan, agency and dataset rules run beside them.
        let sorted = batch.time_order();
        let groups = batch.by_enterprise(&sorted);
        let (b, o, elsewhere) = (&batch, &sorted, latest_elsewhere);
        let (mut cross, scoped) = crate::par::join_if(
            batch.len() >= crate::par::PARALLEL_MIN_RECORDS,
            || per_enterprise(ds, b, o, &groups, run_records, elsewhere),
            || {
                // Plan, agency, enterprise and dataset lines.
                let mut scoped: Vec<rules::dataset::Scoped> = Vec::new();
                if !with_scoped {
                    return scoped;
                }
                let mut plan_findings = Vec::new();
                rules::plans::plan_rules(ds, b, o, &mut plan_findings);
                scoped.extend(plan_findings.into_iter().map(|(id, f)| (Scope::Plan, id, f)));
                rules::dataset::agency_rules(ds, b, o, &mut scoped);
                rules::dataset::data_rules(ds, &mut scoped);
                scoped
            },
        );
        // Stable: a record's findings keep the order in which the rules gave them.
        cross.sort_by_key(|(idx, _)| *idx);
        drop(groups);
        drop(sorted);
        // `Scope` orders as its spelling does (agency < dataset < enterprise < plan).
        let mut grouped: BTreeMap<(Scope, String), Vec<Finding>> = BTreeMap::new();
        for (scope, id, f) in scoped {
            grouped.entry((scope, id)).or_default().push(f);
        }
        let scoped = grouped
            .into_iter()
            .map(|((scope, id), mut findings)| {
                findings.sort_by_key(Finding::order);
                OutputLine { scope, line: None, id: Some(id), error: None, findings }
            })
            .collect();
        Finished { batch, cross, duplicates, duplicate_of, scoped }
    }
}

/// The state after the cross-record rules: what pass 2 needs to complete every line.
#[derive(Debug)]
pub struct Finished {
    batch: Batch,
    cross: Vec<(usize, rules::Kept)>,
    duplicates: Vec<String>,
    duplicate_of: rules::Map<usize, usize>,
    scoped: Vec<OutputLine>,
}

impl Finished {
    /// The lines of scope plan, agency, enterprise and dataset, which follow the inspection lines.
    pub fn scoped(&self) -> &[OutputLine] {
        &self.scoped
    }

    /// The facts of the batch.
    pub fn batch(&self) -> &Batch {
        &self.batch
    }

    /// Pass 2: the inspection lines in input order, each with its record's facts when it was readable.
    /// `partial` holds the lines of pass 1 that had a finding or an error, in input order; the others are
    /// rebuilt from the facts.
    pub fn lines<I: IntoIterator<Item = Pending>>(&self, partial: I) -> Lines<'_, I::IntoIter> {
        Lines { done: self, partial: partial.into_iter().peekable(), next_fact: 0, next_cross: 0 }
    }

    fn complete(&self, idx: usize, partial: Option<OutputLine>, next_cross: &mut usize) -> OutputLine {
        let fact_line = self.batch.line(idx);
        let start = *next_cross;
        while self.cross.get(*next_cross).is_some_and(|(i, _)| *i == idx) {
            *next_cross += 1;
        }
        if let Some(&g) = self.duplicate_of.get(&idx) {
            let message = self.duplicates.get(g).cloned().unwrap_or_default();
            return OutputLine {
                scope: Scope::Inspection,
                line: fact_line,
                id: None,
                error: Some(LineError { message, path: "/id".to_string() }),
                findings: Vec::new(),
            };
        }
        let mut line = partial.unwrap_or_else(|| OutputLine {
            scope: Scope::Inspection,
            line: fact_line,
            id: self.batch.rec(idx).map(|r| r.id().to_string()),
            error: None,
            findings: Vec::new(),
        });
        let cross = self.cross.get(start..*next_cross).unwrap_or(&[]);
        if !cross.is_empty() {
            line.findings.extend(cross.iter().filter_map(|(_, f)| rules::unkeep(f, crate::catalogue::lookup)));
            line.findings.sort_by_key(Finding::order);
        }
        line
    }
}

/// A line of pass 1 kept for pass 2: one that has a finding or an error (a batch run spools it packed:
/// [`Pending::pack`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    /// A record's index in the stream; for an unreadable line, the index the next record gets.
    pub at: usize,
    /// Whether it is a record's line (rather than an unreadable line).
    pub record: bool,
    /// The line.
    pub line: OutputLine,
}

impl Pending {
    /// Appends the line packed ([`crate::pack`]), for a batch run's spool.
    pub fn pack(&self, out: &mut Vec<u8>) {
        crate::pack::put_uint(out, self.at as u64);
        out.push(u8::from(self.record));
        crate::pack::put_line(out, &self.line);
    }

    /// Reads back a line [`Pending::pack`] wrote (the whole of `bytes`).
    pub fn unpack(bytes: &[u8]) -> Option<Pending> {
        let mut r = crate::pack::Reader { bytes };
        let at = r.usize()?;
        let record = match r.byte()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let (line, rest) = crate::pack::get_line(r.bytes, crate::catalogue::lookup)?;
        rest.is_empty().then_some(Pending { at, record, line })
    }

    /// The line of the record `Stream::push` gave index `at`.
    pub fn record(at: usize, line: OutputLine) -> Pending {
        Pending { at, record: true, line }
    }

    /// An unreadable line, met when the stream held `at` records.
    pub fn error(at: usize, line: OutputLine) -> Pending {
        Pending { at, record: false, line }
    }
}

/// Pass 2's iterator: see [`Finished::lines`].
#[derive(Debug)]
pub struct Lines<'a, I: Iterator<Item = Pending>> {
    done: &'a Finished,
    partial: std::iter::Peekable<I>,
    next_fact: usize,
    next_cross: usize,
}

impl<'a, I: Iterator<Item = Pending>> Iterator for Lines<'a, I> {
    type Item = (OutputLine, Option<Rec<'a>>);

    fn next(&mut self) -> Option<Self::Item> {
        let done = self.done;
        let idx = self.next_fact;
        // Unreadable lines met before this record (or after the last one).
        if self.partial.peek().is_some_and(|p| !p.record && p.at <= idx) || idx >= done.batch.len() {
            return self.partial.next().map(|p| (p.line, None));
        }
        self.next_fact += 1;
        let partial = match self.partial.peek() {
            Some(p) if p.record && p.at == idx => self.partial.next().map(|p| p.line),
            _ => None,
        };
        let line = done.complete(idx, partial, &mut self.next_cross);
        // A duplicated id still has its facts (the outputs name its agency and enterprise).
        Some((line, done.batch.rec(idx)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
    use super::*;

    fn error_of(input: &Input) -> &str {
        match input {
            Input::Error { error, .. } => &error.message,
            Input::Record { .. } => "",
        }
    }

    #[test]
    fn duplicate_keys_in_an_array_element_or_a_pretty_object_are_refused_as_in_a_line() {
        let record = r#"{"id":"X","id":"Y","trigger":"plan","mode":"on-site","lead_agency":"A","inspectors":[],"enterprise":"E","started_at":"2025-02-01T08:00:00+08:00","ended_at":"2025-02-01T09:00:00+08:00","items":[]}"#;
        let line = parse_records(record);
        assert!(error_of(&line[0]).contains("duplicate field `id`"), "{}", error_of(&line[0]));
        let array = parse_records(&format!("[\n{record},\n 1\n]"));
        assert_eq!(array.len(), 2);
        assert_eq!(error_of(&array[0]), error_of(&line[0]));
        assert!(error_of(&array[1]).contains("each element must be one JSON object"));
        let pretty = parse_records(&record.replace(",\"", ",\n\""));
        assert_eq!(pretty.len(), 1);
        assert!(error_of(&pretty[0]).contains("duplicate field `id`"), "{}", error_of(&pretty[0]));
    }

    /// The example's dataset and records.
    fn example() -> (Dataset, Vec<Input>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/panan");
        let files: Vec<(String, String)> = crate::dataset::FILES
            .iter()
            .filter_map(|n| Some((n.to_string(), std::fs::read_to_string(dir.join(n)).ok()?)))
            .collect();
        let ds = Dataset::from_files("examples/panan", &files).unwrap();
        let inputs = parse_records(&std::fs::read_to_string(dir.join("records-2025.jsonl")).unwrap());
        (ds, inputs)
    }

    #[test]
    fn check_inspections_gives_the_inspection_lines_of_check() {
        let (ds, inputs) = example();
        let engine = Engine::new(&ds);
        let all = engine.check(inputs.clone()).lines;
        assert!(all.iter().any(|l| l.scope != Scope::Inspection), "the example has plan and agency lines");
        let want: Vec<&OutputLine> = all.iter().filter(|l| l.scope == Scope::Inspection).collect();
        let got = engine.check_inspections(inputs);
        assert_eq!(got.iter().collect::<Vec<_>>(), want);
    }

    /// Each record of the example checked with the views of its enterprise's other records gets the line it gets
    /// with the full records: the history a form is given holds everything the cross-record rules read.
    #[test]
    fn a_record_checked_against_history_views_gets_its_line() {
        let (ds, inputs) = example();
        let engine = Engine::new(&ds);
        let records: Vec<&Inspection> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::Record { inspection, .. } => Some(&**inspection),
                Input::Error { .. } => None,
            })
            .collect();
        let mut checked = 0;
        for r in records.iter().step_by(7) {
            let history: Vec<&Inspection> = records.iter().copied().filter(|h| h.enterprise == r.enterprise).collect();
            let run = |view: bool| {
                let inputs: Vec<Input> = history
                    .iter()
                    .enumerate()
                    .map(|(k, h)| {
                        let rec = if view && h.id != r.id { h.history_view() } else { (*h).clone() };
                        Input::Record { line: k + 1, inspection: Box::new(rec) }
                    })
                    .collect();
                engine.check_inspections(inputs).into_iter().find(|l| l.id.as_deref() == Some(r.id.as_str()))
            };
            assert_eq!(run(true), run(false), "{}", r.id);
            checked += 1;
        }
        assert!(checked > 90);
    }

    #[test]
    fn the_size_of_the_runs_of_enterprises_changes_nothing() {
        let (ds, inputs) = example();
        let engine = Engine::new(&ds);
        let lines = |run: usize| -> Vec<String> {
            let report = engine.check_in_runs(inputs.clone(), run, None, true, Extra::default());
            report.lines.iter().map(|l| serde_json::to_string(l).unwrap()).collect()
        };
        let whole = lines(usize::MAX);
        let inspection_lines = whole.iter().filter(|l| l.contains("\"scope\":\"inspection\"")).count();
        assert_eq!(inspection_lines, inputs.len());
        for rule in ["frequency.onsite-cap", "plan.outside-plan", "alert.repeated", "alert.multi-agency"] {
            assert!(whole.iter().any(|l| l.contains(rule)), "the example has no {rule} finding");
        }
        for run in [1, 2, 5, 64, RUN_RECORDS] {
            assert_eq!(lines(run), whole, "runs of {run} records");
        }
    }

    /// One agency with two officers, one red enterprise (yearly cap 3), one item planned once a year.
    const DATASET: &str = include_str!("../tests/data/one-red-enterprise.json");

    /// `f` with all its work on one thread, so that the thread's count of work sees all of it (with the
    /// `parallel` feature, in a pool of one thread).
    fn on_one_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        #[cfg(feature = "parallel")]
        return rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(f);
        #[cfg(not(feature = "parallel"))]
        f()
    }

    /// The work counted (see `rules::work`) and the output bytes of checking `lines`.
    fn cost(ds: &Dataset, lines: &[String]) -> (u64, usize) {
        let text = lines.join("\n");
        on_one_thread(|| {
            crate::par::work::take();
            let bytes = Engine::new(ds).check(parse_records(&text)).to_jsonl().len();
            (crate::par::work::take(), bytes)
        })
    }

    /// `n` on-site plan visits of agency A to the enterprise for item I1, a minute apart in February 2025: on site,
    /// not exempt, in one year, within the repeat window.
    fn visits(n: usize) -> Vec<String> {
        (0..n)
            .map(|k| {
                let t = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap().and_hms_opt(8, 0, 0).unwrap()
                    + chrono::Duration::minutes(k as i64);
                let at = |t: chrono::NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
                format!(
                    r#"{{"id":"S{k:06}","trigger":"plan","plan":"PL1","mode":"on-site","lead_agency":"A","inspectors":["P1","P2"],"enterprise":"91330727MA2HQ0008A","started_at":"{}","ended_at":"{}","items":["I1"]}}"#,
                    at(t),
                    at(t + chrono::Duration::minutes(30))
                )
            })
            .collect()
    }

    #[test]
    fn the_work_of_checking_one_enterprises_visits_grows_linearly_not_quadratically() {
        let ds = Dataset::from_object("linear.json", DATASET).unwrap();
        let (small_work, small_bytes) = cost(&ds, &visits(2_000));
        let (large_work, large_bytes) = cost(&ds, &visits(20_000));
        let work = large_work as f64 / small_work as f64;
        let bytes = large_bytes as f64 / small_bytes as f64;
        assert!(
            (8.0..12.0).contains(&work),
            "work: {small_work} for 2,000 visits, {large_work} for 20,000 ({work:.1}×)"
        );
        assert!((8.0..12.0).contains(&bytes), "bytes: {small_bytes} for 2,000, {large_bytes} for 20,000 ({bytes:.1}×)");
    }

    #[test]
    fn the_work_of_checking_a_record_of_1000_entries_per_list_grows_linearly_not_quadratically() {
        let ds = Dataset::from_object("linear.json", DATASET).unwrap();
        let record = |n: usize| {
            let list = |p: &str| (0..n).map(|i| format!("\"{p}{i}\"")).collect::<Vec<_>>().join(",");
            vec![format!(
                r#"{{"id":"R","trigger":"plan","plan":"PL1","mode":"on-site","lead_agency":"A","joint_agencies":[{}],"inspectors":[{}],"enterprise":"91330727MA2HQ0008A","started_at":"2025-02-01T08:00:00+08:00","ended_at":"2025-02-01T09:00:00+08:00","items":[{}]}}"#,
                list("J"),
                list("P"),
                list("I")
            )]
        };
        // Linear work is a fixed part plus a part per entry: the second 500 entries cost what the first 500 did
        // (a quadratic de-duplication would make them cost three times as much).
        let [none, half, full] = [0, 500, 1000].map(|n| cost(&ds, &record(n)).0);
        let ratio = (full - half) as f64 / (half - none) as f64;
        assert!(
            (0.8..1.25).contains(&ratio),
            "work: {none}, {half} and {full} for lists of 0, 500 and 1,000 ({ratio:.2})"
        );
    }
}
