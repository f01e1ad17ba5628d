package com.acme.shop.returns;

import com.acme.shop.shipping.ShipmentService;
import com.acme.shop.shipping.ShipmentStateException;

/** Customer returns: a return may only start before the parcel leaves, which is the bug. */
public class ReturnsService {
    private final ShipmentService shipments;

    public ReturnsService(ShipmentService shipments) {
        this.shipments = shipments;
    }

    public void startReturn(long orderId, String reason) throws ShipmentStateException {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a return needs a reason");
        }
        shipments.ensureCancellable(orderId);
    }
}
