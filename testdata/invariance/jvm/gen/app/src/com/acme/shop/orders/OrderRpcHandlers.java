package com.acme.shop.orders;

import com.acme.shop.persistence.OrderRepository;
import io.github.minirpc.Route;

/** Handlers the RPC dispatcher finds by their @Route annotation. */
public class OrderRpcHandlers {
    private final OrderRepository repository;

    public OrderRpcHandlers(OrderRepository repository) {
        this.repository = repository;
    }

    @Route("orders.get")
    public Order get(Long id) {
        return repository.find(id).orElseThrow(() -> new OrderNotFoundException(id));
    }
}
