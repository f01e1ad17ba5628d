package com.acme.shop.persistence;

import com.acme.shop.orders.Order;
import io.github.retrykit.Retry;
import java.util.List;
import java.util.Optional;

public class OrderRepository {
    private final ConnectionPool pool;

    public OrderRepository(ConnectionPool pool) {
        this.pool = pool;
    }

    public void save(Order order, long totalCents) throws RepositoryException {
        try {
            PooledConnection connection = Retry.times(2).call(() -> pool.acquire());
            insert(connection, order, totalCents);
        } catch (Exception e) {
            throw new RepositoryException("insert into orders failed for order " + order.id(), e);
        }
    }

    private void insert(PooledConnection connection, Order order, long totalCents) {
    }

    public Optional<Order> find(long id) {
        if (id > 1000) {
            return Optional.empty();
        }
        return Optional.of(new Order(id, "C-" + id, List.of(), null));
    }
}
