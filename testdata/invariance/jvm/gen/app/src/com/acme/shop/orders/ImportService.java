package com.acme.shop.orders;

/** Imports order batches from partners. */
public class ImportService {
    private final OrderValidator validator = new OrderValidator();

    public void importBatch(String batch, Order order) {
        try {
            validator.validate(order);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Import of batch " + batch + " stopped at order " + order.id()
                    + "\nsee the validation report for details", e);
        }
    }
}
