<?php

declare(strict_types=1);

namespace Acme\Json;

/**
 * Decodes JSON documents into arrays.
 *
 * @since 3.2 decoding goes through decodeValue() so that options can be validated first.
 */
final class Decoder
{
    public function __construct(private int $depth = 64)
    {
        if ($depth < 1) {
            throw new \InvalidArgumentException('Depth must be positive');
        }
    }

    public function decode(string $json): array
    {
        $value = $this->decodeValue($json);
        if (!is_array($value)) {
            throw new DecodeException('Expected a JSON object or array');
        }

        return $value;
    }

    private function decodeValue(string $json): mixed
    {
        try {
            return json_decode($json, true, $this->depth, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new DecodeException(sprintf('Malformed JSON (%s) in %d bytes', $e->getMessage(), strlen($json)), 0, $e);
        }
    }
}
