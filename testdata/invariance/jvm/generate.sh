#!/usr/bin/env bash
# Regenerates the JVM deploy-invariance stacks (every */*.txt here except hand_*) and testdata/corpus/jvm.jsonl
# from real runs of the shop in gen/: the same bugs run under deploy variations (edited sources, moved
# lambdas, bumped libraries, JDK 17 and 25, thread pools, filters, virtual threads, module path, reflection
# inflation, hidden frames, rehydrated elements, request parameters). cases.json is written by hand and names
# the files. Needs javac/java 17 and a JDK 21+ (JAVA25, default the Temurin 25 install) plus jq.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="$here/../../corpus/jvm.jsonl"
java17=${JAVA17:-java}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
work=/tmp/errorgrouping-invariance/jvm
rm -rf "$work"
mkdir -p "$work"
cp -r "$here/gen/." "$work/src"
cd "$work"

sources() { find "$1" -name '*.java' ! -name module-info.java | sort; }

# An edit of the kind every release makes: a header comment in every file and a new helper at the top of
# every class, so that all line numbers move.
shift_lines() {
	local f
	for f in $(sources "$1"); do
		awk 'NR == 1 && /^package / { print; print ""; print "// Copyright 2024 Acme Shop GmbH."; print "// Proprietary and confidential."; next }
			!done && /^public .*\{$/ { print; print "    static String describe(Object value) {"; print "        return String.valueOf(value);"; print "    }"; print ""; done = 1; next }
			{ print }' "$f" >"$f.tmp"
		mv "$f.tmp" "$f"
	done
}

# A new lambda above the existing ones in every class that has lambdas, so javac numbers them one higher
# (lambda$save$0 becomes lambda$save$1).
move_lambdas() {
	local f
	for f in $(grep -l -- '->' $(sources "$1")); do
		awk '!done && /^public (final )?class .*\{$/ { print; print "    private static final java.util.function.Supplier<String> ORIGIN = () -> \"shop\";"; done = 1; next }
			{ print }' "$f" >"$f.tmp"
		mv "$f.tmp" "$f"
	done
}

# Libraries as versioned jars, in the release the app was built with and in a later one whose internals
# (lines, private helper frames) changed.
mkdir -p run/lib-old run/lib-new run/plugins
lib() { # NAME VERSION SRCDIR DEST
	javac -g -d "build/$1-$2" $(sources "$3")
	jar --create --file "run/$4/$1-$2.jar" -C "build/$1-$2" .
}
lib retrykit 2.3.1 src/libs/retrykit/src lib-old
lib minirpc 0.9.0 src/libs/minirpc/src lib-old
lib retrykit 2.4.0 src/libs-next/retrykit/src lib-new
lib minirpc 1.0.0 src/libs-next/minirpc/src lib-new
oldlibs=lib-old/retrykit-2.3.1.jar:lib-old/minirpc-0.9.0.jar
newlibs=lib-new/retrykit-2.4.0.jar:lib-new/minirpc-1.0.0.jar

cp -r src/app src/app-shifted
shift_lines src/app-shifted/src
cp -r src/app src/app-lambdas
move_lambdas src/app-lambdas/src

javac -g -cp "run/${oldlibs//:/:run/}" -d run/classes $(sources src/app/src)
javac -g -cp "run/${oldlibs//:/:run/}" -d run/classes-shifted $(sources src/app-shifted/src)
javac -g -cp "run/${oldlibs//:/:run/}" -d run/classes-lambdas $(sources src/app-lambdas/src)
javac -g --module-path run/lib-old --module-version 1.4.0 -d run/mods-1.4.0/com.acme.shop \
	src/app/module-info.java $(sources src/app/src)
javac -g --module-path run/lib-new --module-version 1.5.0 -d run/mods-1.5.0/com.acme.shop \
	src/app-shifted/module-info.java $(sources src/app-shifted/src)
javac -g -cp run/classes -d build/loyalty $(sources src/plugins/loyalty/src)
jar --create --file run/plugins/loyalty-plugin-1.2.0.jar -C build/loyalty .

# The bugs, each with three parameter sets (ids, codes, depths, thread names). A target starting with '/' is
# a request to the shop's HTTP server, one starting with '!' a background job.
scenarios=$(
	cat <<'EOF'
discount-expired|/orders/submit?id=1043&discount=SPRING24|/orders/submit?id=2210&discount=WINTER23|/orders/submit?id=877&discount=SPRING24&customer=C-17
discount-unknown|/orders/submit?id=1044&discount=BLACKFRIDAY|/orders/submit?id=3011&discount=XMAS10|/orders/submit?id=96&discount=welcome5&customer=C-3
order-no-items|/orders/submit?id=1045&items=0|/orders/submit?id=4410&items=0&customer=C-12|/orders/submit?id=7&items=0&customer=C-901
return-no-reason|/returns/start?id=80&reason=|/returns/start?id=1207&reason=|/returns/start?id=33&reason=%20
orders-db-down|/orders/submit?id=1042|/orders/submit?id=5120&customer=C-7|/orders/submit?id=18&items=1
customers-db-down|/customers/profile?id=C-88|/customers/profile?id=C-1203|/customers/profile?id=C-5
loyalty-no-tier|/orders/submit?id=1046&plugin=com.acme.plugins.loyalty.LoyaltyPlugin|/orders/submit?id=2048&customer=C-31&plugin=com.acme.plugins.loyalty.LoyaltyPlugin|/orders/submit?id=51&items=1&customer=C-2&plugin=com.acme.plugins.loyalty.LoyaltyPlugin
cancel-dispatched|/orders/cancel?id=77|/orders/cancel?id=1502|/orders/cancel?id=9
admin-cancel-dispatched|/admin/orders/force-cancel?id=78|/admin/orders/force-cancel?id=2333|/admin/orders/force-cancel?id=4
return-dispatched|/returns/start?id=79&reason=damaged|/returns/start?id=3120&reason=wrong%20size|/returns/start?id=12&reason=late
import-invalid|/orders/import?id=1045&batch=2024-06-12/3&bad=1|/orders/import?id=8812&batch=2024-07-01/1&bad=1|/orders/import?id=301&batch=2023-12-30/14&bad=1
order-not-found-rpc|/orders/get?id=9917|/orders/get?id=12001&warm=19|/orders/get?id=1001&warm=3
payment-timeout|/payments/pay?id=1042&attempts=3|/payments/pay?id=6120&attempts=2|/payments/pay?id=77&attempts=5
exchange-rate-missing|/pricing/quote?id=1042&currency=CHF|/pricing/quote?id=3300&currency=JPY|/pricing/quote?id=15&currency=SEK
category-missing|/catalog/resolve?path=home/garden/tools/hand-tools/pruning/secateurs/bypass/left-handed/titanium|/catalog/resolve?path=home/garden/hoses|/catalog/resolve?path=home/garden/tools/hand-tools/pruning/secateurs/bypass/left-handed/ergonomic/steel/long-reach/compact/mini
category-cycle|/catalog/count?id=1|/catalog/count?id=2|/catalog/count?id=3
address-missing|/customers/label?id=C-88|/customers/label?id=C-4410|/customers/label?id=C-2
report-division|/reports/average?id=1042&customer=C-91|/reports/average?id=2000&customer=C-7|/reports/average?id=31&customer=C-400&items=1
cart-quantity|/cart/add?sku=ABC-123&qty=two|/cart/add?sku=XYZ-9&qty=1.5|/cart/add?sku=GIFT-CARD&qty=%2010
report-limit|/reports/top?id=1042&limit=ten|/reports/top?id=2000&limit=-&customer=C-7|/reports/top?id=5&limit=20x
carrier-overweight|!ship?id=1042&items=3&thread=order-worker-&worker=1|!ship?id=2210&items=4&thread=order-worker-&worker=7|!ship?id=64&items=3&thread=fulfilment-&worker=2
EOF
)

# specs SET: NAME=TARGET arguments for every bug with parameter set 1, 2 or 3.
specs() {
	local bug p1 p2 p3
	while IFS='|' read -r bug p1 p2 p3; do
		case $1 in
		1) echo "$bug=$p1" ;;
		2) echo "$bug=$p2" ;;
		3) echo "$bug=$p3" ;;
		esac
	done <<<"$scenarios"
}

# run GROUP SET JAVA [JVM options and main class...]: one JVM serving every bug, traces in out/GROUP/.
run() {
	local group=$1 set=$2 java=$3
	shift 3
	local args
	mapfile -t args < <(specs "$set")
	(cd run && "$java" "$@" "../out/$group" "${args[@]}")
	echo "ran $group" >&2
}
cd "$work"
cp=(-cp "classes:$oldlibs" com.acme.shop.Main)
run base 1 "$java17" "${cp[@]}"
run params 2 "$java17" "${cp[@]}"
run shifted 3 "$java17" -cp "classes-shifted:$oldlibs" com.acme.shop.Main
run lambdas 2 "$java17" -cp "classes-lambdas:$oldlibs" com.acme.shop.Main
run libs 1 "$java17" -cp "classes:$newlibs" com.acme.shop.Main
run jdk25 1 "$java25" "${cp[@]}"
run pool 1 "$java17" -Dshop.executor=pool "${cp[@]}"
run filters 2 "$java17" -Dshop.filters=2 "${cp[@]}"
run jdk25-virtual 3 "$java25" -Dshop.executor=virtual -Dshop.filters=1 "${cp[@]}"
run module 1 "$java17" --module-path "mods-1.4.0:lib-old" -m com.acme.shop/com.acme.shop.Main
run module-next 3 "$java17" --module-path "mods-1.5.0:lib-new" -m com.acme.shop/com.acme.shop.Main
# Lambda proxy frames are hidden unless asked for; mapping the CDS archive at its base address keeps most of
# their 0x... suffixes the same from run to run (a JDK lambda spun at run time can still move, which is the
# volatility the suite is about).
run hidden 1 "$java17" -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:+ShowHiddenFrames "${cp[@]}"
run rehydrated 1 "$java17" -Dshop.rehydrate=true "${cp[@]}"
run next 2 "$java25" -Dshop.executor=pool -cp "classes-shifted:$newlibs" com.acme.shop.Main

# The invariance suite: CASE/VARIANT.txt from GROUP's trace of BUG.
find "$here" -mindepth 1 -maxdepth 1 -type d ! -name gen ! -name 'hand_*' -exec rm -rf {} +
pick() { # CASE VARIANT GROUP BUG
	mkdir -p "$here/$1"
	cp "out/$3/$4.txt" "$here/$1/$2.txt"
}
pick discount-expired base base discount-expired
pick discount-expired params params discount-expired
pick discount-expired lines-shifted shifted discount-expired
pick discount-expired jdk25 jdk25 discount-expired
pick discount-expired thread-pool pool discount-expired
pick discount-expired filters filters discount-expired
pick discount-expired jdk25-virtual-threads jdk25-virtual discount-expired
pick discount-expired module-path module discount-expired
pick discount-expired other-type base discount-unknown
pick discount-expired other-function base order-no-items
pick discount-expired other-function-2 base return-no-reason

pick orders-db-down base base orders-db-down
pick orders-db-down params params orders-db-down
pick orders-db-down lines-shifted shifted orders-db-down
pick orders-db-down lambdas-moved lambdas orders-db-down
pick orders-db-down libs-bumped libs orders-db-down
pick orders-db-down jdk25 jdk25 orders-db-down
pick orders-db-down module-next module-next orders-db-down
pick orders-db-down next-release next orders-db-down
pick orders-db-down other-path base customers-db-down

pick order-not-found-rpc base base order-not-found-rpc
pick order-not-found-rpc inflated params order-not-found-rpc
pick order-not-found-rpc lambdas-moved lambdas order-not-found-rpc
pick order-not-found-rpc libs-bumped libs order-not-found-rpc
pick order-not-found-rpc jdk25 jdk25 order-not-found-rpc
pick order-not-found-rpc rehydrated rehydrated order-not-found-rpc
pick order-not-found-rpc module-path module order-not-found-rpc

pick category-missing base base category-missing
pick category-missing shallower params category-missing
pick category-missing deeper shifted category-missing
pick category-missing jdk25 jdk25 category-missing
pick category-missing other-function base discount-unknown

pick shipment-dispatched base base admin-cancel-dispatched
pick shipment-dispatched params params admin-cancel-dispatched
pick shipment-dispatched thread-pool pool admin-cancel-dispatched
pick shipment-dispatched jdk25-virtual-threads jdk25-virtual admin-cancel-dispatched
pick shipment-dispatched module-next module-next admin-cancel-dispatched
pick shipment-dispatched other-path base return-dispatched
pick shipment-dispatched other-type base cancel-dispatched

pick carrier-overweight base base carrier-overweight
pick carrier-overweight thread-name params carrier-overweight
pick carrier-overweight lambdas-moved lambdas carrier-overweight
pick carrier-overweight jdk25 jdk25 carrier-overweight
pick carrier-overweight next-release next carrier-overweight

pick cart-quantity base base cart-quantity
pick cart-quantity params params cart-quantity
pick cart-quantity jdk25 jdk25 cart-quantity
pick cart-quantity filters filters cart-quantity
pick cart-quantity other-path base report-limit

pick report-division base base report-division
pick report-division hidden-frames hidden report-division
pick report-division lambdas-moved lambdas report-division
pick report-division jdk25 jdk25 report-division
pick report-division params params report-division

pick exchange-rate-missing base base exchange-rate-missing
pick exchange-rate-missing lambdas-moved lambdas exchange-rate-missing
pick exchange-rate-missing jdk25 jdk25 exchange-rate-missing
pick exchange-rate-missing next-release next exchange-rate-missing

pick loyalty-no-tier base base loyalty-no-tier
pick loyalty-no-tier module-path module loyalty-no-tier
pick loyalty-no-tier jdk25-virtual-threads jdk25-virtual loyalty-no-tier
pick loyalty-no-tier other-function base discount-expired

# The labelled corpus: every bug from several deploy variations. The label is the bug as written in gen/.
groups=(base params shifted lambdas libs jdk25 pool filters jdk25-virtual module module-next hidden rehydrated next)
: >"$corpus"
i=0
while IFS='|' read -r bug _; do
	# Five groups per bug, rotating so that every group and parameter set is used; the stack-overflow bug
	# prints 1024 frames, so it gets three.
	n=5
	[[ $bug == category-cycle ]] && n=3
	for ((k = 0; k < n; k++)); do
		g=${groups[$(((i + k * 3) % ${#groups[@]}))]}
		jq -c -n --arg bug "jvm/$bug" --rawfile stack "out/$g/$bug.txt" --slurpfile meta "out/$g/$bug.json" \
			'{bug: $bug, service: "shop", language: "java", type: $meta[0].type, message: $meta[0].message, stack: $stack}' >>"$corpus"
	done
	i=$((i + 1))
done <<<"$scenarios"
echo "wrote $(wc -l <"$corpus") corpus records" >&2
