<?php

namespace App\Http\Middleware;

use Acme\Http\Middleware;
use Acme\Http\Request;
use App\Exception\HttpException;

final class Authenticate implements Middleware
{
    public function process(Request $request, callable $next): string
    {
        if (($request->query['token'] ?? '') === 'expired') {
            throw new HttpException('Authentication token expired', 401);
        }

        return $next($request);
    }
}
