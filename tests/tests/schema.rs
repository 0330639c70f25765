//! The JSON Schema in `schema/` must match the serde types; re-bless with `JIANCHA_BLESS=1`.

use jiancha_core::schema::{api_schema, dataset_schema, inspection_schema};
use jiancha_tests::root;

#[test]
fn schema_matches_the_types() {
    let bless = std::env::var_os("JIANCHA_BLESS").is_some();
    let mut drift = Vec::new();
    for (name, text) in [
        ("inspection.schema.json", inspection_schema()),
        ("dataset.schema.json", dataset_schema()),
        ("api.schema.json", api_schema()),
    ] {
        let path = root().join("schema").join(name);
        if bless {
            std::fs::write(&path, &text).unwrap_or_else(|e| drift.push(format!("{name}: cannot write: {e}")));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(t) if t == text => {}
            _ => drift.push(format!("schema/{name} differs from the types; run scripts/bless.sh and review the diff")),
        }
    }
    assert!(drift.is_empty(), "{}", drift.join("\n"));
}

#[test]
fn schema_rejects_unknown_fields() {
    let schema: serde_json::Value = serde_json::from_str(&inspection_schema()).unwrap_or_default();
    assert_eq!(schema.get("additionalProperties"), Some(&serde_json::Value::Bool(false)));
    // sector_data stays open for plugins.
    let sector = schema.pointer("/properties/sector_data/additionalProperties");
    assert_ne!(sector, Some(&serde_json::Value::Bool(false)));
}
