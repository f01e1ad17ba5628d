package com.acme.shop.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A tiny connection pool whose database is always down. */
public class ConnectionPool {
    private final String name;
    private final String host;

    public ConnectionPool(String name, String host) {
        this.name = name;
        this.host = host;
    }

    public PooledConnection acquire() throws SQLException {
        try {
            return open();
        } catch (ConnectException e) {
            throw new SQLTransientConnectionException(
                    name + " - Connection is not available, request timed out after 30005ms.", "08001", e);
        }
    }

    private PooledConnection open() throws ConnectException {
        throw new ConnectException("Connection refused: " + host);
    }
}
