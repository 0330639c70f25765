//! `jiancha serve --demo`: the built-in Pan'an example county as the reference data, and a token for each role.

use jiancha_store::{BundleFiles, Role, Store};

use crate::auth::{NewToken, new_token};

/// The example's reference data (`examples/panan/`), built into the binary so that the demo needs no checkout.
pub fn example_bundle() -> BundleFiles {
    BundleFiles::Files(vec![
        ("agencies.json".into(), include_str!("../../../examples/panan/agencies.json").into()),
        ("enterprises.json".into(), include_str!("../../../examples/panan/enterprises.json").into()),
        ("inspectors.json".into(), include_str!("../../../examples/panan/inspectors.json").into()),
        ("items.json".into(), include_str!("../../../examples/panan/items.json").into()),
        ("plans.json".into(), include_str!("../../../examples/panan/plans.json").into()),
        ("policy.toml".into(), include_str!("../../../examples/panan/policy.toml").into()),
    ])
}

/// The example's 2025 records (JSON Lines).
pub const EXAMPLE_RECORDS: &str = include_str!("../../../examples/panan/records-2025.jsonl");

/// The demo's tokens: officers of 市场监管局 (scjg) and 应急管理局 (yjgl), a supervisor and an admin, each valid
/// for 30 days. They are new on every start (a token's secret is never stored).
pub fn demo_tokens(store: &dyn Store) -> jiancha_store::Result<Vec<NewToken>> {
    let wanted = [
        ("demo-officer-scjg", "scjg", Role::Officer),
        ("demo-officer-yjgl", "yjgl", Role::Officer),
        ("demo-supervisor", "scjg", Role::Supervisor),
        ("demo-admin", "scjg", Role::Admin),
    ];
    let mut out = Vec::new();
    for (label, agency, role) in wanted {
        let t = new_token(label, agency, role, Some(30));
        store.put_token(&t.info)?;
        out.push(t);
    }
    Ok(out)
}
