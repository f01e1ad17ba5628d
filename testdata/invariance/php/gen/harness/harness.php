<?php

// Loaded with auto_prepend_file: the error reporter of the front controller, standing in for a tracer.
// It prints one JSON object with what each producer would send for the error.
require __DIR__ . '/otel.php';
require __DIR__ . '/ddtrace.php';

function report_error(Throwable $e): void
{
    echo json_encode([
        'type' => get_class($e),
        'message' => $e->getMessage(),
        'native' => (string) $e,
        'otel' => otel_stacktrace($e),
        'ddtrace' => ddtrace_error($e),
    ], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR), "\n";
}
