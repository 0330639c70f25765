//! Fuzz target `readers`: see `jiancha_core::fuzz::readers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jiancha_core::fuzz::readers(data));
