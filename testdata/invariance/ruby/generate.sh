#!/usr/bin/env bash
# Regenerates the Ruby deploy-invariance suite (cases.json and the stack files beside it) and the labelled
# corpus testdata/corpus/ruby.jsonl from real runs of gen/app under varied deploys (see gen/generate.rb).
# hand_* files are hand-edited Ruby 3.4 forms of base.txt and are kept as they are.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
ruby "$here/gen/generate.rb" "$here" "$repo/testdata/corpus/ruby.jsonl"
