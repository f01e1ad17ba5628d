<?php

// Front controller. The request comes from the command line: METHOD PATH [QUERY-JSON [BODY]], the
// middleware stack from APP_MIDDLEWARE. Errors go to the reporter the harness installs (a tracer stand-in),
// or escape to PHP's fatal error handler when APP_UNCAUGHT is set.
require dirname(__DIR__) . '/vendor/autoload.php';

use Acme\Http\Request;

$kernel = (require dirname(__DIR__) . '/bootstrap/app.php')(explode(',', getenv('APP_MIDDLEWARE') ?: 'logger'));
$request = new Request($argv[1], $argv[2], json_decode($argv[3] ?? '{}', true), $argv[4] ?? '');

if (getenv('APP_UNCAUGHT')) {
    echo $kernel->handle($request), "\n";
    exit;
}
try {
    echo $kernel->handle($request), "\n";
} catch (Throwable $e) {
    report_error($e);
}
