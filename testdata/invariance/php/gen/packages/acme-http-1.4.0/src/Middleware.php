<?php

namespace Acme\Http;

interface Middleware
{
    public function process(Request $request, callable $next): string;
}
