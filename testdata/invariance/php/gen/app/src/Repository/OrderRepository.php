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

    public function loadByReference(string $reference): array
    {
        $id = $this->resolveReference($reference);
        if ($id === null) {
            throw new OrderNotFoundException(sprintf('Order with reference "%s" not found', $reference));
        }

        return $this->load($id);
    }

    public function all(): array
    {
        return [['id' => 1, 'sku' => 'A-1', 'qty' => 2], ['id' => 2, 'qty' => 1]];
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

    private function resolveReference(string $reference): ?int
    {
        return null;
    }

    private function connect(): void
    {
        throw new \RuntimeException(sprintf('SQLSTATE[HY000] [2002] Connection refused (host db-%d.internal)', getenv('DB_SHARD') ?: 1));
    }
}
