//! Every input the fuzzers keep (`tests/fuzz/corpus/<target>/`) and every crash they found
//! (`tests/fuzz/regressions/<target>/`, one file per crash, named after it) runs through the target's body on
//! every `cargo test`, without libFuzzer.

#![allow(clippy::unwrap_used, clippy::panic, reason = "tests fail loudly")]

use std::path::Path;

fn run(target: &str, body: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fuzz");
    let mut n = 0;
    for dir in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            if std::panic::catch_unwind(|| body(&data)).is_err() {
                panic!("{target}: {} fails", file.display());
            }
            n += 1;
        }
    }
    assert!(n > 0, "no corpus for {target}");
}

#[test]
fn records() {
    run("records", jiancha_core::fuzz::records);
}

#[test]
fn readers() {
    run("readers", jiancha_core::fuzz::readers);
}

#[test]
fn engine() {
    run("engine", jiancha_core::fuzz::engine);
}

#[test]
fn plugin_output() {
    run("plugin_output", jiancha_core::fuzz::plugin_output);
}
