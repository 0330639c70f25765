//! The test-vector format of plugins, shared by the guest SDK (`cargo test`) and `jiancha plugin test` (the built
//! component in the sandbox), so that both run the very same cases.
//!
//! `{"plugin": "<id>", "cases": [{"name", "enterprise", "inspection", "expect"}]}`: `inspection` is a record of the
//! data contract (its `sector_data.<id>` is what the plugin reads); `expect` lists the rule ids that must fire,
//! repeated when a rule fires more than once.

use serde::{Deserialize, Serialize};

use crate::model::Enterprise;

/// A test vectors file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vectors {
    /// The plugin id the vectors are for.
    pub plugin: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case: a record and the rule ids that must fire on it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case shows.
    pub name: String,
    /// The enterprise.
    pub enterprise: Enterprise,
    /// The inspection record.
    pub inspection: serde_json::Value,
    /// Rule ids expected, in any order.
    pub expect: Vec<String>,
}

/// Compares the rule ids found with those expected (as multisets); `Err` says how they differ.
pub fn compare(case: &Case, found: &[&str]) -> Result<(), String> {
    let mut got: Vec<&str> = found.to_vec();
    let mut want: Vec<&str> = case.expect.iter().map(String::as_str).collect();
    got.sort_unstable();
    want.sort_unstable();
    if got == want { Ok(()) } else { Err(format!("{}: expected {want:?}, got {got:?}", case.name)) }
}
