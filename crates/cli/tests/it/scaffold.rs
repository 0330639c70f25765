//! A department's path, end to end, outside the repository: scaffold a plugin, test it natively, build it into a
//! component, sign it with a department key, and run it in `jiancha check` as a county would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn jiancha(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jiancha"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target())
        .args(args)
        .output()
        .unwrap()
}

fn target() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/scaffold")
}

/// The command's stdout; a test failure showing both outputs when it did not succeed.
pub(crate) fn ok(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// The JavaScript and Python tool chains (`scripts/plugin-tools.sh`), or None when they are not installed here; the
/// test command requires them (`JIANCHA_REQUIRE_PLUGIN_TOOLS`), so that they are never skipped there.
fn plugin_tools() -> Option<PathBuf> {
    let tools = std::env::var_os("JIANCHA_PLUGIN_TOOLS").map(PathBuf::from).filter(|p| p.is_dir());
    if tools.is_none() {
        assert!(
            std::env::var_os("JIANCHA_REQUIRE_PLUGIN_TOOLS").is_none(),
            "JIANCHA_PLUGIN_TOOLS must name the directory of scripts/plugin-tools.sh"
        );
        eprintln!("skipped: JIANCHA_PLUGIN_TOOLS is not set (bash scripts/plugin-tools.sh installs the tool chains)");
    }
    tools
}

/// The county's reference data of these tests: one agency, one restaurant.
fn write_dataset(root: &Path) {
    std::fs::write(
        root.join("dataset.json"),
        r#"{"agencies": [{"id": "A1", "name": "磐安县消防救援大队", "kind": "administrative-organ"}],
            "enterprises": [{"id": "91330727MA2HQ0008A", "name": "磐安某饭店", "industry": "H6210"}]}"#,
    )
    .unwrap();
}

/// Scaffold → native test → build → test → sign → `jiancha check --plugins` gives the plugin's finding, in a
/// directory outside the repository, for a plugin in `lang`.
fn department_path(lang: &str, native: Option<&[&str]>) {
    let name = format!("fire-{lang}");
    let root = std::env::temp_dir().join(format!("jiancha-dept-{lang}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    ok(jiancha(&root, &["plugin", "new", &name, "--lang", lang, "--out", "."]), "plugin new");
    let dir = root.join(&name);
    if let Some(cmd) = native {
        let (exe, args) = cmd.split_first().unwrap();
        let out = Command::new(exe).current_dir(&dir).args(args).output().unwrap();
        ok(out, &format!("the native test of the {lang} plugin"));
    }
    let built = ok(jiancha(&dir, &["plugin", "build", ".", "--out", "dist"]), "plugin build");
    let tested = ok(jiancha(&dir, &["plugin", "test", &format!("dist/{name}.manifest.json")]), "plugin test");
    assert!(tested.contains("2 passed, 0 failed"), "{built}\n{tested}");
    ok(jiancha(&root, &["plugin", "keygen", "--out", "dept.key", "--department", "磐安县某部门"]), "keygen");
    ok(jiancha(&dir, &["plugin", "sign", &format!("dist/{name}.manifest.json"), "--key", "../dept.key"]), "sign");
    write_dataset(&root);
    std::fs::write(
        root.join("records.jsonl"),
        format!(
            r#"{{"id": "F-1", "trigger": "complaint", "mode": "off-site", "lead_agency": "A1", "inspectors": [], "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00", "items": [], "approval": {{"approved_at": "2025-05-11T09:00:00+08:00"}}, "notice_exemption": "unsuitable", "sector_data": {{"{name}": {{"exits_blocked": true}}}}}}
{{"id": "F-2", "trigger": "complaint", "mode": "off-site", "lead_agency": "A1", "inspectors": [], "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-13T09:00:00+08:00", "ended_at": "2025-05-13T11:00:00+08:00", "items": [], "approval": {{"approved_at": "2025-05-12T09:00:00+08:00"}}, "notice_exemption": "unsuitable", "sector_data": {{"{name}": {{"exits_blocked": "yes"}}}}}}
"#
        ),
    )
    .unwrap();
    let plugins = format!("{name}/dist");
    let args =
        ["check", "--dataset", "dataset.json", "--plugins", &plugins, "--trust", "dept.key.pub", "records.jsonl"];
    let out = jiancha(&root, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let stdout = ok(out, "check with the plugin");
    assert!(stdout.contains(&format!("\"rule\":\"{name}.exits-blocked\"")), "{stdout}");
    // An entry of another shape is reported, not passed over.
    assert!(stdout.contains("\"rule\":\"plugin.sector-data-invalid\""), "{stdout}");
    assert!(!stdout.contains("未验证"), "a trusted signature makes the findings verified: {stdout}");
    // The run says which plugin loaded and how many records it checked.
    assert!(stderr.contains(&format!("`{name}` v0.1.0")) && stderr.contains("checked 2 records"), "{stderr}");
    // An exception in the plugin's code reaches the developer: `plugin test` shows it as the reason.
    let broken = match lang {
        "js" => Some(("plugin.js", "if (data.exits_blocked) {", "if (data.exits_blocked) { null.boom();", "TypeError")),
        "python" => {
            Some(("plugin.py", "if data.exits_blocked:", "if data.exits_blocked and 1 / 0:", "ZeroDivisionError"))
        }
        _ => None,
    };
    if let Some((file, from, to, said)) = broken {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains(from), "{text}");
        std::fs::write(dir.join(file), text.replacen(from, to, 1)).unwrap();
        ok(jiancha(&dir, &["plugin", "build", ".", "--out", "broken"]), "plugin build (broken)");
        let out = jiancha(&dir, &["plugin", "test", &format!("broken/{name}.manifest.json")]);
        let shown = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(!out.status.success() && shown.contains("plugin.failed") && shown.contains(said), "{shown}");
        std::fs::write(dir.join(file), text).unwrap();
    }
    // The WASI tier, for a plugin that prints (in the pure tier, console.log writes nowhere): what it prints is
    // shown case by case.
    if lang == "js" {
        let text = std::fs::read_to_string(dir.join("plugin.js")).unwrap();
        let from = "const data = record.read(Data);";
        std::fs::write(dir.join("plugin.js"), text.replacen(from, &format!("{from} console.log('read', data);"), 1))
            .unwrap();
        ok(jiancha(&dir, &["plugin", "build", ".", "--tier", "wasi", "--out", "printing"]), "plugin build --tier wasi");
        let manifest = std::fs::read_to_string(dir.join(format!("printing/{name}.manifest.json"))).unwrap();
        assert!(manifest.contains("\"tier\": \"wasi\""), "{manifest}");
        let tested = ok(jiancha(&dir, &["plugin", "test", &format!("printing/{name}.manifest.json")]), "plugin test");
        assert!(tested.contains("2 passed, 0 failed") && tested.contains("stdout | read"), "{tested}");
    }
}

#[test]
fn a_rule_table_written_outside_the_repo_builds_signs_loads_and_reports() {
    department_path("table", None);
}

#[test]
fn a_javascript_plugin_written_outside_the_repo_builds_signs_loads_and_reports() {
    if plugin_tools().is_some() {
        department_path("js", Some(&["node", "test-vectors.mjs", "plugin.js", "vectors.json"]));
    }
}

#[test]
fn a_python_plugin_written_outside_the_repo_builds_signs_loads_and_reports() {
    if plugin_tools().is_some() {
        department_path("python", Some(&["python3", "run_vectors.py", ".", "vectors.json"]));
    }
}

#[test]
fn a_plugin_directory_without_a_manifest_is_an_error_and_an_idle_plugin_a_warning() {
    let root = std::env::temp_dir().join(format!("jiancha-dept-idle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("empty")).unwrap();
    write_dataset(&root);
    std::fs::write(
        root.join("records.jsonl"),
        r#"{"id": "F-1", "trigger": "complaint", "mode": "off-site", "lead_agency": "A1", "inspectors": [], "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00", "items": [], "approval": {"approved_at": "2025-05-11T09:00:00+08:00"}, "notice_exemption": "unsuitable"}
"#,
    )
    .unwrap();
    let out = jiancha(&root, &["check", "--dataset", "dataset.json", "--plugins", "empty", "records.jsonl"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no *.manifest.json"), "{out:?}");
    // A plugin none of whose records apply: loaded, and a warning that it checked nothing.
    ok(jiancha(&root, &["plugin", "new", "idle", "--lang", "table", "--out", "."]), "plugin new");
    ok(jiancha(&root.join("idle"), &["plugin", "build", ".", "--out", "dist"]), "plugin build");
    let out = jiancha(
        &root,
        &["check", "--dataset", "dataset.json", "--plugins", "idle/dist", "--allow-unsigned", "records.jsonl"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out, "check");
    assert!(stderr.contains("plugin `idle` checked no record"), "{stderr}");
}

#[test]
fn a_plugin_written_outside_the_repo_builds_signs_loads_and_reports() {
    let root = std::env::temp_dir().join(format!("jiancha-dept-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    ok(jiancha(&root, &["plugin", "new", "fire-demo", "--out", "."]), "plugin new");
    let krate = root.join("fire-demo");

    // As generated, its own tests pass.
    let test = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", target())
        .args(["test", "--quiet"])
        .output()
        .unwrap();
    ok(test, "cargo test in the scaffolded plugin");

    ok(jiancha(&krate, &["plugin", "build", ".", "--out", "dist"]), "plugin build");
    ok(jiancha(&krate, &["plugin", "test", "dist/fire-demo.manifest.json"]), "plugin test");
    ok(jiancha(&root, &["plugin", "keygen", "--out", "dept.key", "--department", "磐安县某部门"]), "keygen");
    ok(jiancha(&krate, &["plugin", "sign", "dist/fire-demo.manifest.json", "--key", "../dept.key"]), "sign");

    write_dataset(&root);
    std::fs::write(
        root.join("records.jsonl"),
        r#"{"id": "F-1", "trigger": "complaint", "mode": "off-site", "lead_agency": "A1", "inspectors": [], "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00", "items": [], "approval": {"approved_at": "2025-05-11T09:00:00+08:00"}, "notice_exemption": "unsuitable", "sector_data": {"fire-demo": {"exits_blocked": true}}}
"#,
    )
    .unwrap();
    let out = ok(
        jiancha(
            &root,
            &[
                "check",
                "--quiet",
                "--dataset",
                "dataset.json",
                "--plugins",
                "fire-demo/dist",
                "--trust",
                "dept.key.pub",
                "records.jsonl",
            ],
        ),
        "check with the plugin",
    );
    assert!(out.contains("\"rule\":\"fire-demo.exits-blocked\""), "{out}");
    assert!(!out.contains("未验证"), "a trusted signature makes the findings verified: {out}");
}
