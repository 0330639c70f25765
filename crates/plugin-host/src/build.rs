//! `jiancha plugin build` and `jiancha plugin new`: compiling a plugin crate into a component with its manifest,
//! and scaffolding a new plugin crate that builds and passes its tests as generated.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

use crate::manifest::{Manifest, Tier, sha256_hex, write_manifest};
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

/// The language a plugin is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// A Rust crate using the guest SDK (`plugins/sdk`).
    Rust,
    /// An ES module using the JavaScript SDK (`jiancha.js`), made a component by componentize-js.
    Js,
    /// A Python app using the Python SDK (`jiancha_plugin`), made a component by componentize-py.
    Python,
    /// A rule table (`*.table.toml`), run by the host's built-in table plugin: no code at all.
    Table,
}

impl Lang {
    /// `rust`, `js`, `python` or `table`.
    pub fn parse(s: &str) -> Result<Lang> {
        Ok(match s {
            "rust" | "rs" => Lang::Rust,
            "js" | "javascript" => Lang::Js,
            "python" | "py" => Lang::Python,
            "table" => Lang::Table,
            other => bail!(
                "未知语言 `{other}`，可选 rust、js、python、table / unknown language `{other}`: rust, js, python or table"
            ),
        })
    }
}

/// Which kind of plugin source `path` is: a `*.table.toml`, `*.js`/`*.mjs` or `*.py` file, or a directory with
/// `Cargo.toml` (Rust), `package.json` or `plugin.js` (JavaScript), `app.py` (Python) or one `*.table.toml`.
pub fn detect(path: &Path) -> Result<(Lang, PathBuf)> {
    let name = path.to_string_lossy();
    if path.is_file() {
        let lang = if name.ends_with(".table.toml") {
            Lang::Table
        } else if name.ends_with(".js") || name.ends_with(".mjs") {
            Lang::Js
        } else if name.ends_with(".py") {
            Lang::Python
        } else {
            bail!(
                "`{name}` 不是插件源文件（*.table.toml、*.js、*.py）/ is not a plugin source (*.table.toml, *.js, *.py)"
            );
        };
        return Ok((lang, path.to_path_buf()));
    }
    if !path.is_dir() {
        bail!("`{name}` 不存在 / does not exist");
    }
    if path.join("Cargo.toml").exists() {
        return Ok((Lang::Rust, path.to_path_buf()));
    }
    if path.join("package.json").exists() || path.join("plugin.js").exists() {
        return Ok((Lang::Js, path.to_path_buf()));
    }
    if path.join("app.py").exists() {
        return Ok((Lang::Python, path.to_path_buf()));
    }
    let tables: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".table.toml"))
        .collect();
    match tables.as_slice() {
        [one] => Ok((Lang::Table, one.clone())),
        [] => bail!(
            "`{name}` 中找不到插件源：Cargo.toml（Rust）、package.json 或 plugin.js（JavaScript）、app.py（Python）、*.table.toml（规则表）/ no plugin source in `{name}`: Cargo.toml (Rust), package.json or plugin.js (JavaScript), app.py (Python) or *.table.toml (rule table)"
        ),
        _ => bail!("`{name}` 中有多个规则表，请指明文件 / several rule tables in `{name}`; name one"),
    }
}

/// Builds a plugin of any language into `<out>/<id>.wasm` (or `<out>/<id>.table.toml`), `<out>/<id>.manifest.json`
/// (unsigned) and, when the source has `vectors.json` beside it, `<out>/<id>.vectors.json`. The component is
/// refused, naming the import, if it imports anything.
///
/// `tier` is what the component may import: nothing ([`Tier::Pure`]), or the host's capability-free WASI
/// interfaces ([`Tier::Wasi`], for a plugin that prints or reads a clock: a Rust crate is then built for
/// `wasm32-wasip2`, a JavaScript plugin keeps componentize-js's stdio, random and clocks; a Python plugin has only
/// the pure tier). The manifest records the tier, and its signature covers it.
pub fn build(path: &Path, out: &Path, features: Option<&str>, tier: Tier) -> Result<Built> {
    let (lang, source) = detect(path)?;
    let dir = if source.is_dir() {
        source.clone()
    } else {
        source.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let component = match lang {
        Lang::Table if !tier.is_pure() => {
            bail!("规则表由宿主运行，没有 WASI 层 / a rule table is run by the host and has no WASI tier")
        }
        Lang::Table => return build_table(&source, out),
        Lang::Rust => rust_component(&source, features, tier)?,
        Lang::Js => js_component(&source, tier)?,
        // Measured with componentize-py 0.25.1: without --stub-wasi its interpreter imports wasi:sockets, which the
        // WASI tier does not give, so the component would be refused after a build of half a minute.
        Lang::Python if !tier.is_pure() => bail!(
            "Python 插件只能用纯净层：componentize-py 的解释器在 WASI 下导入 wasi:sockets（网络），WASI 层不提供；请用 run_vectors.py 在本机调试，那里 print 可用 / a Python plugin can only be built for the pure tier: componentize-py's interpreter imports wasi:sockets (the network) under WASI, which the WASI tier does not give; debug it natively with run_vectors.py, where print works"
        ),
        Lang::Python => python_component(&source)?,
    };
    let (info, _) = PluginSet::new(Default::default(), None)?.inspect(&component, tier)?;
    let file = format!("{}.wasm", info.id);
    let m = Manifest {
        id: info.id.clone(),
        version: info.version.clone(),
        department: info.department.clone(),
        component: file,
        kind: crate::manifest::PluginKind::Component,
        tier,
        sha256: sha256_hex(&component),
        signature: None,
    };
    finish(&dir, out, m, &component, info)
}

/// Writes the plugin's file, its manifest and its vectors into `out`.
fn finish(dir: &Path, out: &Path, m: Manifest, bytes: &[u8], info: PluginInfo) -> Result<Built> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    std::fs::write(out.join(&m.component), bytes).with_context(|| format!("cannot write into `{}`", out.display()))?;
    let manifest_path = out.join(format!("{}.manifest.json", info.id));
    write_manifest(&manifest_path, &m)?;
    let vectors = dir.join("vectors.json");
    if vectors.exists() {
        std::fs::copy(&vectors, out.join(format!("{}.vectors.json", info.id)))?;
    }
    Ok(Built { manifest_path, info, size: bytes.len() })
}

/// A rule table, checked as the host checks it, copied beside its manifest.
fn build_table(file: &Path, out: &Path) -> Result<Built> {
    let bytes = crate::manifest::read_bounded(file, crate::manifest::MAX_COMPONENT_BYTES)?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| anyhow!("`{}` 不是 UTF-8 文本 / is not UTF-8 text", file.display()))?;
    let table = jiancha_rule_table::Table::parse(text).map_err(|e| anyhow!("`{}`: {e}", file.display()))?;
    let info = table.info().clone();
    let m = Manifest {
        id: info.id.clone(),
        version: info.version.clone(),
        department: info.department.clone(),
        component: format!("{}.table.toml", info.id),
        kind: crate::manifest::PluginKind::Table,
        tier: Tier::Pure,
        sha256: sha256_hex(&bytes),
        signature: None,
    };
    let dir = file.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    finish(&dir, out, m, &bytes, info)
}

/// Compiles the crate for `wasm32-unknown-unknown` and turns the module into a component; for the WASI tier,
/// compiles it for `wasm32-wasip2`, whose linker makes the component.
fn rust_component(crate_dir: &Path, features: Option<&str>, tier: Tier) -> Result<Vec<u8>> {
    let manifest = crate_dir.join("Cargo.toml");
    if !manifest.exists() {
        bail!("`{}` 不是 Rust crate（缺少 Cargo.toml）/ is not a crate (no Cargo.toml)", crate_dir.display());
    }
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let target = match tier {
        Tier::Pure => "wasm32-unknown-unknown",
        Tier::Wasi => "wasm32-wasip2",
    };
    cmd.arg("build").arg("--manifest-path").arg(&manifest).args([
        "--target",
        target,
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
        bail!("编译失败 / cargo build failed (is the target installed? `rustup target add {target}`)");
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
    if tier == Tier::Wasi {
        // wasm32-wasip2's linker has made the component already.
        return Ok(module);
    }
    wit_component::ComponentEncoder::default()
        .module(&module)
        .and_then(|e| e.validate(true).encode())
        .map_err(|e| anyhow!("无法生成组件 / cannot make a component: {e:#}"))
}

/// The plugin contract, as the binary was built with it.
const WIT: &str = include_str!("../../../plugins/wit/jiancha-plugin.wit");
/// The JavaScript SDK's build script (componentize-js with every WASI feature disabled).
const JS_BUILD: &str = include_str!("../../../plugins/sdk-js/build.mjs");

/// Where the project's scripts installed the plugin tool chains (`scripts/plugin-tools.sh`): `node_modules` with
/// componentize-js, and a virtualenv with componentize-py.
fn tools_dir() -> Option<PathBuf> {
    std::env::var_os("JIANCHA_PLUGIN_TOOLS").map(PathBuf::from).filter(|p| p.is_dir())
}

/// A scratch directory holding the contract (and a script), removed when dropped.
fn scratch() -> Result<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::Builder::new().prefix("jiancha-build-").tempdir()?;
    let wit = tmp.path().join("wit");
    std::fs::create_dir_all(&wit)?;
    std::fs::write(wit.join("jiancha-plugin.wit"), WIT)?;
    Ok((tmp, wit))
}

fn run_tool(mut cmd: Command, what: &str, install: &str) -> Result<()> {
    let status = match cmd.stdin(std::process::Stdio::null()).status() {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("找不到 {what}。{install} / {what} was not found. {install}")
        }
        Err(e) => return Err(anyhow!("无法运行 {what} / cannot run {what}: {e}")),
    };
    if !status.success() {
        bail!("{what} 未能生成组件（见上方输出）/ {what} did not make the component (see its output above)");
    }
    Ok(())
}

/// A JavaScript plugin through componentize-js (found in the plugin's `node_modules`, or in
/// `$JIANCHA_PLUGIN_TOOLS`).
fn js_component(source: &Path, tier: Tier) -> Result<Vec<u8>> {
    let (tmp, wit) = scratch()?;
    let script = tmp.path().join("build.mjs");
    std::fs::write(&script, JS_BUILD)?;
    let out = tmp.path().join("plugin.wasm");
    let mut cmd = Command::new(std::env::var_os("JIANCHA_NODE").unwrap_or_else(|| "node".into()));
    cmd.arg(&script).arg(std::path::absolute(source)?).arg(&out).arg(&wit);
    if tier == Tier::Wasi {
        cmd.arg("--tier=wasi");
    }
    if let Some(tools) = tools_dir() {
        cmd.current_dir(tools);
    }
    run_tool(
        cmd,
        "Node.js",
        "请安装 Node.js 20 或更高版本，并在插件目录执行 npm install / install Node.js 20 or later, then run npm install in the plugin directory",
    )?;
    std::fs::read(&out).with_context(|| format!("cannot read `{}`", out.display()))
}

/// The Python SDK, written beside the app when the app does not carry its own copy.
const PY_SDK: &[(&str, &str)] = &[
    ("jiancha_plugin/__init__.py", include_str!("../../../plugins/sdk-py/jiancha_plugin/__init__.py")),
    ("jiancha_plugin/testing.py", include_str!("../../../plugins/sdk-py/jiancha_plugin/testing.py")),
];

/// A Python plugin through `componentize-py --stub-wasi` (from `$JIANCHA_PLUGIN_TOOLS/venv`, else the `PATH`).
fn python_component(source: &Path) -> Result<Vec<u8>> {
    let (tmp, wit) = scratch()?;
    let (dir, app) = if source.is_dir() {
        (source.to_path_buf(), "app".to_string())
    } else {
        let stem = source.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        (source.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf), stem)
    };
    let sdk = tmp.path().join("sdk");
    for (file, text) in PY_SDK {
        let path = sdk.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    let out = tmp.path().join("plugin.wasm");
    let exe = tools_dir()
        .map(|t| t.join("venv/bin/componentize-py"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("componentize-py"));
    let mut cmd = Command::new(exe);
    cmd.arg("-d").arg(&wit).args(["-w", "checker", "componentize", "--stub-wasi"]);
    cmd.arg("-p").arg(std::path::absolute(&dir)?).arg("-p").arg(&sdk).arg(&app).arg("-o").arg(&out);
    cmd.current_dir(&dir).env_remove("VIRTUAL_ENV");
    run_tool(
        cmd,
        "componentize-py",
        "请执行 pip install componentize-py==0.25.1 / run pip install componentize-py==0.25.1",
    )?;
    std::fs::read(&out).with_context(|| format!("cannot read `{}`", out.display()))
}

/// The Rust guest SDK for a new plugin: `$JIANCHA_SDK`, else found from the running binary — an installation's
/// `share/jiancha/plugins/sdk` beside its `bin/`, or the repository's `plugins/sdk` above `target/<profile>/` —,
/// else the repository this binary was built from.
pub fn default_sdk_path() -> PathBuf {
    if let Some(p) = std::env::var_os("JIANCHA_SDK").map(PathBuf::from) {
        return p;
    }
    let exe = std::env::current_exe().ok().and_then(|e| e.canonicalize().ok());
    let found = exe.iter().flat_map(|e| e.ancestors().skip(1)).find_map(|d| {
        [d.join("share/jiancha/plugins/sdk"), d.join("plugins/sdk")]
            .into_iter()
            .find(|p| p.join("Cargo.toml").is_file())
    });
    found.unwrap_or_else(|| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins/sdk");
        p.canonicalize().unwrap_or(p)
    })
}

/// Creates `<out>/<name>/`: a plugin in `lang` that builds and passes its tests as generated. A Rust crate points
/// at the SDK by a path relative to itself; a JavaScript or Python plugin carries its own copy of its SDK.
pub fn scaffold(name: &str, lang: Lang, out: &Path, sdk: &Path) -> Result<PathBuf> {
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
    let files: Vec<(&str, String)> = match lang {
        Lang::Rust => rust_files(name, &dir, sdk),
        Lang::Js => vec![
            ("plugin.js", JS_PLUGIN.replace("{name}", name)),
            ("jiancha.js", JS_SDK.to_string()),
            ("test-vectors.mjs", JS_TEST.to_string()),
            ("package.json", JS_PACKAGE.replace("{name}", name)),
            ("vectors.json", VECTORS.replace("{name}", name)),
            ("README.md", README_JS.replace("{name}", name)),
            (".gitignore", "node_modules/\ndist/\n".to_string()),
        ],
        Lang::Python => {
            let mut files = vec![
                ("plugin.py", PY_PLUGIN.replace("{name}", name)),
                ("app.py", PY_APP.to_string()),
                ("run_vectors.py", PY_RUN_VECTORS.to_string()),
                ("vectors.json", VECTORS.replace("{name}", name)),
                ("README.md", README_PY.replace("{name}", name)),
                (".gitignore", "__pycache__/\ndist/\n".to_string()),
            ];
            files.extend(PY_SDK.iter().map(|(f, t)| (*f, t.to_string())));
            files
        }
        Lang::Table => vec![
            ("plugin.table.toml", TABLE.replace("{name}", name)),
            ("vectors.json", VECTORS.replace("{name}", name)),
            ("README.md", README_TABLE.replace("{name}", name)),
        ],
    };
    for (file, text) in files {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(dir)
}

/// A path from `from` (a directory) to `to`, relative when both are on one root: what a scaffolded crate
/// writes, so that the repository or installation can be moved or copied to another machine.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (Ok(from), Ok(to)) = (std::path::absolute(from), to.canonicalize()) else { return to.to_path_buf() };
    let from: Vec<_> = from.components().collect();
    let target: Vec<_> = to.components().collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to;
    }
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in target.iter().skip(common) {
        rel.push(c);
    }
    rel
}

fn rust_files(name: &str, dir: &Path, sdk: &Path) -> Vec<(&'static str, String)> {
    let sdk = relative_path(dir, sdk);
    let krate = name.replace('-', "_");
    let camel: String = name
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect();
    vec![
        ("Cargo.toml", CARGO.replace("{name}", name).replace("{sdk}", &sdk.display().to_string().replace('\\', "/"))),
        ("src/lib.rs", LIB.replace("{name}", name).replace("{Camel}", &camel)),
        ("tests/vectors.rs", TEST.replace("{krate}", &krate).replace("{Camel}", &camel)),
        ("vectors.json", VECTORS.replace("{name}", name)),
        ("README.md", README.replace("{name}", name)),
    ]
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
        // The department must be the one whose key signs the plugin (`jiancha plugin keygen --department`).
        Meta::new("{name}", "{name} 检查标准", "磐安县某部门", "0.1.0")
            // GB/T 4754 prefixes and enterprise tags the plugin applies to.
            .industries(&["C", "H"])
            .rule(
                RuleDef::new("{name}.exits-blocked", Severity::Violation, "安全出口堵塞", "fire exits blocked")
                    .cite("fire-law-2021", "art. 28"),
            )
    }

    fn check(record: &Record) -> Vec<Finding> {
        // An entry of another shape gives the standard plugin.sector-data-invalid finding.
        let data = match record.read::<Data>("{name}") {
            Ok(d) => d,
            Err(f) => return vec![f],
        };
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

/// The JavaScript SDK and its native test runner, copied into a new JavaScript plugin.
const JS_SDK: &str = include_str!("../../../plugins/sdk-js/jiancha.js");
const JS_TEST: &str = include_str!("../../../plugins/sdk-js/test-vectors.mjs");
/// The Python SDK's native test runner, copied into a new Python plugin.
const PY_RUN_VECTORS: &str = include_str!("../../../plugins/sdk-py/run_vectors.py");

const JS_PLUGIN: &str = r#"// @ts-check
/**
 * @file The `{name}` plugin for Jiancha. Edit the metadata, the rules and `check`; keep `vectors.json` in step.
 * Test: `node test-vectors.mjs plugin.js vectors.json`. Build: `jiancha plugin build . --out dist`.
 */

import { definePlugin, finding, pluginMeta, rule, t } from './jiancha.js';

/** What this plugin reads from a record's `sector_data.{name}`. */
const Data = t.object({
  /** Whether the inspection found the fire exits blocked. */
  exits_blocked: t.bool.default(false),
});

export const { meta, check } = definePlugin({
  // The department must be the one whose key signs the plugin (`jiancha plugin keygen --department`).
  meta: pluginMeta('{name}', '{name} 检查标准', '磐安县某部门', '0.1.0')
    // GB/T 4754 prefixes and enterprise tags the plugin applies to.
    .industries('C', 'H')
    .rule(rule('{name}.exits-blocked', 'violation', '安全出口堵塞', 'fire exits blocked').cite('fire-law-2021', 'art. 28')),
  check(record) {
    // An entry of another shape gives the standard plugin.sector-data-invalid finding.
    const data = record.read(Data);
    if (data.exits_blocked) {
      return [finding('{name}.exits-blocked', '检查发现安全出口被堵塞', 'the fire exits were found blocked').at(record.sectorPath('exits_blocked'))];
    }
    return [];
  },
});
"#;

const JS_PACKAGE: &str = r#"{
  "name": "{name}",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "main": "plugin.js",
  "scripts": {
    "test": "node test-vectors.mjs plugin.js vectors.json",
    "build": "jiancha plugin build . --out dist"
  },
  "engines": { "node": ">=20" },
  "devDependencies": {
    "@bytecodealliance/componentize-js": "0.23.0",
    "@bytecodealliance/jco": "1.35.0"
  }
}
"#;

const README_JS: &str = r#"# {name}

A Jiancha department plugin in JavaScript (`plugin.js`, with the SDK `jiancha.js` beside it).

- Install the component tool once: `npm install` (componentize-js, pinned in `package.json`)
- Test natively: `node test-vectors.mjs plugin.js vectors.json`
- Build the component: `jiancha plugin build . --out dist` (Node.js 20 or later)
- Test the component: `jiancha plugin test dist/{name}.manifest.json`
- Sign it: `jiancha plugin sign dist/{name}.manifest.json --key department.key`

The component imports nothing: do not use `Date.now()`, `Math.random()`, `console` or `fetch`. See the Jiancha
guide `docs/plugins.md`.
"#;

const PY_PLUGIN: &str = r#""""The `{name}` plugin for Jiancha. Edit the metadata, the rules and `check`; keep `vectors.json` in step.
Test: `python3 run_vectors.py . vectors.json`. Build: `jiancha plugin build . --out dist`."""

from dataclasses import dataclass

from jiancha_plugin import Record, define_plugin, finding, plugin_meta, rule


@dataclass
class Data:
    """What this plugin reads from a record's `sector_data.{name}`."""

    # Whether the inspection found the fire exits blocked.
    exits_blocked: bool = False


# The department must be the one whose key signs the plugin (`jiancha plugin keygen --department`).
META = (
    plugin_meta("{name}", "{name} 检查标准", "磐安县某部门", "0.1.0")
    # GB/T 4754 prefixes and enterprise tags the plugin applies to.
    .industries("C", "H")
    .rule(rule("{name}.exits-blocked", "violation", "安全出口堵塞", "fire exits blocked").cite("fire-law-2021", "art. 28"))
)


def check(record: Record):
    # An entry of another shape gives the standard plugin.sector-data-invalid finding.
    data = record.read(Data)
    if data.exits_blocked:
        yield finding("{name}.exits-blocked", "检查发现安全出口被堵塞", "the fire exits were found blocked").at(
            record.sector_path("exits_blocked")
        )


plugin = define_plugin(META, check)
"#;

const PY_APP: &str = r#""""The componentize-py entry: `plugin.py` exported as the `checker` world (`wit_world` is generated when the
component is built)."""

import wit_world
from plugin import plugin


class WitWorld(wit_world.WitWorld):
    def meta(self) -> wit_world.PluginMeta:
        return plugin.wit_meta()

    def check(self, batch: list[wit_world.CheckInput]) -> list[list[wit_world.Finding]]:
        return plugin.wit_check(batch)
"#;

const README_PY: &str = r#"# {name}

A Jiancha department plugin in Python (`plugin.py`; `app.py` is the component's entry; the SDK `jiancha_plugin/`
is beside them).

- Install the component tool once: `pip install componentize-py==0.25.1`
- Test natively: `python3 run_vectors.py . vectors.json`
- Build the component: `jiancha plugin build . --out dist`
- Test the component: `jiancha plugin test dist/{name}.manifest.json`
- Sign it: `jiancha plugin sign dist/{name}.manifest.json --key department.key`

The component imports nothing (componentize-py `--stub-wasi`): do not use `time`, `random`, `os` or files. See
the Jiancha guide `docs/plugins.md`.
"#;

const TABLE: &str = r#"# The `{name}` rule table for Jiancha: a standard as data, no code. Format: docs/plugins.md, "Rule tables".
# Build: jiancha plugin build . --out dist — test: jiancha plugin test dist/{name}.manifest.json
format = "jiancha-rule-table/1"

[plugin]
id = "{name}"
name = "{name} 检查标准"
# The department must be the one whose key signs the table (`jiancha plugin keygen --department`).
department = "磐安县某部门"
version = "0.1.0"
# GB/T 4754 prefixes and enterprise tags the table applies to.
industries = ["C", "H"]
tags = []

[sources]
fire-law-2021 = "中华人民共和国消防法（2021年修正）"

[[rules]]
id = "{name}.exits-blocked"
severity = "violation"
title = "安全出口堵塞"
title_en = "fire exits blocked"
citations = [{ source = "fire-law-2021", article = "art. 28" }]

[[checks]]
rule = "{name}.exits-blocked"
when = "data.exits_blocked == true"
message = "检查发现安全出口被堵塞"
message_en = "the fire exits were found blocked"
path = "/sector_data/{name}/exits_blocked"

# Data the table cannot read gives the standard finding instead of passing for checked.
[[checks]]
rule = "plugin.sector-data-invalid"
when = "type(data) != 'object' or (data.exits_blocked != null and type(data.exits_blocked) != 'bool')"
message = "sector_data.{name} 无法读取（exits_blocked 应为 true/false）"
message_en = "sector_data.{name} could not be read (exits_blocked must be true or false)"
path = "/sector_data/{name}"
"#;

const README_TABLE: &str = r#"# {name}

A Jiancha rule table (`plugin.table.toml`): the standard as data, run by Jiancha's built-in table plugin.

- Build (checks the table): `jiancha plugin build . --out dist`
- Test on its vectors: `jiancha plugin test dist/{name}.manifest.json`
- Sign it: `jiancha plugin sign dist/{name}.manifest.json --key department.key`

The format (lists, name tables, lookup tables with the day each row takes effect, conditions and message
templates) is in the Jiancha guide `docs/plugins.md`.
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
