#!/usr/bin/env bash
# Runs every fuzz target (tests/fuzz, cargo fuzz with libFuzzer) for SECONDS each and prints, per target, the
# executions, the coverage reached (libFuzzer's edge `cov` and feature `ft` counts) and the crashes.
#
#   bash scripts/fuzz.sh               # 60 s per target
#   bash scripts/fuzz.sh 10            # a smoke run (what scripts/test.sh runs)
#   bash scripts/fuzz.sh 600 engine    # one target, ten minutes
#   MERGE=1 bash scripts/fuzz.sh 300   # also merge new coverage into the committed corpora (minimised)
#
# The committed corpora (tests/fuzz/corpus/<target>) seed each run and are never written by it: new inputs go to
# target/fuzz/corpus/<target>. A crash is copied to tests/fuzz/regressions/<target>/ (replayed by
# `cargo test -p jiancha-core --test fuzz_regressions`) and the script exits 1.
# Runs on the stable toolchain: no sanitizer (`-s none`); Rust's own checks (bounds, overflow in debug
# assertions, which cargo fuzz turns on) still catch memory and arithmetic errors.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(records readers engine plugin_output)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
fuzz=(cargo fuzz)
common=(--fuzz-dir tests/fuzz -s none --target-dir target/fuzz)
"${fuzz[@]}" build "${common[@]}" 2>&1 | grep -v "^ *Compiling" || true

mkdir -p target/fuzz
report=target/fuzz/results.txt
printf '%-14s %10s %10s %8s %8s %8s %s\n' target seconds execs exec/s cov ft crashes | tee "$report"
status=0
for t in "${targets[@]}"; do
  work=target/fuzz/corpus/$t
  artifacts=target/fuzz/artifacts/$t/
  mkdir -p "$work" "$artifacts"
  log=target/fuzz/$t.log
  set +e
  "${fuzz[@]}" run "${common[@]}" "$t" "$work" "tests/fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$artifacts" >"$log" 2>&1
  code=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo 0)
  ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*' || echo 0)
  crashes=$(find "$artifacts" -type f | wc -l)
  printf '%-14s %10s %10s %8s %8s %8s %s\n' "$t" "$seconds" "$execs" "$rate" "$cov" "$ft" "$crashes" | tee -a "$report"
  if [ "$code" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    status=1
    mkdir -p "tests/fuzz/regressions/$t"
    find "$artifacts" -type f -exec cp {} "tests/fuzz/regressions/$t/" \;
    echo "  $t: exit $code; crash inputs copied to tests/fuzz/regressions/$t (see $log)" >&2
    tail -30 "$log" >&2
  fi
  if [ "${MERGE:-0}" = 1 ]; then
    # Edges only (no hit counts) and inputs up to 4 KiB: a corpus of hundreds of files, not tens of thousands.
    "${fuzz[@]}" run "${common[@]}" "$t" "tests/fuzz/corpus/$t" "$work" -- -merge=1 -use_counters=0 -max_len=4096 >/dev/null 2>&1 || true
  fi
done
exit $status
