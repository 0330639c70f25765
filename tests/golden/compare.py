#!/usr/bin/env python3
"""Runs `jiancha check` on every golden scenario and compares the output with expect.json.

Usage: python3 tests/golden/compare.py [--bin path/to/jiancha] [scenario ...]
Without --bin it uses `cargo run -q -p jiancha --`. Exit status 1 when any scenario differs.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(name, binary):
    d = os.path.join(HERE, name)
    cmd = (binary or ["cargo", "run", "-q", "-p", "jiancha", "--"]) + [
        "check", "--dataset", os.path.join(d, "dataset.json"), os.path.join(d, "records.jsonl"), "--format", "jsonl"]
    pol = os.path.join(d, "policy.toml")
    if os.path.exists(pol):
        cmd += ["--policy", pol]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    got = {}
    for line in p.stdout.splitlines():
        if not line.strip():
            continue
        o = json.loads(line)
        if o["scope"] == "inspection":
            key = str(o["line"])
            val = ["error"] if o.get("error") else [f["rule"] for f in o["findings"]]
        else:
            key = f'{o["scope"]} {o["id"]}'
            val = [f["rule"] for f in o["findings"]]
        got.setdefault(key, []).extend(val)
    return p, got


def compare(name, binary):
    with open(os.path.join(HERE, name, "expect.json"), encoding="utf-8") as f:
        exp = json.load(f)
    p, got = run(name, binary)
    diffs = []
    if not got:
        diffs.append(f"no output (exit {p.returncode}): {p.stderr.strip()[:500]}")
    for k, v in exp.items():
        g = sorted(got.get(k, []))
        if g != sorted(v):
            diffs.append(f"{k}: expected {sorted(v)}, got {g}")
    for k, v in got.items():
        if k not in exp and v:
            diffs.append(f"{k}: expected [] (unlisted), got {sorted(v)}")
    return diffs


def main():
    args = sys.argv[1:]
    binary = None
    if args[:1] == ["--bin"]:
        binary = [args[1]]
        args = args[2:]
    names = args or sorted(n for n in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, n)))
    bad = 0
    for n in names:
        diffs = compare(n, binary)
        if diffs:
            bad += 1
            print(f"FAIL {n}")
            for d in diffs:
                print("   ", d)
        else:
            print(f"ok   {n}")
    print(f"{len(names) - bad}/{len(names)} scenarios match")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
