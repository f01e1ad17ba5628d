package com.acme.shop.customers;

public record Customer(String id, String name, Address address) {
}
