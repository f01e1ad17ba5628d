package com.acme.shop.customers;

import java.util.Map;

public class CustomerService {
    private final Map<String, Customer> directory;

    public CustomerService(Map<String, Customer> directory) {
        this.directory = directory;
    }

    public String shippingLabel(String customerId) {
        Customer customer = directory.get(customerId);
        return customer.name() + "\n" + cityLine(customer);
    }

    private String cityLine(Customer customer) {
        return customer.address().city().toUpperCase();
    }
}
