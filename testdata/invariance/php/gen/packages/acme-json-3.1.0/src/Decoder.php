<?php

namespace Acme\Json;

final class Decoder
{
    public function __construct(private int $depth = 64)
    {
    }

    public function decode(string $json): array
    {
        try {
            $value = json_decode($json, true, $this->depth, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new DecodeException(sprintf('Malformed JSON (%s) in %d bytes', $e->getMessage(), strlen($json)), 0, $e);
        }
        if (!is_array($value)) {
            throw new DecodeException('Expected a JSON object or array');
        }

        return $value;
    }
}
