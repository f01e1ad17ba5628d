package com.acme.shop.orders;

/** HTTP-facing entry points for orders. */
public class OrderController {
    private final OrderService service;

    public OrderController(OrderService service) {
        this.service = service;
    }

    public Receipt submit(Order order) {
        if (order.items().isEmpty()) {
            throw new IllegalArgumentException("order has no items");
        }
        return service.placeOrder(order);
    }

    public void cancel(long orderId) {
        service.cancel(orderId);
    }
}
