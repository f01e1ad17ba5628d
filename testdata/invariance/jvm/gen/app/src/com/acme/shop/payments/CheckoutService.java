package com.acme.shop.payments;

import com.acme.shop.orders.Order;
import com.acme.shop.orders.Receipt;

public class CheckoutService {
    private final PaymentGateway gateway;

    public CheckoutService(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    public ChargeResult pay(Order order, Receipt receipt) {
        return gateway.charge("order-" + order.id(), receipt.totalCents());
    }
}
