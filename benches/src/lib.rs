//! Shared helpers for the benchmarks: the built-in example, loaded once.

use std::path::Path;

use jiancha_core::{Dataset, Input};

/// The example dataset and its records, or a message saying what is missing.
pub fn example() -> Result<(Dataset, Vec<Input>), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let ds = jiancha_batch::load_dataset(&root.join("examples/panan")).map_err(|e| format!("{e:#}"))?;
    let inputs = jiancha_batch::read_inputs(&root.join("examples/panan/records-2025.jsonl").display().to_string())
        .map_err(|e| format!("{e:#}"))?;
    Ok((ds, inputs))
}
