package com.acme.shop.payments;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

public class HttpPaymentGateway implements PaymentGateway {
    private final String baseUrl;

    public HttpPaymentGateway(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public ChargeResult charge(String orderRef, long amountCents) {
        return new ChargeResult(post("/v1/charges", orderRef));
    }

    private String post(String path, String body) {
        throw new UncheckedIOException("POST " + baseUrl + path + " failed",
                new SocketTimeoutException("Read timed out"));
    }
}
