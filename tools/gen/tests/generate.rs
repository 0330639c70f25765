//! `jiancha-gen`: determinism, a realistic mix that a batch run reads and judges, and province-sized ids.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jiancha-gen"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jiancha-gen-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_gen(out: &Path, args: &[&str]) {
    let o = bin().args(args).arg("--out").arg(out).output().unwrap();
    assert!(o.status.success(), "gen failed: {}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("records") && summary.contains("bytes"), "summary: {summary}");
}

const FILES: [&str; 7] = [
    "dataset/agencies.json",
    "dataset/inspectors.json",
    "dataset/enterprises.json",
    "dataset/items.json",
    "dataset/plans.json",
    "dataset/policy.toml",
    "records.jsonl",
];

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn json(dir: &Path, file: &str) -> Vec<Value> {
    serde_json::from_slice::<Vec<Value>>(&read(dir, file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// GB 32100-2015, written out independently of the generator and of the core.
fn uscc_valid(code: &str) -> bool {
    let values: Option<Vec<usize>> = code.chars().map(|c| ALPHABET.find(c)).collect();
    let Some(values) = values else { return false };
    if values.len() != 18 {
        return false;
    }
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31 == values[17]
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let (a, b, c) = (tmp("seed-a"), tmp("seed-b"), tmp("seed-c"));
    run_gen(&a, &["--records", "3000", "--seed", "11"]);
    run_gen(&b, &["--records", "3000", "--seed", "11"]);
    run_gen(&c, &["--records", "3000", "--seed", "12"]);
    for f in FILES {
        assert_eq!(read(&a, f), read(&b, f), "{f} differs between two runs with the same seed");
    }
    assert_ne!(read(&a, "records.jsonl"), read(&c, "records.jsonl"), "another seed gave the same records");
    assert_ne!(read(&a, "dataset/enterprises.json"), read(&c, "dataset/enterprises.json"));
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn two_thousand_records_check_cleanly_and_fire_many_rules() {
    let dir = tmp("check");
    run_gen(&dir, &["--records", "2000", "--seed", "1"]);

    // Every line is a JSON object of realistic size, dated in 2025 (+08:00), with a unique id.
    let text = String::from_utf8(read(&dir, "records.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2000);
    let mut ids = HashSet::new();
    let (mut onsite, mut offsite, mut joint, mut sector) = (0, 0, 0, 0);
    for line in &lines {
        let r: Value = serde_json::from_str(line).unwrap();
        assert!(ids.insert(r["id"].as_str().unwrap().to_string()), "duplicate id {}", r["id"]);
        let start = r["started_at"].as_str().unwrap();
        assert!(start.starts_with("2025-") && start.ends_with("+08:00"), "{start}");
        match r["mode"].as_str().unwrap() {
            "on-site" => onsite += 1,
            _ => offsite += 1,
        }
        if !r["joint_agencies"].as_array().unwrap().is_empty() {
            joint += 1;
        }
        if !r["sector_data"].as_object().unwrap().is_empty() {
            sector += 1;
        }
    }
    let avg = text.len() / lines.len();
    assert!((550..=1100).contains(&avg), "average record size {avg} bytes");
    assert!(offsite > 200 && onsite > 1000, "mode mix: {onsite} on-site, {offsite} off-site");
    assert!(joint * 100 / onsite >= 12, "joint inspections: {joint} of {onsite} on-site");
    assert!(sector > 100, "sector_data on {sector} records");

    // A batch run reads every line and judges it.
    let ds = jiancha_batch::load_dataset(&dir.join("dataset")).unwrap();
    let mut lines: Vec<jiancha_core::OutputLine> = Vec::new();
    jiancha_batch::check(jiancha_batch::Records::path(dir.join("records.jsonl")), &ds, None, &mut (), &mut lines)
        .unwrap();
    let mut records = 0;
    let mut clean = 0;
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for line in &lines {
        let o = serde_json::to_value(line).unwrap();
        if o["scope"] == "inspection" {
            records += 1;
            assert!(o["error"].is_null(), "unreadable line: {o}");
            let findings = o["findings"].as_array().unwrap();
            if findings.is_empty() {
                clean += 1;
            }
        }
        for f in o["findings"].as_array().unwrap() {
            *rules.entry(f["rule"].as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    assert_eq!(records, 2000);
    assert!(clean * 100 >= records * 80, "only {clean} of {records} records are clean");
    assert!(clean < records, "no breach at all");
    assert!(rules.len() >= 20, "only {} rules fired: {rules:?}", rules.len());
    for must in ["code.missing", "notice.missing", "approval.missing", "alert.repeated", "joint.rate-below-target"] {
        assert!(rules.contains_key(must), "{must} never fired: {rules:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn province_ids_are_unique_and_uscc_valid() {
    let dir = tmp("province");
    run_gen(&dir, &["--records", "3000", "--agencies", "300", "--enterprises", "150000", "--seed", "5"]);
    let enterprises = json(&dir, "dataset/enterprises.json");
    assert_eq!(enterprises.len(), 150_000);
    let mut seen = HashSet::new();
    let mut regions = BTreeSet::new();
    for e in &enterprises {
        let id = e["id"].as_str().unwrap();
        assert!(uscc_valid(id), "invalid USCC {id}");
        assert!(seen.insert(id.to_string()), "duplicate USCC {id}");
        let region = &id[2..8];
        assert!(region.starts_with("33"), "not a Zhejiang region: {id}");
        regions.insert(region.to_string());
    }
    assert!(regions.contains("330727"), "Pan'an is missing");
    assert!(regions.len() >= 20, "only {} counties", regions.len());
    let agencies = json(&dir, "dataset/agencies.json");
    assert_eq!(agencies.len(), 300);
    for file in ["dataset/agencies.json", "dataset/inspectors.json", "dataset/items.json", "dataset/plans.json"] {
        let rows = json(&dir, file);
        let ids: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), rows.len(), "duplicate id in {file}");
    }
    // Every record names a known agency, and (but for the few typos put in on purpose) a known enterprise.
    let agency_ids: HashSet<&str> = agencies.iter().map(|a| a["id"].as_str().unwrap()).collect();
    let text = String::from_utf8(read(&dir, "records.jsonl")).unwrap();
    let mut unknown = 0;
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        assert!(agency_ids.contains(r["lead_agency"].as_str().unwrap()));
        if !seen.contains(r["enterprise"].as_str().unwrap()) {
            unknown += 1;
        }
    }
    assert!(unknown * 100 < 3000, "{unknown} records name an unknown enterprise");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn county_default_is_panan() {
    let dir = tmp("county");
    run_gen(&dir, &["--records", "600", "--seed", "3"]);
    let agencies = json(&dir, "dataset/agencies.json");
    assert_eq!(agencies.len(), 14);
    assert!(agencies.iter().any(|a| a["name"] == "磐安县市场监督管理局"));
    let enterprises = json(&dir, "dataset/enterprises.json");
    assert!(enterprises.len() >= 60);
    assert!(enterprises.iter().all(|e| &e["id"].as_str().unwrap()[2..8] == "330727"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_options_are_refused() {
    let dir = tmp("bad");
    let o = bin().args(["--records", "10", "--agencies", "0", "--out"]).arg(&dir).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--agencies"));
    let _ = std::fs::remove_dir_all(dir);
}
