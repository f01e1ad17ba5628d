<?php

declare(strict_types=1);

namespace Acme\Http;

final class Router
{
    /** @var array<string, array{0: object, 1: string}> */
    private array $routes = [];

    public function add(string $method, string $path, object $controller, string $action): void
    {
        $this->routes[$method . ' ' . $path] = [$controller, $action];
    }

    public function dispatch(Request $request): string
    {
        $route = $this->match($request);

        return $this->invoke($route[0], $route[1], $request);
    }

    /** @return array{0: object, 1: string} */
    private function match(Request $request): array
    {
        return $this->routes[$request->method . ' ' . $request->path]
            ?? throw new NotFoundException(sprintf('No route for %s %s', $request->method, $request->path));
    }

    private function invoke(object $controller, string $action, Request $request): string
    {
        return $controller->$action($request);
    }
}
