<?php

// Stand-in for Composer's generated PSR-4 autoloader (the registry is not reachable from the build machine).
spl_autoload_register(static function (string $class): void {
    $prefixes = [
        'Acme\\Http\\' => __DIR__ . '/acme/http/src/',
        'Acme\\Json\\' => __DIR__ . '/acme/json/src/',
        'App\\' => dirname(__DIR__) . '/src/',
    ];
    foreach ($prefixes as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

// Composer "files" autoload entry.
require dirname(__DIR__) . '/src/Support/functions.php';
