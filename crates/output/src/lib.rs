//! `jiancha-output`: what a batch run writes, as [`jiancha_batch::LineSink`]s ([`sinks`]): JSON Lines, one JSON
//! document, a terminal table, CSV and XLSX with one row per finding ([`sheets`]), and the leaders' HTML report
//! ([`report`]); the rule catalogue and the run summary as text ([`text`]); outputs written beside their
//! destination and renamed on success, never over an input ([`outfile`]).
//!
//! It may not: judge anything (every count it shows comes from the findings and `jiancha-core`), read records, or
//! write to stdout or stderr by itself (the caller hands it a writer).

pub mod outfile;
pub mod problems;
pub mod report;
pub mod sheets;
pub mod sinks;
pub mod text;

pub use sinks::{Report, Sink, Tee, sink};
pub use text::{CheckFormat, RulesFormat, escape_json_for_terminal, remedy, term};
