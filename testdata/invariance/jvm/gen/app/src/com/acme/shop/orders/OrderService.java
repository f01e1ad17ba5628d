package com.acme.shop.orders;

import com.acme.shop.audit.AuditLog;
import com.acme.shop.persistence.OrderRepository;
import com.acme.shop.persistence.RepositoryException;
import com.acme.shop.pricing.PricingService;
import com.acme.shop.shipping.ShipmentLock;
import com.acme.shop.shipping.ShipmentService;
import com.acme.shop.shipping.ShipmentStateException;
import com.acme.shop.spi.OrderPlugin;
import java.util.List;

public class OrderService {
    private final PricingService pricing;
    private final OrderRepository repository;
    private final ShipmentService shipments;
    private final List<OrderPlugin> plugins;

    public OrderService(PricingService pricing, OrderRepository repository, ShipmentService shipments,
            List<OrderPlugin> plugins) {
        this.pricing = pricing;
        this.repository = repository;
        this.shipments = shipments;
        this.plugins = plugins;
    }

    public Receipt placeOrder(Order order) {
        long total = pricing.quote(order);
        applyPlugins(order);
        try {
            repository.save(order, total);
        } catch (RepositoryException e) {
            throw new OrderProcessingException("Could not place order " + order.id(), e);
        }
        return new Receipt(order.id(), total);
    }

    private void applyPlugins(Order order) {
        for (OrderPlugin plugin : plugins) {
            plugin.apply(order);
        }
    }

    public void cancel(long orderId) {
        try (AuditLog audit = AuditLog.open("orders-audit"); ShipmentLock lock = shipments.lock(orderId)) {
            audit.record("cancel requested for order " + orderId);
            try {
                shipments.ensureCancellable(orderId);
            } catch (ShipmentStateException e) {
                throw new OrderStateException("Order " + orderId + " cannot be cancelled", e);
            }
        }
    }
}
