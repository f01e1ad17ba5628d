package com.acme.shop.shipping;

public final class ShipmentLock implements AutoCloseable {
    private final long orderId;

    ShipmentLock(long orderId) {
        this.orderId = orderId;
    }

    @Override
    public void close() {
        throw new IllegalMonitorStateException("lock shipment-" + orderId + " already released");
    }
}
