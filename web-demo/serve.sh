#!/usr/bin/env bash
# Serves the web demo on http://localhost:${PORT:-8080}/ with python3 -m http.server. Builds pkg/ (the engine,
# via build.sh) when it is missing and (re)writes data/ (the Pan'an example, via prepare-data.py) first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${PORT:-8080}"
if [ ! -f "$here/pkg/wasm/jiancha_wasm.js" ] || [ ! -f "$here/pkg/wasm/jiancha_wasm_bg.wasm" ]; then
  bash "$here/build.sh"   # also runs prepare-data.py
else
  python3 "$here/prepare-data.py"
fi
echo "Jiancha web demo: http://localhost:${port}/  (Ctrl-C to stop)"
# Python >= 3.8 serves .wasm as application/wasm and .js as text/javascript, as the page needs.
exec python3 -m http.server "$port" --directory "$here"
