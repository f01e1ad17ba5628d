package com.acme.shop.payments;

public record ChargeResult(String chargeId) {
}
