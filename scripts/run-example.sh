#!/usr/bin/env bash
# Builds a collector with the errorgrouping processor (ocb, from builder-config.yaml), starts it on the bundled
# example configuration, sends real error spans from several languages through it, and prints the issues.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build-collector.sh
log=$(mktemp)
./_build/otelcol-errorgrouping --config testdata/example/collector.yaml >"$log" 2>&1 &
collector=$!
trap 'kill $collector 2>/dev/null; wait $collector 2>/dev/null; rm -f "$log"' EXIT
if ! go run ./cmd/errorgrouping-example -manifest testdata/example/errors.json; then
  echo "--- collector log ---" >&2
  cat "$log" >&2
  exit 1
fi
