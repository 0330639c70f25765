//! The structure holds: inside `jiancha-core`, each module uses only modules of lower layers (so there is no
//! import cycle), and between the crates every dependency points toward the core, with wasmtime in one crate.
//! Adding a module or a crate means placing it here, in a layer, which is the point: the layering is decided,
//! not found afterwards.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The core's modules by layer, lowest first. `rules` stands for `rules/*.rs`.
const CORE_LAYERS: &[&[&str]] = &[
    &["time", "uscc", "par", "error", "meta"],
    &["model", "finding"],
    &["pack"],
    &["labels"],
    &["calendar", "policy", "plugin_output", "vectors"],
    &["dataset"],
    &["batch"],
    &["joint"],
    &["rules"],
    &["catalogue"],
    &["stats", "supervision"],
    &["engine"],
    &["api"],
    &["wasm", "fuzz", "schema"],
];

/// The text of a source file without its comments and without its `#[cfg(test)]` items (tests may reach
/// anywhere): each such item is cut from the attribute to the end of its braced block or its `;`.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text: String = text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at the `}` that closes its first `{`, or at a `;` met before any `{`.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The names the crate root re-exports (`pub use engine::{Engine, …}`), by the module they come from, so that
/// `crate::Engine` counts as a use of `engine`.
fn root_exports() -> BTreeMap<String, String> {
    let lib = code_of(&root().join("core/src/lib.rs"));
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else { continue };
        let Some((module, names)) = rest.split_once("::") else { continue };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.trim();
            if !name.is_empty() {
                out.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    out
}

/// The paths of a `crate::` use: `crate::m::x`, or each top-level entry of `crate::{m::{x, y}, n}`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => {
                // Split at the commas of depth 0 until the closing brace.
                let (mut depth, mut start) = (0usize, 0usize);
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            paths.push(group[start..j].trim().to_string());
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            paths.push(group[start..j].trim().to_string());
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
            }
            None => paths.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()),
        }
    }
    paths
}

/// The modules of the crate that `code` uses, directly (`crate::m`) or through a root re-export (`crate::Engine`).
fn used_modules(code: &str, modules: &BTreeSet<&str>, exports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for path in crate_paths(code) {
        let first: String = path.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if modules.contains(first.as_str()) {
            used.insert(first);
        } else if let Some(module) = exports.get(&first) {
            used.insert(module.clone());
        }
    }
    used
}

#[test]
fn the_layering_test_sees_what_it_must() {
    let modules: BTreeSet<&str> = ["engine", "stats", "model"].into_iter().collect();
    let exports = root_exports();
    let code = "use crate::{model::{Inspection, Mode}, stats};\nfn f() { crate::Engine::new(); }";
    let used = used_modules(code, &modules, &exports);
    assert_eq!(used, ["engine", "model", "stats"].into_iter().map(String::from).collect());
    let dir = std::env::temp_dir().join(format!("jiancha-layers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("m.rs");
    std::fs::write(&file, "use crate::model;\n#[cfg(test)]\nmod testing { use crate::engine; }\n// crate::stats\n")
        .unwrap();
    assert_eq!(used_modules(&code_of(&file), &modules, &exports), ["model".to_string()].into_iter().collect());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn core_modules_only_use_lower_layers() {
    let layer_of: BTreeMap<&str, usize> =
        CORE_LAYERS.iter().enumerate().flat_map(|(i, mods)| mods.iter().map(move |m| (*m, i))).collect();
    let modules: BTreeSet<&str> = layer_of.keys().copied().collect();
    let exports = root_exports();
    let src = root().join("core/src");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.extension().is_some_and(|e| e == "rs") && name != "lib" {
            files.push((name, path));
        }
    }
    for entry in std::fs::read_dir(src.join("rules")).unwrap() {
        files.push(("rules".to_string(), entry.unwrap().path()));
    }
    let mut wrong = Vec::new();
    for (module, path) in &files {
        let Some(&layer) = layer_of.get(module.as_str()) else {
            panic!("core module `{module}` has no layer: add it to CORE_LAYERS");
        };
        for used in used_modules(&code_of(path), &modules, &exports) {
            if used != *module && layer_of[used.as_str()] >= layer {
                wrong.push(format!("{} uses `{used}`, which is not below it", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The workspace crates by layer, lowest first, with the only crate that may depend on wasmtime.
const CRATES: &[(&str, &str)] = &[
    ("jiancha-core", "core"),
    ("jiancha-rule-table", "crates/rule-table"),
    ("jiancha-batch", "crates/batch"),
    ("jiancha-plugin-host", "crates/plugin-host"),
    ("jiancha-output", "crates/output"),
    ("jiancha-store", "crates/store"),
    ("jiancha-server", "crates/server"),
    ("jiancha", "crates/cli"),
];

/// The normal dependencies of a crate's Cargo.toml (its `[dependencies]` and target-specific ones).
fn dependencies(dir: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let mut out: BTreeSet<String> = BTreeSet::new();
    let mut add = |t: Option<&toml::Value>| {
        if let Some(t) = t.and_then(|t| t.as_table()) {
            out.extend(t.keys().cloned());
        }
    };
    add(doc.get("dependencies"));
    if let Some(targets) = doc.get("target").and_then(|t| t.as_table()) {
        for t in targets.values() {
            add(t.get("dependencies"));
        }
    }
    out
}

#[test]
fn crates_depend_toward_the_core_and_only_the_plugin_host_on_wasmtime() {
    let names: Vec<&str> = CRATES.iter().map(|(n, _)| *n).collect();
    for (i, (name, dir)) in CRATES.iter().enumerate() {
        let deps = dependencies(dir);
        for dep in deps.iter().filter(|d| d.starts_with("jiancha")) {
            let at = names.iter().position(|n| n == dep).unwrap_or_else(|| panic!("{name} depends on unknown {dep}"));
            assert!(at < i, "{name} depends on {dep}, which is not below it");
        }
        assert_eq!(deps.contains("wasmtime"), *name == "jiancha-plugin-host", "{name} and wasmtime");
        if *name != "jiancha" {
            assert!(!deps.contains("clap") || *name == "jiancha-output", "{name} depends on clap");
            assert!(!deps.contains("indicatif"), "{name} depends on indicatif");
        }
    }
    // The store knows no rule and no HTTP; the server holds no command line.
    let store = dependencies("crates/store");
    for banned in ["jiancha-core", "jiancha-batch", "axum", "tokio", "clap"] {
        assert!(!store.contains(banned), "jiancha-store depends on {banned}");
    }
    assert!(!dependencies("crates/server").contains("clap"), "jiancha-server depends on clap");
    // A rule table is data the core's types describe: it knows nothing of the sandbox, the batch or the outputs.
    let table = dependencies("crates/rule-table");
    assert!(table.iter().filter(|d| d.starts_with("jiancha")).eq(["jiancha-core"]), "{table:?}");
    // The batch crate knows neither the plugins' sandbox nor the outputs.
    let batch = dependencies("crates/batch");
    assert!(!batch.contains("jiancha-plugin-host") && !batch.contains("jiancha-output"));
    // The core builds for the browser: nothing of the host side.
    let core = dependencies("core");
    for host_only in ["anyhow", "tempfile", "flate2", "csv", "calamine", "wasmtime", "clap"] {
        assert!(!core.contains(host_only), "core depends on {host_only}");
    }
}

#[test]
fn the_batch_crate_reads_no_environment_and_writes_no_terminal() {
    for entry in std::fs::read_dir(root().join("crates/batch/src")).unwrap() {
        let path = entry.unwrap().path();
        let code = code_of(&path);
        for banned in
            ["std::env::", "eprintln!", "println!", "eprint!", "print!(", "std::io::stderr", "std::io::stdout"]
        {
            assert!(!code.contains(banned), "{} uses {banned}", path.display());
        }
    }
}

#[test]
fn the_store_and_the_server_read_no_environment_and_write_no_terminal() {
    for dir in ["crates/store/src", "crates/server/src"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            // The Rust sources only (the enterprise's page lives beside them in `verify/`).
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = code_of(&path);
            for banned in
                ["std::env::", "eprintln!", "println!", "eprint!", "print!(", "std::io::stderr", "std::io::stdout"]
            {
                assert!(!code.contains(banned), "{} uses {banned}", path.display());
            }
        }
    }
}
