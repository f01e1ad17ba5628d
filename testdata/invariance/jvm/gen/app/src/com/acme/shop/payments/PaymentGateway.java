package com.acme.shop.payments;

public interface PaymentGateway {
    ChargeResult charge(String orderRef, long amountCents);
}
