//! `jiancha plugin test`: a built plugin's test vectors run through the real sandbox, exactly as `cargo test` runs
//! them natively through the SDK.

use anyhow::{Context, Result, bail};
use jiancha_core::Inspection;
use jiancha_core::vectors::{Vectors, compare};

use crate::PluginSet;

/// The outcome of a vectors run.
#[derive(Debug, Default)]
pub struct VectorReport {
    /// Cases that passed.
    pub passed: usize,
    /// One line per failing case.
    pub failures: Vec<String>,
}

/// Runs every case of `text` through the plugin `id` of `plugins` (one run for all the cases).
pub fn run(plugins: &PluginSet, id: &str, text: &str) -> Result<VectorReport> {
    let vectors: Vectors = serde_json::from_str(text).context("测试向量格式错误 / malformed test vectors")?;
    if vectors.plugin != id {
        bail!("测试向量属于 `{}`，插件是 `{id}` / the vectors are for `{}`", vectors.plugin, vectors.plugin);
    }
    let mut report = VectorReport::default();
    let mut run = plugins.run();
    for case in &vectors.cases {
        let inspection: Inspection = match serde_json::from_value(case.inspection.clone()) {
            Ok(i) => i,
            Err(e) => {
                report.failures.push(format!("{}: bad inspection: {e}", case.name));
                continue;
            }
        };
        let found = run.check(&[(0, &inspection, None)], |_| Some(&case.enterprise));
        let rules: Vec<&str> = found.get(&0).into_iter().flatten().map(|f| f.rule.as_ref()).collect();
        match compare(case, &rules) {
            Ok(()) => report.passed += 1,
            Err(e) => report.failures.push(e),
        }
    }
    Ok(report)
}
