<?php

// Prints (string)$e for the error raised while serving /orders/<action>, as an error handler logs it.
require __DIR__ . '/bootstrap.php';

try {
    echo build_kernel()->handle(request_for($argv[1])), "\n";
} catch (Throwable $e) {
    echo $e, "\n";
}
