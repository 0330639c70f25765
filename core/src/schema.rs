//! The JSON Schema of the data contract, generated from the serde types.
//!
//! `schema/dataset.schema.json` and `schema/inspection.schema.json` in the repository are this output; a test
//! in `tests/` fails when they drift apart from the types (re-bless with `JIANCHA_BLESS=1`).

use crate::dataset::DatasetObject;
use crate::model::Inspection;

/// The schema of one inspection record, pretty-printed.
pub fn inspection_schema() -> String {
    pretty(&schemars::schema_for!(Inspection))
}

/// The schema of the one-object dataset, pretty-printed.
pub fn dataset_schema() -> String {
    pretty(&schemars::schema_for!(DatasetObject))
}

fn pretty(schema: &schemars::Schema) -> String {
    serde_json::to_string_pretty(schema).map(|s| s + "\n").unwrap_or_default()
}

/// The schema of the browser API (`schema/api.schema.json`): every answer of [`crate::api`] and what goes in
/// (inspection, plan, dataset) and comes out (output line, finding, stats), each under `$defs` by its type's name.
/// The npm package's TypeScript types are generated from it.
pub fn api_schema() -> String {
    use crate::api::{CheckAnswer, CheckStatsAnswer, Failure, FindingsAnswer, LabelsAnswer, QuotaAnswer, RulesAnswer};
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let _ = generator.subschema_for::<Inspection>();
    let _ = generator.subschema_for::<crate::model::Plan>();
    let _ = generator.subschema_for::<DatasetObject>();
    let _ = generator.subschema_for::<crate::finding::OutputLine>();
    let _ = generator.subschema_for::<Failure>();
    let _ = generator.subschema_for::<FindingsAnswer>();
    let _ = generator.subschema_for::<CheckAnswer>();
    let _ = generator.subschema_for::<CheckStatsAnswer>();
    let _ = generator.subschema_for::<QuotaAnswer>();
    let _ = generator.subschema_for::<RulesAnswer>();
    let _ = generator.subschema_for::<LabelsAnswer>();
    let defs: serde_json::Map<String, serde_json::Value> = generator.take_definitions(true);
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "JianchaApi",
        "description": "检查 Jiancha browser API: what goes in and what comes out (generated from the Rust types)",
        "$defs": defs,
    });
    serde_json::to_string_pretty(&root).map(|s| s + "\n").unwrap_or_default()
}
