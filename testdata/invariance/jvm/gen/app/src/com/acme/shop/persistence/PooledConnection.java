package com.acme.shop.persistence;

public record PooledConnection(String url) {
}
