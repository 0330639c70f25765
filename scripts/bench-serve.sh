#!/usr/bin/env bash
# Load benchmark of `jiancha serve` (BENCHMARKS.md), from a second process on 127.0.0.1:
#   bash scripts/bench-serve.sh [RECORDS] [CALLERS]      # default 1000000 records, 50 callers
# For each store (SQLite in a temporary data directory; PostgreSQL when run as root or with JIANCHA_BENCH_POSTGRES
# set, on a database of its own) it starts the service on a generated county (`jiancha-gen`, seed 7), files every
# record through `POST /v1/inspections` (durable filings per second), then sends 20,000 `inspections:validate`
# requests against the stored history (throughput, p50, p99), and again with `--check-log buffered` (the check's
# decision not waited for on disk). Each record is sent with a token of its lead agency. Both ways, the validations run
# twice more in an open loop (RATES, default "1000 2000" requests per second offered by the same callers: the load
# of many officers' forms, latency counted from when each request was due), where the closed loop measures the
# most the service answers.
# STORES=sqlite or STORES=postgres measures one store only.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
CALLERS=${2:-50}
VALIDATE=${VALIDATE:-20000}
STORES=${STORES:-sqlite postgres}   # which stores to measure
RATES=${RATES:-1000 2000}           # open-loop rates of validations offered
PORT=${PORT:-18181}
W=target/bench-serve
cargo build --release --quiet -p jiancha -p jiancha-gen -p jiancha-benches --bin jiancha --bin jiancha-gen --bin serve-load
rm -rf "$W" && mkdir -p "$W"
target/release/jiancha-gen --records "$N" --seed 7 --out "$W/county"
agencies=$(python3 -c "import json; print(' '.join(a['id'] for a in json.load(open('$W/county/dataset/agencies.json'))))")

run() {
  local label=$1; shift
  target/release/jiancha serve "$@" --dataset "$W/county/dataset" --demo --listen "127.0.0.1:$PORT" \
    --rate-limit 100000000 --concurrency 512 > "$W/serve-$label.out" 2> "$W/serve-$label.err" &
  local pid=$!
  for _ in $(seq 1 100); do grep -q "demo token" "$W/serve-$label.out" 2>/dev/null && grep -q "例如" "$W/serve-$label.out" && break; sleep 0.2; done
  local admin
  admin=$(grep "demo token  admin" "$W/serve-$label.out" | awk '{print $NF}')
  : > "$W/tokens.tsv"
  for a in $agencies; do
    t=$(curl -fsS -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
      -d "{\"agency\":\"$a\",\"role\":\"officer\",\"label\":\"bench\"}" "http://127.0.0.1:$PORT/v1/tokens" |
      python3 -c "import json,sys; print(json.load(sys.stdin)['token'])")
    printf '%s\t%s\n' "$a" "$t" >> "$W/tokens.tsv"
  done
  echo "== $label: $N records, $CALLERS callers"
  target/release/serve-load "127.0.0.1:$PORT" "$W/tokens.tsv" "$W/county/records.jsonl" /v1/inspections "$CALLERS" "$N" || true
  target/release/serve-load "127.0.0.1:$PORT" "$W/tokens.tsv" "$W/county/records.jsonl" /v1/inspections:validate "$CALLERS" "$VALIDATE" || true
  for rate in $RATES; do
    target/release/serve-load "127.0.0.1:$PORT" "$W/tokens.tsv" "$W/county/records.jsonl" /v1/inspections:validate "$CALLERS" "$((rate * 10))" "$rate" || true
  done
  grep -E "^ *VmHWM" "/proc/$pid/status" | sed "s/^/$label server peak memory: /" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # The same store again, checks answered before their decisions reach the disk (--check-log buffered).
  target/release/jiancha serve "$@" --listen "127.0.0.1:$PORT" --rate-limit 100000000 --concurrency 512 \
    --check-log buffered > "$W/serve-$label-buffered.out" 2> "$W/serve-$label-buffered.err" &
  pid=$!
  for _ in $(seq 1 100); do grep -q "listening" "$W/serve-$label-buffered.out" 2>/dev/null && break; sleep 0.2; done
  echo "== $label, --check-log buffered"
  target/release/serve-load "127.0.0.1:$PORT" "$W/tokens.tsv" "$W/county/records.jsonl" /v1/inspections:validate "$CALLERS" "$VALIDATE" || true
  for rate in $RATES; do
    target/release/serve-load "127.0.0.1:$PORT" "$W/tokens.tsv" "$W/county/records.jsonl" /v1/inspections:validate "$CALLERS" "$((rate * 10))" "$rate" || true
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

if [[ " $STORES " == *" sqlite "* ]]; then
  run sqlite --data "$W/data"
fi
if [[ " $STORES " == *" postgres "* ]] && { [ -n "${JIANCHA_BENCH_POSTGRES:-}" ] || [ "$(id -u)" = 0 ]; }; then
  admin_url=${JIANCHA_BENCH_POSTGRES:-$(bash scripts/postgres.sh)}
  psql "$admin_url" -qtAc "DROP DATABASE IF EXISTS jiancha_bench" >/dev/null
  psql "$admin_url" -qtAc "CREATE DATABASE jiancha_bench" >/dev/null
  run postgres --database "$admin_url dbname=jiancha_bench"
  psql "$admin_url" -qtAc "DROP DATABASE IF EXISTS jiancha_bench" >/dev/null
fi
