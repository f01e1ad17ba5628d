#!/usr/bin/env bash
# Regenerates go_sdk_traces.json and go_sdk_logs.json: real errors recorded by the OpenTelemetry Go SDK and
# exported over OTLP, as the collector receives them.
set -euo pipefail
cd "$(dirname "$0")/gen"
go mod tidy >/dev/null
go run . -out ..
