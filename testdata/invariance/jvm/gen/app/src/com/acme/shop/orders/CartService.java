package com.acme.shop.orders;

import java.util.HashMap;
import java.util.Map;

public class CartService {
    private final Map<String, Integer> lines = new HashMap<>();

    public void addItem(String sku, String quantity) {
        lines.merge(sku, Integer.parseInt(quantity), Integer::sum);
    }
}
