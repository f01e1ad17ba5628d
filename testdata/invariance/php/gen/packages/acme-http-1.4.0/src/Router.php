<?php

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
        $route = $this->routes[$request->method . ' ' . $request->path] ?? null;
        if ($route === null) {
            throw new NotFoundException(sprintf('No route for %s %s', $request->method, $request->path));
        }
        [$controller, $action] = $route;

        return $controller->$action($request);
    }
}
