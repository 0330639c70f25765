//! Jiancha core: the data contract, the rule catalogue and every built-in rule, the working-day calendar and
//! the policy parameters.
//!
//! Core does no I/O and knows nothing of wasmtime: it takes texts and returns findings, and compiles unchanged
//! to `wasm32-unknown-unknown`. The `jiancha` binary (crate `jiancha`, on `jiancha-batch`, `jiancha-output` and `jiancha-plugin-host`) reads files and writes outputs; the
//! browser build (feature `wasm`) exposes the same engine to JavaScript.
//!
//! ```
//! use jiancha_core::{Dataset, Engine, parse_records};
//! let ds = Dataset::from_object("dataset.json", r#"{"agencies": []}"#).map_err(|e| e.to_string())?;
//! let report = Engine::new(&ds).check(parse_records("{\"id\": 1}\n"));
//! assert!(report.lines[0].error.is_some());
//! # Ok::<(), String>(())
//! ```

pub mod api;
pub mod batch;
pub mod calendar;
pub mod catalogue;
pub mod dataset;
pub mod engine;
pub mod error;
pub mod finding;
pub mod fuzz;
pub mod joint;
pub mod labels;
pub mod meta;
pub mod model;
pub mod pack;
pub mod par;
pub mod plugin_output;
pub mod policy;
pub mod rules;
pub mod schema;
pub mod stats;
pub mod supervision;
pub mod time;
pub mod uscc;
pub mod vectors;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use catalogue::{RULES, Rule, RuleMeta, Severity};
pub use dataset::Dataset;
pub use engine::{Engine, Finished, Input, Report, Stream, first_pass, parse_record, parse_records};
pub use error::InputError;
pub use finding::{Finding, OutputLine, Scope};
pub use model::Inspection;
