package com.acme.shop.orders;

public record LineItem(String sku, int quantity, long unitPriceCents) {
}
