//! `jiancha plugin build` and `jiancha plugin new`: compiling a plugin crate into a component with its manifest,
//! and scaffolding a new plugin crate that builds and passes its tests as generated.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

use crate::manifest::{Manifest, sha256_hex, write_manifest};
use crate::{PluginInfo, PluginSet};

/// What `build` produced.
#[derive(Debug)]
pub struct Built {
    /// The manifest written.
    pub manifest_path: PathBuf,
    /// The plugin's metadata.
    pub info: PluginInfo,
    /// Size of the component in bytes.
    pub size: usize,
}

/// Whether a `[profile.plugin]` is defined for the crate (in its own or its workspace's Cargo.toml).
fn has_plugin_profile(crate_dir: &Path) -> bool {
    crate_dir
        .ancestors()
        .any(|d| std::fs::read_to_string(d.join("Cargo.toml")).is_ok_and(|t| t.contains("[profile.plugin]")))
}

/// Compiles the crate for `wasm32-unknown-unknown`, turns the module into a component, asks it for its metadata,
/// and writes `<out>/<id>.wasm`, `<out>/<id>.manifest.json` (unsigned) and, when the crate has `vectors.json`,
/// `<out>/<id>.vectors.json`.
pub fn build(crate_dir: &Path, out: &Path, features: Option<&str>) -> Result<Built> {
    let manifest = crate_dir.join("Cargo.toml");
    if !manifest.exists() {
        bail!("`{}` 不是 Rust crate（缺少 Cargo.toml）/ is not a crate (no Cargo.toml)", crate_dir.display());
    }
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.arg("build").arg("--manifest-path").arg(&manifest).args([
        "--target",
        "wasm32-unknown-unknown",
        "--message-format=json-render-diagnostics",
    ]);
    if has_plugin_profile(crate_dir) {
        cmd.args(["--profile", "plugin"]);
    } else {
        cmd.arg("--release");
    }
    if let Some(f) = features {
        cmd.args(["--features", f]);
    }
    let output = cmd.stderr(std::process::Stdio::inherit()).output().context("无法运行 cargo / cannot run cargo")?;
    if !output.status.success() {
        bail!("编译失败 / cargo build failed (is the target installed? `rustup target add wasm32-unknown-unknown`)");
    }
    let wasm = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("reason").and_then(|r| r.as_str()) == Some("compiler-artifact"))
        .filter_map(|v| v.get("filenames").and_then(|f| f.as_array()).cloned())
        .flatten()
        .filter_map(|f| f.as_str().map(PathBuf::from))
        .rfind(|p| p.extension().is_some_and(|e| e == "wasm"))
        .ok_or_else(|| anyhow!("编译结果中没有 .wasm 文件（crate-type 须含 cdylib）/ no .wasm produced (crate-type must include cdylib)"))?;
    let module = std::fs::read(&wasm).with_context(|| format!("cannot read `{}`", wasm.display()))?;
    let component = wit_component::ComponentEncoder::default()
        .module(&module)
        .and_then(|e| e.validate(true).encode())
        .map_err(|e| anyhow!("无法生成组件 / cannot make a component: {e:#}"))?;
    let info = PluginSet::new(Default::default(), None)?.inspect(&component)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    let file = format!("{}.wasm", info.id);
    std::fs::write(out.join(&file), &component).with_context(|| format!("cannot write into `{}`", out.display()))?;
    let m = Manifest {
        id: info.id.clone(),
        version: info.version.clone(),
        department: info.department.clone(),
        component: file,
        sha256: sha256_hex(&component),
        signature: None,
    };
    let manifest_path = out.join(format!("{}.manifest.json", info.id));
    write_manifest(&manifest_path, &m)?;
    let vectors = crate_dir.join("vectors.json");
    if vectors.exists() {
        std::fs::copy(&vectors, out.join(format!("{}.vectors.json", info.id)))?;
    }
    Ok(Built { manifest_path, info, size: component.len() })
}

/// The SDK this binary was built with (the repository's `plugins/sdk`).
pub fn default_sdk_path() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/sdk");
    p.canonicalize().unwrap_or(p)
}

/// Creates `<out>/<name>/`: a plugin crate that builds and passes its tests as generated.
pub fn scaffold(name: &str, out: &Path, sdk: &Path) -> Result<PathBuf> {
    let valid = name.len() <= 64
        && name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        bail!(
            "插件名须为小写字母开头的 kebab-case，如 `fire-safety` / the name must be kebab-case, e.g. `fire-safety`"
        );
    }
    // Names the generated crate could not use (Rust keywords, crates every build links) or that pass for
    // built-in rule families.
    const TAKEN: &[&str] = &[
        "as",
        "async",
        "await",
        "break",
        "const",
        "continue",
        "crate",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "fn",
        "for",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "match",
        "mod",
        "move",
        "mut",
        "pub",
        "ref",
        "return",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "type",
        "unsafe",
        "use",
        "where",
        "while",
        "abstract",
        "become",
        "box",
        "do",
        "final",
        "macro",
        "override",
        "priv",
        "typeof",
        "unsized",
        "virtual",
        "yield",
        "try",
        "gen",
        "alloc",
        "core",
        "proc-macro",
        "serde",
        "record",
        "finding",
        "meta",
        "severity",
        "plugin",
    ];
    if TAKEN.contains(&name) || crate::manifest::is_reserved_id(name) {
        bail!("插件名 `{name}` 已被占用，请换一个 / the name `{name}` is taken; choose another");
    }
    let dir = out.join(name);
    if dir.exists() {
        bail!("`{}` 已存在 / already exists", dir.display());
    }
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::create_dir_all(dir.join("tests"))?;
    let krate = name.replace('-', "_");
    let camel: String = name
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect();
    let files = [
        ("Cargo.toml", CARGO.replace("{name}", name).replace("{sdk}", &sdk.display().to_string())),
        ("src/lib.rs", LIB.replace("{name}", name).replace("{Camel}", &camel)),
        ("tests/vectors.rs", TEST.replace("{krate}", &krate).replace("{Camel}", &camel)),
        ("vectors.json", VECTORS.replace("{name}", name)),
        ("README.md", README.replace("{name}", name)),
    ];
    for (file, text) in files {
        std::fs::write(dir.join(file), text).with_context(|| format!("cannot write `{file}`"))?;
    }
    Ok(dir)
}

const CARGO: &str = r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib", "rlib"]

[dependencies]
jiancha-plugin-sdk = { path = "{sdk}" }
serde = { version = "1", features = ["derive"] }

# A plugin is its own workspace.
[workspace]

# `jiancha plugin build` uses this profile: small, fast components.
[profile.plugin]
inherits = "release"
debug = false
strip = "symbols"
opt-level = "s"
lto = true
codegen-units = 1
"#;

const LIB: &str = r#"//! The `{name}` plugin for Jiancha. Edit the metadata, the rules and `check`; keep the tests in
//! `vectors.json` in step. Build with `jiancha plugin build . --out dist`.

use jiancha_plugin_sdk::prelude::*;
use serde::Deserialize;

/// What this plugin reads from a record's `sector_data.{name}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Data {
    /// Whether the inspection found the fire exits blocked.
    exits_blocked: bool,
}

/// The plugin.
pub struct {Camel};

impl Plugin for {Camel} {
    fn meta() -> Meta {
        Meta::new("{name}", "{name} 检查标准", "磐安县某部门", "0.1.0")
            // GB/T 4754 prefixes and enterprise tags the plugin applies to.
            .industries(&["C", "H"])
            .rule(
                RuleDef::new("{name}.exits-blocked", Severity::Violation, "安全出口堵塞", "fire exits blocked")
                    .cite("fire-law-2021", "art. 28"),
            )
    }

    fn check(record: &Record) -> Vec<Finding> {
        let Ok(data) = record.sector::<Data>() else { return Vec::new() };
        if data.exits_blocked {
            return vec![
                Finding::new("{name}.exits-blocked", "检查发现安全出口被堵塞", "the fire exits were found blocked")
                    .at("/sector_data/{name}/exits_blocked"),
            ];
        }
        Vec::new()
    }
}

export_plugin!({Camel});
"#;

const TEST: &str = r#"//! Runs the plugin natively on its test vectors.

#[test]
fn vectors() {
    let result = jiancha_plugin_sdk::testing::run_vectors::<{krate}::{Camel}>(include_str!("../vectors.json"));
    assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
}
"#;

const VECTORS: &str = r#"{
  "plugin": "{name}",
  "cases": [
    {
      "name": "blocked exits are a violation",
      "enterprise": {"id": "91330727MA2HQ0008A", "name": "磐安某饭店", "industry": "H6210", "tags": []},
      "inspection": {
        "id": "T-1", "trigger": "random-sampling", "mode": "on-site", "lead_agency": "A1", "inspectors": ["P1", "P2"],
        "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00",
        "items": ["IT-1"], "sector_data": {"{name}": {"exits_blocked": true}}
      },
      "expect": ["{name}.exits-blocked"]
    },
    {
      "name": "clear exits are fine",
      "enterprise": {"id": "91330727MA2HQ0008A", "name": "磐安某饭店", "industry": "H6210", "tags": []},
      "inspection": {
        "id": "T-2", "trigger": "random-sampling", "mode": "on-site", "lead_agency": "A1", "inspectors": ["P1", "P2"],
        "enterprise": "91330727MA2HQ0008A", "started_at": "2025-05-12T09:00:00+08:00", "ended_at": "2025-05-12T11:00:00+08:00",
        "items": ["IT-1"], "sector_data": {"{name}": {"exits_blocked": false}}
      },
      "expect": []
    }
  ]
}
"#;

const README: &str = r#"# {name}

A Jiancha department plugin.

- Test natively: `cargo test`
- Build the component: `jiancha plugin build . --out dist` (needs `rustup target add wasm32-unknown-unknown`)
- Test the component: `jiancha plugin test dist/{name}.manifest.json`
- Sign it: `jiancha plugin sign dist/{name}.manifest.json --key department.key`

See the Jiancha guide `docs/plugins.md` for what a plugin may and may not do.
"#;
