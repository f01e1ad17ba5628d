package com.acme.shop.shipping;

public class ShipmentService {
    public ShipmentLock lock(long orderId) {
        return new ShipmentLock(orderId);
    }

    public void ensureCancellable(long orderId) throws ShipmentStateException {
        String state = currentState(orderId);
        if (!state.equals("PENDING")) {
            throw new ShipmentStateException("shipment SHP-" + orderId + " is in state " + state);
        }
    }

    private String currentState(long orderId) {
        return "DISPATCHED";
    }
}
