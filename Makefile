# The two commands a newcomer needs:
#   make run-example   build a collector with this processor and run it on the bundled example
#   make test          the whole test suite with the race detector, plus a short run of every fuzzer
.PHONY: test unit fuzz e2e load run-example build-collector generate bench bench-all fixtures

FUZZTIME ?= 10s

test: unit fuzz e2e

unit:
	go vet ./...
	go test -race -count=1 ./...

# Every fuzz target, briefly: go test runs one fuzz target per invocation.
fuzz:
	@set -e; for pkg in $$(go list ./...); do \
	  for target in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$target"; \
	    go test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg >/dev/null || exit 1; \
	  done; \
	done

# The end-to-end tests (their own module in e2e/): the ocb-built collector fed by programs instrumented with
# the OpenTelemetry Go and Node.js SDKs (npm ci installs the Node.js one), two instances agreeing on ids, and
# a short load run that must lose nothing.
e2e:
	cd e2e && go vet ./... && go test -race -count=1 ./...

# A million spans through the collector with and without errorgrouping; prints the figures in the README.
load:
	cd e2e && go run ./cmd/load

run-example:
	bash scripts/run-example.sh

build-collector:
	bash scripts/build-collector.sh

generate:
	bash scripts/generate.sh

# The figures of every performance target, checked against the targets (scripts/bench.sh; about 4 minutes).
bench:
	bash scripts/bench.sh

# Every benchmark of every package once, with allocations.
bench-all:
	go test -run '^$$' -bench . -benchmem ./...

# Regenerates the stack-trace fixtures that real runtimes produce (needs java, python3, node, go, ruby, php).
fixtures:
	@for gen in testdata/stacks/*/generate.sh; do echo "$$gen"; bash "$$gen"; done
