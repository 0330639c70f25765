//! The sample standards written in every kind: `safety` in Rust, JavaScript and Python, `herbal` in Rust,
//! JavaScript, Python and as a rule table. Each port is tested natively with its SDK's runner and built with
//! `jiancha plugin build`, then run in the sandbox on the Rust plugin's vectors (`jiancha plugin test`), and the
//! findings of all the kinds on the Rust plugin's vectors are compared field by field in `jiancha check`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::scaffold::ok;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn jiancha(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jiancha")).current_dir(repo()).args(args).output().unwrap()
}

/// Builds `plugins/<src>` into a fresh directory and runs it on `plugins/<vectors>` in the sandbox.
fn built_passes(src: &str, vectors: &str, cases: usize) -> PathBuf {
    // Two tests build the same port at once (the table alone, and beside the other languages): a directory each.
    static BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = std::env::temp_dir().join(format!("jiancha-port-{src}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = out.to_string_lossy().to_string();
    ok(jiancha(&["plugin", "build", &format!("plugins/{src}"), "--out", &o]), &format!("plugin build {src}"));
    let manifest = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(".manifest.json"))
        .unwrap();
    let said = ok(
        jiancha(&["plugin", "test", &manifest.to_string_lossy(), "--vectors", &format!("plugins/{vectors}")]),
        &format!("plugin test {src}"),
    );
    assert!(said.contains(&format!("{cases} passed, 0 failed")), "{src}: {said}");
    out
}

fn tools() -> bool {
    let there = std::env::var_os("JIANCHA_PLUGIN_TOOLS").is_some_and(|p| Path::new(&p).is_dir());
    if !there {
        assert!(std::env::var_os("JIANCHA_REQUIRE_PLUGIN_TOOLS").is_none(), "JIANCHA_PLUGIN_TOOLS is not set");
        eprintln!("skipped: JIANCHA_PLUGIN_TOOLS is not set (bash scripts/plugin-tools.sh installs the tool chains)");
    }
    there
}

/// The findings of `jiancha check` over the vectors' records with the plugin in `dir`, each as (record, rule,
/// severity, path, message, message_en) — the host's mark of an unverified plugin taken off.
fn findings(dir: &Path, vectors: &str) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("plugins").join(vectors)).unwrap()).unwrap();
    let cases = v["cases"].as_array().unwrap();
    let mut enterprises = Vec::new();
    let mut lines = String::new();
    for (i, c) in cases.iter().enumerate() {
        let eid = format!("91330727MA2T{i:05}X");
        let mut e = c["enterprise"].clone();
        e["id"] = serde_json::json!(eid);
        enterprises.push(e);
        let mut r = c["inspection"].clone();
        r["id"] = serde_json::json!(format!("V-{i:03}"));
        r["enterprise"] = serde_json::json!(eid);
        lines.push_str(&serde_json::to_string(&r).unwrap());
        lines.push('\n');
    }
    let work = dir.with_extension("run");
    std::fs::create_dir_all(&work).unwrap();
    let agencies: Vec<serde_json::Value> = cases
        .iter()
        .filter_map(|c| c["inspection"]["lead_agency"].as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|a| serde_json::json!({"id": a, "name": a, "kind": "administrative-organ"}))
        .collect();
    std::fs::write(
        work.join("ds.json"),
        serde_json::json!({"agencies": agencies, "enterprises": enterprises}).to_string(),
    )
    .unwrap();
    std::fs::write(work.join("r.jsonl"), lines).unwrap();
    let out = jiancha(&[
        "check",
        "--quiet",
        "--max-unreadable",
        "100",
        "--dataset",
        &work.join("ds.json").to_string_lossy(),
        "--plugins",
        &dir.to_string_lossy(),
        "--allow-unsigned",
        &work.join("r.jsonl").to_string_lossy(),
    ]);
    let text = ok(out, "check");
    let mut got = Vec::new();
    for line in text.lines() {
        let l: serde_json::Value = serde_json::from_str(line).unwrap();
        for f in l["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or("");
            if rule.contains('.')
                && (rule.starts_with("safety.") || rule.starts_with("herbal.") || rule.starts_with("plugin."))
            {
                let strip = |s: &str| s.replace("【未验证插件】", "").replace("[unverified plugin] ", "");
                got.push(format!(
                    "{} {rule} {} {} {} | {}",
                    l["id"],
                    f["severity"],
                    f["path"],
                    strip(f["message"].as_str().unwrap_or("")),
                    strip(f["message_en"].as_str().unwrap_or(""))
                ));
            }
        }
    }
    got.sort();
    got
}

#[test]
fn herbal_as_a_rule_table_passes_the_rust_plugins_vectors() {
    built_passes("herbal-table", "herbal/vectors.json", 38);
}

#[test]
fn safety_in_javascript_and_python_gives_the_rust_plugins_findings() {
    if !tools() {
        return;
    }
    let node = Command::new("node")
        .current_dir(repo())
        .args(["plugins/sdk-js/test-vectors.mjs", "plugins/safety-js/plugin.js", "plugins/safety/vectors.json"])
        .output()
        .unwrap();
    ok(node, "the native JavaScript run");
    let py = Command::new("python3")
        .current_dir(repo())
        .args(["plugins/sdk-py/run_vectors.py", "plugins/safety-py", "plugins/safety/vectors.json"])
        .output()
        .unwrap();
    ok(py, "the native Python run");
    let rust = built_passes("safety", "safety/vectors.json", 30);
    let rust = findings(&rust, "safety/vectors.json");
    assert!(rust.len() >= 20, "{rust:?}");
    for port in ["safety-js", "safety-py"] {
        let dir = built_passes(port, "safety/vectors.json", 30);
        let got = findings(&dir, "safety/vectors.json");
        // The same findings, messages included; only the reason quoted for unreadable data is the SDK's own.
        let same = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|f| {
                    if f.contains("plugin.sector-data-invalid") {
                        f.split(" | ").next().unwrap_or("").split(" sector_data").next().unwrap_or("").to_string()
                    } else {
                        f.clone()
                    }
                })
                .collect()
        };
        assert_eq!(same(&got), same(&rust), "{port}");
    }
}

#[test]
fn herbal_in_javascript_python_and_as_a_table_gives_the_rust_plugins_findings() {
    let table = built_passes("herbal-table", "herbal/vectors.json", 38);
    let rust = built_passes("herbal", "herbal/vectors.json", 38);
    let rust_findings = findings(&rust, "herbal/vectors.json");
    assert!(rust_findings.len() >= 25, "{rust_findings:?}");
    // The table's messages are its own; rules, severities and paths are the plugin's.
    let key = |v: &[String]| -> Vec<String> {
        v.iter().map(|f| f.split(' ').take(4).collect::<Vec<_>>().join(" ")).collect()
    };
    assert_eq!(key(&findings(&table, "herbal/vectors.json")), key(&rust_findings));
    if !tools() {
        return;
    }
    for port in ["herbal-js", "herbal-py"] {
        let dir = built_passes(port, "herbal/vectors.json", 38);
        assert_eq!(findings(&dir, "herbal/vectors.json"), rust_findings, "{port}");
    }
}
