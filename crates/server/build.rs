//! Embeds the web app (the page of `web-demo/`, with the `@jiancha/core` package `bash web-demo/build.sh` puts in
//! `web-demo/pkg/`) into the binary: `jiancha serve` answers it at `/app/` from memory, same origin as the API.
//! Without `web-demo/pkg/` (before the browser build) the files are embedded without the engine, and `/app/`
//! says how to build it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The page's own files (the demo's data and tooling stay out).
const PAGE: &[&str] = &[
    "index.html",
    "style.css",
    "app.js",
    "batch.js",
    "charts.js",
    "i18n.js",
    "plans.js",
    "precheck.js",
    "rules-tab.js",
    "summary.js",
    "ui.js",
    "worker.js",
    "service.js",
    "desk.js",
    "admin.js",
];

fn main() -> std::io::Result<()> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let web = manifest.join("../../web-demo");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for name in PAGE {
        let p = web.join(name);
        println!("cargo:rerun-if-changed={}", p.display());
        if p.is_file() {
            files.push(((*name).to_string(), p));
        }
    }
    let pkg = web.join("pkg");
    println!("cargo:rerun-if-changed={}", pkg.display());
    collect(&pkg, "pkg", &mut files);
    let mut out = String::from(
        "/// (path under /app/, bytes) of every embedded file.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &files {
        let _ = writeln!(out, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("web_assets.rs");
    std::fs::write(&dest, out)
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let name = format!("{prefix}/{}", e.file_name().to_string_lossy());
        if p.is_dir() {
            collect(&p, &name, files);
        } else if !name.ends_with(".d.ts") && !name.ends_with("package.json") && !name.ends_with("SIZE.txt") {
            files.push((name, p));
        }
    }
}
