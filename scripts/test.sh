#!/usr/bin/env bash
# Runs every test of the workspace: lints; the plugin components (samples and misbehaving fixtures); unit, golden,
# property, CLI, plugin-sandbox, scaffold and doc tests; and the benchmarks in test mode.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo clippy --workspace --all-targets --quiet -- -D warnings
bash scripts/build-plugins.sh > /dev/null
cargo test --workspace --quiet
cargo test -p jiancha-benches --benches --quiet
