#!/usr/bin/env bash
# Regenerates every runtime-produced JavaScript fixture (all but hand_*.txt) with the local Node.js.
# The app runs from a fixed directory so the absolute paths in the stacks do not change between runs;
# node:internal line numbers change with the Node version (these were made with Node 20).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app=/tmp/errorgrouping-fixtures/javascript/app

mkdir -p "$app"
rm -rf "$app/src" "$app/dist"
cp -R "$here/gen/." "$app/"
if [[ ! -f "$app/node_modules/lodash/package.json" ]]; then
  (cd "$app" && npm ci --no-audit --no-fund --silent)
fi

scenarios=(
  fs_invalid_arg_type class_constructor method_alias async_await promise_all array_map
  lodash_callback eval_rule custom_error esm_module recursion_default_limit recursion_limit_50
  event_emitter webpack_bundle inspect_cause aggregate_error aggregate_any truncated_ddtrace
)
cd "$app"
for name in "${scenarios[@]}"; do
  node index.js "$name" >"$here/$name.txt"
done
