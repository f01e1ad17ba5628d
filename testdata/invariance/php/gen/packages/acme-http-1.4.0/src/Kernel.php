<?php

namespace Acme\Http;

final class Kernel
{
    /** @param list<Middleware> $middleware */
    public function __construct(private Router $router, private array $middleware = [])
    {
    }

    public function handle(Request $request): string
    {
        $pipeline = array_reduce(
            array_reverse($this->middleware),
            static fn (callable $next, Middleware $middleware) => static fn (Request $req) => $middleware->process($req, $next),
            fn (Request $req) => $this->router->dispatch($req),
        );

        return $pipeline($request);
    }
}
