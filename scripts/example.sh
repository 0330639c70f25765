#!/usr/bin/env bash
# Builds jiancha and checks the built-in Pan'an County example (examples/panan): the findings go to
# target/example/findings.jsonl and a readable table to target/example/findings.txt; the summary is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "需要 Rust 工具链 / needs the Rust toolchain (rustup)" >&2; exit 2; }
cargo build --release --quiet -p jiancha-host
mkdir -p target/example
bin=./target/release/jiancha
$bin check --dataset examples/panan --format table --quiet --output target/example/findings.txt examples/panan/records-2025.jsonl
$bin check --dataset examples/panan --output target/example/findings.jsonl examples/panan/records-2025.jsonl
echo
echo "结果 / results: target/example/findings.jsonl (JSON Lines), target/example/findings.txt (table)"
