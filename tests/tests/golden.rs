//! Golden scenarios: `tests/golden/<name>/` holds a dataset, records and the expected output.
//!
//! - `expected.jsonl` is the exact output of `jiancha check --format jsonl`; re-bless every scenario after an
//!   intended change with `scripts/bless.sh` (`JIANCHA_BLESS=1`), and a failure prints the differing lines.
//! - `expect.json` is written by hand from the spec: for each output line ("<line>" or "<scope> <id>") the rule
//!   ids that must fire there (`"error"` for an unreadable line). Lines it does not list must have no findings.
//!   It is never blessed: it is the independent statement of what the law requires.

use std::collections::BTreeMap;
use std::path::Path;

use jiancha_core::{OutputLine, RULES};
use jiancha_tests::{run_scenario, scenarios};

fn key(l: &OutputLine) -> String {
    match l.line {
        Some(n) => n.to_string(),
        None => format!("{} {}", l.scope.key(), l.id.clone().unwrap_or_default()),
    }
}

fn rules_of(l: &OutputLine) -> Vec<String> {
    let mut v: Vec<String> = l.findings.iter().map(|f| f.rule.to_string()).collect();
    if l.error.is_some() {
        v.push("error".into());
    }
    v.sort();
    v
}

fn check_expect(dir: &Path, lines: &[OutputLine]) -> Result<Vec<String>, String> {
    let path = dir.join("expect.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let expect: BTreeMap<String, Vec<String>> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let got: BTreeMap<String, Vec<String>> = lines.iter().map(|l| (key(l), rules_of(l))).collect();
    let mut problems = Vec::new();
    for (k, want) in &expect {
        let mut want = want.clone();
        want.sort();
        match got.get(k) {
            // Plan, agency, enterprise and dataset lines exist only when they have findings.
            None if want.is_empty() && k.contains(' ') => {}
            None => problems.push(format!("  line `{k}`: expected {want:?}, but there is no such output line")),
            Some(have) if *have != want => problems.push(format!("  line `{k}`: expected {want:?}, got {have:?}")),
            Some(_) => {}
        }
    }
    for (k, have) in &got {
        if !expect.contains_key(k) && !have.is_empty() {
            problems.push(format!("  line `{k}`: not listed in expect.json, but got {have:?}"));
        }
    }
    if problems.is_empty() { Ok(expect.values().flatten().cloned().collect()) } else { Err(problems.join("\n")) }
}

fn diff(expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), got.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(g.len()) {
        let (a, b) = (e.get(i).copied().unwrap_or("<none>"), g.get(i).copied().unwrap_or("<none>"));
        if a != b {
            out.push_str(&format!("  output line {}:\n    - {a}\n    + {b}\n", i + 1));
        }
    }
    out
}

#[test]
fn golden_scenarios() {
    let bless = std::env::var_os("JIANCHA_BLESS").is_some();
    let dirs = scenarios();
    assert!(!dirs.is_empty(), "no golden scenarios found under tests/golden");
    let mut failures = Vec::new();
    let mut fired: Vec<String> = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let report = match run_scenario(dir) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: could not run: {e}"));
                continue;
            }
        };
        match check_expect(dir, &report.lines) {
            Ok(ids) => fired.extend(ids),
            Err(p) => failures.push(format!("{name}: expect.json does not hold:\n{p}")),
        }
        let got = report.to_jsonl();
        let path = dir.join("expected.jsonl");
        if bless {
            if let Err(e) = std::fs::write(&path, &got) {
                failures.push(format!("{name}: cannot bless: {e}"));
            }
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{name}: output differs from expected.jsonl:\n{}", diff(&want, &got))),
            Err(_) => failures.push(format!("{name}: no expected.jsonl; run scripts/bless.sh")),
        }
    }
    for r in RULES {
        if !fired.iter().any(|f| f == r.id) {
            failures.push(format!("rule `{}` fires in no golden scenario's expect.json", r.id));
        }
    }
    assert!(failures.is_empty(), "{} golden failure(s):\n{}", failures.len(), failures.join("\n"));
}
