#!/usr/bin/env bash
# Builds the sample plugins (safety, herbal) and the misbehaving test fixtures into components with manifests:
#   target/plugins/samples/   safety and herbal (what `--plugins` loads in the example and tests)
#   target/plugins/fixtures/  one chaos-* component per misbehaviour (sandbox tests)
#   target/plugins/fixtures/wasi-tier, wasi-sockets   the WASI tier's fixtures (wasm32-wasip2)
# Installs the wasm32 targets when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in wasm32-unknown-unknown wasm32-wasip2; do
  if ! rustup target list --installed | grep -qx "$target"; then
    rustup target add "$target"
  fi
done
cargo build --quiet -p jiancha
bin=./target/debug/jiancha
out=target/plugins
rm -rf "$out"
mkdir -p "$out/samples" "$out/fixtures"
$bin plugin build plugins/safety --out "$out/samples"
$bin plugin build plugins/herbal --out "$out/samples"
for f in well-behaved trivial trap panic infinite-loop grow-memory stack-overflow wrong-count batch-only oversized undeclared-rule imports-wasi wit-v2; do
  mkdir -p "$out/fixtures/$f"
  if [ "$f" = imports-wasi ] || [ "$f" = wit-v2 ]; then
    # The host refuses these at build time too (WASI import; another interface version); keep the raw module for
    # the load tests.
    $bin plugin build plugins/fixtures/chaos --features "$f" --out "$out/fixtures/$f" 2>/dev/null || true
    cargo build --quiet -p jiancha-plugin-chaos --features "$f" --target wasm32-unknown-unknown --profile plugin
    cp target/wasm32-unknown-unknown/plugin/jiancha_plugin_chaos.wasm "$out/fixtures/$f/module.wasm"
  else
    $bin plugin build plugins/fixtures/chaos --features "$f" --out "$out/fixtures/$f"
  fi
done
# The WASI tier: a plugin that prints, reads the clock and the randomness; one that opens a socket (refused at
# build time, so its component is kept raw for the load test).
$bin plugin build plugins/fixtures/chaos --features wasi-tier --tier wasi --out "$out/fixtures/wasi-tier"
mkdir -p "$out/fixtures/wasi-sockets"
cargo build --quiet -p jiancha-plugin-chaos --features wasi-sockets --target wasm32-wasip2 --profile plugin
cp target/wasm32-wasip2/plugin/jiancha_plugin_chaos.wasm "$out/fixtures/wasi-sockets/component.wasm"
ls -R "$out" | head -40
