<?php

// Runs the shop application of app/ under deploy and request variations and writes what each error
// producer sends: the invariance cases (cases.json and their stack files) and the labelled corpus.
//
//   php generate.php <invariance-dir> <corpus.jsonl>
//
// Every run installs the application afresh under a root below BASE: the sources shifted by N comment
// lines (an edit above every function), the vendor packages at the chosen versions, then runs
// public/index.php with the harness as auto_prepend_file. Formats:
//   native   (string)$e with arguments (development settings)
//   prod     (string)$e with zend.exception_ignore_args=1 (php.ini-production)
//   fatal    the uncaught error as PHP's fatal error handler logs it to stderr (production settings)
//   ddtrace  dd-trace-php's error.stack/error.type/error.message (harness/ddtrace.php)
//   otel     the OpenTelemetry PHP SDK's exception.stacktrace (harness/otel.php)
// Files named hand_* in the invariance directory are hand-edited and kept as they are.

const BASE = '/tmp/errorgrouping-invariance/php';

[$self, $invDir, $corpusFile] = $argv + [null, null, null];
if ($invDir === null || $corpusFile === null) {
    fwrite(STDERR, "usage: php generate.php <invariance-dir> <corpus.jsonl>\n");
    exit(2);
}

/** Defaults of a run; cases and corpus records override them. */
const DEFAULTS = [
    'service' => 'shop', 'root' => '/var/www/html', 'shift' => 0, 'http' => '1.4.0', 'json' => '3.1.0',
    'middleware' => 'logger', 'method' => 'GET', 'path' => '/orders/show', 'query' => [], 'body' => '',
    'shard' => 1, 'format' => 'native',
];

function install(array $run): string
{
    static $installed = [];
    $root = BASE . $run['root'];
    $key = json_encode([$run['shift'], $run['http'], $run['json']]);
    if (($installed[$root] ?? null) === $key) {
        return $root;
    }
    remove($root);
    copyTree(__DIR__ . '/app', $root, $run['shift']);
    copyTree(__DIR__ . '/packages/acme-http-' . $run['http'] . '/src', $root . '/vendor/acme/http/src', 0);
    copyTree(__DIR__ . '/packages/acme-json-' . $run['json'] . '/src', $root . '/vendor/acme/json/src', 0);
    copy(__DIR__ . '/autoload.php', $root . '/vendor/autoload.php');
    $installed[$root] = $key;

    return $root;
}

/** Copies a directory; PHP files get $shift comment lines after their opening tag. */
function copyTree(string $from, string $to, int $shift): void
{
    @mkdir($to, 0777, true);
    foreach (scandir($from) as $name) {
        if ($name === '.' || $name === '..') {
            continue;
        }
        if (is_dir("$from/$name")) {
            copyTree("$from/$name", "$to/$name", $shift);
            continue;
        }
        $code = file_get_contents("$from/$name");
        if ($shift > 0 && str_starts_with($code, "<?php\n")) {
            $code = "<?php\n" . str_repeat("// edited\n", $shift) . substr($code, 6);
        }
        file_put_contents("$to/$name", $code);
    }
}

function remove(string $path): void
{
    if (is_dir($path) && !is_link($path)) {
        foreach (scandir($path) as $name) {
            if ($name !== '.' && $name !== '..') {
                remove("$path/$name");
            }
        }
        rmdir($path);
    } elseif (file_exists($path)) {
        unlink($path);
    }
}

/** Runs the request of $run and returns [stdout, stderr]. */
function php(array $run, array $ini, bool $uncaught): array
{
    $root = install($run);
    $cmd = ['php', '-n', '-d', 'auto_prepend_file=' . __DIR__ . '/harness/harness.php'];
    foreach ($ini as $k => $v) {
        array_push($cmd, '-d', "$k=$v");
    }
    array_push($cmd, 'public/index.php', $run['method'], $run['path'], json_encode((object) $run['query']), $run['body']);
    $env = ['PATH' => getenv('PATH'), 'APP_MIDDLEWARE' => $run['middleware'], 'DB_SHARD' => (string) $run['shard']];
    if ($uncaught) {
        $env['APP_UNCAUGHT'] = '1';
    }
    $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $root, $env);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    proc_close($proc);

    return [$out, $err];
}

const DEV = ['zend.exception_ignore_args' => '0', 'zend.exception_string_param_max_len' => '15'];
const PROD = ['zend.exception_ignore_args' => '1', 'display_errors' => '0', 'log_errors' => '1'];

/** Runs $run and returns what its producer sends: type, message, stack. */
function produce(array $run): array
{
    $run += DEFAULTS;
    $ini = in_array($run['format'], ['prod', 'fatal'], true) ? PROD : DEV;
    [$out] = php($run, $ini, false);
    $report = json_decode($out, true);
    if (!is_array($report)) {
        throw new RuntimeException('no error reported for ' . json_encode($run) . ': ' . $out);
    }
    $sent = ['type' => $report['type'], 'message' => $report['message']];
    switch ($run['format']) {
        case 'native':
        case 'prod':
            return $sent + ['stack' => $report['native']];
        case 'otel':
            return $sent + ['stack' => $report['otel']];
        case 'ddtrace':
            return $report['ddtrace'];
        case 'fatal':
            [, $err] = php($run, PROD, true);
            return $sent + ['stack' => rtrim($err, "\n") . "\n"];
    }
    throw new InvalidArgumentException('unknown format ' . $run['format']);
}

// ---------------------------------------------------------------------------------------------------
// Invariance cases: a base run, runs that must keep its issue and runs that must not.

$show = ['path' => '/orders/show', 'query' => ['id' => 42]];
$release1 = '/srv/shop/releases/20240101120000';
$release2 = '/srv/shop/releases/20240315093000';

$cases = [
    ['order-not-found', $show, [
        ['lines shifted by an edit', ['shift' => 4]],
        ['different install root (a releases/<timestamp> dir)', ['root' => $release1]],
        ['next release: another timestamp dir and lines shifted', ['root' => $release2, 'shift' => 2]],
        ['container install root /app', ['root' => '/app']],
        ['acme/http bumped 1.4.0 -> 2.0.0: vendor frames and lines change', ['http' => '2.0.0']],
        ['a middleware added around the same controller', ['middleware' => 'logger,auth']],
        ['message parameters changed', ['query' => ['id' => 1042]]],
        ['production settings: no arguments in frames', ['format' => 'prod']],
        ['uncaught: PHP fatal error log', ['format' => 'fatal']],
        ["dd-trace-php's argument-free form without header", ['format' => 'ddtrace']],
    ], [
        ['another throwing function with the same exception type', ['path' => '/orders/lookup', 'query' => ['ref' => 'AB-1234']]],
        ['another in-app call path to the same throw', ['path' => '/orders/invoice', 'query' => ['id' => 42]]],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['export-missing-sku', ['path' => '/orders/export'], [
        ['lines shifted: the closure moved', ['shift' => 3]],
        ['container install root /app', ['root' => '/app']],
        ['production settings', ['format' => 'prod']],
        ['PHP 8.4 closure names {closure:Class::method():line}', 'hand_php84.txt'],
        ['PHP 8.4, closure line numbers moved by an edit', 'hand_php84-lines-moved.txt'],
        ['acme/http bumped and a middleware added', ['http' => '2.0.0', 'middleware' => 'auth,logger']],
    ], [
        ['another exception type from the same closure', ['query' => ['strict' => 1]]],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['category-too-deep', ['path' => '/orders/categories', 'query' => ['max' => 4]], [
        ['recursion depth changed', ['query' => ['max' => 7]]],
        ['recursion depth, install root and lines changed', ['query' => ['max' => 2], 'root' => $release1, 'shift' => 6]],
        ['production settings', ['format' => 'prod']],
    ], [
        ['another service', [], ['service' => 'billing']],
    ]],
    ['history-storage-down', ['path' => '/orders/history', 'query' => ['id' => 42]], [
        ['message parameters changed (order id, database host)', ['query' => ['id' => 7], 'shard' => 3]],
        ['install root and lines changed', ['root' => $release2, 'shift' => 5]],
        ['acme/http bumped 1.4.0 -> 2.0.0', ['http' => '2.0.0']],
        ['uncaught: PHP fatal error log', ['format' => 'fatal']],
        ['production settings', ['format' => 'prod']],
        ["dd-trace-php's form: error.type names the innermost exception, whose header it leaves out", ['format' => 'ddtrace']],
    ], [
        ['another service', [], ['service' => 'billing']],
    ]],
    ['share-division-by-zero', ['path' => '/orders/share'], [
        ['lines shifted by an edit', ['shift' => 2]],
        ['container install root /app', ['root' => '/app']],
        ["dd-trace-php's form: the internal intdiv frame has no location", ['format' => 'ddtrace']],
        ['acme/http bumped 1.4.0 -> 2.0.0', ['http' => '2.0.0', 'format' => 'prod']],
    ], [
        ['another application function dividing by zero in the same internal function', ['path' => '/orders/average']],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['negative-amount', ['path' => '/orders/total', 'query' => ['cents' => -5]], [
        ['message parameters changed', ['query' => ['cents' => -120]]],
        ['a middleware added and lines shifted', ['middleware' => 'logger,auth', 'shift' => 3]],
        ["dd-trace-php's argument-free form", ['format' => 'ddtrace', 'root' => $release1]],
    ], [
        ['another exception type thrown by the same function', ['query' => ['cents' => 500000000]]],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['import-malformed-json', ['method' => 'POST', 'path' => '/orders/import', 'body' => '{"orders": [1, 2'], [
        ['acme/json bumped 3.1.0 -> 3.2.0: an extra library frame, lines moved', ['json' => '3.2.0']],
        ['payload size in the message changed', ['body' => '{"orders": [{"id": 7}, {"id": 8}']],
        ['install root changed and acme/http bumped', ['root' => '/app', 'http' => '2.0.0']],
    ], [
        ['the same library error reached from other application code', ['path' => '/webhooks/orders']],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['route-not-found', ['path' => '/orders/unknown'], [
        ['another unknown path in the message', ['path' => '/orders/archive']],
        ['acme/http bumped 1.4.0 -> 2.0.0: the router throws from another method', ['http' => '2.0.0']],
        ['container install root /app', ['root' => '/app']],
    ], [
        ['another service', [], ['service' => 'billing']],
    ]],
    ['otel-order-not-found', $show + ['format' => 'otel'], [
        ['lines shifted by an edit', ['shift' => 4]],
        ['different install root', ['root' => $release1]],
        ['message parameters changed', ['query' => ['id' => 1042]]],
        ['a middleware added around the same controller', ['middleware' => 'logger,auth']],
    ], [
        ['another throwing function with the same exception type', ['path' => '/orders/lookup', 'query' => ['ref' => 'AB-1234']]],
        ['another in-app call path to the same throw', ['path' => '/orders/invoice', 'query' => ['id' => 42]]],
    ]],
    ['auth-token-expired', ['middleware' => 'logger,auth', 'query' => ['id' => 42, 'token' => 'expired']], [
        ['another route behind the same failing middleware', ['path' => '/orders/export']],
        ['install root and lines changed', ['root' => $release2, 'shift' => 3]],
        ["dd-trace-php's argument-free form", ['format' => 'ddtrace']],
    ], [
        ['the same exception type thrown by a controller', ['path' => '/orders/history', 'middleware' => 'logger']],
        ['another service', [], ['service' => 'billing']],
    ]],
    ['receipt-no-lines', ['path' => '/orders/receipt', 'query' => ['id' => 42]], [
        ['lines shifted: the anonymous class moved', ['shift' => 5]],
        ['install root changed', ['root' => $release1]],
    ], [
        ['another service', [], ['service' => 'billing']],
    ]],
    ['quota-exceeded', ['path' => '/orders/quota'], [
        ['lines shifted: the anonymous exception class moved (its name holds path and line)', ['shift' => 5]],
        ['install root changed (its name holds the path)', ['root' => '/app']],
        ['message parameters changed', ['query' => ['limit' => 250]]],
    ], [
        ['another service', [], ['service' => 'billing']],
    ]],
];

function slug(string $why): string
{
    return trim(preg_replace('/[^a-z0-9]+/', '-', strtolower(strtok($why, ':'))), '-');
}

$manifest = ['language' => 'php', 'cases' => []];
foreach ($cases as [$name, $baseRun, $same, $different]) {
    @mkdir("$invDir/$name", 0777, true);
    $base = produce($baseRun);
    $baseService = $baseRun['service'] ?? DEFAULTS['service'];
    file_put_contents("$invDir/$name/base.txt", $base['stack']);
    $entry = ['name' => $name, 'base' => [
        'service' => $baseService, 'type' => $base['type'], 'message' => $base['message'], 'stack_file' => "$name/base.txt",
    ], 'same' => [], 'different' => []];
    foreach (['same' => $same, 'different' => $different] as $kind => $variants) {
        foreach ($variants as $variant) {
            [$why, $override] = $variant;
            $fields = $variant[2] ?? [];
            $v = ['why' => $why];
            if (is_string($override)) {
                $v['stack_file'] = "$name/$override"; // hand-edited
            } elseif ($override !== []) {
                $sent = produce($override + $baseRun);
                $file = $kind === 'same' ? slug($why) : 'other-' . slug($why);
                file_put_contents("$invDir/$name/$file.txt", $sent['stack']);
                $v['stack_file'] = "$name/$file.txt";
                foreach (['type', 'message'] as $k) {
                    if ($sent[$k] !== $base[$k]) {
                        $v[$k] = $sent[$k];
                    }
                }
            }
            $entry[$kind][] = $v + $fields;
        }
    }
    $manifest['cases'][] = $entry;
}
file_put_contents("$invDir/cases.json", json_encode($manifest, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");

// ---------------------------------------------------------------------------------------------------
// Corpus: each bug several times under a rotation of deploy profiles, with its own request variations.
// Labels come from how the application is written: one label per place a developer would fix.

$profiles = [
    ['root' => '/var/www/html'],
    ['root' => $release1, 'shift' => 3, 'format' => 'prod'],
    ['root' => $release2, 'shift' => 5, 'http' => '2.0.0', 'json' => '3.2.0', 'middleware' => 'logger,auth'],
    ['root' => '/app', 'shift' => 5, 'http' => '2.0.0', 'json' => '3.2.0', 'format' => 'ddtrace'],
    ['root' => '/var/www/html', 'shift' => 2, 'json' => '3.2.0', 'format' => 'fatal'],
];

// bug => list of request variations (each merged over the rotating profile).
$bugs = [
    'order-not-found' => [['query' => ['id' => 42]], ['query' => ['id' => 1042]], ['query' => ['id' => 7]], ['query' => ['id' => 99]]],
    'order-reference-not-found' => [['path' => '/orders/lookup', 'query' => ['ref' => 'AB-1234']], ['path' => '/orders/lookup', 'query' => ['ref' => 'ZX-9']], ['path' => '/orders/lookup', 'query' => ['ref' => 'Q-77']]],
    'invoice-order-not-found' => [['path' => '/orders/invoice', 'query' => ['id' => 42]], ['path' => '/orders/invoice', 'query' => ['id' => 8]], ['path' => '/orders/invoice', 'query' => ['id' => 313]]],
    'export-missing-sku' => [['path' => '/orders/export'], ['path' => '/orders/export'], ['path' => '/orders/export']],
    'export-strict-quantity' => [['path' => '/orders/export', 'query' => ['strict' => 1]], ['path' => '/orders/export', 'query' => ['strict' => 1]], ['path' => '/orders/export', 'query' => ['strict' => 1]]],
    'negative-amount' => [['path' => '/orders/total', 'query' => ['cents' => -5]], ['path' => '/orders/total', 'query' => ['cents' => -120]], ['path' => '/orders/total', 'query' => ['cents' => -1]]],
    'amount-too-large' => [['path' => '/orders/total', 'query' => ['cents' => 500000000]], ['path' => '/orders/total', 'query' => ['cents' => 100000001]], ['path' => '/orders/total', 'query' => ['cents' => 987654321]]],
    'history-storage-down' => [['path' => '/orders/history', 'query' => ['id' => 42]], ['path' => '/orders/history', 'query' => ['id' => 7], 'shard' => 3], ['path' => '/orders/history', 'query' => ['id' => 5], 'shard' => 2], ['path' => '/orders/history', 'query' => ['id' => 11]]],
    'discount-not-a-number' => [['path' => '/orders/discount', 'query' => ['percent' => 'ten']], ['path' => '/orders/discount', 'query' => ['percent' => 'half']], ['path' => '/orders/discount', 'query' => ['percent' => '']]],
    'share-division-by-zero' => [['path' => '/orders/share'], ['path' => '/orders/share'], ['path' => '/orders/share']],
    'average-division-by-zero' => [['path' => '/orders/average'], ['path' => '/orders/average'], ['path' => '/orders/average']],
    'receipt-no-lines' => [['path' => '/orders/receipt', 'query' => ['id' => 42]], ['path' => '/orders/receipt', 'query' => ['id' => 3]], ['path' => '/orders/receipt', 'query' => ['id' => 77]]],
    'quota-exceeded' => [['path' => '/orders/quota'], ['path' => '/orders/quota', 'query' => ['limit' => 250]], ['path' => '/orders/quota', 'query' => ['limit' => 60]]],
    'category-too-deep' => [['path' => '/orders/categories', 'query' => ['max' => 4]], ['path' => '/orders/categories', 'query' => ['max' => 7]], ['path' => '/orders/categories', 'query' => ['max' => 2]]],
    'summary-template-null-order' => [['path' => '/orders/summary'], ['path' => '/orders/summary'], ['path' => '/orders/summary']],
    'pricing-rule-undefined-function' => [['path' => '/orders/pricing', 'query' => ['coupon' => 'SPRING']], ['path' => '/orders/pricing', 'query' => ['coupon' => 'BLACKFRIDAY']], ['path' => '/orders/pricing']],
    'validation-failed' => [['path' => '/orders/validate', 'query' => ['id' => 42]], ['path' => '/orders/validate', 'query' => ['id' => 9]], ['path' => '/orders/validate', 'query' => ['id' => 1]]],
    'legacy-endpoint' => [['path' => '/orders/legacy'], ['path' => '/orders/legacy'], ['path' => '/orders/legacy']],
    'import-malformed-json' => [['method' => 'POST', 'path' => '/orders/import', 'body' => '{"orders": [1, 2'], ['method' => 'POST', 'path' => '/orders/import', 'body' => '{"orders": [{"id": 7}'], ['method' => 'POST', 'path' => '/orders/import', 'body' => 'orders=1']],
    'webhook-malformed-json' => [['method' => 'POST', 'path' => '/webhooks/orders', 'body' => '{"type": "paid"'], ['method' => 'POST', 'path' => '/webhooks/orders', 'body' => '<xml/>'], ['method' => 'POST', 'path' => '/webhooks/orders', 'body' => '{"type": "refunded", "id": }']],
    'route-not-found' => [['path' => '/orders/unknown'], ['path' => '/orders/archive'], ['path' => '/orders/v2/show', 'method' => 'GET']],
    'auth-token-expired' => [['query' => ['token' => 'expired'], 'middleware' => 'logger,auth'], ['path' => '/orders/export', 'query' => ['token' => 'expired'], 'middleware' => 'auth,logger'], ['path' => '/orders/history', 'query' => ['id' => 3, 'token' => 'expired'], 'middleware' => 'logger,auth']],
];

// A second service built from the same code and instrumented with the OpenTelemetry SDK: its issues
// are its own, so its bugs carry their own labels.
$otelBugs = ['order-not-found', 'order-reference-not-found', 'invoice-order-not-found', 'export-missing-sku', 'history-storage-down', 'negative-amount', 'amount-too-large'];

$records = [];
$turn = 0;
foreach ($bugs as $bug => $requests) {
    foreach ($requests as $request) {
        $run = $request + $profiles[$turn++ % count($profiles)];
        $sent = produce($run);
        $records[] = ['bug' => "php/$bug", 'service' => 'shop', 'language' => 'php'] + $sent;
    }
}
// Its third occurrence of the first bugs runs after a bump of acme/http, a library whose namespace
// nothing can tell from the application's under the OTel form's base-name files.
foreach ($otelBugs as $i => $bug) {
    foreach ($i < 2 ? [0, 1, 2] : [0, 1] as $k) {
        $request = $bugs[$bug][$k];
        $run = ['format' => 'otel', 'root' => $k === 1 ? '/app' : '/var/www/html', 'shift' => 3 * $k, 'http' => $k === 2 ? '2.0.0' : '1.4.0'] + $request;
        $sent = produce($run);
        $records[] = ['bug' => "php/storefront/$bug", 'service' => 'storefront', 'language' => 'php'] + $sent;
    }
}
$lines = '';
foreach ($records as $r) {
    $lines .= json_encode(
        ['bug' => $r['bug'], 'service' => $r['service'], 'language' => $r['language'], 'type' => $r['type'], 'message' => $r['message'], 'stack' => $r['stack']],
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR,
    ) . "\n";
}
file_put_contents($corpusFile, $lines);
fprintf(STDERR, "%d invariance cases, %d corpus records\n", count($manifest['cases']), count($records));
