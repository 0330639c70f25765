#!/usr/bin/env bash
# Builds the browser package web-demo/pkg/ (wasm-bindgen `--target web`: JS glue, .wasm, .d.ts) from jiancha-core's
# `wasm` feature, optimised with wasm-opt, and prints its size raw and gzipped. Installs what it lacks: the
# wasm32 target, wasm-bindgen-cli at the version the crate uses, and the npm packages (binaryen).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p' | head -1)
if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$version" ]; then
  echo "installing wasm-bindgen-cli $version" >&2
  cargo install wasm-bindgen-cli --version "$version"
fi
if [ ! -x web-demo/node_modules/.bin/wasm-opt ]; then
  (cd web-demo && npm install --no-audit --no-fund --loglevel=error)
fi
cargo build --quiet -p jiancha-wasm --target wasm32-unknown-unknown --profile wasm
rm -rf web-demo/pkg
wasm-bindgen --target web --out-dir web-demo/pkg target/wasm32-unknown-unknown/wasm/jiancha_wasm.wasm
wasm=web-demo/pkg/jiancha_wasm_bg.wasm
before=$(wc -c < "$wasm")
web-demo/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "jiancha_wasm_bg.wasm: ${raw} bytes raw (${before} before wasm-opt), ${gz} bytes gzipped" | tee web-demo/pkg/SIZE.txt
python3 web-demo/prepare-data.py
