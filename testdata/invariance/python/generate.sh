#!/usr/bin/env bash
# Regenerates the Python invariance suite (cases.json and the stack files it names) and the labelled corpus
# testdata/corpus/python.jsonl from real runs of gen/app under CPython 3.11, 3.12 and 3.13 (pyenv; override
# the interpreters with PYTHON311, PYTHON312, PYTHON313). Reruns give the same files except for one stdlib
# line number in the process-pool stacks, which depends on whether the future was done when result() ran.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$(cd "$here/../.." && pwd)/corpus"
mkdir -p "$corpus"
python3 "$here/gen/generate.py" "$here" "$corpus/python.jsonl"
