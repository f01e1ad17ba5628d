<?php

namespace App\Catalog;

final class CategoryTree
{
    public function __construct(private int $maxDepth)
    {
    }

    public function path(array $tree, string $name, int $depth = 0): string
    {
        if ($depth > $this->maxDepth) {
            throw new \OverflowException(sprintf('Category tree deeper than %d levels', $this->maxDepth));
        }
        foreach ($tree as $key => $children) {
            if ($key === $name) {
                return $key;
            }

            return $key . '/' . $this->path($children, $name, $depth + 1);
        }

        return '';
    }

    /** A chain of $levels nested categories. */
    public static function chain(int $levels): array
    {
        $tree = [];
        for ($i = $levels; $i > 0; $i--) {
            $tree = ['level-' . $i => $tree];
        }

        return $tree;
    }
}
