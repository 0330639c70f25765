//! Fuzz target `records`: see `jiancha_core::fuzz::records`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jiancha_core::fuzz::records(data));
