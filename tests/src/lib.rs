//! Shared helpers of the workspace integration tests: running a scenario directory the way `jiancha check` does.

use std::path::{Path, PathBuf};

use jiancha_core::{Engine, Report};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The golden scenario directories, sorted.
pub fn scenarios() -> Vec<PathBuf> {
    let dir = root().join("tests/golden");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.join("dataset.json").exists()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs one scenario: `dataset.json` (+ `policy.toml` as `--policy`) over `records.jsonl`.
pub fn run_scenario(dir: &Path) -> Result<Report, String> {
    let mut ds = jiancha_batch::load_dataset(&dir.join("dataset.json")).map_err(|e| format!("{e:#}"))?;
    let policy = dir.join("policy.toml");
    if policy.exists() {
        let text = std::fs::read_to_string(&policy).map_err(|e| e.to_string())?;
        ds.policy.apply_toml(&policy.display().to_string(), &text).map_err(|e| e.to_string())?;
    }
    let input = dir.join("records.jsonl");
    let inputs = jiancha_batch::read_inputs(&input.display().to_string()).map_err(|e| format!("{e:#}"))?;
    Ok(Engine::new(&ds).check(inputs))
}
