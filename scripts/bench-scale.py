#!/usr/bin/env python3
"""Batch-scale benchmark of `jiancha check`, printed as ratios measured in one run (see BENCHMARKS.md).

    python3 scripts/bench-scale.py                # 1 million generated records, every data shape
    python3 scripts/bench-scale.py --shapes tidy --records 10000000 --no-duckdb   # 10 million: memory bound
    python3 scripts/bench-scale.py --baseline target/bench-scale/jiancha-before   # before and after, every shape

Data shapes (`jiancha-gen`, seed 7), so that no one county's data flatters the figures:
  * tidy            - the generator's county: ~10 % of records breach a rule, N/6 enterprises, 14 agencies
  * many-enterprises - N/3 enterprises (an export of a county's whole register)
  * dirty           - N/3 enterprises, 60 % of records drawn with a breach and up to two more on the record's own
                      fields: about half the records with findings, ~1.8 findings each (a county's first run)
  * province        - 300 agencies over 22 counties
  * storm           - every record drawn with a breach (and up to two more): ~97 % of records with findings

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
Each figure is the best of --repeat runs (default 3). For every shape it then counts the instructions of
`jiancha check` on a fixed 20,000-record file of that shape with `valgrind --tool=callgrind` (one thread: the same
count on every run, whatever else the machine is doing), per record, and with --baseline the baseline's too.
The plugins run, the thread identity and DuckDB's auto-schema variant are measured on the tidy shape.
Results also go to target/bench-scale/results.json.
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


SHAPES = {
    "tidy": lambda n: [],
    "many-enterprises": lambda n: ["--enterprises", str(max(n // 3, 60))],
    "dirty": lambda n: ["--enterprises", str(max(n // 3, 60)), "--breach-share", "60", "--extra-breaches", "2"],
    "province": lambda n: ["--agencies", "300"],
    "storm": lambda n: ["--breach-share", "100", "--extra-breaches", "2"],
}
CALLGRIND_RECORDS = 20_000


def generate(shape, n):
    """The records of `shape` with n records (generated once, kept under target/bench-scale/)."""
    data = OUT / f"{shape}-{n}"
    records = data / "records.jsonl"
    if not records.exists():
        print(f"generating {n} records of shape {shape} ...", file=sys.stderr)
        subprocess.run([str(GEN), "--records", str(n), "--seed", "7", "--out", str(data)] + SHAPES[shape](n),
                       check=True, stderr=subprocess.DEVNULL)
    return data, records


def with_findings(path):
    """(share of records with a finding, findings per such record) of a JSON Lines output."""
    lines = hits = findings = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.startswith(b'{"scope":"inspection"'):
                continue
            lines += 1
            if b'"findings":[]' not in line:
                hits += 1
                findings += line.count(b'{"rule":')
    return (hits / lines if lines else 0.0), (findings / hits if hits else 0.0)


def instructions(binary, dataset, records):
    """Instructions of one `check` run under callgrind, on one thread."""
    if subprocess.run(["which", "valgrind"], capture_output=True).returncode != 0:
        return None
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(binary), "check", "--dataset",
           str(dataset), "--quiet", "--progress", "none", "-o", "/dev/null", str(records)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1].strip())
    sys.exit(f"callgrind gave no count:\n{proc.stderr[-2000:]}")


def duckdb_time(py, records, repeat, template=None):
    sql = (template or DUCKDB_SQL).format(path=str(records))
    script = f"import duckdb; con = duckdb.connect(); con.execute('SET threads = {os.cpu_count()}'); con.execute({sql!r}).fetchall()"
    return best(repeat, [str(py), "-c", script])


def shapes_run(args, py):
    """Every shape: naive, jiancha (and the baseline), DuckDB, findings, instructions per record."""
    n = args.records
    table = {}
    for shape in args.shapes:
        data, records = generate(shape, n)
        dataset = data / "dataset"
        check = ["check", "--dataset", str(dataset), "--quiet", "--progress", "none"]
        row = {"bytes": records.stat().st_size}
        row["naive"] = best(args.repeat, [str(NAIVE), str(records)])
        out = OUT / f"out-{shape}.jsonl"
        if args.baseline:
            now, then = [], []
            for _ in range(args.repeat):
                now.append(run([str(JIANCHA)] + check + ["-o", str(out), str(records)]))
                then.append(run([str(args.baseline)] + check + ["-o", str(OUT / "out-b.jsonl"), str(records)]))
            row["jiancha"], row["baseline"] = min(now), min(then)
            row["identical_to_baseline"] = sha256(out) == sha256(OUT / "out-b.jsonl")
        else:
            row["jiancha"] = best(args.repeat, [str(JIANCHA)] + check + ["-o", str(out), str(records)])
        row["with_findings"], row["findings_each"] = with_findings(out)
        if py:
            row["duckdb"] = duckdb_time(py, records, args.repeat)
        if not args.no_callgrind:
            small_data, small = generate(shape, CALLGRIND_RECORDS)
            count = instructions(JIANCHA, small_data / "dataset", small)
            if count is not None:
                row["instructions_per_record"] = count / CALLGRIND_RECORDS
                if args.baseline:
                    row["baseline_instructions_per_record"] = (
                        instructions(args.baseline, small_data / "dataset", small) / CALLGRIND_RECORDS)
        table[shape] = row
        print(f"  {shape}: done", file=sys.stderr)
    return table


def print_shapes(n, table, baseline):
    print(f"\n{n:,} records per shape, {os.cpu_count()} cores; instructions per record on {CALLGRIND_RECORDS:,} records")
    head = f"{'shape':18} {'MB':>5} {'w/ find.':>8} {'each':>5} {'naive s':>8} {'jiancha s':>9} {'DuckDB s':>8} " \
           f"{'J/naive':>7} {'J/DuckDB':>8} {'instr/rec':>10}"
    if baseline:
        head += f" {'before s':>8} {'after/before':>12} {'instr before':>12} {'same bytes':>10}"
    print(head)
    for shape, r in table.items():
        j, nv = r["jiancha"][0], r["naive"][0]
        d = r.get("duckdb", (None,))[0]
        line = (f"{shape:18} {r['bytes'] / 1e6:5.0f} {r['with_findings'] * 100:7.1f}% {r['findings_each']:5.2f} "
                f"{nv:8.2f} {j:9.2f} {d if d else float('nan'):8.2f} {j / nv:7.2f} "
                f"{j / d if d else float('nan'):8.2f} {r.get('instructions_per_record', float('nan')):10,.0f}")
        if baseline:
            b = r["baseline"][0]
            line += (f" {b:8.2f} {j / b:12.2f} {r.get('baseline_instructions_per_record', float('nan')):12,.0f}"
                     f" {'yes' if r['identical_to_baseline'] else 'NO':>10}")
        print(line)
    if "tidy" in table:
        tidy = table["tidy"]["jiancha"][0]
        print("\naims (each a ratio of this run):")
        for shape, r in table.items():
            ratio = r["jiancha"][0] / r["naive"][0]
            print(f"  {shape:18} jiancha / naive parse {ratio:5.2f}  (aim <= 1.0: {'met' if ratio <= 1.0 else f'not met, by {ratio - 1.0:.2f}'})")
        if "dirty" in table:
            ratio = table["dirty"]["jiancha"][0] / tidy
            print(f"  dirty / tidy (jiancha)                   {ratio:5.2f}  (aim <= 1.5: {'met' if ratio <= 1.5 else 'not met'})")
        for shape, r in table.items():
            if "duckdb" in r:
                ratio = r["jiancha"][0] / r["duckdb"][0]
                print(f"  {shape:18} jiancha (every rule) / DuckDB (one rule) {ratio:5.2f}  (moonshot <= 1.0: {'met' if ratio <= 1.0 else 'not met'})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-duckdb", action="store_true", help="skip the DuckDB comparison")
    ap.add_argument("--no-plugins", action="store_true", help="skip the run with plugins")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    ap.add_argument("--baseline", type=Path, help="an earlier jiancha binary to compare with, on the same file")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated data shapes (default: all of {', '.join(SHAPES)})")
    ap.add_argument("--no-callgrind", action="store_true", help="skip the instruction counts")
    args = ap.parse_args()
    args.shapes = [x for x in args.shapes.split(",") if x]
    unknown = [x for x in args.shapes if x not in SHAPES]
    if unknown:
        sys.exit(f"unknown shape(s) {', '.join(unknown)}: choose from {', '.join(SHAPES)}")

    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "jiancha", "-p", "jiancha-gen", "-p", "jiancha-benches",
                        "--bin", "jiancha", "--bin", "jiancha-gen", "--bin", "naive-parse"], cwd=ROOT, check=True)
        if not args.no_plugins:
            subprocess.run(["bash", "scripts/build-plugins.sh"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    samples = ROOT / "target" / "plugins" / "samples"
    if not args.no_plugins and not samples.is_dir():
        sys.exit(f"no plugins at {samples}: run `bash scripts/build-plugins.sh` first, or pass --no-plugins")
    OUT.mkdir(parents=True, exist_ok=True)
    py = None if args.no_duckdb else duckdb_python()
    table = shapes_run(args, py)
    if "tidy" not in args.shapes:
        print_shapes(args.records, table, args.baseline)
        (OUT / "results.json").write_text(json.dumps({"shapes": table}, indent=2))
        return 0
    data, records = generate("tidy", args.records)
    size = records.stat().st_size
    dataset = data / "dataset"
    check = [str(JIANCHA), "check", "--dataset", str(dataset), "--quiet", "--progress", "none"]
    out1, out2 = OUT / "out-1.jsonl", OUT / "out-tidy.jsonl"
    results = {"records": args.records, "bytes": size, "cores": os.cpu_count(), "repeat": args.repeat,
               "shapes": table}
    results["naive"] = table["tidy"]["naive"]
    results["jiancha"] = table["tidy"]["jiancha"]
    if not args.no_plugins:
        results["plugins"] = best(args.repeat, check + ["--plugins", str(samples), "--allow-unsigned", "-o", str(OUT / "out-p.jsonl"), str(records)])
    if py:
        results["duckdb"] = table["tidy"]["duckdb"]
        results["duckdb_auto"] = duckdb_time(py, records, args.repeat, DUCKDB_SQL_AUTO)
    if args.baseline:
        # Alternated, so that the machine's drift falls on both alike; the best of each (in shapes_run).
        results["current"] = table["tidy"]["jiancha"]
        results["baseline"] = table["tidy"]["baseline"]
        results["identical_to_baseline"] = table["tidy"]["identical_to_baseline"]
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
    print_shapes(n, table, args.baseline)
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    identical = all(r.get("identical_to_baseline", True) for r in table.values())
    return 0 if same and identical else 1


if __name__ == "__main__":
    sys.exit(main())
