package com.acme.shop.web;

import com.acme.shop.admin.AdminOrderService;
import com.acme.shop.catalog.Category;
import com.acme.shop.catalog.CategoryTree;
import com.acme.shop.customers.Customer;
import com.acme.shop.customers.CustomerRepository;
import com.acme.shop.customers.CustomerService;
import com.acme.shop.diagnostics.ErrorReporter;
import com.acme.shop.orders.CartService;
import com.acme.shop.orders.ImportService;
import com.acme.shop.orders.LineItem;
import com.acme.shop.orders.Order;
import com.acme.shop.orders.OrderController;
import com.acme.shop.orders.OrderRpcHandlers;
import com.acme.shop.orders.OrderService;
import com.acme.shop.orders.Receipt;
import com.acme.shop.payments.CheckoutService;
import com.acme.shop.payments.HttpPaymentGateway;
import com.acme.shop.payments.PaymentGateway;
import com.acme.shop.persistence.ConnectionPool;
import com.acme.shop.persistence.OrderRepository;
import com.acme.shop.pricing.PricingService;
import com.acme.shop.reporting.ReportService;
import com.acme.shop.returns.ReturnsService;
import com.acme.shop.shipping.ShipmentService;
import com.acme.shop.spi.OrderPlugin;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.minirpc.Dispatcher;
import io.github.retrykit.RetryProxy;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Routes requests to the shop's services; an error becomes a 500 and is reported like a tracer would. */
public final class ShopHttpHandler implements HttpHandler {
    private static final List<LineItem> ITEMS = List.of(new LineItem("ABC-123", 2, 1999), new LineItem("XYZ-9", 1, 4500));

    private static final List<LineItem> INVALID_ITEMS = List.of(new LineItem("ABC-123", 0, 1999),
            new LineItem("XYZ-9", 1, -5));

    private final ConnectionPool pool = new ConnectionPool("OrdersPool", "db-orders.internal:5432");
    private final Dispatcher rpc = new Dispatcher();

    ShopHttpHandler() {
        rpc.register(new OrderRpcHandlers(new OrderRepository(null)));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        try {
            dispatch(exchange.getRequestURI().getPath(), Query.parse(exchange.getRequestURI().toString()));
        } catch (Throwable t) {
            ErrorReporter.report(t);
            status = 500;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void dispatch(String path, Map<String, String> q) throws Exception {
        switch (path) {
            case "/orders/submit" -> orders(plugins(q)).submit(order(q));
            case "/orders/cancel" -> orders(List.of()).cancel(id(q));
            case "/orders/import" -> new ImportService().importBatch(q.get("batch"), order(q));
            case "/orders/get" -> rpc.dispatch("orders.get", id(q));
            case "/admin/orders/force-cancel" -> new AdminOrderService(new ShipmentService()).forceCancel(id(q));
            case "/returns/start" -> new ReturnsService(new ShipmentService()).startReturn(id(q), q.get("reason"));
            case "/cart/add" -> new CartService().addItem(q.get("sku"), q.get("qty"));
            case "/payments/pay" -> {
                PaymentGateway gateway = RetryProxy.wrap(PaymentGateway.class,
                        new HttpPaymentGateway("https://payments.internal"), Integer.parseInt(q.get("attempts")));
                Order order = order(q);
                new CheckoutService(gateway).pay(order, new Receipt(order.id(), 8498));
            }
            case "/pricing/quote" -> {
                ExecutorService pricingPool = Executors.newSingleThreadExecutor();
                try {
                    new PricingService().quoteInCurrency(order(q), q.get("currency"), pricingPool).join();
                } finally {
                    pricingPool.shutdown();
                }
            }
            case "/catalog/resolve" -> catalog(false).resolve(q.get("path"));
            case "/catalog/count" -> catalog(true).countProducts();
            case "/customers/label" -> new CustomerService(Map.of(q.get("id"), new Customer(q.get("id"), "Ada Lovelace", null)),
                    new CustomerRepository(pool)).shippingLabel(q.get("id"));
            case "/customers/profile" -> new CustomerService(Map.of(), new CustomerRepository(pool)).profile(q.get("id"));
            case "/reports/average" -> new ReportService().averageItemPriceByCustomer(List.of(order(q),
                    new Order(id(q) + 1, q.get("customer"), List.of(new LineItem("GIFT-CARD", 0, 5000)), null)));
            case "/reports/top" -> new ReportService().topCustomers(List.of(order(q)), q.get("limit"));
            default -> throw new IllegalArgumentException("no route " + path);
        }
    }

    private OrderController orders(List<OrderPlugin> plugins) {
        OrderRepository repository = new OrderRepository(pool);
        return new OrderController(new OrderService(new PricingService(), repository, new ShipmentService(), plugins));
    }

    private static long id(Map<String, String> q) {
        return Long.parseLong(q.get("id"));
    }

    private static Order order(Map<String, String> q) {
        int items = Integer.parseInt(q.getOrDefault("items", "2"));
        List<LineItem> lines = q.containsKey("bad") ? INVALID_ITEMS : ITEMS.subList(0, items);
        return new Order(id(q), q.getOrDefault("customer", "C-88"), lines, q.get("discount"));
    }

    private static List<OrderPlugin> plugins(Map<String, String> q) throws Exception {
        List<OrderPlugin> plugins = new ArrayList<>();
        if (q.containsKey("plugin")) {
            URL jar = Path.of("plugins", "loyalty-plugin-1.2.0.jar").toUri().toURL();
            ClassLoader loader = new URLClassLoader("plugins", new URL[] {jar}, ShopHttpHandler.class.getClassLoader());
            plugins.add((OrderPlugin) loader.loadClass(q.get("plugin")).getDeclaredConstructor().newInstance());
        }
        return plugins;
    }

    private static CategoryTree catalog(boolean cyclic) {
        Category root = new Category("root", 0);
        Category node = root;
        for (String name : List.of("home", "garden", "tools", "hand-tools", "pruning", "secateurs", "bypass",
                "left-handed", "ergonomic", "steel", "long-reach", "compact")) {
            node = node.add(new Category(name, 3));
        }
        if (cyclic) {
            node.add(root);
        }
        return new CategoryTree(root);
    }
}
