package com.acme.shop.customers;

import com.acme.shop.persistence.RepositoryException;
import java.util.Map;

public class CustomerService {
    private final Map<String, Customer> directory;
    private final CustomerRepository repository;

    public CustomerService(Map<String, Customer> directory, CustomerRepository repository) {
        this.directory = directory;
        this.repository = repository;
    }

    public String shippingLabel(String customerId) {
        Customer customer = directory.get(customerId);
        return customer.name() + "\n" + cityLine(customer);
    }

    private String cityLine(Customer customer) {
        return customer.address().city().toUpperCase();
    }

    public Customer profile(String customerId) {
        try {
            return repository.load(customerId);
        } catch (RepositoryException e) {
            throw new IllegalStateException("Customer profile " + customerId + " unavailable", e);
        }
    }
}
