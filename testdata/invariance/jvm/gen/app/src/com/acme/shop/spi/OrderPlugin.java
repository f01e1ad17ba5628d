package com.acme.shop.spi;

import com.acme.shop.orders.Order;

/** Extension point implemented by plugins loaded at runtime. */
public interface OrderPlugin {
    void apply(Order order);
}
