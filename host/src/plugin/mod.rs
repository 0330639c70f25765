//! Department plugins: manifests and signatures, the sandboxed wasmtime runtime, building and scaffolding.

pub mod build;
pub mod manifest;
pub mod runtime;
pub mod vectors;

pub use runtime::{Limits, LoadedPlugin, PluginHost, TrustPolicy};
