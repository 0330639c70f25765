//! The host side of Jiancha: reading datasets and record files from disk, and writing the outputs.
//!
//! This is the only place that does I/O. The rules themselves live in `jiancha-core`.

pub mod formats;
pub mod generate;
pub mod load;
pub mod outfile;
pub mod output;
pub mod plugin;
pub mod report;
pub mod run;

pub use load::{load_dataset, read_inputs};
