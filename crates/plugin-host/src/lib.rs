//! `jiancha-plugin-host`: department plugins, sandboxed. The only crate that uses wasmtime.
//!
//! It owns plugin manifests and their signatures ([`manifest`]: ed25519 keys, revocation lists), the runtime
//! ([`runtime`]: one engine and linker, a fresh store per call with fuel, memory and output caps, traps classified
//! by `wasmtime::Trap`, a compile cache checked by HMAC), building and scaffolding plugin crates ([`build`]) and
//! their test vectors ([`vectors`]). A batch run reaches it through [`jiancha_batch::Plugins`].
//!
//! It may not: judge records itself (the rules are `jiancha-core`'s; a plugin's answer is decoded by
//! `jiancha_core::plugin_output`), write to stdout or stderr (what the user should know is in
//! [`PluginSet::notices`] and [`PluginRun::notices`]), or parse command lines.

pub mod build;
pub mod manifest;
pub mod runtime;
pub mod vectors;
pub mod wasi;

pub use jiancha_core::plugin_output::{PluginInfo, PluginRule};
pub use runtime::{Limits, LoadError, LoadedPlugin, PluginOutput, PluginRun, PluginSet, Room, TrustPolicy};
pub use wasi::GuestOutput;

impl jiancha_batch::Plugins for PluginRun<'_> {
    fn check<'a>(
        &mut self,
        records: &[(usize, &'a jiancha_core::Inspection, Option<&str>)],
        ds: &'a jiancha_core::Dataset,
    ) -> std::collections::HashMap<usize, Vec<jiancha_core::Finding>> {
        PluginRun::check(self, records, |id| ds.enterprise(id))
    }
}

#[cfg(test)]
mod tests {
    /// One set serves every run, on any thread: a server shares it between requests.
    #[test]
    fn a_plugin_set_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<super::PluginSet>();
    }
}
