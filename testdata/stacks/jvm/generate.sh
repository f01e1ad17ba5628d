#!/usr/bin/env bash
# Regenerates the runtime-produced JVM fixtures (every *.txt here except hand_*.txt) with the local JDK.
# The sources are copied to a fixed directory first so reruns print the same traces.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work=/tmp/errorgrouping-fixtures/jvm
rm -rf "$work"
mkdir -p "$work"
cp -r "$here/gen/." "$work/src"
cd "$work"

sources() { find "$1" -name '*.java' | sort; }

# Third-party-looking libraries, shipped as versioned jars like a build tool would resolve them.
javac -g -d build/retrykit $(sources src/libs/retrykit/src)
javac -g -d build/minirpc $(sources src/libs/minirpc/src)
mkdir -p run/lib run/plugins run/mods
jar --create --file run/lib/retrykit-2.3.1.jar -C build/retrykit .
jar --create --file run/lib/minirpc-0.9.0.jar -C build/minirpc .

# The application on the class path, and a plugin jar it loads through a class loader named "plugins".
javac -g -cp run/lib/retrykit-2.3.1.jar:run/lib/minirpc-0.9.0.jar -d run/classes $(sources src/app/src)
javac -g -cp run/classes -d build/loyalty $(sources src/plugins/loyalty/src)
jar --create --file run/plugins/loyalty-plugin-1.2.0.jar -C build/loyalty .

# The same application as a named, versioned module.
javac -g --module-path run/lib --module-version 1.4.0 -d run/mods/com.acme.shop \
	src/app/module-info.java $(sources src/app/src)

cd run
cp=classes:lib/retrykit-2.3.1.jar:lib/minirpc-0.9.0.jar
fixture() {
	local name=$1
	shift
	java "$@" 2>"$here/$name.txt" >/dev/null
}
fixture plain_exception -cp "$cp" com.acme.shop.Main plain
fixture chained_causes -cp "$cp" com.acme.shop.Main chained
fixture chained_module_path --module-path mods:lib -m com.acme.shop/com.acme.shop.Main chained
fixture multiline_message -cp "$cp" com.acme.shop.Main validation
fixture circular_reference -cp "$cp" com.acme.shop.Main circular
fixture suppressed_try_with_resources -cp "$cp" com.acme.shop.Main suppressed
fixture plugin_class_loader -cp "$cp" com.acme.shop.Main plugin
fixture lambda_stream -cp "$cp" com.acme.shop.Main stream
# Lambda proxy frames are hidden unless asked for; mapping the CDS archive at its base address keeps their
# 0x... suffix the same from run to run.
fixture lambda_stream_hidden_frames -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:+ShowHiddenFrames -cp "$cp" com.acme.shop.Main stream
fixture reflection_generated_accessor -cp "$cp" com.acme.shop.Main reflection
fixture rehydrated_elements -cp "$cp" com.acme.shop.Main rehydrated
fixture proxy_undeclared_throwable -cp "$cp" com.acme.shop.Main proxy
fixture recursion_bounded -cp "$cp" com.acme.shop.Main recursion
# StackOverflowError keeps 1024 frames by default; the flag caps the recorded depth.
fixture stack_overflow_capped -XX:MaxJavaStackTraceDepth=40 -cp "$cp" com.acme.shop.Main overflow
fixture npe_helpful_message -cp "$cp" com.acme.shop.Main npe
fixture completable_future -cp "$cp" com.acme.shop.Main future
fixture uncaught_named_thread -cp "$cp" com.acme.shop.Main thread
