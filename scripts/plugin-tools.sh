#!/usr/bin/env bash
# Installs the tool chains of JavaScript and Python plugins into target/plugin-tools/ and prints that directory
# (what JIANCHA_PLUGIN_TOOLS names for `jiancha plugin build`):
#   target/plugin-tools/node_modules   npm @bytecodealliance/componentize-js 0.23.0 and jco 1.35.0
#   target/plugin-tools/venv           PyPI componentize-py 0.25.1
# Needs Node.js 20 or later with npm, and Python 3 with venv; installs nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$PWD/target/plugin-tools"
mkdir -p "$tools"
command -v node >/dev/null || { echo "需要 Node.js 20 或更高版本 / needs Node.js 20 or later" >&2; exit 2; }
if [ ! -f "$tools/node_modules/@bytecodealliance/componentize-js/package.json" ]; then
  cat > "$tools/package.json" <<'JSON'
{
  "name": "jiancha-plugin-tools",
  "private": true,
  "devDependencies": {
    "@bytecodealliance/componentize-js": "0.23.0",
    "@bytecodealliance/jco": "1.35.0"
  }
}
JSON
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
if [ ! -x "$tools/venv/bin/componentize-py" ]; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check componentize-py==0.25.1 >&2
fi
echo "$tools"
