<?php

namespace App\Catalog;

final class CategoryTree
{
    private const MAX_DEPTH = 4;

    public function path(array $tree, string $name, int $depth): string
    {
        if ($depth > self::MAX_DEPTH) {
            throw new \OverflowException(sprintf('Category tree deeper than %d levels', self::MAX_DEPTH));
        }
        foreach ($tree as $key => $children) {
            if ($key === $name) {
                return $key;
            }

            return $key . '/' . $this->path($children, $name, $depth + 1);
        }

        return '';
    }
}
