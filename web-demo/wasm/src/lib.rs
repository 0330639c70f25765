//! The browser build of Jiancha: nothing but core's wasm-bindgen API (`jiancha_core::wasm`), compiled to a cdylib
//! for `wasm32-unknown-unknown` by `web-demo/build.sh`. The core itself is unchanged.

pub use jiancha_core::wasm::*;
