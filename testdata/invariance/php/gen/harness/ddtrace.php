<?php

/**
 * The error.stack, error.type and error.message dd-trace-php's extension writes for an exception
 * (ext/exception_serialize.c, zend_abstract_interface/exceptions), rewritten from its documented
 * behaviour: PHP's "#N file(line): Class->function" frames without any arguments, no header for the
 * innermost exception (its type and message are error.type and error.message), and each outer exception
 * as "\n\nNext Type: message in file:line\nStack trace:\n" before its frames. Class names are C strings,
 * so an anonymous class stops at its NUL byte, except in error.type.
 */
function ddtrace_error(Throwable $e): array
{
    $stack = ddtrace_trace($e);
    for ($outer = $e, $inner = $e->getPrevious(); $inner !== null; $outer = $inner, $inner = $inner->getPrevious()) {
        $stack = ddtrace_trace($inner) . "\n\nNext " . ddtrace_cname(get_class($outer))
            . ($outer->getMessage() !== '' ? ': ' . $outer->getMessage() : '')
            . ' in ' . $outer->getFile() . ':' . $outer->getLine() . "\nStack trace:\n" . $stack;
    }
    $innermost = $outer;

    return [
        'type' => get_class($innermost),
        'message' => 'Uncaught ' . ddtrace_cname(get_class($innermost))
            . ($innermost->getMessage() !== '' ? ': ' . $innermost->getMessage() : '')
            . ' in ' . $innermost->getFile() . ':' . $innermost->getLine(),
        'stack' => $stack,
    ];
}

function ddtrace_trace(Throwable $e): string
{
    $out = '';
    $n = 0;
    foreach ($e->getTrace() as $frame) {
        $out .= '#' . $n++ . ' ';
        $out .= isset($frame['file']) ? $frame['file'] . '(' . ($frame['line'] ?? 0) . '): ' : '[internal function]: ';
        $out .= ddtrace_cname($frame['class'] ?? '') . ($frame['type'] ?? '') . $frame['function'] . "()\n";
    }

    return $out . '#' . $n . ' {main}';
}

function ddtrace_cname(string $class): string
{
    $nul = strpos($class, "\0");

    return $nul === false ? $class : substr($class, 0, $nul);
}
