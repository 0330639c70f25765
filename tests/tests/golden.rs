//! Golden scenarios: `tests/golden/<name>/` holds a dataset, records and the expected output.
//!
//! - `expected.jsonl` is the exact output of `jiancha check --format jsonl`; re-bless every scenario after an
//!   intended change with `scripts/bless.sh` (`JIANCHA_BLESS=1`), and a failure prints a unified diff.
//!
//! Each scenario is a test of its own (libtest-mimic), so one can be run by name and a failure names it.
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

/// A unified diff of the expected and the actual output, three lines of context.
fn diff(expected: &str, got: &str) -> String {
    similar::TextDiff::from_lines(expected, got)
        .unified_diff()
        .context_radius(3)
        .header("expected.jsonl", "actual output")
        .to_string()
}

/// One scenario: its expect.json must hold, and its output must be expected.jsonl byte for byte (or, with
/// `JIANCHA_BLESS=1`, becomes it). Returns the rule ids its expect.json lists.
fn scenario(dir: &Path, bless: bool) -> Result<Vec<String>, String> {
    let report = run_scenario(dir).map_err(|e| format!("could not run: {e}"))?;
    let ids = check_expect(dir, &report.lines).map_err(|p| format!("expect.json does not hold:\n{p}"))?;
    // Every finding says what is wrong in both languages and which clause it breaks (findings about the data
    // itself rest on none).
    for l in &report.lines {
        for f in &l.findings {
            let about_the_data = f.rule.starts_with("data.") || f.rule.starts_with("calendar.");
            if f.message.is_empty() || f.message_en.is_empty() || (f.citations.is_empty() && !about_the_data) {
                return Err(format!("a `{}` finding on line `{}` lacks a message or a citation", f.rule, key(l)));
            }
        }
    }
    let got = report.to_jsonl();
    let path = dir.join("expected.jsonl");
    if bless {
        return std::fs::write(&path, &got).map(|()| ids).map_err(|e| format!("cannot bless: {e}"));
    }
    match std::fs::read_to_string(&path) {
        Ok(want) if want == got => Ok(ids),
        Ok(want) => {
            Err(format!("output differs from expected.jsonl (bless with scripts/bless.sh):\n{}", diff(&want, &got)))
        }
        Err(_) => Err("no expected.jsonl; run scripts/bless.sh".to_string()),
    }
}

/// One test per scenario (`cargo test -p jiancha-tests --test golden -- <name>` runs one), and one that every
/// rule of the catalogue fires in some scenario's expect.json.
fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let bless = std::env::var_os("JIANCHA_BLESS").is_some();
    let dirs = scenarios();
    let mut tests: Vec<libtest_mimic::Trial> = dirs
        .iter()
        .map(|dir| {
            let name = dir.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let dir = dir.clone();
            libtest_mimic::Trial::test(name, move || scenario(&dir, bless).map(|_| ()).map_err(Into::into))
        })
        .collect();
    tests.push(libtest_mimic::Trial::test("every_rule_fires_in_some_scenario", move || {
        if dirs.is_empty() {
            return Err("no golden scenarios found under tests/golden".into());
        }
        let mut fired: Vec<String> = Vec::new();
        for dir in &dirs {
            let path = dir.join("expect.json");
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let expect: BTreeMap<String, Vec<String>> =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            fired.extend(expect.into_values().flatten());
        }
        let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !fired.iter().any(|f| f == id)).collect();
        if missing.is_empty() { Ok(()) } else { Err(format!("rules that fire in no expect.json: {missing:?}").into()) }
    }));
    libtest_mimic::run(&args, tests).exit_code()
}
