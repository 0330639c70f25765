#!/usr/bin/env bash
# Checks core/data/holidays.txt: that scripts/holidays.py (lunar_python) would write it unchanged, and that an
# independent computation (lunardate for the lunar dates, ephem for 清明) agrees with every year of it.
# The packages go, pinned, into a virtualenv at ${JIANCHA_PYENV:-target/pyenv-holidays} (relative to the repository
# root), made on first use and reused after; as root on Debian it installs python3-venv when `python3 -m venv` lacks it.
# Quiet but for the checker's closing line `N passed, M failed` and errors.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv="${JIANCHA_PYENV:-target/pyenv-holidays}"
packages=(lunar_python==1.4.8 lunardate==0.3.0 ephem==4.2.1)
stamp="$venv/.jiancha-holidays-packages"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c '' 2>/dev/null; then
  # Debian ships venv's ensurepip apart, in python3-venv.
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv > /dev/null
    else
      echo "python3 -m venv 不可用 / is unavailable: sudo apt-get install python3-venv" >&2
      exit 2
    fi
  fi
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
fi

if [ "$(cat "$stamp" 2>/dev/null)" != "${packages[*]}" ]; then
  rm -f "$stamp"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$venv/bin/python" -m pip install -q "${packages[@]}"
  echo "${packages[*]}" > "$stamp"
fi

"$venv/bin/python" scripts/holidays.py --check
"$venv/bin/python" tests/holidays/check_holidays.py
