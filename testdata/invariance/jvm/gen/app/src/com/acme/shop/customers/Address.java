package com.acme.shop.customers;

public record Address(String street, String city, String postcode) {
}
