<?php

namespace App\Report;

final class BasketReport
{
    /** @param list<int> $totals */
    public function averageBasket(array $totals): int
    {
        return intdiv(array_sum($totals), count($totals));
    }
}
