<?php

namespace App\Report;

final class Renderer
{
    public function render(string $template, array $data): string
    {
        extract($data);
        ob_start();
        try {
            include __DIR__ . '/templates/' . $template . '.php';
        } finally {
            $out = ob_get_clean();
        }

        return $out;
    }
}
