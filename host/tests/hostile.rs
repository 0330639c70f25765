//! The hostile-input corpus of `tests/hostile/` (see its README) and a few cases made at test time (a 100 MB
//! line, a dataset part that is a directory): each bad input gets a clear error naming what is wrong, the rest of
//! the batch is checked as if it were not there, nothing panics, and memory stays bounded (peak resident memory
//! read from `JIANCHA_TIMINGS`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "tests fail loudly")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile")
}

/// What one run gave.
struct Run {
    code: Option<i32>,
    lines: Vec<serde_json::Value>,
    stderr: String,
    peak_kb: u64,
}

fn check(dataset: &Path, input: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(["check", "--dataset", dataset.to_str().unwrap(), "--progress", "none", input.to_str().unwrap()])
        .env("JIANCHA_TIMINGS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let peak_kb = stderr
        .lines()
        .filter_map(|l| l.split("peak memory ").nth(1))
        .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
        .max()
        .unwrap_or(0);
    Run { code: out.status.code(), lines, stderr, peak_kb }
}

/// The inspection lines as (line, id or "error: <path> <message>", rules).
fn summary(run: &Run) -> Vec<(u64, String, Vec<String>)> {
    run.lines
        .iter()
        .filter(|l| l["scope"] == "inspection")
        .map(|l| {
            let what = match l["error"].as_object() {
                Some(e) => format!("error: {} {}", e["path"].as_str().unwrap(), e["message"].as_str().unwrap()),
                None => l["id"].as_str().unwrap().to_string(),
            };
            let rules = l["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
            (l["line"].as_u64().unwrap(), what, rules)
        })
        .collect()
}

fn run_case(name: &str) -> (Run, Vec<(u64, String, Vec<String>)>) {
    let run = check(&corpus().join("dataset.json"), &corpus().join(name));
    assert!(run.peak_kb > 0 && run.peak_kb < 200_000, "{name}: peak {} kB\n{}", run.peak_kb, run.stderr);
    let s = summary(&run);
    (run, s)
}

/// The good records of a case are checked as usual: their ids come out with no error.
fn good(s: &[(u64, String, Vec<String>)], ids: &[&str]) {
    for id in ids {
        assert!(s.iter().any(|(_, what, _)| what == id), "{id} missing from {s:?}");
    }
}

fn error_at(s: &[(u64, String, Vec<String>)], line: u64, needle: &str) {
    let (_, what, _) = s.iter().find(|(l, _, _)| *l == line).unwrap_or_else(|| panic!("no line {line}: {s:?}"));
    assert!(what.starts_with("error: ") && what.contains(needle), "line {line}: {what}");
}

#[test]
fn invalid_utf8() {
    let (run, s) = run_case("invalid-utf8.jsonl");
    assert_eq!(run.code, Some(0));
    assert_eq!(s.len(), 4);
    good(&s, &["R1", "R4"]);
    error_at(&s, 2, "not valid UTF-8 (at byte 20)");
    error_at(&s, 3, "not valid UTF-8");
}

#[test]
fn deep_nesting() {
    let (_, s) = run_case("deep-nesting.jsonl");
    assert_eq!(s.len(), 4);
    // 20,000 nested arrays inside sector_data are the plugin's to read; the record itself is checked.
    good(&s, &["R1", "R2", "R4"]);
    error_at(&s, 3, "/items/0");
}

#[test]
fn numbers_and_times_out_of_range() {
    let (_, s) = run_case("out-of-range.jsonl");
    assert_eq!(s.len(), 7);
    good(&s, &["R1", "R7"]);
    error_at(&s, 2, "99999-03-10");
    error_at(&s, 3, "+99:00");
    error_at(&s, 4, "/lead_agency");
    error_at(&s, 5, "+275760-09-13");
    error_at(&s, 6, "number out of range");
}

#[test]
fn impossible_dates() {
    let (_, s) = run_case("bad-dates.jsonl");
    assert_eq!(s.len(), 8);
    // A time without an offset is Asia/Shanghai by the data contract (spec/data-model.md), not an error.
    good(&s, &["R1", "R3", "R8"]);
    error_at(&s, 2, "2025-02-30");
    error_at(&s, 4, "2025-13-01");
    error_at(&s, 5, "24:00:00");
    error_at(&s, 6, "2025-3-1");
    error_at(&s, 7, "/started_at");
}

#[test]
fn duplicate_ids() {
    let (_, s) = run_case("duplicate-ids.jsonl");
    good(&s, &["R2", "R3"]);
    for line in [1, 3, 5] {
        error_at(&s, line, "duplicate record id `R1` (lines 1, 3, 5)");
    }
}

#[test]
fn empty_and_blank_files() {
    for name in ["empty.jsonl", "blank-lines.jsonl"] {
        let (run, s) = run_case(name);
        assert_eq!(run.code, Some(0), "{name}");
        assert!(s.is_empty(), "{name}: {s:?}");
        assert!(run.stderr.contains("0 records"), "{}", run.stderr);
    }
}

#[test]
fn lines_that_are_not_records() {
    let (_, s) = run_case("not-objects.jsonl");
    assert_eq!(s.len(), 9);
    good(&s, &["R1", "R8"]);
    for line in [2, 3, 4, 5, 7] {
        error_at(&s, line, "each line must be one JSON object");
    }
    error_at(&s, 6, "EOF while parsing");
    // An array where the contract has an object is refused (serde alone would read it field by field).
    error_at(&s, 9, "/approval");
}

#[test]
fn entrustment_cycles() {
    let (_, s) = run_case("entrustment-cycle.jsonl");
    good(&s, &["R1", "R2", "R3", "R4"]);
    for id in ["R2", "R3"] {
        let (_, _, rules) = s.iter().find(|(_, what, _)| what == id).unwrap();
        assert!(rules.contains(&"subject.invalid-entrustment".to_string()), "{id}: {rules:?}");
    }
    let (_, _, rules) = s.iter().find(|(_, what, _)| what == "R1").unwrap();
    assert!(!rules.contains(&"subject.invalid-entrustment".to_string()));
}

#[test]
fn a_truncated_gzip_is_refused_as_a_whole() {
    let run = check(&corpus().join("dataset.json"), &corpus().join("truncated.jsonl.gz"));
    assert_eq!(run.code, Some(2));
    assert!(run.lines.is_empty(), "a partial check must not look like a complete one");
    assert!(run.stderr.contains("truncated.jsonl.gz") && run.stderr.contains("truncated"), "{}", run.stderr);
}

#[test]
fn a_100_mb_line_costs_bounded_memory() {
    let dir = std::env::temp_dir().join(format!("jiancha-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.jsonl");
    let first = std::fs::read_to_string(corpus().join("entrustment-cycle.jsonl")).unwrap();
    let first = first.lines().next().unwrap();
    let mut text = String::with_capacity(101 << 20);
    text.push_str(first);
    text.push_str("\n{\"id\":\"");
    text.push_str(&"x".repeat(100 << 20));
    text.push_str("\"}\n");
    text.push_str(&first.replace("\"R1\"", "\"R3\""));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let run = check(&corpus().join("dataset.json"), &path);
    let s = summary(&run);
    assert_eq!(s.len(), 3);
    good(&s, &["R1", "R3"]);
    error_at(&s, 2, "exceeds the 16 MiB limit");
    // The line is skipped, not held: far less than its 100 MB.
    assert!(run.peak_kb < 80_000, "peak {} kB", run.peak_kb);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dataset_part_that_is_a_directory() {
    let dir = std::env::temp_dir().join(format!("jiancha-hostile-dir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("agencies.json")).unwrap();
    let run = check(&dir, &corpus().join("empty.jsonl"));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("agencies.json"), "{}", run.stderr);
    let run = check(&dir.join("agencies.json"), &corpus().join("empty.jsonl"));
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("agencies.json"), "{}", run.stderr);
    let run = check(&corpus().join("dataset.json"), &dir);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
