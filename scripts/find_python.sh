#!/usr/bin/env bash
# Print the path of a Python 3.8-3.10 interpreter (Rasa 3.6 supports no other).
# Order: $PYTHON, the pyenv version named in .python-version, any pyenv 3.10/3.9/3.8,
# then python3.10 / python3.9 / python3.8 on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

ok() { "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  [ -f .python-version ] && candidates+=("$root/versions/$(cat .python-version)/bin/python")
  for v in $(ls -1 "$root/versions" 2>/dev/null | sort -rV); do
    candidates+=("$root/versions/$v/bin/python")
  done
fi
candidates+=(python3.10 python3.9 python3.8)

for c in "${candidates[@]}"; do
  if command -v "$c" >/dev/null 2>&1 && ok "$c"; then
    command -v "$c"
    exit 0
  fi
done
echo "error: Rasa 3.6 needs Python 3.8, 3.9 or 3.10, and none was found." >&2
echo "       Install one (e.g. 'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10." >&2
exit 1
