#!/usr/bin/env bash
# Runs every test of the workspace: lints, unit, golden, property, CLI and doc tests, and the benchmarks in test mode.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace --quiet
cargo test -p jiancha-benches --benches --quiet
