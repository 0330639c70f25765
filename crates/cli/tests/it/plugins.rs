//! The plugin host against real components: the sample plugins, and one misbehaving fixture per way a plugin can
//! go wrong. Every misbehaviour must be contained to the records it happens on, and every other result must be
//! exactly what the well-behaved control gives. Needs `scripts/build-plugins.sh` (the test script runs it).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiancha_core::Inspection;
use jiancha_core::finding::Finding;
use jiancha_core::model::Enterprise;
use jiancha_plugin_host::manifest::{self, Manifest, sha256_hex};
use jiancha_plugin_host::{Limits, PluginSet, TrustPolicy};

fn built() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/plugins");
    assert!(dir.join("samples/safety.manifest.json").exists(), "plugins not built: run scripts/build-plugins.sh");
    dir
}

fn fixture(name: &str) -> PathBuf {
    let dir = built().join("fixtures").join(name);
    std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().ends_with(".manifest.json"))
        .unwrap_or_else(|| panic!("no manifest in {}", dir.display()))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("jiancha-plugins-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn limits() -> Limits {
    Limits { fuel_per_record: 5_000_000, fuel_base: 20_000_000, memory_bytes: 32 << 20, ..Limits::default() }
}

fn unsigned() -> TrustPolicy {
    TrustPolicy { keys: Vec::new(), allow_unsigned: true, revoked: Vec::new() }
}

fn enterprise() -> Enterprise {
    Enterprise {
        id: "91330727MA2HQ0008A".into(),
        name: "磐安某中药饮片有限公司".into(),
        industry: "C2730".into(),
        risk_color: None,
        credit_class: None,
        tags: vec![],
    }
}

/// Records 1..=n for plugin `id`; those in `bad` ask the plugin to misbehave.
fn records(id: &str, n: usize, bad: &[usize]) -> Vec<Inspection> {
    (1..=n)
        .map(|i| {
            let json = serde_json::json!({
                "id": format!("R{i:03}"), "trigger": "random-sampling", "mode": "on-site", "lead_agency": "A1",
                "inspectors": ["P1", "P2"], "enterprise": "91330727MA2HQ0008A",
                "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00", "items": [],
                "sector_data": { id: { "bad": bad.contains(&i) } }
            });
            serde_json::from_value(json).unwrap()
        })
        .collect()
}

/// One run of `host`'s plugins over `recs`; the run's notices are added to the set's (loading) notices, so that a
/// test reads every message in one list.
fn run(host: &mut PluginSet, recs: &[Inspection]) -> HashMap<usize, Vec<Finding>> {
    let e = enterprise();
    let input: Vec<(usize, &Inspection, Option<&str>)> =
        recs.iter().enumerate().map(|(i, r)| (i + 1, r, None)).collect();
    let mut run = host.run();
    let found = run.check(&input, |_| Some(&e));
    let notices = std::mem::take(&mut run.notices);
    host.notices.extend(notices);
    found
}

fn rules_of(found: &HashMap<usize, Vec<Finding>>, pos: usize) -> Vec<String> {
    found.get(&pos).map(|f| f.iter().map(|f| f.rule.to_string()).collect()).unwrap_or_default()
}

/// Loads fixture `name`, runs 8 records with record 3 and 6 bad, and checks containment; returns the message.
fn contained(name: &str, id: &str, reason: &str) -> String {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture(name), &unsigned()).unwrap();
    let found = run(&mut host, &records(id, 8, &[3, 6]));
    for pos in [1, 2, 4, 5, 7, 8] {
        assert_eq!(rules_of(&found, pos), vec![format!("{id}.seen")], "{name}: record {pos} lost its result");
        let msg = &found[&pos][0].message;
        assert!(msg.contains(&format!("R{pos:03}")), "{name}: record {pos} got another record's answer: {msg}");
    }
    for pos in [3, 6] {
        assert_eq!(rules_of(&found, pos), vec!["plugin.failed".to_string()], "{name}: record {pos}");
        let f = &found[&pos][0];
        assert_eq!(f.severity, jiancha_core::Severity::Warning);
        assert!(f.message.contains(id) && f.message_en.contains(reason), "{name}: {}", f.message_en);
    }
    found[&3][0].message_en.clone()
}

#[test]
fn the_control_behaves() {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("well-behaved"), &unsigned()).unwrap();
    let found = run(&mut host, &records("chaos-ok", 8, &[3, 6]));
    for pos in 1..=8 {
        assert_eq!(rules_of(&found, pos), vec!["chaos-ok.seen".to_string()]);
    }
}

#[test]
fn a_trap_is_contained() {
    contained("trap", "chaos-trap", "trapped");
}

#[test]
fn a_panic_is_contained() {
    contained("panic", "chaos-panic", "trapped");
}

#[test]
fn an_endless_loop_runs_out_of_fuel() {
    contained("infinite-loop", "chaos-loop", "fuel");
}

#[test]
fn an_endless_loop_with_fuel_to_spare_meets_the_time_limit() {
    // Fuel enough for hours: the wall-clock backstop stops the call, and only the bad record is affected.
    let mut host = PluginSet::new(
        Limits { fuel_per_record: 1 << 50, fuel_base: 1 << 50, call_time_ms: 300, max_failures: 10, ..limits() },
        None,
    )
    .unwrap();
    host.load(&fixture("infinite-loop"), &unsigned()).unwrap();
    let started = std::time::Instant::now();
    let found = run(&mut host, &records("chaos-loop", 3, &[2]));
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
    assert_eq!(rules_of(&found, 1), vec!["chaos-loop.seen".to_string()]);
    assert_eq!(rules_of(&found, 3), vec!["chaos-loop.seen".to_string()]);
    assert!(found[&2][0].message_en.contains("ran past its time limit"), "{}", found[&2][0].message_en);
}

#[test]
fn memory_growth_hits_the_cap() {
    contained("grow-memory", "chaos-memory", "memory");
}

#[test]
fn a_stack_overflow_is_contained() {
    contained("stack-overflow", "chaos-stack", "stack overflow");
}

#[test]
fn a_wrong_number_of_results_is_malformed() {
    contained("wrong-count", "chaos-count", "result lists");
}

#[test]
fn oversized_output_is_refused() {
    contained("oversized", "chaos-oversized", "output too large");
}

#[test]
fn an_undeclared_rule_is_refused() {
    contained("undeclared-rule", "chaos-undeclared", "undeclared rule");
}

#[test]
fn a_plugin_that_keeps_failing_is_disabled_once() {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("trap"), &unsigned()).unwrap();
    let all_bad: Vec<usize> = (1..=20).collect();
    let found = run(&mut host, &records("chaos-trap", 20, &all_bad));
    for pos in 1..=20 {
        assert_eq!(rules_of(&found, pos), vec!["plugin.failed".to_string()]);
    }
    assert_eq!(host.notices.len(), 1, "one clear message: {:?}", host.notices);
    assert!(found[&20][0].message_en.contains("disabled"));
}

/// A fixture that `plugin build` refuses, kept as a raw module: made into a component with an unsigned manifest.
fn raw_fixture(feature: &str, id: &str) -> PathBuf {
    let module = std::fs::read(built().join(format!("fixtures/{feature}/module.wasm"))).unwrap();
    let component =
        wit_component::ComponentEncoder::default().module(&module).unwrap().validate(true).encode().unwrap();
    let dir = tmp(feature);
    std::fs::write(dir.join(format!("{id}.wasm")), &component).unwrap();
    let m = Manifest {
        id: id.into(),
        version: "0.1.0".into(),
        department: "test".into(),
        component: format!("{id}.wasm"),
        kind: Default::default(),
        tier: Default::default(),
        sha256: sha256_hex(&component),
        signature: None,
    };
    let path = dir.join(format!("{id}.manifest.json"));
    manifest::write_manifest(&path, &m).unwrap();
    path
}

#[test]
fn a_component_that_imports_wasi_is_refused() {
    let manifest = raw_fixture("imports-wasi", "chaos-wasi");
    let mut host = PluginSet::new(limits(), None).unwrap();
    let err = host.load(&manifest, &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    assert!(format!("{err:#}").contains("wasi:random"), "{err:#}");
}

/// Records of `id` on two days: 1..=3 on 2025-05-12, 4..=5 on 2025-06-01; record 2 is bad.
fn two_days(id: &str) -> Vec<Inspection> {
    let mut recs = records(id, 5, &[2]);
    for r in recs.iter_mut().skip(3) {
        let mut v = serde_json::to_value(&*r).unwrap();
        v["started_at"] = "2025-06-01T09:00:00+08:00".into();
        v["ended_at"] = "2025-06-01T11:00:00+08:00".into();
        *r = serde_json::from_value(v).unwrap();
    }
    recs
}

fn wasi_tier_run() -> (HashMap<usize, Vec<Finding>>, Vec<jiancha_plugin_host::PluginOutput>) {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("wasi-tier"), &unsigned()).unwrap();
    let e = enterprise();
    let recs = two_days("chaos-wasi-tier");
    let input: Vec<(usize, &Inspection, Option<&str>)> =
        recs.iter().enumerate().map(|(i, r)| (i + 1, r, None)).collect();
    let mut run = host.run();
    let found = run.check(&input, |_| Some(&e));
    (found, std::mem::take(&mut run.output))
}

#[test]
fn the_wasi_tier_captures_output_pins_the_clock_and_seeds_randomness() {
    let (found, output) = wasi_tier_run();
    // The clock reads the policy date's midnight in Asia/Shanghai; an hour's sleep has not moved it.
    let may_12 = chrono::DateTime::parse_from_rfc3339("2025-05-12T00:00:00+08:00").unwrap().timestamp();
    let june_1 = chrono::DateTime::parse_from_rfc3339("2025-06-01T00:00:00+08:00").unwrap().timestamp();
    for (pos, day) in [(1, may_12), (3, may_12), (4, june_1), (5, june_1)] {
        assert_eq!(rules_of(&found, pos), vec!["chaos-wasi-tier.seen".to_string()], "record {pos}");
        let msg = &found[&pos][0].message_en;
        assert!(msg.contains(&format!("R{pos:03} clock={day} ")), "record {pos}: {msg}");
    }
    // Randomness is seeded by the plugin and the day: the same on every run, different from one day to the next.
    let random = |pos: usize| found[&pos][0].message_en.rsplit("random=").next().unwrap().to_string();
    assert_ne!(random(1), random(4));
    let (again, _) = wasi_tier_run();
    for pos in [1, 3, 4, 5] {
        assert_eq!(found[&pos][0].message_en, again[&pos][0].message_en, "record {pos} changed between runs");
    }
    // The panic's message reaches the failure's reason.
    assert_eq!(rules_of(&found, 2), vec!["plugin.failed".to_string()]);
    let failed = &found[&2][0].message_en;
    assert!(failed.contains("chaos: deliberate panic") && failed.contains("src/lib.rs"), "{failed}");
    // stdout and stderr are kept per call; the failed batch's output is replaced by the output of its records.
    let printed: String = output.iter().map(|o| o.output.stdout.clone()).collect();
    for pos in [1, 3, 4, 5] {
        assert_eq!(printed.matches(&format!("checking R{pos:03}\n")).count(), 1, "record {pos}: {printed}");
    }
    let of_two: Vec<_> = output.iter().filter(|o| o.records == vec![2]).collect();
    assert_eq!(of_two.len(), 1);
    assert!(of_two[0].output.stderr.contains("panicked") && !printed.contains("R002"), "{:?}", of_two[0]);
    assert!(output.iter().all(|o| !o.output.truncated));
}

#[test]
fn the_wasi_tier_is_what_the_signed_manifest_says() {
    // The WASI tier's component, its manifest put down to the pure tier: refused, naming the imports and the flag.
    let dir = tmp("wasi-as-pure");
    let manifest_path = copy_fixture("wasi-tier", &dir);
    let mut m: Manifest = serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    assert_eq!(m.tier, manifest::Tier::Wasi);
    m.tier = manifest::Tier::Pure;
    manifest::write_manifest(&manifest_path, &m).unwrap();
    let mut host = PluginSet::new(limits(), None).unwrap();
    let err = host.load(&manifest_path, &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    let text = format!("{err:#}");
    assert!(text.contains("wasi:cli/stdout") && text.contains("--tier wasi"), "{text}");
    // A socket is refused even in the WASI tier, naming the import and what it reaches.
    let component = std::fs::read(built().join("fixtures/wasi-sockets/component.wasm")).unwrap();
    let dir = tmp("wasi-sockets");
    std::fs::write(dir.join("chaos-sockets.wasm"), &component).unwrap();
    let m = Manifest {
        id: "chaos-sockets".into(),
        version: "0.1.0".into(),
        department: "测试".into(),
        component: "chaos-sockets.wasm".into(),
        kind: Default::default(),
        tier: manifest::Tier::Wasi,
        sha256: sha256_hex(&component),
        signature: None,
    };
    let path = dir.join("chaos-sockets.manifest.json");
    manifest::write_manifest(&path, &m).unwrap();
    let err = host.load(&path, &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    let text = format!("{err:#}");
    assert!(text.contains("wasi:sockets/tcp") && text.contains("the network"), "{text}");
}

#[test]
fn plugin_test_shows_what_a_wasi_tier_plugin_printed_and_why_it_failed() {
    let dir = tmp("wasi-vectors");
    let manifest_path = copy_fixture("wasi-tier", &dir);
    let case = |name: &str, bad: bool, expect: &[&str]| {
        serde_json::json!({
            "name": name,
            "enterprise": enterprise(),
            "inspection": serde_json::to_value(&records("chaos-wasi-tier", 1, if bad { &[1] } else { &[] })[0]).unwrap(),
            "expect": expect,
        })
    };
    let vectors = serde_json::json!({
        "plugin": "chaos-wasi-tier",
        "cases": [case("prints", false, &["chaos-wasi-tier.seen"]), case("panics", true, &["chaos-wasi-tier.seen"])],
    });
    let vectors_path = dir.join("chaos-wasi-tier.vectors.json");
    std::fs::write(&vectors_path, vectors.to_string()).unwrap();
    let out = jiancha(&["plugin", "test", &s(&manifest_path)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    assert!(text.contains("checking R001") && text.contains("stderr of R001"), "{text}");
    assert!(text.contains("chaos: deliberate panic"), "{text}");
}

#[test]
fn a_component_larger_than_the_pools_slots_runs_on_demand() {
    // A pool whose slots hold no core instance at all: every component is larger, and runs on demand, the same.
    let mut host = PluginSet::new(Limits { pool_core_instances: 0, ..limits() }, None).unwrap();
    host.load(&fixture("well-behaved"), &unsigned()).unwrap();
    assert_eq!(host.plugins[0].room(), Some(jiancha_plugin_host::Room::OnDemand));
    let found = run(&mut host, &records("chaos-ok", 4, &[]));
    let mut pooled = PluginSet::new(limits(), None).unwrap();
    pooled.load(&fixture("well-behaved"), &unsigned()).unwrap();
    assert_eq!(pooled.plugins[0].room(), Some(jiancha_plugin_host::Room::Pooled));
    assert_eq!(found, run(&mut pooled, &records("chaos-ok", 4, &[])));
    assert_eq!(found.len(), 4);
}

#[test]
fn compiled_components_are_cached() {
    let cache = tmp("cache");
    let mut host = PluginSet::new(limits(), Some(cache.clone())).unwrap();
    host.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    assert!(!host.plugins[0].from_cache);
    let mut again = PluginSet::new(limits(), Some(cache)).unwrap();
    again.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    assert!(again.plugins[0].from_cache);
}

#[cfg(unix)]
#[test]
fn a_cache_others_can_write_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let cache = tmp("shared-cache");
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut host = PluginSet::new(limits(), Some(cache.clone())).unwrap();
    host.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    let mut again = PluginSet::new(limits(), Some(cache.clone())).unwrap();
    again.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    assert!(!again.plugins[0].from_cache, "a world-writable cache must not be used");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0, "nothing is written into it either");
}

#[test]
fn two_plugins_with_one_id_are_refused() {
    let dir = tmp("dup");
    for (i, name) in ["a", "b"].iter().enumerate() {
        let src = built().join("samples");
        std::fs::copy(src.join("safety.wasm"), dir.join(format!("{name}.wasm"))).unwrap();
        let (_, mut m) = manifest::read_manifest(&src.join("safety.manifest.json")).unwrap();
        m.component = format!("{name}.wasm");
        manifest::write_manifest(&dir.join(format!("{i}{name}.manifest.json")), &m).unwrap();
    }
    let mut host = PluginSet::new(limits(), None).unwrap();
    let err = host.load_dir(&dir, &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    assert!(format!("{err:#}").contains("two plugins claim the id"), "{err:#}");
}

fn jiancha(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jiancha")).args(args).output().unwrap()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn sign_verify_and_refuse_what_is_not_trusted() {
    let dir = tmp("trust");
    let plugins = dir.join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    for f in ["safety.wasm", "safety.manifest.json"] {
        std::fs::copy(built().join("samples").join(f), plugins.join(f)).unwrap();
    }
    let manifest = plugins.join("safety.manifest.json");
    let key = dir.join("yjj.key");
    let out = jiancha(&["plugin", "keygen", "--out", &s(&key), "--department", "磐安县应急管理局"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = dir.join("yjj.key.pub");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/panan");
    let records = example.join("records-2025.jsonl");
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--quiet", "--no-cache", "--dataset"];
        let (ds, pl, rec) = (s(&example), s(&plugins), s(&records));
        args.push(&ds);
        args.extend(["--plugins", &pl]);
        args.extend(extra);
        args.push(&rec);
        jiancha(&args)
    };

    // Unsigned: refused, unless --allow-unsigned, and then marked.
    assert_eq!(check(&[]).status.code(), Some(2));
    let out = check(&["--allow-unsigned"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("\"rule\":\"safety.") && text.contains("【未验证插件】"));

    // Signed and trusted: verified, findings unmarked.
    assert!(jiancha(&["plugin", "sign", &s(&manifest), "--key", &s(&key)]).status.success());
    assert!(jiancha(&["plugin", "verify", &s(&manifest), "--trust", &s(&public)]).status.success());
    let out = check(&["--trust", &s(&public)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("\"rule\":\"safety.") && !text.contains("未验证"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("writable by others"));

    // A trusted key file others can write is still used, with a warning naming it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o666)).unwrap();
        let out = check(&["--trust", &s(&public)]);
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(err.contains("writable by others") && err.contains("yjj.key.pub"), "{err}");
        std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o644)).unwrap();
    }

    // Signed by a key nobody trusts.
    let other = dir.join("other.key");
    assert!(jiancha(&["plugin", "keygen", "--out", &s(&other), "--department", "磐安县应急管理局"]).status.success());
    assert_eq!(check(&["--trust", &s(&dir.join("other.key.pub"))]).status.code(), Some(2));

    // Tampered component: verify fails and check refuses.
    let mut bytes = std::fs::read(plugins.join("safety.wasm")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(plugins.join("safety.wasm"), &bytes).unwrap();
    assert_eq!(jiancha(&["plugin", "verify", &s(&manifest), "--trust", &s(&public)]).status.code(), Some(1));
    let out = check(&["--trust", &s(&public)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tampered"));
}

#[test]
fn sample_plugins_pass_their_vectors_in_the_sandbox_and_fire_on_the_example() {
    for id in ["safety", "herbal"] {
        let out = jiancha(&["plugin", "test", &s(&built().join(format!("samples/{id}.manifest.json")))]);
        assert!(out.status.success(), "{id}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 failed"));
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/panan");
    let out = jiancha(&[
        "check",
        "--quiet",
        "--allow-unsigned",
        "--plugins",
        &s(&built().join("samples")),
        "--dataset",
        &s(&example),
        &s(&example.join("records-2025.jsonl")),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"rule\":\"safety.") && text.contains("\"rule\":\"herbal."));
    assert!(!text.contains("plugin.failed"));
    let rules = jiancha(&["rules", "--format", "json", "--allow-unsigned", "--plugins", &s(&built().join("samples"))]);
    let rules = String::from_utf8_lossy(&rules.stdout);
    assert!(
        rules.contains("\"safety.suspension-without-major-hazard\"") && rules.contains("\"herbal.so2-over-limit\"")
    );
}

#[test]
fn failures_count_for_the_whole_run() {
    // Fails on every other record: successes in between do not reset the count.
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("trap"), &unsigned()).unwrap();
    let evens: Vec<usize> = (1..=12).filter(|i| i % 2 == 0).collect();
    let found = run(&mut host, &records("chaos-trap", 12, &evens));
    assert_eq!(rules_of(&found, 1), vec!["chaos-trap.seen".to_string()]);
    assert_eq!(rules_of(&found, 2), vec!["plugin.failed".to_string()]);
    assert_eq!(host.notices.len(), 1, "{:?}", host.notices);
    assert!(found[&12][0].message_en.contains("disabled"));
}

#[test]
fn a_manifest_cannot_point_outside_its_directory_or_take_a_reserved_id() {
    let dir = tmp("paths");
    let src = built().join("samples");
    let (_, mut m) = manifest::read_manifest(&src.join("safety.manifest.json")).unwrap();
    m.component = format!("../{}/safety.wasm", src.file_name().unwrap().to_string_lossy());
    manifest::write_manifest(&dir.join("safety.manifest.json"), &m).unwrap();
    let mut host = PluginSet::new(limits(), None).unwrap();
    let err = host.load(&dir.join("safety.manifest.json"), &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    assert!(format!("{err:#}").contains("must be a file name"), "{err:#}");

    std::fs::copy(src.join("safety.wasm"), dir.join("conduct.wasm")).unwrap();
    m.component = "conduct.wasm".into();
    m.id = "conduct".into();
    manifest::write_manifest(&dir.join("safety.manifest.json"), &m).unwrap();
    let err = host.load(&dir.join("safety.manifest.json"), &unsigned()).map_err(anyhow::Error::from).unwrap_err();
    assert!(format!("{err:#}").contains("reserved"), "{err:#}");
}

/// Copies a built fixture (manifest and component) into `dir`; returns the new manifest path.
fn copy_fixture(name: &str, dir: &Path) -> PathBuf {
    let src = fixture(name);
    let (_, m) = manifest::read_manifest(&src).unwrap();
    std::fs::copy(src.parent().unwrap().join(&m.component), dir.join(&m.component)).unwrap();
    let to = dir.join(src.file_name().unwrap());
    manifest::write_manifest(&to, &m).unwrap();
    to
}

fn trusting(keys: &[PathBuf], allow_unsigned: bool, revoked: Vec<manifest::Revocation>) -> TrustPolicy {
    TrustPolicy { keys: keys.iter().map(|k| manifest::read_public(k).unwrap()).collect(), allow_unsigned, revoked }
}

#[test]
fn a_plugin_built_for_another_interface_version_is_not_run() {
    let manifest = raw_fixture("wit-v2", "chaos-wit-v2");
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&manifest, &unsigned()).unwrap();
    assert!(host.plugins.is_empty(), "it must not run");
    let notice = host.notices.join("\n");
    assert!(notice.contains("jiancha:plugin@1.0.0") && notice.contains("another interface version"), "{notice}");
    // Its records get one clear finding instead of silence; the run goes on.
    let found = run(&mut host, &records("chaos-wit-v2", 2, &[]));
    assert_eq!(rules_of(&found, 1), vec!["plugin.failed".to_string()]);
}

#[test]
fn a_signature_made_for_another_plugin_is_rejected() {
    let dir = tmp("sig-swap");
    let key = dir.join("test.key");
    manifest::keygen(&key, "测试").unwrap();
    let ok = copy_fixture("well-behaved", &dir);
    let trivial = copy_fixture("trivial", &dir);
    let signed_ok = manifest::sign(&ok, &key).unwrap();
    manifest::sign(&trivial, &key).unwrap();
    let trust = trusting(&[dir.join("test.key.pub")], false, Vec::new());
    // Both verify as signed.
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&ok, &trust).unwrap();
    host.load(&trivial, &trust).unwrap();
    assert!(host.plugins.iter().all(|p| p.trust.is_verified()));
    // The trivial plugin's manifest (its hash still right) with the signature made for chaos-ok.
    let (_, mut m) = manifest::read_manifest(&trivial).unwrap();
    m.signature = signed_ok.signature.clone();
    manifest::write_manifest(&trivial, &m).unwrap();
    let mut host = PluginSet::new(limits(), None).unwrap();
    let err = host.load(&trivial, &trust).map_err(anyhow::Error::from).unwrap_err();
    assert!(format!("{err:#}").contains("refusing plugin `chaos-trivial`"), "{err:#}");
    let verdict = manifest::verify(&m, &std::fs::read(dir.join(&m.component)).unwrap(), &trust.keys);
    assert!(matches!(&verdict, manifest::Trust::Unverified(w) if w.contains("does not match")), "{verdict:?}");
}

#[test]
fn a_plugin_signed_by_a_revoked_key_is_refused_even_with_allow_unsigned() {
    let dir = tmp("revoked");
    let key = dir.join("test.key");
    manifest::keygen(&key, "测试").unwrap();
    let ok = copy_fixture("well-behaved", &dir);
    manifest::sign(&ok, &key).unwrap();
    let public = dir.join("test.key.pub");
    let list = dir.join("revoked.json");
    let r = manifest::revoke(&list, &public, "密钥泄露 / key leaked", "2026-11-01").unwrap();
    // Revoking twice keeps one entry.
    manifest::revoke(&list, &public, "again", "2026-11-02").unwrap();
    let revoked = manifest::read_revocations(&list).unwrap();
    assert_eq!(revoked, vec![r]);
    let mut host = PluginSet::new(limits(), None).unwrap();
    let refused = host.load(&ok, &trusting(std::slice::from_ref(&public), true, revoked.clone()));
    assert!(matches!(refused, Err(jiancha_plugin_host::LoadError::Revoked { .. })), "{refused:?}");
    let err = host
        .load(&ok, &trusting(std::slice::from_ref(&public), true, revoked))
        .map_err(anyhow::Error::from)
        .unwrap_err();
    let err = format!("{err:#}");
    assert!(err.contains("revoked on 2026-11-01") && err.contains("key leaked"), "{err}");
    // Without the list the same plugin verifies.
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&ok, &trusting(std::slice::from_ref(&public), false, Vec::new())).unwrap();
    assert!(host.plugins[0].trust.is_verified());
    // The command line: verify fails, check refuses, and a bad list is a clear error.
    let out = jiancha(&["plugin", "verify", &s(&ok), "--trust", &s(&public), "--revoked", &s(&list)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    std::fs::write(dir.join("bad.json"), "{\"kind\":\"x\",\"revoked\":[]}").unwrap();
    let out = jiancha(&["plugin", "verify", &s(&ok), "--trust", &s(&public), "--revoked", &s(&dir.join("bad.json"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a revocation list"));
}

#[test]
fn a_plugin_that_fails_only_in_batches_is_reported() {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("batch-only"), &unsigned()).unwrap();
    let found = run(&mut host, &records("chaos-batch-only", 8, &[3, 6]));
    // Every record answers alone, so every record keeps its answer ...
    for pos in 1..=8 {
        assert_eq!(rules_of(&found, pos), vec!["chaos-batch-only.seen".to_string()], "record {pos}");
    }
    // ... and the user is told, once, that the batch call failed.
    assert_eq!(host.notices.len(), 1, "{:?}", host.notices);
    assert!(host.notices[0].contains("on none of them alone"), "{}", host.notices[0]);
}

#[test]
fn a_cache_entry_is_not_trusted_by_its_name() {
    // Compile two plugins into one cache, then put the herbal plugin's compiled code (and its MAC) under the
    // safety plugin's name: the next load must compile safety afresh instead of running herbal's code as it.
    let cache = tmp("renamed-cache");
    let mut host = PluginSet::new(limits(), Some(cache.clone())).unwrap();
    host.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    host.load(&built().join("samples/herbal.manifest.json"), &unsigned()).unwrap();
    let entries = |ext: &str| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&cache)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(ext))
            .collect();
        v.sort();
        v
    };
    let code = entries(".cwasm");
    assert_eq!(code.len(), 2, "{code:?}");
    let hash = |name: &str| manifest::sha256_hex(&std::fs::read(built().join(format!("samples/{name}.wasm"))).unwrap());
    let (safety_hash, herbal_hash) = (hash("safety"), hash("herbal"));
    let find = |h: &str, ext: &str| {
        entries(ext).into_iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(h)).unwrap()
    };
    std::fs::copy(find(&herbal_hash, ".cwasm"), find(&safety_hash, ".cwasm")).unwrap();
    std::fs::copy(find(&herbal_hash, ".cwasm.mac"), find(&safety_hash, ".cwasm.mac")).unwrap();
    let mut again = PluginSet::new(limits(), Some(cache.clone())).unwrap();
    again.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    assert!(!again.plugins[0].from_cache, "a renamed entry was loaded as the safety plugin");
    assert_eq!(again.plugins[0].info.id, "safety");
    // Written afresh, the entry is used again.
    let mut third = PluginSet::new(limits(), Some(cache)).unwrap();
    third.load(&built().join("samples/safety.manifest.json"), &unsigned()).unwrap();
    assert!(third.plugins[0].from_cache);
}

#[test]
fn each_run_counts_its_own_failures_and_runs_share_one_set_across_threads() {
    let mut host = PluginSet::new(limits(), None).unwrap();
    host.load(&fixture("trap"), &unsigned()).unwrap();
    let e = enterprise();
    let bad = records("chaos-trap", 20, &(1..=20).collect::<Vec<_>>());
    let good = records("chaos-trap", 4, &[]);
    fn input(recs: &[Inspection]) -> Vec<(usize, &Inspection, Option<&str>)> {
        recs.iter().enumerate().map(|(i, r)| (i + 1, r, None)).collect()
    }
    // One run disables the plugin ...
    let mut first = host.run();
    let found = first.check(&input(&bad), |_| Some(&e));
    assert!(found[&20][0].message_en.contains("disabled"));
    assert_eq!(first.notices.len(), 1);
    // ... and the next run starts afresh, on another thread, while the first is still alive.
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut run = host.run();
                    let found = run.check(&input(&good), |_| Some(&e));
                    (rules_of(&found, 1), run.notices.len())
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), (vec!["chaos-trap.seen".to_string()], 0));
        }
    });
    drop(first);
}
