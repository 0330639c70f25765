#!/usr/bin/env bash
# The per-record cost of one plugin written four ways (docs in BENCHMARKS.md, "One standard, four languages"):
# builds `herbal` in Rust (plugins/herbal), JavaScript (plugins/herbal-js), Python (plugins/herbal-py) and as a
# rule table (plugins/herbal-table) into target/plugins/langs/, then runs them in one process on the same records.
# Installs the JavaScript and Python tool chains first (scripts/plugin-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
JIANCHA_PLUGIN_TOOLS="${JIANCHA_PLUGIN_TOOLS:-$(bash scripts/plugin-tools.sh)}"
export JIANCHA_PLUGIN_TOOLS
cargo build --release --quiet -p jiancha -p jiancha-benches
out=target/plugins/langs
rm -rf "$out"
for v in herbal:rust herbal-js:js herbal-py:python herbal-table:table; do
  src=${v%%:*}; name=${v#*:}
  ./target/release/jiancha plugin build "plugins/$src" --out "$out/$name" > /dev/null
done
./target/release/plugin-langs "$@" "$out/rust" "$out/js" "$out/python" "$out/table"
