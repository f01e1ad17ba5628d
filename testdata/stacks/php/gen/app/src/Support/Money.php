<?php

namespace App\Support;

final class Money
{
    private function __construct(private int $cents)
    {
    }

    public static function fromCents(int $cents): self
    {
        if ($cents < 0) {
            throw new \InvalidArgumentException(sprintf('Amount must not be negative, got %d', $cents));
        }

        return new self($cents);
    }

    public static function share(int $total, int $parts): int
    {
        return intdiv($total, $parts);
    }

    public function __toString(): string
    {
        return format_cents($this->cents);
    }
}
