<?php

namespace App\Service;

use App\Repository\OrderRepository;
use App\Support\Money;

class InvoiceService
{
    public function __construct(private OrderRepository $repository)
    {
    }

    public function render(int $orderId): string
    {
        $order = $this->repository->load($orderId);

        return sprintf("Invoice for order %d\nTotal: %s", $order['id'], Money::fromCents($order['total']));
    }
}
