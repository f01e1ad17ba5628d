package com.acme.shop.reporting;

import com.acme.shop.orders.LineItem;
import com.acme.shop.orders.Order;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public class ReportService {
    public Map<String, Long> averageItemPriceByCustomer(List<Order> orders) {
        return orders.stream()
                .filter(o -> o.discountCode() == null)
                .collect(Collectors.toMap(Order::customerId, o -> averageItemPrice(o), Long::sum));
    }

    public List<String> topCustomers(List<Order> orders, String limit) {
        return orders.stream().map(Order::customerId).distinct().limit(Integer.parseInt(limit)).toList();
    }

    static long averageItemPrice(Order order) {
        long total = 0;
        int quantity = 0;
        for (LineItem item : order.items()) {
            total += item.quantity() * item.unitPriceCents();
            quantity += item.quantity();
        }
        return total / quantity;
    }
}
