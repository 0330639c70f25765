//! The service's hot path, `inspections:validate`, taken apart: what core's check of one record against its
//! enterprise's stored history costs on one core, and what reading that history from the store adds.
//!
//!     validate-cost DIR [CALLS]
//!
//! DIR is a `jiancha-gen` output (`DIR/dataset`, `DIR/records.jsonl`). The records are filed into a fresh SQLite
//! store (in a temporary directory); then, for CALLS records (default 2,000, spread over the file), it times what
//! the service does for one call, in three parts: the store's two reads (`history`, `latest_day_outside`), the
//! parse of the history's bodies, and core's check of them (`Engine::check_inspections_with`, the record last).
//! Every part runs on this thread alone. It prints the history size and each part's median, p99 and mean.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use jiancha_core::{Engine, Input};
use jiancha_store::{FileJob, Filing, NewRecord, Store};

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("validate-cost: {e}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: validate-cost DIR [CALLS]")?);
    let calls: usize = args.next().map_or(Ok(2_000), |s| s.parse().map_err(|_| "CALLS must be a number"))?;
    let ds = jiancha_batch::load_dataset(&dir.join("dataset")).map_err(|e| format!("{e:#}"))?;
    let text = std::fs::read_to_string(dir.join("records.jsonl")).map_err(|e| e.to_string())?;
    let mut bodies: Vec<(String, String, String, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Input::Record { inspection, .. } = jiancha_core::parse_record(i + 1, line) {
            bodies.push((inspection.id.clone(), inspection.enterprise.to_string(), inspection.day().to_string(), line));
        }
    }
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let store = jiancha_store::sqlite::Sqlite::open(tmp.path()).map_err(|e| format!("{e:#}"))?;
    let started = Instant::now();
    for chunk in bodies.chunks(512) {
        let jobs: Vec<FileJob<'_>> = chunk
            .iter()
            .map(|(id, enterprise, day, body)| {
                let record = NewRecord {
                    id: id.clone(),
                    enterprise: enterprise.clone(),
                    day: day.clone(),
                    body: (*body).to_string(),
                    filed_by: "bench".into(),
                    agency: String::new(),
                    code: None,
                };
                let mut record = Some(record);
                let line = format!("{{\"id\":{}}}", serde_json::Value::from(id.as_str()));
                FileJob {
                    enterprise: enterprise.clone(),
                    record: Some(id.clone()),
                    decide: Box::new(move |_, _, _| {
                        Ok(Filing {
                            record: record.take(),
                            lines: vec![(id.clone(), line.clone())],
                            alerts: Vec::new(),
                            decision: None,
                        })
                    }),
                }
            })
            .collect();
        for r in store.file(jobs) {
            r.map_err(|e| format!("{e:#}"))?;
        }
    }
    eprintln!("filed {} records in {:.1} s", bodies.len(), started.elapsed().as_secs_f64());

    let engine = Engine::new(&ds);
    let step = (bodies.len() / calls.max(1)).max(1);
    let (mut read, mut parse, mut check, mut sizes) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (id, enterprise, _, _) in bodies.iter().step_by(step).take(calls) {
        let t0 = Instant::now();
        let history = store.history(enterprise).map_err(|e| format!("{e:#}"))?;
        let latest = store.latest_day_outside(enterprise).map_err(|e| format!("{e:#}"))?;
        let t1 = Instant::now();
        // The record last, the others in filing order, as the service hands them to the engine.
        let mut inputs: Vec<Input> = history
            .iter()
            .filter(|h| h.id != *id)
            .chain(history.iter().filter(|h| h.id == *id))
            .enumerate()
            .map(|(k, h)| jiancha_core::parse_record(k + 1, &h.body))
            .collect();
        let latest = latest.as_deref().and_then(|d| jiancha_core::time::Date::parse(d).ok());
        let t2 = Instant::now();
        let lines = engine.check_inspections_with(std::mem::take(&mut inputs), HashMap::new(), latest);
        let t3 = Instant::now();
        std::hint::black_box(lines);
        sizes.push(history.len());
        read.push(t1 - t0);
        parse.push(t2 - t1);
        check.push(t3 - t2);
    }
    sizes.sort_unstable();
    let n = sizes.len().max(1);
    println!(
        "{} calls on {}: history of {} records (median), {} (p99), {:.1} (mean)",
        sizes.len(),
        dir.display(),
        sizes.get(n / 2).copied().unwrap_or(0),
        sizes.get(n * 99 / 100).copied().unwrap_or(0),
        sizes.iter().sum::<usize>() as f64 / n as f64
    );
    println!("{:36} {:>10} {:>10} {:>10}", "part", "median µs", "p99 µs", "mean µs");
    let total: Vec<Duration> = (0..read.len())
        .map(|i| {
            read.get(i).copied().unwrap_or_default()
                + parse.get(i).copied().unwrap_or_default()
                + check.get(i).copied().unwrap_or_default()
        })
        .collect();
    for (label, mut xs) in [
        ("store: history + latest day (SQLite)", read),
        ("parse the history's bodies", parse),
        ("core: check_inspections_with", check),
        ("all three", total),
    ] {
        xs.sort_unstable();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        let mean = xs.iter().map(|d| us(*d)).sum::<f64>() / xs.len().max(1) as f64;
        println!(
            "{label:36} {:10.1} {:10.1} {:10.1}",
            xs.get(xs.len() / 2).map_or(0.0, |d| us(*d)),
            xs.get(xs.len() * 99 / 100).map_or(0.0, |d| us(*d)),
            mean
        );
    }
    Ok(())
}
