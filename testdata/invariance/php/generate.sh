#!/usr/bin/env bash
# Regenerates the PHP deploy-invariance cases (cases.json and the stack files it names, except the
# hand-edited hand_* files) and the labelled corpus testdata/corpus/php.jsonl from real runs of the
# application in gen/app with the installed php-cli, under /tmp/errorgrouping-invariance/php.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
php -n "$here/gen/generate.php" "$here" "$here/../../corpus/php.jsonl"
php -r 'echo "generated with PHP ", PHP_VERSION, "\n";'
