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
    /// What a WASI-tier plugin wrote, per case that wrote anything: (case, its output).
    pub output: Vec<(String, crate::GuestOutput)>,
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
        report.output.extend(std::mem::take(&mut run.output).into_iter().map(|o| (case.name.clone(), o.output)));
        let findings: Vec<_> = found.get(&0).into_iter().flatten().collect();
        let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_ref()).collect();
        match compare(case, &rules) {
            Ok(()) => report.passed += 1,
            // What the host said of a failure, or the plugin of data it could not read, is the reason to show.
            Err(e) => {
                let why: Vec<String> = findings
                    .iter()
                    .filter(|f| f.rule == "plugin.failed" || f.rule == jiancha_core::plugin_output::SECTOR_DATA_INVALID)
                    .map(|f| format!("\n    {}: {}{}", f.rule, f.message, hint(plugins, id, &f.message_en)))
                    .collect();
                report.failures.push(format!("{e}{}", why.concat()));
            }
        }
    }
    Ok(report)
}

/// Where to see what a trap hides: a pure-tier guest has no stderr, so a Rust panic's message is not known here.
fn hint(plugins: &PluginSet, id: &str, said: &str) -> &'static str {
    let pure = plugins.plugins.iter().any(|p| p.info.id == id && p.manifest.tier.is_pure());
    if pure && said.contains("trapped (panic") {
        "\n    （纯净层插件没有 stderr：panic 的信息用 cargo test 在本机查看，或以 --tier wasi 构建后在此显示 / a pure-tier plugin has no stderr: see a panic's message natively with cargo test, or build with --tier wasi to see it here）"
    } else {
        ""
    }
}
