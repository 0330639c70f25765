//! The engine: reads inspection records, runs every rule and assembles the output lines of the data contract.
//!
//! Per-record rules run on each record alone; cross-record rules run on the batch sorted by (`started_at`, `id`),
//! so their findings never depend on input order. A line that cannot be read gets an error line and takes no
//! part in the cross-record rules; nothing is dropped: every non-blank input line gets exactly one output line.

use std::collections::{BTreeMap, HashMap};

use crate::dataset::Dataset;
use crate::error::{describe, from_str_with_path, pointer};
use crate::finding::{Finding, LineError, OutputLine, Scope, Tally};
use crate::model::Inspection;
use crate::rules::{self, Rec};

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

/// Reads one JSON text as a record; `line` is its 1-based position.
pub fn parse_record(line: usize, text: &str) -> Input {
    if !text.trim_start().starts_with('{') {
        let message = "每行须为一个 JSON 对象 / each line must be one JSON object".to_string();
        return Input::Error { line, error: LineError { message, path: String::new() } };
    }
    match from_str_with_path::<Inspection>(text) {
        Ok(inspection) => Input::Record { line, inspection: Box::new(inspection) },
        Err((mut path, inner)) => {
            let mut message = describe(&inner.to_string(), &mut path);
            if inner.column() > 0 {
                message.push_str(&format!("（第{}列 / column {}）", inner.column(), inner.column()));
            }
            Input::Error { line, error: LineError { message, path } }
        }
    }
}

/// Reads a JSON value (an element of an array) as a record.
fn record_from_value(line: usize, value: serde_json::Value) -> Input {
    if !value.is_object() {
        let message = "数组的每个元素须为一个 JSON 对象 / each element must be one JSON object".to_string();
        return Input::Error { line, error: LineError { message, path: String::new() } };
    }
    match serde_path_to_error::deserialize::<_, Inspection>(value) {
        Ok(inspection) => Input::Record { line, inspection: Box::new(inspection) },
        Err(e) => {
            let mut path = pointer(e.path());
            let message = describe(&e.inner().to_string(), &mut path);
            Input::Error { line, error: LineError { message, path } }
        }
    }
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
        if let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) {
            return values.into_iter().enumerate().map(|(i, v)| record_from_value(i + 1, v)).collect();
        }
    }
    if trimmed.starts_with('{') && text.lines().filter(|l| !l.trim().is_empty()).count() > 1 {
        // A pretty-printed single object spans several lines; JSON Lines has one object per line.
        if let Ok(v @ serde_json::Value::Object(_)) = serde_json::from_str::<serde_json::Value>(text) {
            return vec![record_from_value(1, v)];
        }
    }
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l)).collect();
    map_in_order(&lines, |(n, l)| parse_record(*n, l.trim_end_matches('\r')))
}

/// `items.map(f)` in input order; on every core with the `parallel` feature (the order of the result never
/// depends on scheduling).
pub fn map_in_order<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
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

    /// Runs every rule over the inputs and returns the output lines.
    pub fn check(&self, inputs: Vec<Input>) -> Report {
        let ds = self.ds;
        // Records that share an id cannot be ordered: every copy becomes an error line, whatever the input order.
        let mut lines_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for input in &inputs {
            if let Input::Record { line, inspection } = input {
                lines_of.entry(inspection.id.as_str()).or_default().push(*line);
            }
        }
        let duplicated: HashMap<String, Vec<usize>> =
            lines_of.into_iter().filter(|(_, l)| l.len() > 1).map(|(id, l)| (id.to_string(), l)).collect();
        let mut lines: Vec<OutputLine> = Vec::with_capacity(inputs.len());
        let mut records: Vec<(usize, Inspection)> = Vec::with_capacity(inputs.len());
        for input in inputs {
            match input {
                Input::Record { line, inspection } => {
                    if let Some(all) = duplicated.get(&inspection.id) {
                        let list = all.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
                        lines.push(OutputLine {
                            scope: Scope::Inspection,
                            line: Some(line),
                            id: None,
                            error: Some(LineError {
                                message: format!(
                                    "记录 id `{}` 重复（第 {list} 行），均未检查 / duplicate record id `{}` (lines {list}); none of them checked",
                                    inspection.id, inspection.id
                                ),
                                path: "/id".to_string(),
                            }),
                            findings: Vec::new(),
                        });
                        continue;
                    }
                    lines.push(OutputLine {
                        scope: Scope::Inspection,
                        line: Some(line),
                        id: Some(inspection.id.clone()),
                        error: None,
                        findings: Vec::new(),
                    });
                    records.push((lines.len() - 1, *inspection));
                }
                Input::Error { line, error } => lines.push(OutputLine {
                    scope: Scope::Inspection,
                    line: Some(line),
                    id: None,
                    error: Some(error),
                    findings: Vec::new(),
                }),
            }
        }

        // Per-record rules, on every core when built with `parallel`.
        let per_record: Vec<Vec<Finding>> = map_in_order(&records, |(_, r)| {
            let mut out = Vec::new();
            rules::per_record(ds, r, &mut out);
            out
        });
        for ((slot, _), findings) in records.iter().zip(per_record) {
            if let Some(l) = lines.get_mut(*slot) {
                l.findings = findings;
            }
        }

        // Cross-record rules over the batch in time order.
        let mut sorted: Vec<Rec<'_>> = records
            .iter()
            .enumerate()
            .map(|(idx, (_, r))| Rec { idx, r, day: r.day(), exempt: rules::is_exempt(ds, r) })
            .collect();
        sorted.sort_by(|a, b| a.r.started_at.cmp(&b.r.started_at).then_with(|| a.r.id.cmp(&b.r.id)));
        let mut cross: Vec<(usize, Finding)> = Vec::new();
        rules::frequency::check(ds, &sorted, &mut cross);
        rules::plans::outside_plan(ds, &sorted, &mut cross);
        rules::alerts::check(ds, &sorted, &mut cross);
        for (idx, f) in cross {
            if let Some(l) = records.get(idx).and_then(|(slot, _)| lines.get_mut(*slot)) {
                l.findings.push(f);
            }
        }
        for l in &mut lines {
            l.findings.sort_by_key(Finding::order);
        }

        // Plan, agency, enterprise and dataset lines.
        let mut scoped: Vec<rules::dataset::Scoped> = Vec::new();
        let mut plan_findings = Vec::new();
        rules::plans::plan_rules(ds, &sorted, &mut plan_findings);
        scoped.extend(plan_findings.into_iter().map(|(id, f)| (Scope::Plan, id, f)));
        rules::dataset::agency_rules(ds, &sorted, &mut scoped);
        rules::dataset::data_rules(ds, &mut scoped);
        // `Scope` orders as its spelling does (agency < dataset < enterprise < plan).
        let mut grouped: BTreeMap<(Scope, String), Vec<Finding>> = BTreeMap::new();
        for (scope, id, f) in scoped {
            grouped.entry((scope, id)).or_default().push(f);
        }
        for ((scope, id), mut findings) in grouped {
            findings.sort_by_key(Finding::order);
            lines.push(OutputLine { scope, line: None, id: Some(id), error: None, findings });
        }

        let mut tally = Tally::default();
        for l in &lines {
            tally.add(l);
        }
        Report { lines, tally }
    }

    /// Findings of one inspection checked against the enterprise's earlier records (for forms).
    pub fn validate_inspection(&self, inspection: Inspection, history: Vec<Inspection>) -> Report {
        let mut inputs: Vec<Input> =
            history.into_iter().enumerate().map(|(i, r)| Input::Record { line: i + 2, inspection: Box::new(r) }).collect();
        inputs.insert(0, Input::Record { line: 1, inspection: Box::new(inspection) });
        self.check(inputs)
    }
}
