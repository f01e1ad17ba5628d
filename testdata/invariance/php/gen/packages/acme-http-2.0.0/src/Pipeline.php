<?php

declare(strict_types=1);

namespace Acme\Http;

final class Pipeline
{
    /** @param list<Middleware> $middleware */
    public function __construct(private array $middleware)
    {
    }

    /** @param callable(Request): string $destination */
    public function send(Request $request, callable $destination): string
    {
        return $this->next(0, $destination)($request);
    }

    private function next(int $index, callable $destination): callable
    {
        if (!isset($this->middleware[$index])) {
            return $destination;
        }
        $middleware = $this->middleware[$index];

        return fn (Request $req): string => $middleware->process($req, $this->next($index + 1, $destination));
    }
}
