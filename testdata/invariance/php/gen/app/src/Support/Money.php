<?php

namespace App\Support;

final class Money
{
    private const MAX_CENTS = 100_000_000;

    private function __construct(private int $cents)
    {
    }

    public static function fromCents(int $cents): self
    {
        if ($cents < 0) {
            throw new \InvalidArgumentException(sprintf('Amount must not be negative, got %d', $cents));
        }
        if ($cents > self::MAX_CENTS) {
            throw new \RangeException(sprintf('Amount %d exceeds the limit of %d', $cents, self::MAX_CENTS));
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
