<?php

namespace App\Service;

use App\Exception\StorageException;
use App\Repository\OrderRepository;

class OrderService
{
    public function __construct(private OrderRepository $repository)
    {
    }

    public function find(int $id): array
    {
        return $this->repository->load($id);
    }

    public function findByReference(string $reference): array
    {
        return $this->repository->loadByReference($reference);
    }

    /** @return list<string> */
    public function exportLines(bool $strict): array
    {
        $rows = $this->repository->all();

        return array_map(function (array $row) use ($strict): string {
            if (!isset($row['sku'])) {
                throw new \UnexpectedValueException(sprintf('Order %d has a line without a SKU', $row['id']));
            }
            if ($strict && $row['qty'] > 1) {
                throw new \DomainException(sprintf('Order %d: quantity %d not allowed in strict export', $row['id'], $row['qty']));
            }

            return $row['id'] . ';' . $row['sku'];
        }, $rows);
    }

    public function history(int $id): array
    {
        try {
            return $this->repository->history($id);
        } catch (\RuntimeException $e) {
            throw new StorageException(sprintf('Could not load the history of order %d', $id), 0, $e);
        }
    }

    public function applyDiscount(int $percent): int
    {
        return 100 - $percent;
    }
}
