#!/usr/bin/env bash
# Regenerates the JavaScript invariance cases (cases.json and the stack files beside it) and the labelled
# corpus testdata/corpus/javascript.jsonl from real Node.js runs of gen/ in several install roots:
#   app                 the base deployment (express 4.21.2, lodash 4.17.21, npm layout)
#   shifted/app         the same code after an edit that moved every line (tools/shift.js)
#   workspace, var/task other install roots (Cloud Native Buildpacks, AWS Lambda)
#   bumped/app          other dependency versions (gen/deps-bumped: express 5.1.0, lodash 4.17.20)
#   pnpm/usr/src/app    node_modules in pnpm's layout (tools/pnpm-layout.js)
#   home/node/app       other versions, pnpm layout and another edit together (corpus only)
#   srv/shop-api        a root without a conventional directory name (corpus only: top-level files such as
#                       index.js then keep the project directory in their module, see internal/frames/javascript)
# plus the minified storefront bundle built twice with esbuild (tools/build-bundle.js). Files named hand_*
# are hand-written browser stacks (gen/hand) or Node 22 rewrites of Node 20 runs (tools/generate.js node22).
# Only Node 20 is installed here; node:internal line numbers in the real runs are Node 20's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gen="$here/gen"
work=/tmp/errorgrouping-inv/javascript
deps="$work/.deps"

# install <name> <dir with package.json and package-lock.json>: npm ci once per lock file.
install() {
  local dest="$deps/$1"
  if [[ ! -d "$dest/node_modules" ]] || ! cmp -s "$2/package-lock.json" "$dest/package-lock.json"; then
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "$2/package.json" "$2/package-lock.json" "$dest/"
    (cd "$dest" && npm ci --no-audit --no-fund --silent)
  fi
}
install current "$gen"
install bumped "$gen/deps-bumped"

rm -rf "$work/.bundles"
mkdir -p "$work/.bundles"
v1=$(NODE_PATH="$deps/current/node_modules" node "$gen/tools/build-bundle.js" "$gen/bundle" "$work/.bundles" v1)
v2=$(NODE_PATH="$deps/current/node_modules" node "$gen/tools/build-bundle.js" "$gen/bundle" "$work/.bundles" v2)
printf '{"v1": "%s", "v2": "%s"}\n' "$v1" "$v2" >"$work/.bundles/names.json"

# root <path under $work> <deps> <lines to shift, 0 for none> <npm|pnpm>
root() {
  local dir="$work/$1"
  rm -rf "$dir"
  mkdir -p "$dir/dist"
  cp -R "$gen/index.js" "$gen/package.json" "$gen/src" "$gen/config" "$dir/"
  cp "$work/.bundles/"*.js "$dir/dist/"
  cp -R "$deps/$2/node_modules" "$dir/"
  if [[ "$3" != 0 ]]; then node "$gen/tools/shift.js" "$dir" "$3"; fi
  if [[ "$4" == pnpm ]]; then node "$gen/tools/pnpm-layout.js" "$dir"; fi
}
root app current 0 npm
root shifted/app current 7 npm
root workspace current 0 npm
root var/task current 0 npm
root bumped/app bumped 0 npm
root pnpm/usr/src/app current 0 pnpm
root home/node/app bumped 4 pnpm
root srv/shop-api current 0 npm

node "$gen/tools/generate.js" "$work" "$here" "$here/../../corpus/javascript.jsonl"
