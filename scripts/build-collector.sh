#!/usr/bin/env bash
# Builds ./_build/otelcol-errorgrouping with the OpenTelemetry Collector Builder from builder-config.yaml.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
go run go.opentelemetry.io/collector/cmd/builder@v0.162.0 --config builder-config.yaml >_build.log 2>&1 || {
  cat _build.log >&2
  exit 1
}
rm -f _build.log
