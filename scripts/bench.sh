#!/usr/bin/env bash
# make bench: the figures of every performance target. Every benchmark runs COUNT times (6: the fewest for
# which benchstat gives a confidence interval), summarised by benchstat when it is installed
# (go install golang.org/x/perf/cmd/benchstat@latest), then the medians are checked against the targets.
# About 4 minutes. Timings on a shared machine are noisy: every figure is a median of several runs, and the
# ratio to the regex baseline is measured within one run, batch by batch, so both sides see the same load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
count=${COUNT:-6}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ] && [ -x "$(go env GOPATH)/bin/benchstat" ]; then
  benchstat="$(go env GOPATH)/bin/benchstat"
fi
show() {
  if [ -n "$benchstat" ]; then "$benchstat" "$1"; else grep '^Benchmark' "$1"; fi
  echo
}

echo "== processor: one op is one batch; ns/span is per span"
go test -run '^$' -bench '^Benchmark(PassThrough|ErrorSpansWarm|ErrorSpansCold|RegexBaseline|ColdVsRegex)$' \
  -benchmem -count "$count" ./processor >"$out/processor.txt"
show "$out/processor.txt"

echo "== processor: ConsumeTraces from 1 and 2 cores at once"
go test -run '^$' -bench '^BenchmarkParallel$' -benchmem -cpu 1,2 -count "$count" ./processor >"$out/parallel.txt"
show "$out/parallel.txt"

echo "== engine: Group per language, cold (no cache) and warm (cache hit)"
go test -run '^$' -bench '^BenchmarkGroup$' -benchmem -benchtime 0.3s -count "$count" ./internal/grouping >"$out/engine.txt"
show "$out/engine.txt"

echo "== engine: warm Group from 1 and 2 cores at once, over the whole mix and on one error only"
go test -run '^$' -bench '^BenchmarkGroupParallel$' -benchmem -benchtime 0.3s -cpu 1,2 -count "$count" \
  ./internal/grouping >"$out/engine-parallel.txt"
show "$out/engine-parallel.txt"

echo "== engine: where a cold error's time goes, per language (parse and frames belong to the parsers and normalisers)"
go test -run '^$' -bench '^BenchmarkStage$' -benchmem -benchtime 0.15s -count "$count" ./internal/grouping >"$out/stage.txt"
show "$out/stage.txt"

echo "== memory: live heap under a flood of never-seen stacks"
flood=met
go test -count=1 -run '^TestHeapStaysBoundedUnderAFloodOfUniqueStacks$' -v ./processor >"$out/flood.txt" || flood=MISSED
grep -E 'distinct errors|^(ok|FAIL|---)|Error' "$out/flood.txt"
echo

# median FILE NAME UNIT prints the median of UNIT over the runs of the benchmark NAME, an awk regular
# expression matched against the whole name (which ends in -N when GOMAXPROCS is N > 1).
median() {
  awk -v b="^$2\$" -v u="$3" '$1 ~ b { for (i = 3; i <= NF; i++) if ($i == u) print $(i - 1) }' "$1" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "n/a" }'
}
check() { # label value op limit unit
  local verdict
  verdict=$(awk -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
    if (v == "n/a") print "n/a"
    else if ((op == "<=" && v + 0 <= l + 0) || (op == ">=" && v + 0 >= l + 0)) print "met"
    else print "MISSED" }')
  printf '%-42s %10s %-9s target %s %-5s %s\n' "$1" "$2" "$5" "$3" "$4" "$verdict"
}
p="$out/processor.txt"
n='(-[0-9]+)?'
one=$(median "$out/parallel.txt" BenchmarkParallel ns/span)
many=$(median "$out/parallel.txt" 'BenchmarkParallel-[0-9]+' ns/span)
same1=$(median "$out/engine-parallel.txt" BenchmarkGroupParallel/same ns/op)
sameN=$(median "$out/engine-parallel.txt" 'BenchmarkGroupParallel/same-[0-9]+' ns/op)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "== targets (medians of $count runs)"
check "pass-through, processTraces" "$(median "$p" "BenchmarkPassThrough/processTraces$n" ns/span)" "<=" 20 ns/span
check "pass-through, processTraces" "$(median "$p" "BenchmarkPassThrough/processTraces$n" allocs/op)" "<=" 0 allocs/op
check "error spans, warm (stamping included)" "$(median "$p" "BenchmarkErrorSpansWarm$n" ns/span)" "<=" 500 ns/span
check "error spans, cold (7-language mix)" "$(median "$p" "BenchmarkErrorSpansCold$n" ns/span)" "<=" 5000 ns/span
check "cold vs regex baseline, same run" "$(median "$p" "BenchmarkColdVsRegex$n" x-faster)" ">=" 10 x
printf '%-42s %30s %s\n' "memory under a flood of unique stacks" "cache and live heap bounded:" "$flood"
check "processor on all cores vs one, speed-up" "$(ratio "$one" "$many")" ">=" 1.6 x
check "cache hits, one error on all cores, speed-up" "$(ratio "$same1" "$sameN")" ">=" 1.6 x
