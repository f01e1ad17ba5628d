<?php

// Lets the error of /orders/<action> escape to PHP's fatal error handler.
require __DIR__ . '/bootstrap.php';

echo build_kernel()->handle(request_for($argv[1])), "\n";
