//! Criterion benchmarks of the plugin host (needs `scripts/build-plugins.sh`):
//! - `plugin/overhead/batch-{1,256}`: a trivial plugin (`chaos-trivial`, returns nothing) over 256 records, in calls
//!   of 1 or 256 records: the per-record cost of the machinery (encoding, a fresh sandboxed instance per call,
//!   decoding), reported per record through the throughput;
//! - `plugin/safety/batch-256`: the real `safety` plugin on the same records;
//! - `plugin/load/{cold,cached}`: loading the `safety` plugin with an empty and with a warm compile cache.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiancha_core::Inspection;
use jiancha_core::model::Enterprise;
use jiancha_plugin_host::{Limits, PluginSet, TrustPolicy};

fn built() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/plugins");
    dir.join("fixtures/trivial/chaos-trivial.manifest.json").exists().then_some(dir)
}

fn records(id: &str, n: usize) -> Vec<Inspection> {
    (0..n)
        .filter_map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("R{i:05}"), "trigger": "random-sampling", "mode": "on-site", "lead_agency": "A1",
                "inspectors": ["P1", "P2"], "enterprise": "91330727MA2HQ0008A",
                "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00", "items": ["IT-1", "IT-2"],
                "approval": {"approved_at": "2025-05-09T10:00:00+08:00"}, "code": "ZJ1", "code_assigned_at": "2025-05-09T10:05:00+08:00",
                "notice": {"sent_at": "2025-05-09T10:10:00+08:00", "time": true, "basis": true, "purpose": true, "content": true},
                "sector_data": { id: {"checked": ["training-records"], "record": {"place": true, "problems": true, "handling": true, "signatures": true}} }
            }))
            .ok()
        })
        .collect()
}

fn enterprise() -> Enterprise {
    Enterprise {
        id: "91330727MA2HQ0008A".into(),
        name: "E".into(),
        industry: "C3000".into(),
        risk_color: None,
        credit_class: None,
        tags: vec![],
    }
}

fn host(manifest: &Path, batch: usize, cache: Option<PathBuf>) -> Option<PluginSet> {
    let mut h = PluginSet::new(Limits { batch_size: batch, ..Limits::default() }, cache).ok()?;
    h.load(manifest, &TrustPolicy { keys: Vec::new(), allow_unsigned: true, revoked: Vec::new() }).ok()?;
    Some(h)
}

fn benches(c: &mut Criterion) {
    let Some(dir) = built() else {
        eprintln!("skipping plugin benchmarks: run scripts/build-plugins.sh first");
        return;
    };
    let e = enterprise();
    let mut g = c.benchmark_group("plugin");
    for (name, id, manifest) in [
        ("overhead", "chaos-trivial", dir.join("fixtures/trivial/chaos-trivial.manifest.json")),
        ("safety", "safety", dir.join("samples/safety.manifest.json")),
    ] {
        let recs = records(id, 256);
        // As `jiancha check` runs it on JSON Lines: each record with the text of its line.
        let lines: Vec<String> = recs.iter().map(|r| serde_json::to_string(r).unwrap_or_default()).collect();
        let input: Vec<(usize, &Inspection, Option<&str>)> =
            recs.iter().zip(&lines).enumerate().map(|(i, (r, l))| (i, r, Some(l.as_str()))).collect();
        g.throughput(Throughput::Elements(recs.len() as u64));
        for batch in [1usize, 256] {
            if name == "safety" && batch == 1 {
                continue;
            }
            let Some(set) = host(&manifest, batch, None) else { continue };
            let mut h = set.run();
            g.bench_function(format!("{name}/batch-{batch}"), |b| b.iter(|| black_box(h.check(&input, |_| Some(&e)))));
        }
    }
    // What the host spends encoding the records alone, for comparison with the overhead above.
    let recs = records("chaos-trivial", 256);
    g.throughput(Throughput::Elements(recs.len() as u64));
    g.bench_function("encode-only/256", |b| {
        b.iter(|| black_box(recs.iter().map(|r| serde_json::to_string(r).unwrap_or_default()).collect::<Vec<_>>()))
    });
    g.throughput(Throughput::Elements(1));
    let safety = dir.join("samples/safety.manifest.json");
    let cache = std::env::temp_dir().join(format!("jiancha-bench-cache-{}", std::process::id()));
    let _ = host(&safety, 256, Some(cache.clone()));
    g.bench_function("load/cold", |b| b.iter(|| black_box(host(&safety, 256, None))));
    g.bench_function("load/cached", |b| b.iter(|| black_box(host(&safety, 256, Some(cache.clone())))));
    g.finish();
    let _ = std::fs::remove_dir_all(&cache);
}

criterion_group!(plugins, benches);
criterion_main!(plugins);
