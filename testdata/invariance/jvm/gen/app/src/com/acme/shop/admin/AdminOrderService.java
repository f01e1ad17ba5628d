package com.acme.shop.admin;

import com.acme.shop.shipping.ShipmentService;
import com.acme.shop.shipping.ShipmentStateException;

/** Back-office operations support staff run on orders. */
public class AdminOrderService {
    private final ShipmentService shipments;

    public AdminOrderService(ShipmentService shipments) {
        this.shipments = shipments;
    }

    public void forceCancel(long orderId) throws ShipmentStateException {
        shipments.ensureCancellable(orderId);
        refund(orderId);
    }

    private void refund(long orderId) {
    }
}
