//! Embeds the web app (the page of `web-demo/`, with the `@jiancha/core` package `bash web-demo/build.sh` puts in
//! `web-demo/pkg/`) into the binary: `jiancha serve` answers it at `/app/` from memory, same origin as the API.
//! Without `web-demo/pkg/` (before the browser build) the files are embedded without the engine, and `/app/`
//! says how to build it. Each file gets an entity tag (a hash of its bytes) and, where it is text or WebAssembly, a
//! gzip copy made here once, so that a browser revalidates with 304 and downloads the engine compressed.

use std::fmt::Write as _;
use std::io::Write as _;
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
    "problems.js",
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
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let mut out = String::from("/// Every embedded file.\npub static FILES: &[Asset] = &[\n");
    for (i, (name, path)) in files.iter().enumerate() {
        let bytes = std::fs::read(path)?;
        let tag = format!("\"{:016x}-{:x}\"", fnv1a(&bytes), bytes.len());
        let gz = if compressible(name) && bytes.len() > 1024 {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(&bytes)?;
            let packed = e.finish()?;
            let at = out_dir.join(format!("web-{i}.gz"));
            std::fs::write(&at, packed)?;
            format!("Some(include_bytes!({:?}))", at.display().to_string())
        } else {
            "None".to_string()
        };
        let _ = writeln!(
            out,
            "    Asset {{ path: {name:?}, bytes: include_bytes!({:?}), etag: {tag:?}, gzip: {gz} }},",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    std::fs::write(out_dir.join("web_assets.rs"), out)
}

fn compressible(name: &str) -> bool {
    [".html", ".js", ".css", ".json", ".wasm", ".svg"].iter().any(|e| name.ends_with(e))
}

/// FNV-1a, 64 bits: the entity tag only has to change when the bytes do.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
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
