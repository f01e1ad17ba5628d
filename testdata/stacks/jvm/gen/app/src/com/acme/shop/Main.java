package com.acme.shop;

import com.acme.shop.catalog.Category;
import com.acme.shop.catalog.CategoryTree;
import com.acme.shop.customers.Address;
import com.acme.shop.customers.Customer;
import com.acme.shop.customers.CustomerService;
import com.acme.shop.diagnostics.TraceExport;
import com.acme.shop.orders.FulfilmentService;
import com.acme.shop.orders.LineItem;
import com.acme.shop.orders.Order;
import com.acme.shop.orders.OrderController;
import com.acme.shop.orders.OrderRpcHandlers;
import com.acme.shop.orders.OrderService;
import com.acme.shop.orders.OrderValidator;
import com.acme.shop.orders.Receipt;
import com.acme.shop.payments.CheckoutService;
import com.acme.shop.payments.HttpPaymentGateway;
import com.acme.shop.payments.PaymentGateway;
import com.acme.shop.persistence.ConnectionPool;
import com.acme.shop.persistence.OrderRepository;
import com.acme.shop.pricing.PricingService;
import com.acme.shop.reporting.ReportService;
import com.acme.shop.shipping.ShipmentService;
import com.acme.shop.spi.OrderPlugin;
import io.github.minirpc.Dispatcher;
import io.github.retrykit.RetryProxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one failure scenario, named by the first argument, and prints its stack trace to stderr. */
public final class Main {
    private static final Order ORDER = new Order(1042, "C-88",
            List.of(new LineItem("ABC-123", 2, 1999), new LineItem("XYZ-9", 1, 4500)), null);

    public static void main(String[] args) throws Exception {
        try {
            run(args[0]);
        } catch (Throwable t) {
            t.printStackTrace();
        }
    }

    private static void run(String scenario) throws Exception {
        switch (scenario) {
            case "plain" -> controller(List.of()).submit(
                    new Order(1043, "C-88", ORDER.items(), "SPRING24"));
            case "chained" -> controller(List.of()).submit(ORDER);
            case "validation" -> validateImport(new Order(1045, "C-91",
                    List.of(new LineItem("ABC-123", 0, 1999), new LineItem("XYZ-9", 1, -5)), null));
            case "circular" -> {
                try {
                    controller(List.of()).submit(ORDER);
                } catch (RuntimeException e) {
                    // An error reporter that links the wrapper back onto the root cause makes a cycle.
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    root.addSuppressed(e);
                    throw e;
                }
            }
            case "suppressed" -> controller(List.of()).cancel(77);
            case "plugin" -> controller(List.of(loadPlugin("com.acme.plugins.loyalty.LoyaltyPlugin"))).submit(ORDER);
            case "stream" -> new ReportService().averageItemPriceByCustomer(List.of(ORDER,
                    new Order(1044, "C-91", List.of(new LineItem("GIFT-CARD", 0, 5000)), null)));
            case "reflection" -> rpc();
            case "rehydrated" -> {
                try {
                    rpc();
                } catch (Exception e) {
                    throw (Exception) TraceExport.rehydrate(e);
                }
            }
            case "proxy" -> {
                PaymentGateway gateway = RetryProxy.wrap(PaymentGateway.class,
                        new HttpPaymentGateway("https://payments.internal"), 3);
                new CheckoutService(gateway).pay(ORDER, new Receipt(ORDER.id(), 8498));
            }
            case "recursion" -> catalog(false).resolve(
                    "home/garden/tools/hand-tools/pruning/secateurs/bypass/left-handed/ergonomic");
            case "overflow" -> catalog(true).countProducts();
            case "npe" -> new CustomerService(Map.of("C-88", new Customer("C-88", "Ada Lovelace", null)))
                    .shippingLabel("C-88");
            case "future" -> {
                ExecutorService pricingPool = Executors.newSingleThreadExecutor(named("pricing-"));
                try {
                    new PricingService().quoteInCurrency(ORDER, "CHF", pricingPool).join();
                } finally {
                    pricingPool.shutdown();
                }
            }
            case "thread" -> {
                ExecutorService workers = Executors.newFixedThreadPool(1, named("order-worker-"));
                FulfilmentService fulfilment = new FulfilmentService();
                workers.execute(() -> fulfilment.ship(ORDER));
                workers.shutdown();
                workers.awaitTermination(10, TimeUnit.SECONDS);
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    private static OrderController controller(List<OrderPlugin> plugins) {
        OrderRepository repository = new OrderRepository(new ConnectionPool("OrdersPool", "db-orders.internal:5432"));
        return new OrderController(new OrderService(new PricingService(), repository, new ShipmentService(), plugins));
    }

    private static void validateImport(Order order) {
        try {
            new OrderValidator().validate(order);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Import of batch 2024-06-12/3 stopped at order " + order.id()
                    + "\nsee the validation report for details", e);
        }
    }

    private static void rpc() throws Exception {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.register(new OrderRpcHandlers(new OrderRepository(null)));
        // Past the JDK's reflection inflation threshold the call goes through a generated accessor.
        for (long id = 1; id <= 20; id++) {
            dispatcher.dispatch("orders.get", id == 20 ? 9917L : id);
        }
    }

    private static CategoryTree catalog(boolean cyclic) {
        Category root = new Category("root", 0);
        Category node = root;
        for (String name : List.of("home", "garden", "tools", "hand-tools", "pruning", "secateurs", "bypass",
                "left-handed")) {
            node = node.add(new Category(name, 3));
        }
        if (cyclic) {
            node.add(root);
        }
        return new CategoryTree(root);
    }

    private static OrderPlugin loadPlugin(String className) throws Exception {
        URL jar = Path.of("plugins", "loyalty-plugin-1.2.0.jar").toUri().toURL();
        ClassLoader loader = new URLClassLoader("plugins", new URL[] {jar}, Main.class.getClassLoader());
        return (OrderPlugin) loader.loadClass(className).getDeclaredConstructor().newInstance();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> new Thread(r, prefix + n.incrementAndGet());
    }
}
