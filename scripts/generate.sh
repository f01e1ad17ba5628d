#!/usr/bin/env bash
# Regenerates what mdatagen derives from metadata.yaml: processor/internal/metadata, the generated lifecycle
# tests, documentation.md and the status table of README.md.
# metadata.yaml sits at the repository root while the factory lives in processor/; mdatagen writes next to the
# metadata file and names test packages after its directory, so it runs on processor/metadata.yaml, a link to
# the root file that the generated lifecycle test also reads.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.bin"
mkdir -p "$bin"
(cd "$root/internal/tools" && go build -o "$bin/mdatagen" go.opentelemetry.io/collector/cmd/mdatagen)
cp "$root/README.md" "$root/processor/README.md"
trap 'rm -f "$root/processor/README.md"' EXIT
(cd "$root/processor" && "$bin/mdatagen" metadata.yaml)
mv "$root/processor/README.md" "$root/README.md"
mv "$root/processor/documentation.md" "$root/documentation.md"
gofmt -w "$root/processor"
