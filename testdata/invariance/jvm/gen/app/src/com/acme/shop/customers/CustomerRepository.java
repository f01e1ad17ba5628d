package com.acme.shop.customers;

import com.acme.shop.persistence.ConnectionPool;
import com.acme.shop.persistence.PooledConnection;
import com.acme.shop.persistence.RepositoryException;
import io.github.retrykit.Retry;

public class CustomerRepository {
    private final ConnectionPool pool;

    public CustomerRepository(ConnectionPool pool) {
        this.pool = pool;
    }

    public Customer load(String id) throws RepositoryException {
        try {
            PooledConnection connection = Retry.times(2).call(() -> pool.acquire());
            return select(connection, id);
        } catch (Exception e) {
            throw new RepositoryException("select from customers failed for customer " + id, e);
        }
    }

    private Customer select(PooledConnection connection, String id) {
        return new Customer(id, "unknown", null);
    }
}
