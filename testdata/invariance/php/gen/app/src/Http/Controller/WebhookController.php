<?php

namespace App\Http\Controller;

use Acme\Http\Request;
use Acme\Json\Decoder;

final class WebhookController
{
    public function __construct(private Decoder $decoder)
    {
    }

    public function receive(Request $request): string
    {
        $event = $this->decoder->decode($request->body);

        return sprintf('accepted %s', $event['type'] ?? 'unknown');
    }
}
