package com.acme.shop.shipping;

public class ShipmentStateException extends Exception {
    public ShipmentStateException(String message) {
        super(message);
    }
}
