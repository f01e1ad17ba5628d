package com.acme.shop.orders;

import java.util.List;

public record Order(long id, String customerId, List<LineItem> items, String discountCode) {
}
