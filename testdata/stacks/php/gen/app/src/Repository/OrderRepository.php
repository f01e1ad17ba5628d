<?php

namespace App\Repository;

use App\Exception\OrderNotFoundException;

class OrderRepository
{
    public function load(int $id): array
    {
        $row = $this->fetch($id);
        if ($row === null) {
            throw new OrderNotFoundException(sprintf('Order %d not found', $id));
        }

        return $row;
    }

    public function all(): array
    {
        return [['id' => 1, 'sku' => 'A-1'], ['id' => 2]];
    }

    public function history(int $id): array
    {
        $this->connect();

        return [];
    }

    private function fetch(int $id): ?array
    {
        return null;
    }

    private function connect(): void
    {
        throw new \RuntimeException('SQLSTATE[HY000] [2002] Connection refused');
    }
}
