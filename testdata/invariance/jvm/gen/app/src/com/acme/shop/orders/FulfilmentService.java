package com.acme.shop.orders;

/** Hands paid orders to the carrier. */
public class FulfilmentService {
    private static final double MAX_PARCEL_KG = 30.0;

    public void ship(Order order) {
        double weight = order.items().stream().mapToDouble(i -> i.quantity() * 10.5).sum();
        bookCarrier(order, weight);
    }

    private void bookCarrier(Order order, double weightKg) {
        if (weightKg > MAX_PARCEL_KG) {
            throw new IllegalStateException("Carrier rejected parcel for order " + order.id() + ": weight "
                    + weightKg + "kg exceeds limit " + MAX_PARCEL_KG + "kg");
        }
    }
}
