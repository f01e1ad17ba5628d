package com.acme.plugins.loyalty;

import com.acme.shop.orders.Order;
import com.acme.shop.spi.OrderPlugin;

/** Awards loyalty points; shipped as a separate jar loaded by the "plugins" class loader. */
public class LoyaltyPlugin implements OrderPlugin {
    @Override
    public void apply(Order order) {
        award(order.customerId(), order.items().size() * 10);
    }

    private void award(String customerId, int points) {
        throw new LoyaltyException("member " + customerId + " has no active tier (" + points + " points pending)");
    }
}
