<?php

namespace App\Pricing;

final class RuleEngine
{
    /** Rules are stored as PHP expressions in the admin backend. */
    public function evaluate(string $rule, array $order): mixed
    {
        return eval('return ' . $rule . ';');
    }
}
