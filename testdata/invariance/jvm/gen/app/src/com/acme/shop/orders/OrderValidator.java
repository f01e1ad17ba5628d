package com.acme.shop.orders;

import java.util.ArrayList;
import java.util.List;

public class OrderValidator {
    public void validate(Order order) {
        List<String> problems = new ArrayList<>();
        for (LineItem item : order.items()) {
            if (item.quantity() <= 0) {
                problems.add(" - " + item.sku() + ": quantity must be positive, got " + item.quantity());
            }
            if (item.unitPriceCents() < 0) {
                problems.add(" - " + item.sku() + ": price must not be negative");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Order " + order.id() + " is invalid:\n" + String.join("\n", problems));
        }
    }
}
