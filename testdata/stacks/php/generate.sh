#!/usr/bin/env bash
# Regenerates the runtime-produced PHP fixtures (every *.txt not named hand_*) with the installed php-cli.
# The app is run from a fixed directory so the absolute paths in the traces do not change between runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app=/tmp/errorgrouping-fixtures/php/app
rm -rf "$app"
mkdir -p "$(dirname "$app")"
cp -r "$here/gen/app" "$app"
cd "$app"

# -n: ignore the machine's php.ini; arguments shown as in a development setup.
dev=(php -n -d zend.exception_ignore_args=0 -d zend.exception_string_param_max_len=15)
# Production defaults (php.ini-production): no arguments, errors logged to stderr, not displayed.
prod=(php -n -d zend.exception_ignore_args=1 -d display_errors=0 -d log_errors=1)

caught() { "${dev[@]}" bin/run.php "$1" >"$here/$2.txt"; }

caught show nested_service
caught export array_map_closure
caught total static_method
caught history next_chain
caught discount type_error
caught share division_by_zero
caught receipt anonymous_class
caught quota anonymous_exception_class
caught categories recursion
caught summary include_template
caught pricing eval_code
caught validate multiline_message
caught legacy empty_message

# Uncaught: PHP's fatal error handler writes the chain to stderr (log) or stdout (display_errors).
"${prod[@]}" bin/uncaught.php history 2>"$here/fatal_uncaught_next.txt" >/dev/null || true
"${dev[@]}" -d display_errors=1 -d log_errors=0 bin/uncaught.php show >"$here/fatal_uncaught_display.txt" 2>/dev/null || true

php -r 'echo "generated with PHP ", PHP_VERSION, "\n";'
