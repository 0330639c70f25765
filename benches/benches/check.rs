//! Criterion benchmarks of the rule engine on the built-in example (examples/panan):
//! - `per_record`: one inspection checked against the dataset with its enterprise's history (what a web form does);
//! - `batch`: the whole example batch, parse included, as `jiancha check` runs it.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiancha_core::{Engine, Input, parse_records};

fn benches(c: &mut Criterion) {
    let (ds, inputs) = match jiancha_benches::example() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("skipping benchmarks: {e}");
            return;
        }
    };
    let records: Vec<_> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Record { inspection, .. } => Some((**inspection).clone()),
            Input::Error { .. } => None,
        })
        .collect();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/panan/records-2025.jsonl"),
    )
    .unwrap_or_default();
    let engine = Engine::new(&ds);

    // One record with the history of its enterprise.
    if let Some(target) = records.last() {
        let history: Vec<_> =
            records.iter().filter(|r| r.enterprise == target.enterprise && r.id != target.id).cloned().collect();
        c.bench_function("per_record/with_history", |b| {
            b.iter(|| black_box(engine.validate_inspection(target.clone(), history.clone())))
        });
    }

    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("example/parse_and_check", |b| {
        b.iter(|| black_box(engine.check(parse_records(black_box(&text))).to_jsonl()))
    });
    g.bench_function("example/check_only", |b| b.iter(|| black_box(engine.check(inputs.clone()))));
    g.finish();
}

criterion_group!(check, benches);
criterion_main!(check);
