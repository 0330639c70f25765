#!/usr/bin/env bash
# Builds the npm package @jiancha/core (packages/core: the wasm-bindgen `--target web` glue and .wasm from
# jiancha-core's `wasm` feature, optimised with wasm-opt, and types.d.ts generated from schema/api.schema.json),
# prints the .wasm's size raw and gzipped, and copies the package to web-demo/pkg/, where the page loads it. Installs what it lacks: the
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
pkg=packages/core
rm -rf "$pkg/wasm" web-demo/pkg
wasm-bindgen --target web --out-dir "$pkg/wasm" target/wasm32-unknown-unknown/wasm/jiancha_wasm.wasm
wasm=$pkg/wasm/jiancha_wasm_bg.wasm
before=$(wc -c < "$wasm")
web-demo/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
node "$pkg/gen-types.mjs"
echo "jiancha_wasm_bg.wasm: ${raw} bytes raw (${before} before wasm-opt), ${gz} bytes gzipped" | tee "$pkg/wasm/SIZE.txt"
# The page loads the package from its own directory (a static server serves nothing above it).
mkdir -p web-demo/pkg/wasm
cp "$pkg"/index.js "$pkg"/index.d.ts "$pkg"/types.d.ts "$pkg"/package.json web-demo/pkg/
cp "$pkg"/wasm/* web-demo/pkg/wasm/
python3 web-demo/prepare-data.py
