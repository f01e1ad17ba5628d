#!/usr/bin/env bash
# Regenerates every runtime-produced Python fixture (all but hand_*.txt) in place.
# The app runs from a fixed directory, with its fake third-party library installed in a real venv,
# so that paths in the tracebacks are the same on every run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root=/tmp/errorgrouping-fixtures/python

rm -rf "$root"
mkdir -p "$root"
python3 -m venv --without-pip "$root/venv"
site="$("$root/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cp -r "$here/gen/lib/courier" "$site/"
cp -r "$here/gen/app" "$root/app"

cd "$root/app"
env -u LOYALTY_API_KEY PYTHONDONTWRITEBYTECODE=1 PYTHONHASHSEED=0 "$root/venv/bin/python" serve.py "$here"
