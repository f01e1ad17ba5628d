package com.acme.shop.catalog;

import java.util.ArrayList;
import java.util.List;

public final class Category {
    final String name;
    final int products;
    final List<Category> children = new ArrayList<>();

    public Category(String name, int products) {
        this.name = name;
        this.products = products;
    }

    public Category add(Category child) {
        children.add(child);
        return child;
    }
}
