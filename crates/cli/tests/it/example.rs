//! The built-in example (examples/panan) is what a new user runs first: every rule must fire on it, most
//! records must be clean, and the binary's output must be the library's, byte for byte.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::Path;
use std::process::Command;

use jiancha_core::{Engine, RULES};

fn example() -> (std::path::PathBuf, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    (root.join("examples/panan"), root.join("examples/panan/records-2025.jsonl"))
}

#[test]
fn every_rule_fires_on_the_example_and_most_records_are_clean() {
    let (ds, records) = example();
    let out = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(["check", "--quiet", "--dataset"])
        .arg(&ds)
        .arg(&records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let fired: Vec<&str> =
        lines.iter().flat_map(|l| l["findings"].as_array().unwrap()).map(|f| f["rule"].as_str().unwrap()).collect();
    for r in RULES {
        assert!(fired.contains(&r.id), "rule {} does not fire on the example", r.id);
    }
    let inspections: Vec<_> = lines.iter().filter(|l| l["scope"] == "inspection").collect();
    let input_lines = std::fs::read_to_string(&records).unwrap().lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(inspections.len(), input_lines);
    assert!(inspections.len() >= 500);
    let clean = inspections.iter().filter(|l| l["findings"].as_array().is_some_and(|f| f.is_empty())).count();
    assert!(clean * 10 >= inspections.len() * 8, "only {clean} of {} records are clean", inspections.len());
    assert!(inspections.iter().all(|l| l.get("error").is_none()));

    // The library gives the same bytes.
    let dataset = jiancha_batch::load_dataset(&ds).unwrap();
    let inputs = jiancha_batch::read_inputs(&records.display().to_string()).unwrap();
    assert_eq!(Engine::new(&dataset).check(inputs).to_jsonl(), stdout);
}

#[test]
fn example_has_at_least_sixty_valid_pan_an_enterprises() {
    let (ds, _) = example();
    let dataset = jiancha_batch::load_dataset(&ds).unwrap();
    let valid = dataset
        .enterprises
        .iter()
        .filter(|e| e.id.get(2..8) == Some("330727") && jiancha_core::uscc::validate(&e.id).is_ok())
        .count();
    assert!(valid >= 60, "{valid} valid 330727 enterprises");
}

#[test]
fn output_is_the_same_on_one_thread_and_on_two() {
    let (ds, records) = example();
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_jiancha"))
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--quiet", "--dataset"])
            .arg(&ds)
            .arg(&records)
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("2"), "and the same on every run");
}

/// The example's second reading: `examples/panan/reference.py` (rules written again from the spec, in Python)
/// agrees with the engine on every record's rules and every cross-record finding's `related`, and the example's
/// data passes its contract checks with every rule fired.
#[test]
fn the_reference_checker_agrees_with_the_engine_on_the_example() {
    let (ds, records) = example();
    let out = Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .args(["check", "--quiet", "--format", "jsonl", "--dataset"])
        .arg(&ds)
        .arg(&records)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let findings = std::env::temp_dir().join(format!("jiancha-example-{}.jsonl", std::process::id()));
    std::fs::write(&findings, &out.stdout).unwrap();
    let script = ds.join("reference.py");
    let runs: [Vec<std::ffi::OsString>; 2] =
        [vec!["--validate".into()], vec!["--compare".into(), findings.clone().into_os_string()]];
    for args in runs {
        let run =
            Command::new("python3").arg(&script).args(&args).output().expect("python3 runs the reference checker");
        if args.len() == 2 {
            std::fs::remove_file(&findings).unwrap();
        }
        let text = String::from_utf8_lossy(&run.stdout);
        assert_eq!(
            run.status.code(),
            Some(0),
            "reference.py {args:?}:\n{text}{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(text.starts_with("0 "), "reference.py {args:?}: {text}");
    }
}
