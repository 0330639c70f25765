#!/usr/bin/env python3
"""Writes the web demo's data files (web-demo/data/, generated, not committed) from examples/panan/.

- data/panan-dataset.json: the one-object dataset form ({"agencies": [...], "inspectors": [...], ...}) of
  agencies, inspectors, enterprises, items and plans, WITHOUT policy (the page passes the policy separately);
- data/panan-policy.toml: a copy of examples/panan/policy.toml;
- data/records-2025.jsonl: a copy of examples/panan/records-2025.jsonl.

Python 3 standard library only. Usage: python3 web-demo/prepare-data.py
"""

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "panan"
OUT = HERE / "data"
FILES = ["agencies", "inspectors", "enterprises", "items", "plans"]


def main() -> int:
    if not EXAMPLE.is_dir():
        print(f"prepare-data: {EXAMPLE} not found", file=sys.stderr)
        return 2
    OUT.mkdir(exist_ok=True)
    dataset = {}
    for name in FILES:
        with open(EXAMPLE / f"{name}.json", encoding="utf-8") as f:
            dataset[name] = json.load(f)
    with open(OUT / "panan-dataset.json", "w", encoding="utf-8") as f:
        json.dump(dataset, f, ensure_ascii=False, indent=1)
        f.write("\n")
    shutil.copyfile(EXAMPLE / "policy.toml", OUT / "panan-policy.toml")
    shutil.copyfile(EXAMPLE / "records-2025.jsonl", OUT / "records-2025.jsonl")
    counts = ", ".join(f"{len(dataset[n])} {n}" for n in FILES)
    print(f"web-demo/data: panan-dataset.json ({counts}), panan-policy.toml, records-2025.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
