# The two commands a newcomer needs:
#   make run-example   build a collector with this processor and run it on the bundled example
#   make test          the whole test suite with the race detector, plus a short run of every fuzzer
.PHONY: test unit fuzz run-example build-collector generate bench fixtures

FUZZTIME ?= 10s

test: unit fuzz

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

run-example:
	bash scripts/run-example.sh

build-collector:
	bash scripts/build-collector.sh

generate:
	bash scripts/generate.sh

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Regenerates the stack-trace fixtures that real runtimes produce (needs java, python3, node, go, ruby, php).
fixtures:
	@for gen in testdata/stacks/*/generate.sh; do echo "$$gen"; bash "$$gen"; done
