#!/bin/sh
# Regenerates the hand_* stack files and cases.json of this directory, and testdata/corpus/dotnet.jsonl,
# from the base texts in gen/bases. No .NET runtime is available on the build machine: gen/gen.py
# renders the bases with the documented differences of .NET output between deploys (see its docstring).
set -eu
cd "$(dirname "$0")"
python3 gen/gen.py
