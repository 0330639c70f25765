//! What the browser API (`wasm`, the npm package `@jiancha/core`) answers, as Rust types: the answers are
//! serialised from these, and the package's TypeScript types are generated from their JSON Schema
//! ([`crate::schema::api_schema`], `schema/api.schema.json`), so the two cannot drift apart.
//!
//! Every answer is `{ok: true, …}` or [`Failure`] (`{ok: false, error}`); nothing throws.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::error::InputError;
use crate::finding::Finding;
use crate::labels::Label;
use crate::meta::RuleMeta;
use crate::rules::frequency::CapUse;
use crate::stats::Stats;

/// `true`, as a type: the `ok` of an answer that worked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct True;

/// `false`, as a type: the `ok` of an answer that failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct False;

macro_rules! literal_bool {
    ($t:ty, $v:literal, $name:literal) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bool($v)
            }
        }
        impl JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "boolean", "const": $v })
            }
        }
    };
}
literal_bool!(True, true, "True");
literal_bool!(False, false, "False");

/// Why an input could not be used: what is wrong (Chinese first, English beside) and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ApiError {
    /// What is wrong and what to write instead, Chinese first, English beside.
    pub message: String,
    /// JSON pointer to the bad field (`""` for the whole value).
    pub path: String,
    /// The input it was read from (`dataset.json`, `policy.toml`, `history`, …), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line of that input, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl ApiError {
    /// An error without a file.
    pub fn new(message: impl Into<String>, path: impl Into<String>) -> ApiError {
        ApiError { message: message.into(), path: path.into(), file: None, line: None }
    }
}

impl From<&InputError> for ApiError {
    fn from(e: &InputError) -> ApiError {
        ApiError {
            message: e.message.clone(),
            path: e.path.clone(),
            file: (!e.file.is_empty()).then(|| e.file.clone()),
            line: (e.line > 0).then_some(e.line),
        }
    }
}

/// An answer that failed: `{ok: false, error}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Failure {
    pub ok: False,
    pub error: ApiError,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Failure {
        Failure { ok: False, error }
    }
}

/// The findings of one inspection or one plan: `{ok: true, findings}`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FindingsAnswer {
    pub ok: True,
    /// In catalogue order; empty when nothing is wrong.
    pub findings: Vec<Finding>,
}

/// A check of many records: the JSON Lines `jiancha check --format jsonl` prints for the same input.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckAnswer {
    pub ok: True,
    /// One line per non-blank input line, in input order, then the plan, agency, enterprise and dataset lines
    /// (each line an `OutputLine`).
    pub output: String,
}

/// A check of many records with what its output adds up to (the numbers of the HTML report).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CheckStatsAnswer {
    pub ok: True,
    /// As [`CheckAnswer::output`].
    pub output: String,
    pub stats: Stats,
}

/// The caps of the frequency family for an agency and an enterprise in a year, as the server's
/// `GET /v1/enterprises/{uscc}/quota` answers them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QuotaAnswer {
    pub ok: True,
    pub enterprise: String,
    pub agency: String,
    pub year: i32,
    /// The day whose caps are given (`YYYY-MM-DD`).
    pub as_of: String,
    /// The on-site cap, the obviously-excessive number of exempt visits, the risk-colour cap, in that order.
    pub caps: Vec<CapUse>,
}

/// The rule catalogue.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RulesAnswer {
    pub ok: True,
    /// Every rule, in catalogue order (the order of the spec).
    pub rules: &'static [RuleMeta],
    /// Source key (`gbf-2024-54`, …) → its full title.
    pub sources: BTreeMap<String, String>,
}

/// The values of the contract's enumerations, in contract order, with their Chinese and English labels.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LabelsAnswer {
    pub ok: True,
    /// Enumeration (`trigger`, `mode`, `activity`, …) → its values.
    pub labels: BTreeMap<String, Vec<Label>>,
}

/// The rule catalogue as answered.
pub fn rules() -> RulesAnswer {
    RulesAnswer {
        ok: True,
        rules: crate::catalogue::RULES,
        sources: crate::catalogue::SOURCES.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect(),
    }
}

/// The labels as answered.
pub fn labels() -> LabelsAnswer {
    LabelsAnswer { ok: True, labels: crate::labels::all().into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}
