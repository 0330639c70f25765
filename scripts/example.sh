#!/usr/bin/env bash
# Builds jiancha and the two sample department plugins (safety, herbal), signs each plugin with a demo key of its
# department, and checks the built-in Pan'an County example (examples/panan) with every built-in rule and both
# plugins. Findings: target/example/findings.jsonl (JSON Lines) and target/example/findings.txt (table).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || { echo "需要 Rust 工具链 / needs the Rust toolchain (rustup)" >&2; exit 2; }
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
cargo build --release --quiet -p jiancha
bin=./target/release/jiancha
ex=target/example
mkdir -p "$ex/plugins" "$ex/keys"
$bin plugin build plugins/safety --out "$ex/plugins" 2>&1 | grep -v '^ *\(Compiling\|Finished\)' || true
$bin plugin build plugins/herbal --out "$ex/plugins" 2>&1 | grep -v '^ *\(Compiling\|Finished\)' || true
# Demo department keys (a real department keeps its secret key to itself and gives counties the .pub file).
for dept in yjj:磐安县应急管理局 scjg:磐安县市场监督管理局; do
  name=${dept%%:*}; full=${dept#*:}
  [ -f "$ex/keys/$name.key" ] || $bin plugin keygen --out "$ex/keys/$name.key" --department "$full" 2>/dev/null
done
$bin plugin sign "$ex/plugins/safety.manifest.json" --key "$ex/keys/yjj.key"
$bin plugin sign "$ex/plugins/herbal.manifest.json" --key "$ex/keys/scjg.key"
trust=(--plugins "$ex/plugins" --trust "$ex/keys/yjj.key.pub" --trust "$ex/keys/scjg.key.pub")
$bin check --dataset examples/panan "${trust[@]}" --format table --quiet --output "$ex/findings.txt" examples/panan/records-2025.jsonl
$bin check --dataset examples/panan "${trust[@]}" --output "$ex/findings.jsonl" examples/panan/records-2025.jsonl
echo
echo "结果 / results: $ex/findings.jsonl (JSON Lines), $ex/findings.txt (table)"
