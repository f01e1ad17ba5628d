package com.acme.plugins.loyalty;

public class LoyaltyException extends RuntimeException {
    public LoyaltyException(String message) {
        super(message);
    }
}
