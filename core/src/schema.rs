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
