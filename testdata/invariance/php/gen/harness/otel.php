<?php

/**
 * The exception.stacktrace text of the OpenTelemetry PHP SDK (StackTraceFormatter), rewritten from its
 * documented behaviour: Java-like "at Class.function(file.php:line)" frames with "\" turned into ".",
 * base-name files, each function paired with the location inside it, "Caused by: " for previous
 * exceptions and "... N more" for the frames a cause shares with the exception it caused.
 */
function otel_stacktrace(Throwable $e): string
{
    $out = '';
    $seen = [];
    $outer = null;
    for (; $e !== null; $e = $e->getPrevious()) {
        if ($outer !== null) {
            $out .= "\nCaused by: ";
        }
        if (isset($seen[spl_object_id($e)])) {
            $out .= '[CIRCULAR REFERENCE: ' . otel_header($e) . ']';
            break;
        }
        $seen[spl_object_id($e)] = true;
        $frames = otel_frames($e);
        $out .= otel_header($e);
        $shown = count($frames);
        if ($outer !== null) {
            for ($m = count($outer); $shown > 0 && $m > 0 && $frames[$shown - 1] === $outer[$m - 1]; $shown--, $m--) {
            }
        }
        for ($i = 0; $i < $shown; $i++) {
            $f = $frames[$i];
            $out .= "\n\tat " . ($f['class'] !== null ? otel_name($f['class']) . '.' : '') . otel_name($f['function']) . '(';
            if ($f['file'] === null) {
                $out .= 'Unknown Source';
            } else {
                $out .= basename($f['file']) . ($f['line'] ? ':' . $f['line'] : '');
            }
            $out .= ')';
        }
        if ($shown < count($frames)) {
            $out .= "\n\t... " . (count($frames) - $shown) . ' more';
        }
        $outer = $frames;
    }

    return $out;
}

function otel_header(Throwable $e): string
{
    return otel_name(get_class($e)) . ($e->getMessage() !== '' ? ': ' . $e->getMessage() : '');
}

function otel_name(string $name): string
{
    return str_replace('\\', '.', $name);
}

/** Each called function with the location inside it: the throw site for the first, then the call sites. */
function otel_frames(Throwable $e): array
{
    $trace = $e->getTrace();
    $frames = [];
    for ($i = 0; $i <= count($trace); $i++) {
        $frames[] = [
            'function' => $trace[$i]['function'] ?? '{main}',
            'class' => $trace[$i]['class'] ?? null,
            'file' => $i === 0 ? $e->getFile() : ($trace[$i - 1]['file'] ?? null),
            'line' => $i === 0 ? $e->getLine() : ($trace[$i - 1]['line'] ?? null),
        ];
    }

    return $frames;
}
