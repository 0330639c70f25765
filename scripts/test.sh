#!/usr/bin/env bash
# Runs every test of the workspace: lints; the plugin components (samples and misbehaving fixtures); unit, golden,
# property, hostile-input, fuzz-regression, CLI, plugin-sandbox, scaffold and doc tests; the benchmarks in test
# mode; the holiday table against an independent implementation; then the browser build and the web tests
# (native/WebAssembly differential, and the demo page in headless Chromium); the report in Chromium; a 10-second
# smoke run of every fuzz target.
# On a fresh machine it installs what it lacks: the wasm32 target, wasm-bindgen-cli, npm packages, and (as root)
# Debian's chromium with a CJK font.
set -euo pipefail
cd "$(dirname "$0")/.."
# Formatting (rustfmt.toml) and lints first: they are the cheapest to fail.
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
bash scripts/build-plugins.sh > /dev/null
# The service's tests run against PostgreSQL as well as SQLite: as root, a local cluster is started (installed
# where missing) and the tests must reach it; otherwise they use it only when JIANCHA_TEST_POSTGRES is set.
if [ -z "${JIANCHA_TEST_POSTGRES:-}" ] && [ "$(id -u)" = 0 ]; then
  JIANCHA_TEST_POSTGRES="$(bash scripts/postgres.sh)"
  export JIANCHA_TEST_POSTGRES JIANCHA_REQUIRE_POSTGRES=1
fi
# The JavaScript and Python plugin tool chains (componentize-js from npm, componentize-py from PyPI) for the
# department-path tests of those languages, which are then required, not skipped.
if [ -z "${JIANCHA_PLUGIN_TOOLS:-}" ]; then
  JIANCHA_PLUGIN_TOOLS="$(bash scripts/plugin-tools.sh)"
  export JIANCHA_PLUGIN_TOOLS JIANCHA_REQUIRE_PLUGIN_TOOLS=1
fi
cargo test --workspace --quiet
cargo test -p jiancha-benches --benches --quiet
# The statutory holiday table of years without a State Council schedule, against an independent lunar calendar
# and an astronomical 清明 (installs its PyPI packages into a virtualenv under target/).
bash tests/holidays/run.sh
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk > /dev/null
  else
    echo "需要 chromium 与 fonts-noto-cjk / needs: sudo apt-get install chromium fonts-noto-cjk" >&2
    exit 2
  fi
fi
bash web-demo/build.sh
# `jiancha serve` embeds the web app when it is built: built again now that web-demo/pkg exists, for the app's tests.
cargo build --quiet -p jiancha
(cd web-demo && npm install --no-audit --no-fund --loglevel=error && node --test tests/)
# The leaders' HTML report opened in headless Chromium (screenshot and PDF in artifacts/report/).
cargo test -p jiancha --test it --quiet -- --ignored report::
# A short smoke run of every fuzz target (installs cargo-fuzz when missing); longer runs: scripts/reliability.sh.
bash scripts/fuzz.sh "${JIANCHA_FUZZ_SECONDS:-10}"
