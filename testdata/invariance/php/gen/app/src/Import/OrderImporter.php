<?php

namespace App\Import;

use Acme\Json\Decoder;

final class OrderImporter
{
    public function __construct(private Decoder $decoder)
    {
    }

    /** @return list<array<string, mixed>> */
    public function import(string $payload): array
    {
        $document = $this->decoder->decode($payload);

        return $document['orders'] ?? [];
    }
}
