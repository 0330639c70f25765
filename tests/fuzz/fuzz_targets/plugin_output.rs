//! Fuzz target `plugin_output`: see `jiancha_core::fuzz::plugin_output`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jiancha_core::fuzz::plugin_output(data));
