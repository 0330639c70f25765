#!/usr/bin/env bash
# Everything of RELIABILITY.md in one command: the invariants (property tests), the hostile-input corpus, the
# plugin abuse and sandbox tests, every fuzz corpus and crash replayed, then every fuzz target for SECONDS each.
#
#   bash scripts/reliability.sh          # fuzz 60 s per target
#   bash scripts/reliability.sh 600      # the long run
#   bash scripts/reliability.sh 10       # the smoke run (scripts/test.sh runs the fuzz part of it)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash scripts/build-plugins.sh > /dev/null
cargo test --quiet -p jiancha-tests --test properties
cargo test --quiet -p jiancha --test it -- hostile:: plugins::
cargo test --quiet -p jiancha-core --test fuzz_regressions
bash scripts/fuzz.sh "$seconds"
echo "figures: target/fuzz/results.txt"
