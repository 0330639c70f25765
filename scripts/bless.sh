#!/usr/bin/env bash
# Re-writes the golden outputs (tests/golden/*/expected.jsonl) and the JSON Schema (schema/) from the current code.
# Review the diff before committing: `git diff tests/golden schema`.
set -euo pipefail
cd "$(dirname "$0")/.."
JIANCHA_BLESS=1 cargo test --quiet -p jiancha-tests --test golden --test schema
JIANCHA_BLESS=1 cargo test --quiet -p jiancha --test it cli::docs_rules_md
git --no-pager diff --stat -- tests/golden schema docs/rules.md || true
