<?php

declare(strict_types=1);

namespace Acme\Http;

/**
 * HTTP kernel: runs the request through the middleware pipeline, then the router.
 *
 * @since 2.0 the pipeline is its own class.
 */
final class Kernel
{
    /** @param list<Middleware> $middleware */
    public function __construct(private Router $router, private array $middleware = [])
    {
    }

    public function handle(Request $request): string
    {
        $pipeline = new Pipeline($this->middleware);

        return $pipeline->send($request, fn (Request $req): string => $this->router->dispatch($req));
    }
}
