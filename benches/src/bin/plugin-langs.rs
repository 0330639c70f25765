//! The per-record cost of one standard written four ways: the `herbal` plugin in Rust, JavaScript
//! (componentize-js) and Python (componentize-py), and as a rule table — each built into a manifest directory
//! by `scripts/bench-plugins.sh`, all run here in one process on the same records, through the same host
//! (sandbox, fresh instance per call of 256 records, findings judged), best of five rounds each.
//!
//! `plugin-langs DIR…`: each DIR holds one built `herbal` (manifest + component or table); the records are the
//! herbal test vectors' records, cycled to `--records N` (default 2,048). Prints one line per version and the
//! ratios to the first.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use jiancha_core::Inspection;
use jiancha_core::model::Enterprise;
use jiancha_core::vectors::Vectors;
use jiancha_plugin_host::{Limits, PluginSet, TrustPolicy};

fn main() -> std::process::ExitCode {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut n = 2048usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--records" {
            n = args.next().and_then(|v| v.parse().ok()).unwrap_or(n);
        } else {
            dirs.push(PathBuf::from(a));
        }
    }
    if dirs.is_empty() {
        eprintln!("usage: plugin-langs [--records N] DIR… (see scripts/bench-plugins.sh)");
        return std::process::ExitCode::from(2);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = match std::fs::read_to_string(root.join("plugins/herbal/vectors.json")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read plugins/herbal/vectors.json: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let Ok(vectors) = serde_json::from_str::<Vectors>(&text) else {
        eprintln!("malformed plugins/herbal/vectors.json");
        return std::process::ExitCode::from(2);
    };
    // Every case's record, with an id of its own and its case's enterprise.
    let mut enterprises: HashMap<String, Enterprise> = HashMap::new();
    let mut records: Vec<Inspection> = Vec::new();
    for i in 0..n {
        let Some(case) = vectors.cases.get(i % vectors.cases.len()) else { break };
        let mut value = case.inspection.clone();
        let eid = format!("E{i:06}");
        value["id"] = serde_json::json!(format!("R{i:06}"));
        value["enterprise"] = serde_json::json!(eid);
        let Ok(r) = serde_json::from_value::<Inspection>(value) else { continue };
        let mut e = case.enterprise.clone();
        e.id = eid.as_str().into();
        enterprises.insert(eid, e);
        records.push(r);
    }
    let lines: Vec<String> = records.iter().map(|r| serde_json::to_string(r).unwrap_or_default()).collect();
    let input: Vec<(usize, &Inspection, Option<&str>)> =
        records.iter().zip(&lines).enumerate().map(|(i, (r, l))| (i, r, Some(l.as_str()))).collect();
    let trust = TrustPolicy { keys: Vec::new(), allow_unsigned: true, revoked: Vec::new() };
    let mut first: Option<f64> = None;
    let mut reference: Option<usize> = None;
    println!(
        "{:<12} {:>10} {:>14} {:>10} {:>9} {:>10}",
        "version", "records", "µs per record", "× first", "findings", "load ms"
    );
    for dir in &dirs {
        let label = dir.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        let started = Instant::now();
        let Ok(mut set) = PluginSet::new(Limits::default(), None) else { return std::process::ExitCode::FAILURE };
        if let Err(e) = set.load_dir(dir, &trust) {
            eprintln!("{label}: {e}");
            return std::process::ExitCode::FAILURE;
        }
        let load_ms = started.elapsed().as_secs_f64() * 1e3;
        let mut best = f64::INFINITY;
        let mut findings = 0;
        let mut checked = 0;
        for _ in 0..5 {
            let mut run = set.run();
            let t = Instant::now();
            let out = run.check(&input, |id| enterprises.get(id));
            best = best.min(t.elapsed().as_secs_f64());
            findings = out.values().map(Vec::len).sum();
            checked = run.checked().iter().map(|(_, c)| *c).sum();
            let failed = out.values().flatten().filter(|f| f.rule == "plugin.failed").count();
            if failed > 0 {
                eprintln!("{label}: {failed} records failed (plugin.failed)");
                return std::process::ExitCode::FAILURE;
            }
        }
        // The versions give the same findings, or the comparison means nothing.
        if *reference.get_or_insert(findings) != findings {
            eprintln!("{label}: {findings} findings, the first version gave {reference:?}");
            return std::process::ExitCode::FAILURE;
        }
        let per = best * 1e6 / checked.max(1) as f64;
        let ratio = per / *first.get_or_insert(per);
        println!("{label:<12} {checked:>10} {per:>14.1} {ratio:>10.2} {findings:>9} {load_ms:>10.0}");
    }
    std::process::ExitCode::SUCCESS
}
