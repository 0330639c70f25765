//! Native testing of a plugin with `cargo test`, on the same test vectors that `jiancha plugin test` runs
//! against the built component.
//!
//! The format is `jiancha_core::vectors`.

pub use jiancha_core::vectors::{Case, Vectors};

use crate::{Enterprise, Finding, Inspection, Plugin, Record};

/// Runs `P` on one record the way the host would: only when the record carries the plugin's entry and the
/// enterprise is in the plugin's scope. Findings come back completed from the catalogue.
pub fn check<P: Plugin>(inspection: Inspection, enterprise: Enterprise) -> Vec<Finding> {
    let meta = P::meta();
    if !inspection.sector_data.contains_key(&meta.id) || !meta.applies_to(&enterprise.industry, &enterprise.tags) {
        return Vec::new();
    }
    let record = Record::from_inspection(&meta.id, inspection, enterprise);
    P::check(&record).into_iter().map(|f| f.complete(&meta)).collect()
}

/// Runs every case of a vectors text; `Err` lists every failing case.
pub fn run_vectors<P: Plugin>(text: &str) -> Result<usize, String> {
    let vectors: Vectors = serde_json::from_str(text).map_err(|e| format!("vectors: {e}"))?;
    let meta = P::meta();
    if vectors.plugin != meta.id {
        return Err(format!("vectors are for `{}`, the plugin is `{}`", vectors.plugin, meta.id));
    }
    let mut failures = Vec::new();
    for case in &vectors.cases {
        let inspection: Inspection = match serde_json::from_value(case.inspection.clone()) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{}: bad inspection: {e}", case.name));
                continue;
            }
        };
        let findings = check::<P>(inspection, case.enterprise.clone());
        for f in &findings {
            if meta.find(&f.rule).is_none() && f.rule != crate::SECTOR_DATA_INVALID {
                failures.push(format!("{}: rule `{}` is not in the catalogue", case.name, f.rule));
            }
        }
        let got: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        if let Err(e) = jiancha_core::vectors::compare(case, &got) {
            failures.push(e);
        }
    }
    if failures.is_empty() { Ok(vectors.cases.len()) } else { Err(failures.join("\n")) }
}
