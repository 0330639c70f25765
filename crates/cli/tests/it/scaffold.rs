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

fn ok(out: std::process::Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
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

    std::fs::write(
        root.join("dataset.json"),
        r#"{"agencies": [{"id": "A1", "name": "磐安县消防救援大队", "kind": "administrative-organ"}],
            "enterprises": [{"id": "91330727MA2HQ0008A", "name": "磐安某饭店", "industry": "H6210"}]}"#,
    )
    .unwrap();
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
