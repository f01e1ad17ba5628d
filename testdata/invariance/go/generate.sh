#!/usr/bin/env bash
# Regenerates the Go deploy-invariance stacks (<case>/<variant>.txt here; cases.json is written by hand and
# names them) and the labelled corpus testdata/corpus/go.jsonl, from real runs of the sample service in gen/.
#
# The service is built six ways, as deploys differ:
#   base     the source as is, built in one root
#   edit     every file edited above its code (lines shifted), built in another root
#   closure  a closure added before the existing ones in the functions that have them (closure ids move)
#   trimpath built with -trimpath
#   bump     older reflectwalk and pkg/errors, with GOMODCACHE moved to another directory
#   go125    built by the Go 1.25 toolchain (downloaded by the go command; its GOROOT is in the module cache)
# and each run varies what requests vary (ids, quantities, recursion depth, router, tracer format).
# Needs the Go module proxy (the bump build and the 1.25 toolchain are downloaded).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
work=/tmp/errorgrouping-inv/go
chmod -R u+w "$work" 2>/dev/null || true
rm -rf "$work"
mkdir -p "$work/bin" "$work/corpus"

# build NAME ROOT EDIT...: copies gen/ to ROOT, applies the edits and builds $work/bin/NAME there.
build() {
	local name=$1 root=$2
	shift 2
	mkdir -p "$(dirname "$root")"
	cp -r "$here/gen" "$root"
	(
		cd "$root"
		local flags=() env=()
		for edit in "$@"; do
			case $edit in
			shift)
				# A licence header on top of every file moves every line down by 7.
				for f in $(find . -name '*.go'); do
					awk 'NR==1{print "// Copyright 2025 Acme Corp.\n//\n// Licensed under the Acme internal licence.\n// See LICENSE in the repository root.\n//\n// Reviewed for the 2025 pricing release.\n"} {print}' "$f" >"$f.tmp"
					mv "$f.tmp" "$f"
				done
				;;
			closure)
				sed -i 's|^\(\s*\)//gen:closure$|\1note := func(s string) string { return fmt.Sprint("trace: ", s) }\n\1_ = note("enter")|' \
					cmd/shop/main.go internal/orders/orders.go
				;;
			trimpath) flags+=(-trimpath) ;;
			bump)
				env+=(GOMODCACHE="$work/modcache")
				env GOMODCACHE="$work/modcache" GOFLAGS=-mod=mod go mod edit \
					-require=github.com/mitchellh/reflectwalk@v1.0.1 -require=github.com/pkg/errors@v0.8.1
				env GOMODCACHE="$work/modcache" GOFLAGS=-mod=mod go mod tidy
				;;
			go125) env+=(GOTOOLCHAIN=go1.25.9) ;;
			esac
		done
		env "${env[@]}" go build "${flags[@]}" -o "$work/bin/$name" ./cmd/shop
		env "${env[@]}" go version >"$work/bin/$name.version"
	)
}

build base "$work/home/runner/work/shop/shop"
build edit "$work/builds/acme/shop" shift
build closure "$work/src/app" closure
build trimpath "$work/srv/shop" trimpath
build bump "$work/home/ci/shop" bump
build go125 "$work/workspace/shop" go125
chmod -R u+w "$work/modcache"

# run BIN OUT ARGS...: runs a scenario; what a tracer or the crash would send becomes OUT (stdout and stderr),
# and the program writes the error's type and message to OUT.meta when it reported one.
run() {
	local bin=$1 out=$2
	shift 2
	mkdir -p "$(dirname "$out")"
	rm -f "$out.meta"
	SHOP_META="$out.meta" GOTRACEBACK=single "$work/bin/$bin" "$@" >"$out" 2>&1 || true
}

# Invariance cases: <case>/<variant>.txt, named in cases.json.
cases=(worker-nil-db quote-tier-index validate-nil-prices quote-order-not-found checkout-order-not-found
	category-too-deep category-too-deep-traced import-order-qty avg-basket-divzero)
for c in "${cases[@]}"; do rm -rf "${here:?}/$c"; done
inv() {
	local c=$1 v=$2 bin=$3
	shift 3
	run "$bin" "$here/$c/$v.txt" "$@"
	rm -f "$here/$c/$v.txt.meta"
}

inv worker-nil-db base base nilptr
inv worker-nil-db lines-shifted edit nilptr
inv worker-nil-db closure-moved closure nilptr
inv worker-nil-db trimpath trimpath nilptr
inv worker-nil-db go125 go125 nilptr
inv worker-nil-db other-function base -coupon SPRING coupon

inv quote-tier-index base base -qty 5 quote
inv quote-tier-index qty-changed base -qty 7 quote
inv quote-tier-index chi-router base -qty 5 -router chi quote
inv quote-tier-index lines-shifted edit -qty 5 quote
inv quote-tier-index closure-moved closure -qty 5 quote
inv quote-tier-index go125-chi go125 -qty 5 -router chi quote
inv quote-tier-index trimpath trimpath -qty 4 quote
inv quote-tier-index divide-by-zero base -qty 0 quote
inv quote-tier-index other-function base -coupon BULK5 coupon

inv validate-nil-prices base base validate
inv validate-nil-prices lib-bumped bump validate
inv validate-nil-prices trimpath trimpath validate
inv validate-nil-prices go125 go125 validate
inv validate-nil-prices lines-shifted edit validate
inv validate-nil-prices other-function base sort

inv quote-order-not-found base base -id 9 quote
inv quote-order-not-found id-changed base -id 1234 quote
inv quote-order-not-found chi-router edit -id 9 -router chi quote
inv quote-order-not-found otel base -id 9 -tracer otel quote
inv quote-order-not-found otel-chi-go125 go125 -id 9 -tracer otel -router chi quote
inv quote-order-not-found lib-bumped bump -id 9 quote
inv quote-order-not-found checkout base -id 9 checkout

inv checkout-order-not-found base base -id 9 checkout
inv checkout-order-not-found id-changed base -id 31 checkout
inv checkout-order-not-found lib-bumped bump -id 9 checkout
inv checkout-order-not-found chi-closure closure -id 9 -router chi checkout
inv checkout-order-not-found trimpath trimpath -id 9 checkout
inv checkout-order-not-found refund base -id 9 refund

inv category-too-deep base base -depth 120 deep
inv category-too-deep deeper base -depth 180 deep
inv category-too-deep shallow base -depth 40 deep
inv category-too-deep closure-moved closure -depth 120 deep
inv category-too-deep go125 go125 -depth 120 deep
inv category-too-deep stack-overflow base overflow
inv category-too-deep traced base -depth 120 deep-otel

inv category-too-deep-traced base base -depth 20 deep-otel
inv category-too-deep-traced cut-elsewhere base -depth 33 deep-otel
inv category-too-deep-traced trimpath trimpath -depth 20 deep-otel
inv category-too-deep-traced lines-shifted edit -depth 25 deep-otel
inv category-too-deep-traced panic base -depth 20 deep

inv import-order-qty base base -line 3 import
inv import-order-qty line-changed base -line 8 import
inv import-order-qty lib-bumped bump -line 3 import
inv import-order-qty lines-shifted edit -line 3 import
inv import-order-qty prices base -line 3 prices

inv avg-basket-divzero base base avg
inv avg-basket-divzero lines-shifted edit avg
inv avg-basket-divzero trimpath trimpath avg
inv avg-basket-divzero go125 go125 avg
inv avg-basket-divzero discount-rate base rate

# Corpus: each bug several times across builds and request parameters. rec BUG SERVICE TYPE BIN ARGS...;
# a TYPE of "-" is the one the program reports; panics carry the runtime's type of the panic value.
index="$work/corpus/index.tsv"
: >"$index"
n=0
rec() {
	local bug=$1 service=$2 typ=$3 bin=$4
	shift 4
	n=$((n + 1))
	local out="$work/corpus/$n.txt"
	run "$bin" "$out" "$@"
	printf '%s\t%s\t%s\t-\t%s\n' "go/$bug" "$service" "$typ" "$out" >>"$index"
}

for b in base edit closure trimpath go125; do rec worker-find-nil-db shop runtime.errorString $b nilptr; done
rec quote-tier-index shop runtime.boundsError base -qty 5 quote
rec quote-tier-index shop runtime.boundsError edit -qty 7 -router chi quote
rec quote-tier-index shop runtime.boundsError closure -qty 3 quote
rec quote-tier-index shop runtime.boundsError trimpath -qty 9 -router chi quote
rec quote-tier-index shop runtime.boundsError bump -qty 5 quote
rec quote-tier-index shop runtime.boundsError go125 -qty 4 quote
rec quote-unit-divzero shop runtime.errorString base -qty 0 quote
rec quote-unit-divzero shop runtime.errorString closure -qty 0 -router chi quote
rec quote-unit-divzero shop runtime.errorString trimpath -qty 0 quote
rec quote-unit-divzero shop runtime.errorString go125 -qty 0 quote
rec coupon-unknown-code shop runtime.errorString base -coupon SPRING coupon
rec coupon-unknown-code shop runtime.errorString edit -coupon XMAS coupon
rec coupon-unknown-code shop runtime.errorString trimpath -coupon BF2024 -qty 2 coupon
rec coupon-unknown-code shop runtime.errorString go125 -coupon SPRING -id 7 coupon
rec coupon-line-missing shop runtime.boundsError base -coupon BULK5 coupon
rec coupon-line-missing shop runtime.boundsError closure -coupon BULK5 -qty 2 coupon
rec coupon-line-missing shop runtime.boundsError bump -coupon BULK5 -id 8 coupon
rec coupon-line-missing shop runtime.boundsError go125 -coupon BULK5 coupon
for b in base edit trimpath bump go125; do rec validate-nil-prices shop runtime.plainError $b -id $((RANDOM % 900)) validate; done
rec quote-order-not-found shop - base -id 9 quote
rec quote-order-not-found shop - edit -id 404 -router chi quote
rec quote-order-not-found shop - trimpath -id 13 -tracer otel quote
rec quote-order-not-found shop - bump -id 1001 quote
rec quote-order-not-found shop - go125 -id 9 -tracer otel -router chi quote
rec checkout-order-not-found shop - base -id 9 checkout
rec checkout-order-not-found shop - closure -id 31 -router chi checkout
rec checkout-order-not-found shop - bump -id 500 checkout
rec checkout-order-not-found shop - go125 -id 12 checkout
rec refund-order-not-found shop - base -id 9 refund
rec refund-order-not-found shop - edit -id 31 -cents 250 refund
rec refund-order-not-found shop - trimpath -id 77000 refund
rec refund-order-not-found shop - bump -id 12 -cents 99 refund
rec import-order-qty importer - base -line 3 import
rec import-order-qty importer - edit -line 5 import
rec import-order-qty importer - bump -line 2 import
rec import-order-qty importer - go125 -line 11 import
rec import-price-format importer - base -line 3 prices
rec import-price-format importer - closure -line 4 prices
rec import-price-format importer - trimpath -line 7 prices
rec import-price-format importer - bump -line 2 prices
for b in base edit trimpath go125; do rec avg-basket-empty reporting runtime.errorString $b avg; done
rec discount-rate-base-zero reporting runtime.errorString base -qty 1 rate
rec discount-rate-base-zero reporting runtime.errorString closure -qty 2 rate
rec discount-rate-base-zero reporting runtime.errorString bump -qty 4 rate
rec discount-rate-base-zero reporting runtime.errorString go125 -qty 5 rate
rec category-too-deep shop string base -depth 120 deep
rec category-too-deep shop string edit -depth 150 deep
rec category-too-deep shop string closure -depth 60 deep
rec category-too-deep shop string go125 -depth 210 deep
rec category-too-deep-traced shop - base -depth 20 deep-otel
rec category-too-deep-traced shop - edit -depth 26 deep-otel
rec category-too-deep-traced shop - trimpath -depth 41 deep-otel
rec category-too-deep-traced shop - go125 -depth 17 deep-otel
# Shallow enough for the whole dump to fit in 2 KiB: the same bug with the callers below the recursion.
rec category-too-deep-traced shop - closure -depth 6 deep-otel
for b in base closure trimpath go125; do rec sort-nil-order shop runtime.errorString $b -id $((RANDOM % 90)) sort; done
for b in base edit bump go125; do rec money-nil-label shop runtime.plainError $b money; done
rec stack-overflow-cycle shop "fatal error" base overflow
rec stack-overflow-cycle shop "fatal error" trimpath overflow
rec stack-overflow-cycle shop "fatal error" go125 overflow
for b in base edit go125; do GOMAXPROCS=2 rec concurrent-map-writes shop "fatal error" $b mapwrites; done

(cd "$repo/testdata/corpus/gen/go" && go run . <"$index") >"$repo/testdata/corpus/go.jsonl"
echo "wrote $(wc -l <"$repo/testdata/corpus/go.jsonl") corpus records"
