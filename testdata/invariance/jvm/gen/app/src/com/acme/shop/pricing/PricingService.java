package com.acme.shop.pricing;

import com.acme.shop.orders.LineItem;
import com.acme.shop.orders.Order;
import java.time.LocalDate;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

public class PricingService {
    private static final Map<String, LocalDate> DISCOUNT_EXPIRY = Map.of(
            "SPRING24", LocalDate.of(2024, 5, 31), "WINTER23", LocalDate.of(2023, 12, 31),
            "SUMMER24", LocalDate.of(2024, 8, 31));
    private static final LocalDate TODAY = LocalDate.of(2024, 6, 12);

    public long quote(Order order) {
        long subtotal = 0;
        for (LineItem item : order.items()) {
            subtotal += item.quantity() * item.unitPriceCents();
        }
        return applyDiscount(subtotal, order.discountCode());
    }

    long applyDiscount(long subtotal, String code) {
        if (code == null) {
            return subtotal;
        }
        LocalDate expiry = DISCOUNT_EXPIRY.get(code);
        if (expiry == null) {
            throw new NoSuchElementException("Unknown discount code " + code);
        }
        if (expiry.isBefore(TODAY)) {
            throw new IllegalArgumentException("Discount code " + code + " expired on " + expiry);
        }
        return subtotal * 9 / 10;
    }

    public CompletableFuture<Long> quoteInCurrency(Order order, String currency, Executor executor) {
        return CompletableFuture.supplyAsync(() -> exchangeRate(currency), executor)
                .thenApply(rate -> Math.round(quote(order) * rate));
    }

    private double exchangeRate(String currency) {
        throw new IllegalStateException("No exchange rate for " + currency
                + " (rates last refreshed 2024-06-01T10:15:30Z)");
    }
}
