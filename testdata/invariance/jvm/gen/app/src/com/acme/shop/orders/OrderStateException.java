package com.acme.shop.orders;

public class OrderStateException extends RuntimeException {
    public OrderStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
