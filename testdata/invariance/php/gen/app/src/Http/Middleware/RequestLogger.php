<?php

namespace App\Http\Middleware;

use Acme\Http\Middleware;
use Acme\Http\Request;

final class RequestLogger implements Middleware
{
    public function process(Request $request, callable $next): string
    {
        $response = $next($request);

        return $response;
    }
}
