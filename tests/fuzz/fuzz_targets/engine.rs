//! Fuzz target `engine`: see `jiancha_core::fuzz::engine`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jiancha_core::fuzz::engine(data));
