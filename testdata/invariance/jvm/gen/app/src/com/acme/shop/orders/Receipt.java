package com.acme.shop.orders;

public record Receipt(long orderId, long totalCents) {
}
