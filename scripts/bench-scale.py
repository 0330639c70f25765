#!/usr/bin/env python3
"""Batch-scale benchmark of `jiancha check`, printed as ratios measured in one run (see BENCHMARKS.md).

    python3 scripts/bench-scale.py                # 1 million generated records
    python3 scripts/bench-scale.py --records 10000000 --no-duckdb   # 10 million: memory bound

For N generated records (`jiancha-gen`, seed 7) it measures, one after the other on the same file:
  * naive      - parse every line into serde_json::Value on every core and nothing else (benches/src/bin/naive-parse.rs)
  * jiancha    - `jiancha check` with every built-in rule, JSON Lines output to a file
  * +plugins   - the same with the `safety` and `herbal` plugins
  * duckdb     - DuckDB (PyPI) computing only the frequency-cap rule in SQL over the same JSON Lines file, once
                 reading the 6 columns it needs and once with read_json_auto (schema detected)
  * threads    - `jiancha check` at RAYON_NUM_THREADS=1 and 2: the outputs must be byte-for-byte identical
  * baseline   - with --baseline BIN, an earlier `jiancha` binary on the same file, its runs alternated with the
                 current one's; the ratio current / baseline shows a change is no slower, and the outputs must be
                 identical
and prints wall time, records/s, peak resident memory (of the process and its children) and the ratios.
Each figure is the best of --repeat runs (default 3). Results also go to target/bench-scale/results.json.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "bench-scale"
JIANCHA = ROOT / "target" / "release" / "jiancha"
GEN = ROOT / "target" / "release" / "jiancha-gen"
NAIVE = ROOT / "target" / "release" / "naive-parse"

DUCKDB_SQL = """
SELECT lead_agency, enterprise, year(started_at) AS y, count(*) AS n
FROM read_json('{path}', format = 'newline_delimited', columns = {{
    lead_agency: 'VARCHAR', enterprise: 'VARCHAR', mode: 'VARCHAR', trigger: 'VARCHAR', activity: 'VARCHAR',
    started_at: 'TIMESTAMPTZ'}})
WHERE mode = 'on-site' AND trigger NOT IN ('complaint', 'referral', 'data-monitoring', 'patrol', 'enterprise-request')
GROUP BY ALL HAVING count(*) > 2
"""


DUCKDB_SQL_AUTO = """
SELECT lead_agency, enterprise, year(CAST(started_at AS TIMESTAMPTZ)) AS y, count(*) AS n
FROM read_json_auto('{path}')
WHERE mode = 'on-site' AND trigger NOT IN ('complaint', 'referral', 'data-monitoring', 'patrol', 'enterprise-request')
GROUP BY ALL HAVING count(*) > 2
"""


def run(cmd, env=None, stdout=subprocess.DEVNULL):
    """Runs cmd; returns (wall seconds, peak RSS in MiB of the child)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"failed ({code}): {' '.join(map(str, cmd))}\n{err}")
    return wall, usage.ru_maxrss / 1024


def best(n, cmd, env=None):
    runs = [run(cmd, env) for _ in range(n)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def duckdb_python():
    venv = OUT / "venv"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if subprocess.run([str(py), "-c", "import duckdb"], capture_output=True).returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", "duckdb"], check=True)
    return py


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB comparison")
    ap.add_argument("--no-plugins", action="store_true", help="skip the run with plugins")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    ap.add_argument("--baseline", type=Path, help="an earlier jiancha binary to compare with, on the same file")
    args = ap.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "jiancha", "-p", "jiancha-gen", "-p", "jiancha-benches",
                        "--bin", "jiancha", "--bin", "jiancha-gen", "--bin", "naive-parse"], cwd=ROOT, check=True)
        if not args.no_plugins:
            subprocess.run(["bash", "scripts/build-plugins.sh"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    data = OUT / f"gen-{args.records}"
    records = data / "records.jsonl"
    if not records.exists():
        print(f"generating {args.records} records ...", file=sys.stderr)
        subprocess.run([str(GEN), "--records", str(args.records), "--seed", "7", "--out", str(data)], check=True)
    size = records.stat().st_size
    dataset = data / "dataset"
    check = [str(JIANCHA), "check", "--dataset", str(dataset), "--quiet", "--progress", "none"]
    out1, out2 = OUT / "out-1.jsonl", OUT / "out-2.jsonl"
    results = {"records": args.records, "bytes": size, "cores": os.cpu_count(), "repeat": args.repeat}

    results["naive"] = best(args.repeat, [str(NAIVE), str(records)])
    results["jiancha"] = best(args.repeat, check + ["-o", str(out2), str(records)])
    if not args.no_plugins:
        plugins = ROOT / "target" / "plugins" / "samples"
        results["plugins"] = best(args.repeat, check + ["--plugins", str(plugins), "--allow-unsigned", "-o", str(OUT / "out-p.jsonl"), str(records)])
    if not args.no_duckdb:
        py = duckdb_python()
        for key, template in (("duckdb", DUCKDB_SQL), ("duckdb_auto", DUCKDB_SQL_AUTO)):
            sql = template.format(path=str(records))
            script = f"import duckdb; con = duckdb.connect(); con.execute('SET threads = {os.cpu_count()}'); con.execute({sql!r}).fetchall()"
            results[key] = best(args.repeat, [str(py), "-c", script])
    if args.baseline:
        # Alternated, so that the machine's drift falls on both alike; the best of each.
        base_check = [str(args.baseline)] + check[1:]
        now, then = [], []
        for _ in range(args.repeat):
            now.append(run(check + ["-o", str(out2), str(records)]))
            then.append(run(base_check + ["-o", str(OUT / "out-b.jsonl"), str(records)]))
        results["current"] = min(now)
        results["baseline"] = min(then)
        results["identical_to_baseline"] = sha256(OUT / "out-b.jsonl") == sha256(out2)
    # Thread count changes nothing.
    env1 = dict(os.environ, RAYON_NUM_THREADS="1")
    results["one_thread"] = run(check + ["-o", str(out1), str(records)], env=env1)
    same = sha256(out1) == sha256(out2)
    results["identical_at_1_and_2_threads"] = same

    n = args.records
    print(f"\n{n:,} records, {size / 1e6:,.0f} MB, {os.cpu_count()} cores (best of {args.repeat})")
    print(f"{'':36} {'seconds':>9} {'records/s':>12} {'peak MiB':>9}")
    rows = [("naive parse to serde_json::Value", "naive"), ("jiancha check, every rule", "jiancha"),
            ("jiancha check + safety, herbal", "plugins"), ("DuckDB, frequency cap, 6 columns", "duckdb"),
            ("DuckDB, frequency cap, auto schema", "duckdb_auto"),
            ("jiancha check, 1 thread", "one_thread")]
    for label, key in rows:
        if key in results:
            secs, mib = results[key]
            print(f"{label:36} {secs:9.2f} {n / secs:12,.0f} {mib:9.0f}")
    base = results["jiancha"][0]
    print(f"\nratio jiancha / naive parse        {base / results['naive'][0]:.2f}")
    if "plugins" in results:
        print(f"ratio jiancha+plugins / naive      {results['plugins'][0] / results['naive'][0]:.2f}")
    if "duckdb" in results:
        print(f"ratio jiancha / DuckDB (6 columns) {base / results['duckdb'][0]:.2f}")
        print(f"ratio jiancha / DuckDB (auto)      {base / results['duckdb_auto'][0]:.2f}")
    print(f"output identical at 1 and 2 threads: {'yes' if same else 'NO'}")
    if "baseline" in results:
        (cur, cur_mib), (old, old_mib) = results["current"], results["baseline"]
        print(f"ratio current / baseline ({args.baseline}) {cur / old:.2f} (time), {cur_mib / old_mib:.2f} (peak memory)")
        print(f"output identical to the baseline's: {'yes' if results['identical_to_baseline'] else 'NO'}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
