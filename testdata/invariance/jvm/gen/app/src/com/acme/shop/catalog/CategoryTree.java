package com.acme.shop.catalog;

import java.util.NoSuchElementException;

public final class CategoryTree {
    private final Category root;

    public CategoryTree(Category root) {
        this.root = root;
    }

    public Category resolve(String path) {
        return resolve(root, path.split("/"), 0);
    }

    private Category resolve(Category node, String[] parts, int depth) {
        if (depth == parts.length) {
            return node;
        }
        for (int i = 0; i < node.children.size(); i++) {
            Category child = node.children.get(i);
            if (child.name.equals(parts[depth])) {
                return resolve(child, parts, depth + 1);
            }
        }
        throw new NoSuchElementException("No category '" + parts[depth] + "' under '" + node.name + "'");
    }

    public int countProducts() {
        return countProducts(root);
    }

    private int countProducts(Category node) {
        int n = node.products;
        for (int i = 0; i < node.children.size(); i++) {
            n += countProducts(node.children.get(i));
        }
        return n;
    }
}
