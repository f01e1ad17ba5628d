#!/usr/bin/env bash
# Regenerates the runtime-produced Ruby fixtures: copies the shop app and the fake gem to a fixed directory
# (so paths in the backtraces are stable), runs each failing scenario and writes its text beside this script.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app=/tmp/errorgrouping-fixtures/ruby/app
abi="$(ruby -e 'print RbConfig::CONFIG["ruby_version"]')"

rm -rf "$app"
mkdir -p "$app/vendor/bundle/ruby/$abi/gems"
cp -R "$here/gen/app/." "$app/"
cp -R "$here/gen/fakegem-1.2.3" "$app/vendor/bundle/ruby/$abi/gems/"

run() { # fixture-name scenario style [ruby options...]
	local out="$1" scenario="$2" style="$3"
	shift 3
	(cd "$app" && ruby "$@" bin/fixtures.rb "$scenario" "$style") >"$here/$out.txt"
}

for s in nomethod_nil gem_block_error nested_blocks cause_chain ensure_cause class_method module_function \
	dynamic_methods recursion eval_rule anonymous_struct erb_template multiline_message; do
	run "$s" "$s" full
done
run recursion_limited recursion full --backtrace-limit=4
run bare_backtrace gem_block_error backtrace
run ddtrace_nomethod nomethod_nil ddtrace

echo "generated with $(ruby -v)"
